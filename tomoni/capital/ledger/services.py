"""Every write to the capital ledger: one transaction, one audit event, permission checked.

Entries are only ever appended, through `_Chain`: it locks the coop's chain head (SELECT … FOR UPDATE on
PostgreSQL; SQLite's single writer with BEGIN IMMEDIATE), numbers the entries, links their hashes and
inserts them, so concurrent appends to one coop queue up and the chain never forks.

Contract for the appropriation (CAP-APPROP); `actor` None means a trusted system job:

    # tomoni.capital.ledger.selectors
    def capital_settings_of(*, coop: Coop) -> CapitalSettings
        # the coop's settings row, or an unsaved one with the Act's defaults
    def unpaid_capital_by_person(*, coop: Coop, as_of: dt.date) -> dict[int, int]
        # person_id -> unpaid capital (yen) as of a day, only people with something unpaid
    def coop_capital_totals(*, coop: Coop, as_of: dt.date) -> CoopTotals
        # .shares, .subscribed_yen, .paid_yen, .unpaid_yen, .members  (total capital for the reserve target)
    def reserve_balances(*, coop: Coop, as_of: dt.date) -> dict[str, int]
        # ReserveKind value -> balance (yen); every kind present, 0 when nothing was posted

    # tomoni.capital.ledger.services
    @dataclass(frozen=True) class SetOff: person_id: int; amount_yen: int
    def capital_dividend_set_off(
        *, actor: User | None, coop: Coop, set_offs: Sequence[SetOff], effective_on: dt.date, appropriation_ref: str
    ) -> list[CapitalEntry]
        # Art 78: one DIVIDEND_SET_OFF entry per person (paid_yen += amount, reference = appropriation_ref);
        # refuses (TomoniError, nothing recorded) an amount <= 0, a person of another coop, or more than the
        # person's unpaid capital as of effective_on. One audit event "capital.dividend.set_off".
    @dataclass(frozen=True) class ReservePosting: reserve_kind: str; amount_yen: int  # ReserveKind; negative draws
    def capital_reserve_post(
        *, actor: User | None, coop: Coop, postings: Sequence[ReservePosting], effective_on: dt.date,
        memo: str = "", reference: str = "", covers_loss_of: Appropriation | None = None
    ) -> list[CapitalEntry]
        # one RESERVE entry per posting (coop level, person null); refuses a zero amount, an unknown kind, a
        # draw that would take a reserve below zero, or a draw on the reserve fund that does not cover a loss
        # (Art 76(3): `covers_loss_of`, an approved appropriation). One audit event "capital.reserve.posted".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tomoni.capital import rules
from tomoni.capital.ledger.selectors import (
    capital_settings_of,
    coop_capital_totals,
    dividend_plan,
    holding_of,
    member_count_on,
    member_minutes_in_year,
    members_of_year,
    reserve_balances,
    reserve_fund_drawn_for,
    reserve_fund_loss_reference,
    work_records_in_year,
)
from tomoni.capital.models import (
    Appropriation,
    AppropriationStatus,
    CapitalChainHead,
    CapitalEntry,
    CapitalSettings,
    DividendLine,
    EntryKind,
    PaymentMethod,
    RefundPolicy,
    ReserveKind,
    WithdrawalNotice,
    WithdrawalStatus,
    default_dividend_weights,
)
from tomoni.core import clock
from tomoni.core.audit import audit_record
from tomoni.core.errors import TomoniError
from tomoni.core.models import User
from tomoni.core.money import fiscal_year_bounds, fiscal_year_of, format_yen
from tomoni.core.scopes import scope_for
from tomoni.federation.models import Coop, open_on
from tomoni.members.models import Membership, MembershipKind, Person
from tomoni.members.services import check_recorded_day

if TYPE_CHECKING:
    from tomoni.governance.models import Meeting, Motion

BULK_BATCH = 5000


@dataclass(frozen=True)
class SetOff:
    """A dividend amount to set against one member's unpaid capital (Art 78)."""

    person_id: int
    amount_yen: int


@dataclass(frozen=True)
class ReservePosting:
    """An amount for one reserve (ReserveKind value); negative to draw on it (e.g. to cover a loss)."""

    reserve_kind: str
    amount_yen: int


@dataclass(frozen=True)
class OpeningBalance:
    """A member's opening capital for a bulk load: shares subscribed and the part paid, as of a day."""

    person_id: int
    shares: int
    paid_yen: int
    effective_on: dt.date
    payment_method: str = PaymentMethod.LUMP_SUM
    memo: str = ""
    # Later payments of the rest (instalments, deductions from pay): (day, yen, method), each on or after effective_on.
    instalments: tuple[tuple[dt.date, int, str], ...] = ()


# The chain ------------------------------------------------------------------------------------------


class _Chain:
    """A coop's chain, locked for the rest of the transaction: append entries with numbers and hashes."""

    def __init__(self, coop: Coop):
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("append to the capital ledger inside transaction.atomic")
        self.coop = coop
        head = CapitalChainHead.objects.select_for_update().filter(coop=coop).first()
        if head is None:
            try:
                with transaction.atomic():
                    CapitalChainHead.objects.create(coop=coop, last_sequence=0, last_hash=rules.GENESIS_HASH)
            except IntegrityError:
                pass  # another writer created it first; lock theirs
            head = CapitalChainHead.objects.select_for_update().get(coop=coop)
        self.head = head

    def append(self, entries: Sequence[CapitalEntry]) -> list[CapitalEntry]:
        """Number, hash and insert entries (in order) after the head; advance the head."""
        if not entries:
            return []
        recorded_at = clock.now()
        sequence, prev_hash = self.head.last_sequence, self.head.last_hash
        for day in {entry.effective_on for entry in entries}:
            # An append-only ledger keeps a mistyped year for good: refuse it before it is written.
            check_recorded_day(day, field="effective_on")
        for entry in entries:
            sequence += 1
            entry.coop_id = self.coop.pk
            entry.sequence = sequence
            entry.recorded_at = recorded_at
            entry.prev_hash = prev_hash
            entry.entry_hash = rules.entry_hash([getattr(entry, name) for name in rules.HASHED_FIELDS], prev_hash)
            prev_hash = entry.entry_hash
        if len(entries) == 1:
            entries[0].save(force_insert=True)
            saved = list(entries)
        else:
            saved = CapitalEntry.objects.bulk_create(entries, batch_size=BULK_BATCH)
        CapitalChainHead.objects.filter(pk=self.head.pk).update(last_sequence=sequence, last_hash=prev_hash)
        self.head.last_sequence, self.head.last_hash = sequence, prev_hash
        return saved


# Checks ---------------------------------------------------------------------------------------------


def _require_officer(actor: User | None, coop: Coop) -> None:
    """Officers of the coop write its ledger; system jobs (actor None) are trusted callers."""
    if actor is not None and not scope_for(actor).writes_coop(coop.pk):
        raise TomoniError(_("You may not change this coop's capital ledger."))


def _require_member(person: Person, day: dt.date) -> None:
    """Only a member of the coop on the day holds shares."""
    check_recorded_day(day, field="effective_on")
    if not Membership.objects.filter(open_on(day, "joined_on", "left_on"), person=person).exists():
        raise TomoniError(
            _("%(name)s is not a member of the coop on %(day)s.") % {"name": person.full_name, "day": day.isoformat()},
            field="person",
        )


def _positive(value: int, *, field: str) -> None:
    if value <= 0:
        raise TomoniError(_("Enter a whole number greater than zero."), field=field)


def _check_cap(
    *,
    settings: CapitalSettings,
    coop: Coop,
    person: Person,
    holding_after: int,
    total_after: int,
    day: dt.date,
    approval_ref: str,
) -> None:
    """Art 9: no member holds more than the cap; the exception needs a general-meeting approval reference."""
    members = member_count_on(coop=coop, day=day)
    limits = {
        "member_count": members,
        "cap_percent": settings.share_cap_percent,
        "exception_percent": settings.share_cap_exception_percent,
        "no_cap_up_to_members": settings.no_cap_up_to_members,
    }
    if rules.within_cap(
        holding_after=holding_after, total_shares_after=total_after, general_meeting_approved=False, **limits
    ):
        return
    if approval_ref and rules.within_cap(
        holding_after=holding_after, total_shares_after=total_after, general_meeting_approved=True, **limits
    ):
        return
    percent = settings.share_cap_exception_percent if approval_ref else settings.share_cap_percent
    raise TomoniError(
        _(
            "%(name)s would hold %(shares)s of %(total)s shares, more than %(percent)s%% of all shares "
            "(Art 9 of the Act)."
        )
        % {"name": person.full_name, "shares": holding_after, "total": total_after, "percent": percent},
        field="shares",
    )


def _total_shares(coop: Coop, day: dt.date) -> int:
    return CapitalEntry.objects.filter(coop=coop, effective_on__lte=day).aggregate(n=Sum("shares"))["n"] or 0


def _later_entries_exist(person: Person, day: dt.date) -> bool:
    return CapitalEntry.objects.filter(coop_id=person.coop_id, person=person, effective_on__gt=day).exists()


def _check_holding_stays_sound(person: Person, day: dt.date, change: rules.Holding) -> None:
    """A change on `day` must leave the holding sound on that day and on every later one (latest sums)."""
    for as_of in (day, dt.date.max):
        after = holding_of(person=person, as_of=as_of).plus(
            shares=change.shares, subscribed_yen=change.subscribed_yen, paid_yen=change.paid_yen
        )
        if not after.is_sound:
            raise TomoniError(_("This change would leave the member's capital negative or overpaid."))
        if not _later_entries_exist(person, day):
            break


# Settings -------------------------------------------------------------------------------------------

SETTINGS_FIELDS = (
    "share_value_yen",
    "minimum_shares",
    "share_cap_percent",
    "share_cap_exception_percent",
    "no_cap_up_to_members",
    "withdrawal_notice_days",
    "withdrawal_at_fiscal_year_end",
    "refund_policy",
    "refund_percent",
    "admission_requires_full_payment",
    "instalments_allowed",
    "reserve_target_numerator",
    "reserve_target_denominator",
    "reserve_fund_min_numerator",
    "reserve_fund_min_denominator",
    "job_creation_min_numerator",
    "job_creation_min_denominator",
    "education_min_numerator",
    "education_min_denominator",
)


@transaction.atomic
def capital_settings_update(*, actor: User | None, coop: Coop, **fields: Any) -> CapitalSettings:
    """Change the coop's capital settings (from its articles); the Act's floors are enforced."""
    _require_officer(actor, coop)
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"unknown capital settings: {sorted(unknown)}")
    settings = capital_settings_of(coop=coop)
    changed = sorted(name for name, value in fields.items() if getattr(settings, name) != value)
    for name in changed:
        setattr(settings, name, fields[name])
    _check_settings(settings)
    # The value of a share fixes what every holding means: it changes only while the ledger is empty.
    if "share_value_yen" in changed and CapitalEntry.objects.filter(coop=coop).exclude(shares=0).exists():
        raise TomoniError(_("The value of a share cannot change once shares are recorded."), field="share_value_yen")
    if settings.pk is None or changed:
        settings.save()
        audit_record(
            actor=actor,
            action="capital.settings.updated",
            coop_id=coop.pk,
            target=settings,
            data={name: fields[name] for name in changed},
        )
    return settings


def _check_settings(settings: CapitalSettings) -> None:
    """The Act's floors the articles may not go below (Art 9, 76)."""
    if settings.share_value_yen <= 0:
        raise TomoniError(_("Enter a whole number greater than zero."), field="share_value_yen")
    if settings.minimum_shares < 1:
        raise TomoniError(_("Every member holds at least one share (Art 9)."), field="minimum_shares")
    if not 0 < settings.share_cap_percent <= 25:
        # xgettext:no-python-format
        raise TomoniError(_("The share cap is at most 25% of all shares (Art 9)."), field="share_cap_percent")
    if not settings.share_cap_percent <= settings.share_cap_exception_percent <= 35:
        raise TomoniError(
            # xgettext:no-python-format
            _("The exception to the share cap is at most 35% of all shares (Art 9)."),
            field="share_cap_exception_percent",
        )
    if settings.refund_policy not in RefundPolicy.values:
        raise TomoniError(_("Choose one of the options offered."), field="refund_policy")
    if not 0 <= settings.refund_percent <= 100:
        raise TomoniError(_("Enter a percentage from 0 to 100."), field="refund_percent")
    floors = (
        ("reserve_target", 1, 2, _("The reserve fund target is at least half of the total capital (Art 76).")),
        ("reserve_fund_min", 1, 10, _("At least 1/10 of the surplus goes to the reserve fund (Art 76).")),
        ("job_creation_min", 1, 20, _("At least 1/20 of the surplus goes to the job-creation reserve (Art 76).")),
        ("education_min", 1, 20, _("At least 1/20 of the surplus is carried forward for education (Art 76).")),
    )
    for name, floor_num, floor_den, message in floors:
        num, den = getattr(settings, f"{name}_numerator"), getattr(settings, f"{name}_denominator")
        if den <= 0 or num * floor_den < floor_num * den or num > den:
            raise TomoniError(message, field=f"{name}_numerator")


# Joining: subscription and payment ------------------------------------------------------------------


@transaction.atomic
def capital_subscribe(
    *, actor: User | None, person: Person, shares: int, effective_on: dt.date, memo: str = ""
) -> CapitalEntry:
    """A member subscribes shares (出資口数の引受): capital owed at par value, within the Art 9 cap."""
    coop = person.coop
    _require_officer(actor, coop)
    _positive(shares, field="shares")
    _require_member(person, effective_on)
    chain = _Chain(coop)
    settings = capital_settings_of(coop=coop)
    holding = holding_of(person=person, as_of=effective_on)
    if holding.shares + shares < settings.minimum_shares:
        raise TomoniError(
            _("A member holds at least %(count)s shares.") % {"count": settings.minimum_shares}, field="shares"
        )
    if holding.shares + shares > settings.minimum_shares:
        # The shares every member must hold are never refused; more than those stay within the cap.
        _check_cap(
            settings=settings,
            coop=coop,
            person=person,
            holding_after=holding.shares + shares,
            total_after=_total_shares(coop, effective_on) + shares,
            day=effective_on,
            approval_ref="",
        )
    entry = CapitalEntry(
        kind=EntryKind.SUBSCRIPTION,
        person=person,
        shares=shares,
        subscribed_yen=shares * settings.share_value_yen,
        effective_on=effective_on,
        actor_id=_actor_id(actor),
        memo=memo,
    )
    (entry,) = chain.append([entry])
    audit_record(actor=actor, action="capital.entry.recorded", coop_id=coop.pk, target=entry, data={"kind": entry.kind})
    return entry


@transaction.atomic
def capital_pay(
    *,
    actor: User | None,
    person: Person,
    amount_yen: int,
    method: str,
    effective_on: dt.date,
    memo: str = "",
) -> CapitalEntry:
    """A member pays subscribed capital: lump sum, instalment or deduction from pay; never more than unpaid."""
    coop = person.coop
    _require_officer(actor, coop)
    _positive(amount_yen, field="amount_yen")
    if method not in PaymentMethod.values:
        raise TomoniError(_("Choose one of the options offered."), field="method")
    chain = _Chain(coop)
    settings = capital_settings_of(coop=coop)
    holding = holding_of(person=person, as_of=effective_on)
    if amount_yen > holding.unpaid_yen:
        raise TomoniError(
            _("%(amount)s is more than the unpaid capital of %(unpaid)s.")
            % {"amount": format_yen(amount_yen), "unpaid": format_yen(holding.unpaid_yen)},
            field="amount_yen",
        )
    if not settings.instalments_allowed and amount_yen != holding.unpaid_yen:
        raise TomoniError(
            _("The articles require the subscribed capital to be paid in one sum: %(unpaid)s.")
            % {"unpaid": format_yen(holding.unpaid_yen)},
            field="amount_yen",
        )
    entry = CapitalEntry(
        kind=EntryKind.PAYMENT,
        person=person,
        paid_yen=amount_yen,
        payment_method=method,
        effective_on=effective_on,
        actor_id=_actor_id(actor),
        memo=memo,
    )
    (entry,) = chain.append([entry])
    audit_record(actor=actor, action="capital.entry.recorded", coop_id=coop.pk, target=entry, data={"kind": entry.kind})
    return entry


# Transfer -------------------------------------------------------------------------------------------


@transaction.atomic
def capital_transfer(
    *,
    actor: User | None,
    from_person: Person,
    to_person: Person,
    shares: int,
    effective_on: dt.date,
    approval_ref: str = "",
    memo: str = "",
) -> tuple[CapitalEntry, CapitalEntry]:
    """Shares pass from one member to another (持分の譲渡), with the paid capital they carry (Art 9 cap).

    Beyond 25%, up to 35% only with `approval_ref`: the general meeting's approval (Art 9).
    """
    coop = from_person.coop
    _require_officer(actor, coop)
    _positive(shares, field="shares")
    if to_person.coop_id != coop.pk:
        raise TomoniError(_("Shares pass only between members of the same coop."), field="to_person")
    if to_person.pk == from_person.pk:
        raise TomoniError(_("Choose another member to receive the shares."), field="to_person")
    _require_member(to_person, effective_on)
    chain = _Chain(coop)
    settings = capital_settings_of(coop=coop)
    giver = holding_of(person=from_person, as_of=effective_on)
    if shares > giver.shares:
        raise TomoniError(
            _("%(name)s holds only %(held)s shares.") % {"name": from_person.full_name, "held": giver.shares},
            field="shares",
        )
    if 0 < giver.shares - shares < settings.minimum_shares:
        raise TomoniError(
            _("A member keeps at least %(count)s shares, or transfers them all.") % {"count": settings.minimum_shares},
            field="shares",
        )
    receiver = holding_of(person=to_person, as_of=effective_on)
    _check_cap(
        settings=settings,
        coop=coop,
        person=to_person,
        holding_after=receiver.shares + shares,
        total_after=_total_shares(coop, effective_on),
        day=effective_on,
        approval_ref=approval_ref.strip(),
    )
    paid = rules.paid_with_shares(giver, shares, settings.share_value_yen)
    subscribed = rules.subscribed_with_shares(giver, shares, settings.share_value_yen)
    common = {"effective_on": effective_on, "actor_id": _actor_id(actor), "memo": memo, "reference": approval_ref}
    out = CapitalEntry(
        kind=EntryKind.TRANSFER_OUT,
        person=from_person,
        counterparty=to_person,
        shares=-shares,
        subscribed_yen=-subscribed,
        paid_yen=-paid,
        **common,
    )
    (out,) = chain.append([out])
    into = CapitalEntry(
        kind=EntryKind.TRANSFER_IN,
        person=to_person,
        counterparty=from_person,
        shares=shares,
        subscribed_yen=subscribed,
        paid_yen=paid,
        paired_with=out,
        **common,
    )
    (into,) = chain.append([into])
    audit_record(
        actor=actor,
        action="capital.transfer.recorded",
        coop_id=coop.pk,
        target=into,
        data={"from": from_person.pk, "to": to_person.pk, "shares": shares, "approval_ref": approval_ref},
    )
    return out, into


# Leaving: notice and refund -------------------------------------------------------------------------


@transaction.atomic
def capital_withdrawal_notify(
    *, actor: User | None, person: Person, notice_on: dt.date, effective_on: dt.date | None = None
) -> WithdrawalNotice:
    """Record a member's notice of withdrawal; it takes effect per the articles (by default at the fiscal year end
    after 90 days' notice). An earlier day may be given only if the articles' notice period has passed by then.
    """
    coop = person.coop
    _require_officer(actor, coop)
    _require_member(person, notice_on)
    settings = capital_settings_of(coop=coop)
    earliest = rules.withdrawal_effective_on(
        notice_on=notice_on,
        notice_days=settings.withdrawal_notice_days,
        at_fiscal_year_end=settings.withdrawal_at_fiscal_year_end,
    )
    if effective_on is None:
        effective_on = earliest
    elif effective_on < notice_on + dt.timedelta(days=settings.withdrawal_notice_days):
        raise TomoniError(
            _("The articles ask for %(days)s days' notice of withdrawal.") % {"days": settings.withdrawal_notice_days},
            field="effective_on",
        )
    if WithdrawalNotice.objects.filter(coop=coop, person=person, status=WithdrawalStatus.PENDING).exists():
        raise TomoniError(_("This member has already given notice of withdrawal."), field="notice_on")
    notice = WithdrawalNotice.objects.create(coop=coop, person=person, notice_on=notice_on, effective_on=effective_on)
    audit_record(
        actor=actor,
        action="capital.withdrawal.notified",
        coop_id=coop.pk,
        target=notice,
        data={"notice_on": notice_on.isoformat(), "effective_on": effective_on.isoformat()},
    )
    return notice


@transaction.atomic
def capital_refund(
    *, actor: User | None, person: Person, shares: int, effective_on: dt.date, memo: str = ""
) -> CapitalEntry:
    """Refund shares (持分の払戻): all of them when a withdrawal takes effect, or some while the member stays.

    The amount follows the articles (whole, at most par, or a percentage of the paid-in capital). A whole
    refund needs a notice of withdrawal in effect by `effective_on`; the member's history stays.
    """
    coop = person.coop
    _require_officer(actor, coop)
    _positive(shares, field="shares")
    chain = _Chain(coop)
    settings = capital_settings_of(coop=coop)
    holding = holding_of(person=person, as_of=effective_on)
    if shares > holding.shares:
        raise TomoniError(
            _("%(name)s holds only %(held)s shares; no more can be refunded.")
            % {"name": person.full_name, "held": holding.shares},
            field="shares",
        )
    notice = None
    if shares == holding.shares:
        notice = (
            WithdrawalNotice.objects.select_for_update()
            .filter(coop=coop, person=person, status=WithdrawalStatus.PENDING)
            .first()
        )
        if notice is None:
            raise TomoniError(_("Refunding every share needs a notice of withdrawal."), field="shares")
        if effective_on < notice.effective_on:
            raise TomoniError(
                _("The withdrawal takes effect on %(day)s; refund on or after that day.")
                % {"day": notice.effective_on.isoformat()},
                field="effective_on",
            )
    elif holding.shares - shares < settings.minimum_shares:
        raise TomoniError(
            _("A member keeps at least %(count)s shares, or withdraws.") % {"count": settings.minimum_shares},
            field="shares",
        )
    paid = rules.paid_with_shares(holding, shares, settings.share_value_yen)
    entry = CapitalEntry(
        kind=EntryKind.REFUND,
        person=person,
        shares=-shares,
        subscribed_yen=-rules.subscribed_with_shares(holding, shares, settings.share_value_yen),
        paid_yen=-paid,
        refund_yen=rules.refund_amount(
            paid_yen=paid,
            shares=shares,
            share_value_yen=settings.share_value_yen,
            policy=settings.refund_policy,
            percent=settings.refund_percent,
        ),
        effective_on=effective_on,
        actor_id=_actor_id(actor),
        memo=memo,
    )
    _check_holding_stays_sound(person, effective_on, rules.Holding(entry.shares, entry.subscribed_yen, entry.paid_yen))
    (entry,) = chain.append([entry])
    if notice is not None:
        notice.status, notice.refund_entry = WithdrawalStatus.REFUNDED, entry
        notice.save(update_fields=["status", "refund_entry", "updated_at"])
    audit_record(
        actor=actor,
        action="capital.refund.recorded",
        coop_id=coop.pk,
        target=entry,
        data={"shares": shares, "refund_yen": entry.refund_yen},
    )
    return entry


# Corrections ----------------------------------------------------------------------------------------


@transaction.atomic
def capital_reverse(*, actor: User | None, entry: CapitalEntry, effective_on: dt.date, memo: str) -> list[CapitalEntry]:
    """Correct an entry by a reversing entry pointing at it (both halves of a transfer); nothing is updated."""
    coop = entry.coop
    _require_officer(actor, coop)
    if not memo.strip():
        raise TomoniError(_("Say why the entry is reversed."), field="memo")
    chain = _Chain(coop)
    if entry.kind == EntryKind.REVERSAL:
        raise TomoniError(_("A reversal cannot itself be reversed; record the entry again."))
    if effective_on < entry.effective_on:
        raise TomoniError(_("A reversal takes effect on or after the entry it reverses."), field="effective_on")
    originals = [entry]
    if entry.paired_with_id is not None:
        originals.insert(0, CapitalEntry.objects.get(pk=entry.paired_with_id))
    elif (pair := CapitalEntry.objects.filter(paired_with=entry).first()) is not None:
        originals.append(pair)
    if CapitalEntry.objects.filter(reverses__in=originals).exists():
        raise TomoniError(_("This entry has already been reversed."))
    reversals = [
        CapitalEntry(
            kind=EntryKind.REVERSAL,
            person_id=original.person_id,
            counterparty_id=original.counterparty_id,
            shares=-original.shares,
            subscribed_yen=-original.subscribed_yen,
            paid_yen=-original.paid_yen,
            refund_yen=-original.refund_yen,
            reserve_kind=original.reserve_kind,
            reserve_yen=-original.reserve_yen,
            payment_method=original.payment_method,
            effective_on=effective_on,
            actor_id=_actor_id(actor),
            memo=memo,
            reference=original.reference,
            reverses=original,
        )
        for original in originals
    ]
    for reversal in reversals:
        if reversal.person_id is not None:
            person = Person.objects.get(pk=reversal.person_id)
            _check_holding_stays_sound(
                person, effective_on, rules.Holding(reversal.shares, reversal.subscribed_yen, reversal.paid_yen)
            )
        elif reversal.reserve_yen < 0:
            _check_reserve_draw({reversal.reserve_kind: reversal.reserve_yen}, coop, effective_on)
    saved = chain.append(reversals)
    audit_record(
        actor=actor,
        action="capital.entry.reversed",
        coop_id=coop.pk,
        target=saved[-1],
        data={"reverses": [original.pk for original in originals], "memo": memo},
    )
    return saved


# For the appropriation (CAP-APPROP) -----------------------------------------------------------------


@transaction.atomic
def capital_dividend_set_off(
    *,
    actor: User | None,
    coop: Coop,
    set_offs: Sequence[SetOff],
    effective_on: dt.date,
    appropriation_ref: str,
) -> list[CapitalEntry]:
    """Set work-engaged dividends against members' unpaid capital (Art 78), one entry per member."""
    _require_officer(actor, coop)
    chain = _Chain(coop)
    from tomoni.capital.ledger.selectors import unpaid_capital_by_person

    unpaid = unpaid_capital_by_person(coop=coop, as_of=effective_on)
    seen: set[int] = set()
    for item in set_offs:
        if item.amount_yen <= 0:
            raise TomoniError(_("A set-off is a whole number of yen greater than zero."), field="set_offs")
        if item.person_id in seen:
            raise TomoniError(_("Each member appears once in a set-off."), field="set_offs")
        seen.add(item.person_id)
        if item.amount_yen > unpaid.get(item.person_id, 0):
            raise TomoniError(
                _("A set-off of %(amount)s is more than the member's unpaid capital of %(unpaid)s (Art 78).")
                % {"amount": format_yen(item.amount_yen), "unpaid": format_yen(unpaid.get(item.person_id, 0))},
                field="set_offs",
            )
    # unpaid_capital_by_person only holds this coop's people, so another coop's person fails above.
    entries = [
        CapitalEntry(
            kind=EntryKind.DIVIDEND_SET_OFF,
            person_id=item.person_id,
            paid_yen=item.amount_yen,
            effective_on=effective_on,
            actor_id=_actor_id(actor),
            reference=appropriation_ref,
        )
        for item in set_offs
    ]
    saved = chain.append(entries)
    audit_record(
        actor=actor,
        action="capital.dividend.set_off",
        coop_id=coop.pk,
        data={
            "appropriation_ref": appropriation_ref,
            "members": len(saved),
            "total_yen": sum(item.amount_yen for item in set_offs),
        },
    )
    return saved


def _check_reserve_fund_covers_loss(draw_yen: int, coop: Coop, covers_loss_of: Appropriation | None) -> str:
    """Art 76(3): a draw on the reserve fund covers a loss the general meeting knows of; its reference."""
    if covers_loss_of is None:
        raise TomoniError(
            _(
                "The reserve fund may be drawn on only to cover a loss (Art 76(3)): "
                "name the fiscal year whose loss it covers."
            ),
            field="postings",
        )
    if covers_loss_of.coop_id != coop.pk or covers_loss_of.status not in (
        AppropriationStatus.APPROVED,
        AppropriationStatus.POSTED,
    ):
        raise TomoniError(
            _("The loss a draw on the reserve fund covers is one the general meeting approved (Art 76(3))."),
            field="postings",
        )
    loss_yen = covers_loss_of.carried_loss_after_yen
    drawn_yen = reserve_fund_drawn_for(coop=coop, fiscal_year=covers_loss_of.fiscal_year)
    if not rules.reserve_fund_draw_allowed(draw_yen=draw_yen, loss_yen=loss_yen, drawn_yen=drawn_yen):
        raise TomoniError(
            _(
                "A draw of %(amount)s on the reserve fund is more than the %(left)s of the losses of fiscal year "
                "%(year)s still to cover; the reserve fund is used only to cover losses (Art 76(3))."
            )
            % {
                "amount": format_yen(draw_yen),
                "left": format_yen(max(0, loss_yen - drawn_yen)),
                "year": covers_loss_of.fiscal_year,
            },
            field="postings",
        )
    return reserve_fund_loss_reference(fiscal_year=covers_loss_of.fiscal_year)


def _check_reserve_draw(changes: dict[str, int], coop: Coop, day: dt.date) -> None:
    balances = reserve_balances(coop=coop, as_of=dt.date.max)
    for kind, change in changes.items():
        if balances.get(kind, 0) + change < 0:
            raise TomoniError(
                _("The %(reserve)s would fall below zero.") % {"reserve": ReserveKind(kind).label},
                field="postings",
            )


@transaction.atomic
def capital_reserve_post(
    *,
    actor: User | None,
    coop: Coop,
    postings: Sequence[ReservePosting],
    effective_on: dt.date,
    memo: str = "",
    reference: str = "",
    covers_loss_of: Appropriation | None = None,
) -> list[CapitalEntry]:
    """Post amounts to the coop's reserves (Art 76): reserve fund, job-creation reserve, education carry-forward.

    A draw on the reserve fund (a negative amount) names the approved appropriation whose losses still
    carried forward it covers, and is at most what earlier draws left of them (Art 76(3)).
    """
    _require_officer(actor, coop)
    chain = _Chain(coop)
    totals: dict[str, int] = {}
    for posting in postings:
        if posting.reserve_kind not in ReserveKind.values:
            raise TomoniError(_("Choose one of the options offered."), field="postings")
        if posting.amount_yen == 0:
            raise TomoniError(_("A reserve posting needs an amount other than zero."), field="postings")
        totals[posting.reserve_kind] = totals.get(posting.reserve_kind, 0) + posting.amount_yen
    reserve_fund_draws = [p for p in postings if p.reserve_kind == ReserveKind.RESERVE_FUND and p.amount_yen < 0]
    if reserve_fund_draws:
        if len(postings) != len(reserve_fund_draws):
            raise TomoniError(_("A draw on the reserve fund to cover a loss is posted on its own."), field="postings")
        reference = _check_reserve_fund_covers_loss(
            -sum(p.amount_yen for p in reserve_fund_draws), coop, covers_loss_of
        )
    _check_reserve_draw(totals, coop, effective_on)
    entries = [
        CapitalEntry(
            kind=EntryKind.RESERVE,
            reserve_kind=posting.reserve_kind,
            reserve_yen=posting.amount_yen,
            effective_on=effective_on,
            actor_id=_actor_id(actor),
            memo=memo,
            reference=reference,
        )
        for posting in postings
    ]
    saved = chain.append(entries)
    audit_record(
        actor=actor,
        action="capital.reserve.posted",
        coop_id=coop.pk,
        data={
            "reference": reference,
            "postings": {kind: amount for kind, amount in totals.items()},
            **({"covers_loss_of": covers_loss_of.fiscal_year} if reserve_fund_draws and covers_loss_of else {}),
        },
    )
    return saved


# Bulk: opening balances (import, replica) -----------------------------------------------------------


@transaction.atomic
def capital_opening_balances_load(
    *, actor: User | None, coop: Coop, balances: Iterable[OpeningBalance], source: str
) -> int:
    """Record members' opening capital in bulk (subscription, then the part paid): one audit event.

    The rows are checked before anything is written: members of the coop, shares at least the
    minimum, paid within the subscription, and the Art 9 cap over the whole resulting register.
    """
    _require_officer(actor, coop)
    rows = list(balances)
    chain = _Chain(coop)
    settings = capital_settings_of(coop=coop)
    people = set(Person.objects.filter(coop=coop, pk__in=[row.person_id for row in rows]).values_list("pk", flat=True))
    entries: list[CapitalEntry] = []
    actor_id = _actor_id(actor)
    for row in rows:
        if row.person_id not in people:
            raise TomoniError(_("A row names a person of another coop."), field="person")
        if row.shares < settings.minimum_shares or row.paid_yen < 0:
            raise TomoniError(_("Each row needs the minimum shares and a paid amount of zero or more."))
        subscribed = row.shares * settings.share_value_yen
        later = sum(amount for _day, amount, _method in row.instalments)
        if row.paid_yen + later > subscribed:
            raise TomoniError(_("A row pays more than its subscribed capital."), field="paid_yen")
        if any(
            amount <= 0 or day < row.effective_on or method not in PaymentMethod.values
            for day, amount, method in row.instalments
        ):
            raise TomoniError(_("Each later payment needs a positive amount, a method and a day after the first."))
        entries.append(
            CapitalEntry(
                kind=EntryKind.SUBSCRIPTION,
                person_id=row.person_id,
                shares=row.shares,
                subscribed_yen=subscribed,
                effective_on=row.effective_on,
                actor_id=actor_id,
                memo=row.memo,
                reference=source,
            )
        )
        if row.paid_yen:
            entries.append(
                CapitalEntry(
                    kind=EntryKind.PAYMENT,
                    person_id=row.person_id,
                    paid_yen=row.paid_yen,
                    payment_method=row.payment_method,
                    effective_on=row.effective_on,
                    actor_id=actor_id,
                    memo=row.memo,
                    reference=source,
                )
            )
        entries.extend(
            CapitalEntry(
                kind=EntryKind.PAYMENT,
                person_id=row.person_id,
                paid_yen=amount,
                payment_method=method,
                effective_on=day,
                actor_id=actor_id,
                reference=source,
            )
            for day, amount, method in row.instalments
        )
    _check_register_cap(coop, settings, rows)
    chain.append(entries)
    audit_record(
        actor=actor,
        action="capital.opening_balances.loaded",
        coop_id=coop.pk,
        data={"source": source, "members": len(rows), "entries": len(entries)},
    )
    return len(entries)


def _check_register_cap(coop: Coop, settings: CapitalSettings, rows: Sequence[OpeningBalance]) -> None:
    """Art 9 over the register the rows would leave: nobody above the cap of all shares."""
    from tomoni.capital.ledger.selectors import shares_by_person

    if not rows:
        return
    day = max(row.effective_on for row in rows)
    held = shares_by_person(coop=coop, as_of=day)
    for row in rows:
        held[row.person_id] = held.get(row.person_id, 0) + row.shares
    total = sum(held.values())
    members = max(member_count_on(coop=coop, day=day), len(held))
    for person_id, shares in held.items():
        # The shares every member must hold are never refused (as with a subscription).
        if shares > settings.minimum_shares and not rules.within_cap(
            holding_after=shares,
            total_shares_after=total,
            member_count=members,
            cap_percent=settings.share_cap_percent,
            exception_percent=settings.share_cap_exception_percent,
            no_cap_up_to_members=settings.no_cap_up_to_members,
            general_meeting_approved=False,
        ):
            raise TomoniError(
                _("Member %(person)s would hold %(shares)s of %(total)s shares, more than the cap (Art 9).")
                % {"person": person_id, "shares": shares, "total": total},
                field="shares",
            )


def _actor_id(actor: User | None) -> int | None:
    return actor.pk if actor is not None and actor.is_authenticated else None


# --- Appropriation (剰余金処分) and the work-engaged dividend (CAP-APPROP) ------------------------------
#
# draft → proposed → approved (by the general meeting) → posted. While a draft (or a proposal not yet
# approved) the officers may revise it; once approved only posting remains, and once posted nothing
# changes: the reserves are on the ledger, the unpaid capital set off, the payment list fixed.

APPROPRIATION_AMOUNT_FIELDS = ("reserve_fund_yen", "job_creation_yen", "education_yen", "dividend_pool_yen")


def _ratio_text(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def appropriation_ratios(settings: CapitalSettings) -> rules.AppropriationRatios:
    """The articles' ratios of Art 76 from the coop's capital settings."""
    try:
        return rules.AppropriationRatios(
            reserve_target=Fraction(settings.reserve_target_numerator, settings.reserve_target_denominator),
            reserve_fund_min=Fraction(settings.reserve_fund_min_numerator, settings.reserve_fund_min_denominator),
            job_creation_min=Fraction(settings.job_creation_min_numerator, settings.job_creation_min_denominator),
            education_min=Fraction(settings.education_min_numerator, settings.education_min_denominator),
        )
    except ValueError as error:
        raise TomoniError(
            _("The coop's capital settings set a ratio of Art 76 below the Act's; correct them first.")
        ) from error


def article_text(article: str) -> str:
    """An article of the Act as people cite it: "76(1)" → "Art 76(1)" (第76条第1項 in Japanese)."""
    number, _sep, paragraph = article.partition("(")
    if paragraph:
        return _("Art %(article)s(%(paragraph)s)") % {"article": number, "paragraph": paragraph.rstrip(")")}
    return _("Art %(article)s") % {"article": number}


def _refusal_message(refused: rules.AppropriationRefused) -> str:
    """The person's words for a refusal of the rules, naming the article."""
    labels = {
        "reserve_fund_yen": _("The reserve fund"),
        "job_creation_yen": _("The job-creation reserve"),
        "education_yen": _("The education carry-forward"),
        "dividend_pool_yen": _("The work-engaged dividend"),
    }
    what = labels[refused.field]
    if refused.code == "below_minimum":
        return _("%(what)s must be at least %(minimum)s under %(article)s of the Worker Cooperatives Act.") % {
            "what": what,
            "minimum": format_yen(refused.minimum_yen),
            "article": article_text(refused.article),
        }
    if refused.code == "over_surplus":
        return _(
            "The amounts add up to more than the %(available)s of surplus left after covering losses "
            "(Art 77(1) of the Worker Cooperatives Act)."
        ) % {"available": format_yen(refused.available_yen)}
    return _("%(what)s cannot be negative.") % {"what": what}


def _check_weights(weights: Mapping[str, Any]) -> dict[str, int]:
    """The articles' weights: a whole number from 0 to 100 for each kind of membership."""
    cleaned = default_dividend_weights()
    for kind, weight in weights.items():
        if kind not in MembershipKind.values:
            raise TomoniError(_("Choose one of the options offered."), field="dividend_weights")
        if isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight <= 100:
            raise TomoniError(
                _("A weight is a whole number from 0 to 100 for each kind of membership."), field="dividend_weights"
            )
        cleaned[kind] = weight
    return cleaned


def _compute(
    appropriation: Appropriation,
    *,
    amounts: Mapping[str, int] | None,
    lift_to_minimums: bool = False,
) -> None:
    """Fill the minimums and the checked amounts of an appropriation from its inputs and the coop's articles.

    With `lift_to_minimums`, a reserve below its (new) minimum is raised to it rather than refused.
    """
    ratios = appropriation_ratios(capital_settings_of(coop=appropriation.coop))
    inputs = rules.AppropriationInputs(
        surplus_yen=appropriation.surplus_yen,
        carried_loss_yen=appropriation.carried_loss_yen,
        reserve_balance_yen=appropriation.reserve_balance_yen,
        total_capital_yen=appropriation.total_capital_yen,
    )
    minimums = rules.appropriation_minimums(inputs, ratios)
    default = rules.appropriation_default(minimums)
    proposal = rules.AppropriationProposal(
        **{name: int((amounts or {}).get(name, getattr(default, name))) for name in APPROPRIATION_AMOUNT_FIELDS}
    )
    if lift_to_minimums:
        proposal = rules.AppropriationProposal(
            reserve_fund_yen=max(proposal.reserve_fund_yen, minimums.reserve_fund_min_yen),
            job_creation_yen=max(proposal.job_creation_yen, minimums.job_creation_min_yen),
            education_yen=max(proposal.education_yen, minimums.education_min_yen),
            dividend_pool_yen=proposal.dividend_pool_yen,
        )
    try:
        result = rules.appropriation_check(minimums, proposal)
    except rules.AppropriationRefused as refused:
        raise TomoniError(_refusal_message(refused), field=refused.field) from refused
    appropriation.reserve_target_ratio = _ratio_text(ratios.reserve_target)
    appropriation.reserve_fund_ratio = _ratio_text(ratios.reserve_fund_min)
    appropriation.job_creation_ratio = _ratio_text(ratios.job_creation_min)
    appropriation.education_ratio = _ratio_text(ratios.education_min)
    for name in (
        "loss_covered_yen",
        "carried_loss_after_yen",
        "surplus_after_losses_yen",
        "reserve_target_yen",
        "reserve_fund_min_yen",
        "job_creation_min_yen",
        "education_min_yen",
    ):
        setattr(appropriation, name, getattr(minimums, name))
    for name in (*APPROPRIATION_AMOUNT_FIELDS, "carried_forward_yen"):
        setattr(appropriation, name, getattr(result, name))
    _count_work(appropriation)


def _count_work(appropriation: Appropriation) -> None:
    """Count the members' work of the year; refuse a year without work records, or a pool without work."""
    minutes = member_minutes_in_year(coop=appropriation.coop, fiscal_year=appropriation.fiscal_year)
    if not minutes and not work_records_in_year(coop=appropriation.coop, fiscal_year=appropriation.fiscal_year):
        raise TomoniError(
            _(
                "There are no work records for fiscal year %(year)s: record the year's work before drafting "
                "its appropriation, since the dividend is shared by work (Art 77(2))."
            )
            % {"year": appropriation.fiscal_year},
            field="fiscal_year",
        )
    weights = appropriation.dividend_weights
    if all(int(weight) > 0 for weight in weights.values()):
        units = sum(minutes.values())  # every minute counts: no need to read the members' kinds
    else:
        members = members_of_year(
            coop=appropriation.coop, person_ids=minutes.keys(), fiscal_year=appropriation.fiscal_year
        )
        units = sum(worked * int(weights.get(members[pid].kind, 1)) for pid, worked in minutes.items())
    if appropriation.dividend_pool_yen and not units:
        raise TomoniError(
            _("No member's work counts towards a dividend this year, so the dividend must be zero (Art 77(2))."),
            field="dividend_pool_yen",
        )
    appropriation.total_minutes = sum(minutes.values())
    appropriation.members_with_work = len(minutes)


def _appropriation_data(appropriation: Appropriation) -> dict[str, Any]:
    return {
        "fiscal_year": appropriation.fiscal_year,
        "status": appropriation.status,
        **{
            name: getattr(appropriation, name)
            for name in (
                "surplus_yen",
                "carried_loss_yen",
                "reserve_balance_yen",
                "total_capital_yen",
                *APPROPRIATION_AMOUNT_FIELDS,
                "carried_forward_yen",
            )
        },
    }


def appropriation_defaults(*, coop: Coop, fiscal_year: int) -> dict[str, int]:
    """The ledger's figures at the year end, to prefill a draft: reserve fund balance and total capital."""
    _start, end = fiscal_year_bounds(fiscal_year)
    totals = coop_capital_totals(coop=coop, as_of=end)
    return {
        "reserve_balance_yen": int(totals.reserves.get(ReserveKind.RESERVE_FUND, 0)),
        # Total capital (出資総額): the value of all shares subscribed at the year end.
        "total_capital_yen": int(totals.subscribed_yen),
    }


@transaction.atomic
def appropriation_draft(
    *,
    actor: User | None,
    coop: Coop,
    fiscal_year: int,
    surplus_yen: int,
    carried_loss_yen: int = 0,
    reserve_balance_yen: int | None = None,
    total_capital_yen: int | None = None,
    amounts: Mapping[str, int] | None = None,
    dividend_weights: Mapping[str, Any] | None = None,
    set_off_unpaid_capital: bool = True,
    notes: str = "",
) -> Appropriation:
    """Draft a fiscal year's appropriation from its surplus: losses covered, minimums, and a first split."""
    _require_officer(actor, coop)
    if fiscal_year < 1900 or fiscal_year > fiscal_year_of(clock.today()):
        raise TomoniError(_("Choose a fiscal year that has ended or is under way."), field="fiscal_year")
    if Appropriation.objects.filter(coop=coop, fiscal_year=fiscal_year).exists():
        raise TomoniError(
            _("Fiscal year %(year)s already has an appropriation: revise it instead.") % {"year": fiscal_year},
            field="fiscal_year",
        )
    defaults = appropriation_defaults(coop=coop, fiscal_year=fiscal_year)
    appropriation = Appropriation(
        coop=coop,
        fiscal_year=fiscal_year,
        surplus_yen=surplus_yen,
        carried_loss_yen=carried_loss_yen,
        reserve_balance_yen=defaults["reserve_balance_yen"] if reserve_balance_yen is None else reserve_balance_yen,
        total_capital_yen=defaults["total_capital_yen"] if total_capital_yen is None else total_capital_yen,
        dividend_weights=_check_weights(dividend_weights or {}),
        set_off_unpaid_capital=set_off_unpaid_capital,
        notes=notes,
    )
    _check_inputs(appropriation)
    _compute(appropriation, amounts=amounts)
    appropriation.save()
    audit_record(
        actor=actor,
        action="capital.appropriation.drafted",
        coop_id=coop.pk,
        target=appropriation,
        data=_appropriation_data(appropriation),
    )
    return appropriation


def _check_inputs(appropriation: Appropriation) -> None:
    for name in ("carried_loss_yen", "reserve_balance_yen", "total_capital_yen"):
        if getattr(appropriation, name) < 0:
            raise TomoniError(_("Enter zero or a whole number of yen greater than zero."), field=name)


def _locked(appropriation: Appropriation) -> Appropriation:
    """The appropriation row, locked for this transaction, so two requests cannot move it at once."""
    locked = Appropriation.objects.select_for_update().get(pk=appropriation.pk)
    locked.coop = appropriation.coop
    return locked


REVISABLE_FIELDS = frozenset(
    {
        "surplus_yen",
        "carried_loss_yen",
        "reserve_balance_yen",
        "total_capital_yen",
        "dividend_weights",
        "set_off_unpaid_capital",
        "notes",
    }
)


@transaction.atomic
def appropriation_revise(
    *, actor: User | None, appropriation: Appropriation, amounts: Mapping[str, int] | None = None, **fields: Any
) -> Appropriation:
    """Change a draft's inputs or amounts (a proposal not yet approved goes back to draft)."""
    _require_officer(actor, appropriation.coop)
    appropriation = _locked(appropriation)
    if appropriation.status not in (AppropriationStatus.DRAFT, AppropriationStatus.PROPOSED):
        raise TomoniError(_("An approved or posted appropriation cannot be revised."))
    unknown = set(fields) - REVISABLE_FIELDS
    if unknown:
        raise TypeError(f"unknown appropriation fields: {sorted(unknown)}")
    if "dividend_weights" in fields:
        fields["dividend_weights"] = _check_weights(fields["dividend_weights"] or {})
    for name, value in fields.items():
        setattr(appropriation, name, value)
    _check_inputs(appropriation)
    current = {name: getattr(appropriation, name) for name in APPROPRIATION_AMOUNT_FIELDS}
    # New inputs recompute the minimums. Without new amounts the old ones stay, each reserve raised to its
    # new minimum; if they no longer fit the surplus, the draft starts again from the minimums with the
    # rest as the dividend. Amounts given are checked as given.
    if amounts is None:
        try:
            _compute(appropriation, amounts=current, lift_to_minimums=True)
        except TomoniError:
            _compute(appropriation, amounts=None)
    else:
        _compute(appropriation, amounts={**current, **amounts})
    appropriation.status = AppropriationStatus.DRAFT
    appropriation.proposed_at = None
    appropriation.motion_id = None
    appropriation.save()
    audit_record(
        actor=actor,
        action="capital.appropriation.revised",
        coop_id=appropriation.coop_id,
        target=appropriation,
        data=_appropriation_data(appropriation),
    )
    return appropriation


@transaction.atomic
def appropriation_propose(*, actor: User | None, appropriation: Appropriation) -> Appropriation:
    """Make the draft the officers' proposal to the general meeting (剰余金処分案)."""
    _require_officer(actor, appropriation.coop)
    appropriation = _locked(appropriation)
    if appropriation.status != AppropriationStatus.DRAFT:
        raise TomoniError(_("Only a draft can be proposed."))
    _compute(appropriation, amounts={name: getattr(appropriation, name) for name in APPROPRIATION_AMOUNT_FIELDS})
    appropriation.status = AppropriationStatus.PROPOSED
    appropriation.proposed_at = clock.now()
    appropriation.save()
    audit_record(
        actor=actor,
        action="capital.appropriation.proposed",
        coop_id=appropriation.coop_id,
        target=appropriation,
        data=_appropriation_data(appropriation),
    )
    return appropriation


@transaction.atomic
def appropriation_approve(
    *, actor: User | None, appropriation: Appropriation, meeting_held_on: dt.date, minutes_reference: str
) -> Appropriation:
    """Record the general meeting's approval of the proposal: the day it met and where its minutes are."""
    _require_officer(actor, appropriation.coop)
    appropriation = _locked(appropriation)
    if appropriation.status != AppropriationStatus.PROPOSED:
        raise TomoniError(_("Only a proposal put to the general meeting can be approved."))
    _start, year_end = fiscal_year_bounds(appropriation.fiscal_year)
    if meeting_held_on <= year_end or meeting_held_on > clock.today():
        raise TomoniError(
            _("The general meeting that approves it meets after the fiscal year ends (%(end)s) and not in the future.")
            % {"end": year_end.isoformat()},
            field="meeting_held_on",
        )
    minutes_reference = minutes_reference.strip()
    if not minutes_reference:
        raise TomoniError(_("Say where the general meeting's minutes record the approval."), field="minutes_reference")
    appropriation.status = AppropriationStatus.APPROVED
    appropriation.meeting_held_on = meeting_held_on
    appropriation.minutes_reference = minutes_reference
    appropriation.approved_at = clock.now()
    appropriation.save()
    audit_record(
        actor=actor,
        action="capital.appropriation.approved",
        coop_id=appropriation.coop_id,
        target=appropriation,
        data={
            "fiscal_year": appropriation.fiscal_year,
            "meeting_held_on": meeting_held_on.isoformat(),
            "minutes_reference": minutes_reference,
        },
    )
    return appropriation


@transaction.atomic
def appropriation_post(*, actor: User | None, appropriation: Appropriation) -> Appropriation:
    """Post an approved appropriation: reserves to the ledger, unpaid capital set off (Art 78), payment list fixed."""
    _require_officer(actor, appropriation.coop)
    appropriation = _locked(appropriation)
    if appropriation.status == AppropriationStatus.POSTED:
        raise TomoniError(_("This appropriation is already posted; it cannot be posted twice."))
    if appropriation.status != AppropriationStatus.APPROVED:
        raise TomoniError(_("Only an appropriation the general meeting approved can be posted."))
    coop = appropriation.coop
    assert appropriation.meeting_held_on is not None  # approved: the constraint guarantees it
    effective_on = appropriation.meeting_held_on
    plan = dividend_plan(
        coop=coop,
        fiscal_year=appropriation.fiscal_year,
        pool_yen=appropriation.dividend_pool_yen,
        weights=appropriation.dividend_weights,
        set_off=appropriation.set_off_unpaid_capital,
        as_of=effective_on,
    )
    if plan.total_minutes != appropriation.total_minutes or plan.members_with_work != appropriation.members_with_work:
        raise TomoniError(
            _(
                "The work records of fiscal year %(year)s changed after the proposal (%(then)s minutes by "
                "%(members)s members then, %(now)s now): revise the appropriation and put it to the general "
                "meeting again."
            )
            % {
                "year": appropriation.fiscal_year,
                "then": f"{appropriation.total_minutes:,}",
                "members": f"{appropriation.members_with_work:,}",
                "now": f"{plan.total_minutes:,}",
            }
        )
    reference = f"appropriation:{appropriation.fiscal_year}"
    postings = [
        ReservePosting(reserve_kind=kind, amount_yen=amount)
        for kind, amount in (
            (ReserveKind.RESERVE_FUND, appropriation.reserve_fund_yen),
            (ReserveKind.JOB_CREATION, appropriation.job_creation_yen),
            (ReserveKind.EDUCATION, appropriation.education_yen),
        )
        if amount
    ]
    if postings:
        capital_reserve_post(
            actor=actor,
            coop=coop,
            postings=postings,
            effective_on=effective_on,
            memo=_("Appropriation of the surplus of fiscal year %(year)s") % {"year": appropriation.fiscal_year},
            reference=reference,
        )
    set_offs = [SetOff(person_id=p.person_id, amount_yen=p.set_off_yen) for p in plan.parts if p.set_off_yen > 0]
    entries = (
        capital_dividend_set_off(
            actor=actor, coop=coop, set_offs=set_offs, effective_on=effective_on, appropriation_ref=reference
        )
        if set_offs
        else []
    )
    entry_of = {entry.person_id: entry.pk for entry in entries}
    lines = [
        DividendLine(
            coop=coop,
            appropriation=appropriation,
            person_id=part.person_id,
            member_number=part.member_number,
            name=plan.members[part.person_id].name[:101],
            name_kana=plan.members[part.person_id].name_kana[:101],
            worked_minutes=part.minutes,
            weight=part.weight,
            dividend_yen=part.dividend_yen,
            set_off_yen=part.set_off_yen,
            payable_yen=part.payable_yen,
            set_off_entry_id=entry_of.get(part.person_id),
        )
        for part in plan.parts
        if part.minutes > 0
    ]
    DividendLine.objects.bulk_create(lines, batch_size=BULK_BATCH)
    appropriation.status = AppropriationStatus.POSTED
    appropriation.posted_at = clock.now()
    appropriation.save()
    audit_record(
        actor=actor,
        action="capital.appropriation.posted",
        coop_id=coop.pk,
        target=appropriation,
        data={
            **_appropriation_data(appropriation),
            "dividend_lines": len(lines),
            "set_off_yen": sum(p.set_off_yen for p in plan.parts),
            "payable_yen": sum(p.payable_yen for p in plan.parts),
        },
    )
    return appropriation


def appropriation_motion_text(appropriation: Appropriation) -> tuple[str, str]:
    """The title and body of the motion that puts the appropriation to the general meeting (議案)."""
    title = _("Appropriation of the surplus of fiscal year %(year)s") % {"year": appropriation.fiscal_year}
    lines = [
        _("Surplus of the year: %(amount)s") % {"amount": format_yen(appropriation.surplus_yen)},
        _("Losses covered: %(amount)s") % {"amount": format_yen(appropriation.loss_covered_yen)},
        _("Reserve fund (Art 76(1)): %(amount)s") % {"amount": format_yen(appropriation.reserve_fund_yen)},
        _("Job-creation reserve (Art 76(4)): %(amount)s") % {"amount": format_yen(appropriation.job_creation_yen)},
        _("Education carry-forward (Art 76(5)): %(amount)s") % {"amount": format_yen(appropriation.education_yen)},
        _("Work-engaged dividend (Art 77(2)): %(amount)s") % {"amount": format_yen(appropriation.dividend_pool_yen)},
        _("Carried forward: %(amount)s") % {"amount": format_yen(appropriation.carried_forward_yen)},
    ]
    return title, "\n".join(lines)


# The proposal as a motion of the general meeting (governance) -------------------------------------------------


@transaction.atomic
def appropriation_motion_create(
    *,
    actor: User | None,
    appropriation: Appropriation,
    meeting: Meeting,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
) -> Motion:
    """Put the proposal on a general (or delegate) meeting as an appropriation motion (議案), through governance."""
    from tomoni.governance.models import MeetingKind, MotionKind
    from tomoni.governance.voting import services as governance

    _require_officer(actor, appropriation.coop)
    appropriation = _locked(appropriation)
    if appropriation.status != AppropriationStatus.PROPOSED:
        raise TomoniError(_("Propose the appropriation first; then put it to the general meeting."))
    if meeting.coop_id != appropriation.coop_id:
        raise TomoniError(_("The meeting belongs to another coop."), field="meeting")
    if meeting.kind not in (MeetingKind.GENERAL, MeetingKind.DELEGATE):
        raise TomoniError(
            _("The appropriation of surplus is decided by the general meeting (or the delegate meeting)."),
            field="meeting",
        )
    title, body = appropriation_motion_text(appropriation)
    motion = governance.motion_create(
        actor=actor,
        meeting=meeting,
        kind=MotionKind.APPROPRIATION,
        title=title,
        body=body,
        opens_at=opens_at,
        closes_at=closes_at,
    )
    appropriation.motion_id = motion.pk
    appropriation.save(update_fields=["motion_id", "updated_at"])
    audit_record(
        actor=actor,
        action="capital.appropriation.put_to_meeting",
        coop_id=appropriation.coop_id,
        target=appropriation,
        data={"fiscal_year": appropriation.fiscal_year, "meeting_id": meeting.pk, "motion_id": motion.pk},
    )
    return motion


@transaction.atomic
def appropriation_approve_from_motion(*, actor: User | None, appropriation: Appropriation) -> Appropriation:
    """Record the approval from the appropriation's motion once it is counted and passed."""
    from tomoni.governance.models import Motion as GovernanceMotion
    from tomoni.governance.models import MotionStatus

    _require_officer(actor, appropriation.coop)
    appropriation = _locked(appropriation)

    motion = (
        GovernanceMotion.objects.select_related("meeting")
        .filter(coop_id=appropriation.coop_id, pk=appropriation.motion_id)
        .first()
        if appropriation.motion_id is not None
        else None
    )
    if motion is None:
        raise TomoniError(_("The appropriation has not been put to a meeting as a motion."))
    if motion.status != MotionStatus.TALLIED or not motion.passed:
        raise TomoniError(_("The motion has not been passed: record the approval only once it has."))
    held_on = timezone.localdate(motion.meeting.starts_at)
    reference = _("%(meeting)s, motion “%(motion)s” (passed, %(for)s for, %(against)s against)") % {
        "meeting": motion.meeting.title,
        "motion": motion.title,
        "for": motion.for_count or 0,
        "against": motion.against_count or 0,
    }
    return appropriation_approve(
        actor=actor, appropriation=appropriation, meeting_held_on=held_on, minutes_reference=reference[:200]
    )
