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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from tomoni.capital import rules
from tomoni.capital.ledger.selectors import (
    capital_settings_of,
    holding_of,
    member_count_on,
    reserve_balances,
    reserve_fund_drawn_for,
    reserve_fund_loss_reference,
)
from tomoni.capital.models import (
    Appropriation,
    AppropriationStatus,
    CapitalChainHead,
    CapitalEntry,
    CapitalSettings,
    EntryKind,
    PaymentMethod,
    RefundPolicy,
    ReserveKind,
    WithdrawalNotice,
    WithdrawalStatus,
)
from tomoni.core import clock
from tomoni.core.audit import audit_record
from tomoni.core.errors import TomoniError
from tomoni.core.models import User
from tomoni.core.money import format_yen
from tomoni.core.scopes import scope_for
from tomoni.federation.models import Coop, open_on
from tomoni.members.models import Membership, Person
from tomoni.members.services import check_recorded_day

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
