"""Rules of the capital ledger as pure Python: the share cap, withdrawal, refund, the hash chain.

No Django import: dates and settings are passed in. Articles are those of the Worker Cooperatives
Act (労働者協同組合法, Act No. 78 of 2020); values the articles of association may change are arguments.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from tomoni.core import chain

# ===== ledger ==========================================================================================

# The prev_hash of a coop's first entry (every chain starts from the same one).
GENESIS_HASH = chain.GENESIS_HASH

# The entry's content in the order the canonical form lists it; verify reads these columns in this order.
HASHED_FIELDS = (
    "coop_id",
    "sequence",
    "kind",
    "person_id",
    "counterparty_id",
    "shares",
    "subscribed_yen",
    "paid_yen",
    "refund_yen",
    "reserve_kind",
    "reserve_yen",
    "payment_method",
    "effective_on",
    "recorded_at",
    "actor_id",
    "memo",
    "reference",
    "reverses_id",
    "paired_with_id",
)


def date_text(day: dt.date) -> str:
    """A day as the canonical form writes it: ISO 8601 (as SQLite stores it)."""
    return day.isoformat()


def instant_text(instant: dt.datetime) -> str:
    """An instant as the canonical form writes it: UTC, "YYYY-MM-DD HH:MM:SS[.fraction]", the fraction's
    trailing zeros dropped (as PostgreSQL prints a timestamp; SQLite stores Python's str()).

    A naive instant is taken as UTC: that is how a raw SQLite cursor returns what Django stored.
    """
    if instant.tzinfo is not None:
        instant = instant.astimezone(dt.UTC).replace(tzinfo=None)
    text = str(instant)
    return text.rstrip("0") if instant.microsecond else text


def _optional(value: int | None) -> str:
    return "-" if value is None else f"{value:d}"


def _stored_instant(text: str) -> str:
    """SQLite's stored text of an instant in the canonical form (the fraction's trailing zeros dropped)."""
    return text.rstrip("0") if len(text) > 19 else text


def canonical_text(values: Sequence[Any], prev_hash: str) -> str:
    """The canonical form of an entry: its content (HASHED_FIELDS order) and the previous hash.

    Integers in decimal (an absent id as "-"), every text length-prefixed ("7:payment"), fields joined
    by "|": no two different entries share a form, whatever a memo holds. Dates and instants may come
    as the objects the services hold or as the text SQLite stores; both give the same form. A value of
    the wrong type (possible in a tampered SQLite row) raises TypeError or ValueError.
    """
    (
        coop_id, sequence, kind, person_id, counterparty_id, shares, subscribed_yen, paid_yen, refund_yen,
        reserve_kind, reserve_yen, payment_method, effective_on, recorded_at, actor_id, memo, reference,
        reverses_id, paired_with_id,
    ) = values  # fmt: skip
    day = effective_on if type(effective_on) is str else date_text(effective_on)
    instant = _stored_instant(recorded_at) if type(recorded_at) is str else instant_text(recorded_at)
    return (
        f"{coop_id:d}|{sequence:d}|{len(kind)}:{kind}|{_optional(person_id)}|{_optional(counterparty_id)}"
        f"|{shares:d}|{subscribed_yen:d}|{paid_yen:d}|{refund_yen:d}|{len(reserve_kind)}:{reserve_kind}"
        f"|{reserve_yen:d}|{len(payment_method)}:{payment_method}|{len(day)}:{day}|{len(instant)}:{instant}"
        f"|{_optional(actor_id)}|{len(memo)}:{memo}|{len(reference)}:{reference}|{_optional(reverses_id)}"
        f"|{_optional(paired_with_id)}|{prev_hash}"
    )


def entry_hash(values: Sequence[Any], prev_hash: str) -> str:
    """SHA-256 (hex) of the canonical form of an entry's content and the previous entry's hash."""
    return hashlib.sha256(canonical_text(values, prev_hash).encode()).hexdigest()


@dataclass(frozen=True)
class Holding:
    """A member's capital at a point in time: shares held, capital subscribed and paid, in whole yen."""

    shares: int = 0
    subscribed_yen: int = 0
    paid_yen: int = 0

    @property
    def unpaid_yen(self) -> int:
        return self.subscribed_yen - self.paid_yen

    def plus(self, *, shares: int = 0, subscribed_yen: int = 0, paid_yen: int = 0) -> Holding:
        return Holding(self.shares + shares, self.subscribed_yen + subscribed_yen, self.paid_yen + paid_yen)

    @property
    def is_sound(self) -> bool:
        """Nothing negative, and never more paid than subscribed."""
        return self.shares >= 0 and 0 <= self.paid_yen <= self.subscribed_yen


def share_cap(
    *,
    total_shares: int,
    member_count: int,
    cap_percent: int,
    exception_percent: int,
    no_cap_up_to_members: int,
    general_meeting_approved: bool,
) -> int | None:
    """The most shares one member may hold, or None when there is no cap.

    Art 9: at most 25% of all shares (the articles' cap_percent); up to 35% with the general meeting's
    approval when taking over a leaving member's shares; no cap while the coop has 3 or fewer members.
    """
    if member_count <= no_cap_up_to_members:
        return None
    percent = exception_percent if general_meeting_approved else cap_percent
    return total_shares * percent // 100  # floor: holding exactly the percentage is allowed, never more


def within_cap(
    *,
    holding_after: int,
    total_shares_after: int,
    member_count: int,
    cap_percent: int,
    exception_percent: int,
    no_cap_up_to_members: int,
    general_meeting_approved: bool,
) -> bool:
    """Whether a member may hold `holding_after` shares of `total_shares_after` (Art 9)."""
    cap = share_cap(
        total_shares=total_shares_after,
        member_count=member_count,
        cap_percent=cap_percent,
        exception_percent=exception_percent,
        no_cap_up_to_members=no_cap_up_to_members,
        general_meeting_approved=general_meeting_approved,
    )
    # Integer form of holding/total <= percent/100, so no rounding decides a boundary case.
    return cap is None or holding_after <= cap


def paid_with_shares(holding: Holding, shares: int, share_value_yen: int) -> int:
    """Paid capital that goes with `shares` leaving a holding (by transfer or refund).

    Stated rule: the shares that leave are paid-up first, so they carry paid capital up to their par
    value, and the holder keeps whatever remains.
    """
    if shares < 0 or shares > holding.shares:
        raise ValueError("shares beyond the holding")
    if shares == holding.shares:
        return holding.paid_yen
    return min(holding.paid_yen, shares * share_value_yen)


def subscribed_with_shares(holding: Holding, shares: int, share_value_yen: int) -> int:
    """Subscribed capital that goes with `shares` leaving a holding: par value, or all of it when all go."""
    if shares == holding.shares:
        return holding.subscribed_yen
    return shares * share_value_yen


def refund_amount(*, paid_yen: int, shares: int, share_value_yen: int, policy: str, percent: int) -> int:
    """What a leaving member is paid back for `shares` carrying `paid_yen` (持分の払戻, per the articles).

    whole: all paid-in capital; par_or_less: paid-in capital, at most par value; part: `percent` of
    the paid-in capital, rounded down to whole yen (the stated rule).
    """
    if policy == "whole":
        return paid_yen
    if policy == "par_or_less":
        return min(paid_yen, shares * share_value_yen)
    if policy == "part":
        return paid_yen * percent // 100
    raise ValueError(f"unknown refund policy {policy!r}")


def fiscal_year_end_on_or_after(day: dt.date) -> dt.date:
    """The first 31 March on or after a day (the fiscal year runs April to March)."""
    year = day.year if day.month <= 3 else day.year + 1
    return dt.date(year, 3, 31)


def withdrawal_effective_on(*, notice_on: dt.date, notice_days: int, at_fiscal_year_end: bool) -> dt.date:
    """When a withdrawal takes effect: after the notice period, at the end of that fiscal year by default.

    The articles set the notice (90 days by default) and whether withdrawal waits for the fiscal year end.
    """
    earliest = notice_on + dt.timedelta(days=notice_days)
    return fiscal_year_end_on_or_after(earliest) if at_fiscal_year_end else earliest


def admission_complete(*, holding: Holding, minimum_shares: int, requires_full_payment: bool) -> bool:
    """Whether a member's admission is complete: the minimum shares subscribed and paid (Art 9, 12).

    By default payment in full completes admission; articles that allow otherwise need a first payment.
    """
    if holding.shares < minimum_shares:
        return False
    return holding.unpaid_yen == 0 if requires_full_payment else holding.paid_yen > 0


def set_off_amount(*, dividend_yen: int, unpaid_yen: int) -> int:
    """The part of a dividend set against unpaid capital (Art 78): never more than either."""
    return max(0, min(dividend_yen, unpaid_yen))


# --- Appropriation (剰余金処分) and the work-engaged dividend (従事分量配当) ------------------------------
#
# Art 76(1): at least 1/10 of each business year's surplus goes to the reserve fund (準備金) until the
#   reserve reaches the articles' target; Art 76(2): that target is at least 1/2 of total capital;
#   Art 76(3): the reserve is used only to cover losses.
# Art 76(4): at least 1/20 of each year's surplus goes to the job-creation reserve (就労創出等積立金).
# Art 76(5): at least 1/20 of each year's surplus is carried forward for members' education (教育繰越金).
# Art 77(1): no dividend before losses are covered and the three amounts above are set aside.
# Art 77(2): a dividend only in proportion to the work members engaged in (従事分量配当), as the articles
#   say. There is no dividend on capital: nothing here takes capital as an input to the split.
# Art 78: a member's dividend may be set against the capital they have not yet paid in.
#
# "Surplus" for the ratios: the year's surplus after covering carried-forward losses (the Act's order in
# Art 77(1) covers losses first; the ratios of Art 76 apply to what the year leaves once they are covered).
# Minimums are rounded UP to whole yen, so each one meets its ratio exactly or more (¥1,001 × 1/10 = ¥100.1
# → ¥101). The reserve fund's minimum is capped at what brings the reserve to its target.
# Only a surplus of ¥1 or ¥2 after losses cannot meet all three rounded-up minimums at once: its yen go
# to the reserves in the order of Art 76 (reserve fund, job creation, education) and nothing is left.

ACT_RESERVE_TARGET_MIN = Fraction(1, 2)  # Art 76(2)
ACT_RESERVE_FUND_MIN = Fraction(1, 10)  # Art 76(1)
ACT_JOB_CREATION_MIN = Fraction(1, 20)  # Art 76(4)
ACT_EDUCATION_MIN = Fraction(1, 20)  # Art 76(5)


# Art 76(3): the reserve fund is used only to cover a loss. A draw on it names the loss it covers (a
#   fiscal year's losses still carried forward after its appropriation) and is at most what of that loss
#   earlier draws have not covered yet. A correction of a mistaken posting is a reversal, not a draw.
def reserve_fund_draw_allowed(*, draw_yen: int, loss_yen: int, drawn_yen: int) -> bool:
    """Whether a draw (> 0) on the reserve fund stays within a loss less what earlier draws covered."""
    if draw_yen <= 0 or loss_yen < 0 or drawn_yen < 0:
        return False
    return draw_yen <= loss_yen - drawn_yen


class AppropriationRefused(ValueError):
    """A proposed appropriation the Act refuses; `field` names the amount and `article` the rule."""

    def __init__(self, code: str, *, field: str, article: str, minimum_yen: int = 0, available_yen: int = 0):
        super().__init__(f"{code}: {field} (Art {article})")
        self.code = code
        self.field = field
        self.article = article
        self.minimum_yen = minimum_yen
        self.available_yen = available_yen


@dataclass(frozen=True)
class AppropriationRatios:
    """The articles' ratios (Art 76), never looser than the Act's."""

    reserve_target: Fraction = ACT_RESERVE_TARGET_MIN
    reserve_fund_min: Fraction = ACT_RESERVE_FUND_MIN
    job_creation_min: Fraction = ACT_JOB_CREATION_MIN
    education_min: Fraction = ACT_EDUCATION_MIN

    def __post_init__(self) -> None:
        for name, value, floor in (
            ("reserve_target", self.reserve_target, ACT_RESERVE_TARGET_MIN),
            ("reserve_fund_min", self.reserve_fund_min, ACT_RESERVE_FUND_MIN),
            ("job_creation_min", self.job_creation_min, ACT_JOB_CREATION_MIN),
            ("education_min", self.education_min, ACT_EDUCATION_MIN),
        ):
            if value < floor:
                raise ValueError(f"{name} {value} is below the Act's {floor}")
        if self.reserve_fund_min + self.job_creation_min + self.education_min > 1:
            raise ValueError("the minimum ratios add up to more than the whole surplus")


@dataclass(frozen=True)
class AppropriationInputs:
    """The year's figures an appropriation starts from (whole yen)."""

    surplus_yen: int  # the year's surplus (当期剰余金); negative for a loss (当期損失)
    carried_loss_yen: int  # losses carried forward from earlier years (繰越損失金), ≥ 0
    reserve_balance_yen: int  # the reserve fund before this appropriation, ≥ 0
    total_capital_yen: int  # total capital (出資総額) at the year end, ≥ 0

    def __post_init__(self) -> None:
        if self.carried_loss_yen < 0 or self.reserve_balance_yen < 0 or self.total_capital_yen < 0:
            raise ValueError("carried loss, reserve balance and total capital cannot be negative")


@dataclass(frozen=True)
class AppropriationMinimums:
    """What the Act requires of a year, before the officers propose anything."""

    loss_covered_yen: int  # carried-forward losses the surplus covers first (Art 77(1))
    carried_loss_after_yen: int  # losses still carried forward afterwards
    surplus_after_losses_yen: int  # the surplus the ratios apply to (0 in a loss year)
    reserve_target_yen: int  # the articles' target of the reserve fund (Art 76(1)-(2)), rounded up
    reserve_fund_min_yen: int  # Art 76(1)
    job_creation_min_yen: int  # Art 76(4)
    education_min_yen: int  # Art 76(5)

    @property
    def reserves_min_yen(self) -> int:
        return self.reserve_fund_min_yen + self.job_creation_min_yen + self.education_min_yen

    @property
    def dividend_max_yen(self) -> int:
        """The most the year can pay as the work-engaged dividend (Art 77(1))."""
        return self.surplus_after_losses_yen - self.reserves_min_yen


@dataclass(frozen=True)
class AppropriationProposal:
    """Amounts the officers propose (whole yen); what is left is carried forward (次期繰越剰余金)."""

    reserve_fund_yen: int
    job_creation_yen: int
    education_yen: int
    dividend_pool_yen: int


@dataclass(frozen=True)
class AppropriationResult:
    """A checked appropriation: the minimums, the amounts, and what is carried forward."""

    minimums: AppropriationMinimums
    reserve_fund_yen: int
    job_creation_yen: int
    education_yen: int
    dividend_pool_yen: int
    carried_forward_yen: int  # surplus left unappropriated (次期繰越剰余金)

    @property
    def reserves_yen(self) -> int:
        return self.reserve_fund_yen + self.job_creation_yen + self.education_yen


def ceil_yen(value: Fraction) -> int:
    """Round a ratio of yen up to whole yen, so a minimum is always met."""
    return -((-value.numerator) // value.denominator)


def appropriation_minimums(inputs: AppropriationInputs, ratios: AppropriationRatios) -> AppropriationMinimums:
    """Losses covered and each legal minimum of the year (Art 76, 77(1))."""
    surplus = inputs.surplus_yen
    if surplus <= 0:
        # A loss year appropriates nothing; its loss joins the carried-forward losses.
        loss_covered = 0
        base = 0
        carried_after = inputs.carried_loss_yen - surplus
    else:
        loss_covered = min(inputs.carried_loss_yen, surplus)  # Art 77(1): losses first
        base = surplus - loss_covered
        carried_after = inputs.carried_loss_yen - loss_covered
    target = ceil_yen(inputs.total_capital_yen * ratios.reserve_target)  # Art 76(2)
    shortfall = max(0, target - inputs.reserve_balance_yen)
    left = base
    # Art 76(1): 1/10 until the target is reached, so never more than the shortfall.
    reserve_min = min(ceil_yen(base * ratios.reserve_fund_min), shortfall, left)
    left -= reserve_min
    job_min = min(ceil_yen(base * ratios.job_creation_min), left)  # Art 76(4)
    left -= job_min
    education_min = min(ceil_yen(base * ratios.education_min), left)  # Art 76(5)
    return AppropriationMinimums(
        loss_covered_yen=loss_covered,
        carried_loss_after_yen=carried_after,
        surplus_after_losses_yen=base,
        reserve_target_yen=target,
        reserve_fund_min_yen=reserve_min,
        job_creation_min_yen=job_min,
        education_min_yen=education_min,
    )


def appropriation_default(minimums: AppropriationMinimums) -> AppropriationProposal:
    """The first draft: each reserve at its minimum and the rest of the surplus as the dividend pool."""
    return AppropriationProposal(
        reserve_fund_yen=minimums.reserve_fund_min_yen,
        job_creation_yen=minimums.job_creation_min_yen,
        education_yen=minimums.education_min_yen,
        dividend_pool_yen=minimums.dividend_max_yen,
    )


def appropriation_check(minimums: AppropriationMinimums, proposal: AppropriationProposal) -> AppropriationResult:
    """Accept a proposal that meets every minimum within the surplus, or raise AppropriationRefused."""
    amounts = (
        ("reserve_fund_yen", proposal.reserve_fund_yen, minimums.reserve_fund_min_yen, "76(1)"),
        ("job_creation_yen", proposal.job_creation_yen, minimums.job_creation_min_yen, "76(4)"),
        ("education_yen", proposal.education_yen, minimums.education_min_yen, "76(5)"),
        ("dividend_pool_yen", proposal.dividend_pool_yen, 0, "77(2)"),
    )
    for field_name, amount, minimum, article in amounts:
        if amount < 0:
            raise AppropriationRefused("negative", field=field_name, article=article)
        if amount < minimum:
            raise AppropriationRefused("below_minimum", field=field_name, article=article, minimum_yen=minimum)
    total = sum(amount for _name, amount, _min, _art in amounts)
    if total > minimums.surplus_after_losses_yen:
        # Art 77(1): losses are covered first, so only the surplus after them can be appropriated.
        raise AppropriationRefused(
            "over_surplus",
            field="dividend_pool_yen" if proposal.dividend_pool_yen else "reserve_fund_yen",
            article="77(1)",
            available_yen=minimums.surplus_after_losses_yen,
        )
    return AppropriationResult(
        minimums=minimums,
        reserve_fund_yen=proposal.reserve_fund_yen,
        job_creation_yen=proposal.job_creation_yen,
        education_yen=proposal.education_yen,
        dividend_pool_yen=proposal.dividend_pool_yen,
        carried_forward_yen=minimums.surplus_after_losses_yen - total,
    )


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """A sort key reading runs of digits as numbers, without regard to case: "A9" < "A10" < "b1"."""
    return tuple(
        (1, int(part), part) if part.isdigit() else (0, 0, part.casefold()) for part in re.split(r"(\d+)", text) if part
    )


@dataclass(frozen=True)
class WorkShare:
    """One member's work in the year: minutes worked while a member, and the articles' integer weight."""

    person_id: int
    member_number: str
    minutes: int
    weight: int = 1

    @property
    def units(self) -> int:
        return self.minutes * self.weight


@dataclass(frozen=True)
class DividendPart:
    """One member's work-engaged dividend, the unpaid capital set against it (Art 78), and what is paid."""

    person_id: int
    member_number: str
    minutes: int
    weight: int
    dividend_yen: int
    set_off_yen: int = 0

    @property
    def payable_yen(self) -> int:
        return self.dividend_yen - self.set_off_yen


def dividend_split(pool_yen: int, shares: Sequence[WorkShare]) -> list[DividendPart]:
    """Split the pool in proportion to weighted minutes (Art 77(2)), in whole yen summing exactly to the pool.

    Largest remainder: each member gets the whole yen of pool × units / all units; the yen left over go
    one each to the largest remainders, ties to the smaller member number in natural order ("A9" before
    "A10", see natural_key; then person id). A member
    with no work gets nothing; with no work at all there is nothing to split and the pool must be zero.
    """
    if pool_yen < 0:
        raise ValueError("the dividend pool cannot be negative")
    for share in shares:
        if share.minutes < 0 or share.weight < 0:
            raise ValueError("minutes and weights cannot be negative")
    total_units = sum(share.units for share in shares)
    if total_units == 0:
        if pool_yen:
            raise ValueError("a dividend pool needs work to be split by")
        return [DividendPart(s.person_id, s.member_number, s.minutes, s.weight, 0) for s in shares]
    floors: list[int] = []
    remainders: list[int] = []
    for share in shares:
        quotient, remainder = divmod(pool_yen * share.units, total_units)
        floors.append(quotient)
        remainders.append(remainder)
    leftover = pool_yen - sum(floors)  # fewer yen than members with a remainder
    order = sorted(
        range(len(shares)),
        key=lambda i: (-remainders[i], natural_key(shares[i].member_number), shares[i].person_id),
    )
    for i in order[:leftover]:
        floors[i] += 1
    return [
        DividendPart(share.person_id, share.member_number, share.minutes, share.weight, floors[i])
        for i, share in enumerate(shares)
    ]


def dividend_set_off(parts: Sequence[DividendPart], unpaid_capital_yen: Mapping[int, int]) -> list[DividendPart]:
    """Set each dividend against the member's unpaid capital first (Art 78): set-off = min(dividend, unpaid)."""
    result = []
    for part in parts:
        unpaid = unpaid_capital_yen.get(part.person_id, 0)
        result.append(replace(part, set_off_yen=set_off_amount(dividend_yen=part.dividend_yen, unpaid_yen=unpaid)))
    return result
