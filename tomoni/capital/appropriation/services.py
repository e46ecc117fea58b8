"""Writes of the year-end appropriation of surplus (剰余金処分) and the work-engaged dividend (CAP-APPROP).

draft → proposed → approved (by the general meeting) → posted; each write one transaction with one audit
event, permission checked. Posting goes through the ledger's own services (tomoni.capital.ledger.services:
`capital_reserve_post`, `capital_dividend_set_off`), whose contract is written at the top of that module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tomoni.capital import rules
from tomoni.capital.appropriation.selectors import (
    dividend_plan,
    member_minutes_in_year,
    members_of_year,
    work_records_in_year,
)
from tomoni.capital.ledger.selectors import capital_settings_of, coop_capital_totals
from tomoni.capital.ledger.services import (
    BULK_BATCH,
    ReservePosting,
    SetOff,
    _require_officer,
    capital_dividend_set_off,
    capital_reserve_post,
)
from tomoni.capital.models import (
    Appropriation,
    AppropriationStatus,
    CapitalSettings,
    DividendLine,
    ReserveKind,
    default_dividend_weights,
)
from tomoni.core import clock
from tomoni.core.audit import audit_record
from tomoni.core.errors import TomoniError
from tomoni.core.models import User
from tomoni.core.money import fiscal_year_bounds, fiscal_year_of, format_yen
from tomoni.federation.models import Coop
from tomoni.members.models import MembershipKind

if TYPE_CHECKING:
    from tomoni.governance.models import Meeting, Motion


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
