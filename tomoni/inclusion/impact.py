"""Impact reports: how many people each programme brought along each step of the path into work.

Every report is one grouped query over the participants' milestone dates (plus one for the group
names), whatever the number of participants. Only people whose consent holds on the report day are
counted: for statistics in the coop's and federation's reports, for sharing with the funder in a
funder's report (APPI Art 27). Groups of fewer than five show "—" (rules.SMALL_GROUP).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy

from tomoni.core import clock
from tomoni.core.models import User
from tomoni.core.scopes import not_found, scope_for
from tomoni.federation.figures_hooks import Figure
from tomoni.federation.models import Centre, Coop, Federation
from tomoni.inclusion import rules
from tomoni.inclusion.access import reads_centre
from tomoni.inclusion.models import Cohort, ConsentPurpose, FundingAgreement, Participant, Programme
from tomoni.inclusion.selectors import has_consent_q

# The steps of the path, in order, with the condition a participant meets to count in each.
STEPS: tuple[tuple[str, Q], ...] = (
    ("referred", Q()),
    ("started", Q(started_on__isnull=False)),
    ("completed", Q(completed_on__isnull=False)),
    ("certified", Q(certified_on__isnull=False)),
    ("placed", Q(placed_on__isnull=False)),
    ("employed", Q(employed_on__isnull=False)),
    ("in_work_6m", Q(in_work_6m=True)),
    ("in_work_12m", Q(in_work_12m=True)),
    ("members", Q(member_on__isnull=False)),
)
STEP_NAMES = tuple(name for name, _q in STEPS)
# How each step is named in reports.
STEP_LABELS = {
    "referred": gettext_lazy("Referred"),
    "started": gettext_lazy("Started"),
    "completed": gettext_lazy("Completed"),
    "certified": gettext_lazy("Certified"),
    "placed": gettext_lazy("Placed"),
    "employed": gettext_lazy("Employed"),
    "in_work_6m": gettext_lazy("In work at 6 months"),
    "in_work_12m": gettext_lazy("In work at 12 months"),
    "members": gettext_lazy("Became members"),
}

# A group's key in the query, by dimension.
GROUP_FIELDS = {
    "cohort": "cohort_id",
    "programme": "programme_id",
    "centre": "centre_id",
    "coop": "coop_id",
    "agreement": "cohort__agreement_id",
}


@dataclass(frozen=True)
class ImpactRow:
    """One group's counts; `shown` gives what a report prints (a count, or "—" for a small group)."""

    key: int | None
    label: str
    counts: dict[str, int]

    def value(self, step: str) -> int | None:
        """The count, or None when the group or the cell is of fewer than five people."""
        if self.counts["referred"] < rules.SMALL_GROUP:
            return None
        return rules.suppressed(self.counts[step])

    def shown(self, step: str) -> str:
        value = self.value(step)
        return rules.SUPPRESSED if value is None else f"{value:,}"

    @property
    def cells(self) -> list[str]:
        return [self.shown(step) for step in STEP_NAMES]


@dataclass(frozen=True)
class Impact:
    title: str
    as_of: dt.date
    by: str
    rows: list[ImpactRow]
    total: ImpactRow


def _count(participants: QuerySet[Participant], group: str | None) -> list[dict[str, int]]:
    aggregates = {name: Count("pk", filter=q) if q else Count("pk") for name, q in STEPS}
    if group is None:
        return [{"key": 0, **participants.aggregate(**aggregates)}]
    rows = participants.values(group).annotate(**aggregates).order_by(group)
    return [{"key": row[group], **{name: row[name] for name in STEP_NAMES}} for row in rows]


def _consented(participants: QuerySet[Participant], purpose: str, as_of: dt.date) -> QuerySet[Participant]:
    return participants.filter(has_consent_q(purpose, as_of), referred_on__lte=as_of, person__isnull=False)


def _impact(
    participants: QuerySet[Participant],
    *,
    title: str,
    by: str,
    labels: dict[int, str],
    as_of: dt.date,
    purpose: str = ConsentPurpose.STATISTICS,
) -> Impact:
    counted = _consented(participants, purpose, as_of)
    rows = [
        ImpactRow(key=r["key"], label=labels.get(r["key"], "-"), counts={s: r[s] for s in STEP_NAMES})
        for r in _count(counted, GROUP_FIELDS[by])
    ]
    rows.sort(key=lambda row: row.label)
    total = {s: sum(row.counts[s] for row in rows) for s in STEP_NAMES}
    return Impact(title=title, as_of=as_of, by=by, rows=rows, total=ImpactRow(key=None, label="", counts=total))


def _labels(items: Iterable[tuple[int, str]]) -> dict[int, str]:
    return dict(items)


def coop_impact(*, user: User, coop: Coop, by: str = "programme", as_of: dt.date | None = None) -> Impact:
    """The coop's report by programme, centre or cohort, over the centres the user reads."""
    if by not in {"programme", "centre", "cohort"}:
        raise not_found()
    as_of = as_of or clock.today()
    scope = scope_for(user)
    if not (scope.reads_coop(coop.pk) or Centre.objects.filter(scope.centre_q(), coop=coop).exists()):
        raise not_found()
    participants = Participant.objects.filter(scope.centre_q(prefix="centre__"), coop=coop)
    named: dict[str, QuerySet[Programme] | QuerySet[Centre] | QuerySet[Cohort]] = {
        "programme": Programme.objects.filter(coop=coop),
        "centre": Centre.objects.filter(coop=coop),
        "cohort": Cohort.objects.filter(coop=coop),
    }
    labels = _labels(named[by].values_list("pk", "name"))
    return _impact(participants, title=coop.name, by=by, labels=labels, as_of=as_of)


def programme_impact(*, user: User, coop: Coop, programme_id: int, as_of: dt.date | None = None) -> Impact:
    """One programme's report by cohort."""
    from tomoni.inclusion.selectors import programme_get

    programme = programme_get(user=user, coop=coop, programme_id=programme_id)
    as_of = as_of or clock.today()
    scope = scope_for(user)
    participants = Participant.objects.filter(scope.centre_q(prefix="centre__"), coop=coop, programme=programme)
    labels = _labels(Cohort.objects.filter(coop=coop, programme=programme).values_list("pk", "name"))
    return _impact(participants, title=programme.name, by="cohort", labels=labels, as_of=as_of)


def staff_federation(*, user: User) -> Federation:
    """The federation whose work-integration figures a federation staff member reads (their first); else 404."""
    federation = Federation.objects.filter(pk__in=scope_for(user).federation_ids).order_by("pk").first()
    if federation is None:
        raise not_found()
    return federation


def federation_impact(*, user: User, federation: Federation, as_of: dt.date | None = None) -> Impact:
    """The federation's report by coop, for federation staff: counts only, small groups suppressed."""
    if federation.pk not in scope_for(user).federation_ids:
        raise not_found()
    as_of = as_of or clock.today()
    participants = Participant.objects.filter(coop__federation=federation)
    labels = _labels(Coop.objects.filter(federation=federation).values_list("pk", "name"))
    return _impact(participants, title=federation.name, by="coop", labels=labels, as_of=as_of)


def public_figures(federation: Federation, as_of: dt.date) -> tuple[Figure, ...]:
    """The federation's published work-integration figures: each step of the path over all its coops' programmes,
    of people consenting to statistics; a count of fewer than five shows "—" (never the count). Two queries."""
    participants = Participant.objects.filter(coop__federation=federation)
    total = _impact(participants, title=federation.name, by="coop", labels={}, as_of=as_of).total
    return tuple(Figure(key=step, label=str(STEP_LABELS[step]), value=total.value(step)) for step in STEP_NAMES)


# The funder's report ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    step: str
    target: int
    achieved: int | None  # None: fewer than five, suppressed


@dataclass(frozen=True)
class FunderReport:
    agreement: FundingAgreement
    impact: Impact
    targets: list[Target]


# What each target of an agreement counts.
TARGET_STEPS = (
    ("target_trained", "completed"),
    ("target_certified", "certified"),
    ("target_employed", "employed"),
    ("target_retained", "in_work_6m"),
)


def funder_report(*, user: User, coop: Coop, agreement_id: int, as_of: dt.date | None = None) -> FunderReport:
    """A funding agreement's report against its targets, by cohort: only people consenting to share with the funder.

    Read by the coop's officers and auditor and the managers of the programme's host centres.
    """
    agreement = (
        FundingAgreement.objects.filter(coop=coop, pk=agreement_id).select_related("programme", "funder").first()
    )
    if agreement is None:
        raise not_found()
    scope = scope_for(user)
    hosts = list(agreement.programme.centres.all())
    if not (scope.reads_coop(coop.pk) or any(reads_centre(scope, c) for c in hosts)):
        raise not_found()
    as_of = as_of or clock.today()
    participants = Participant.objects.filter(coop=coop, cohort__agreement=agreement)
    labels = _labels(Cohort.objects.filter(coop=coop, agreement=agreement).values_list("pk", "name"))
    impact = _impact(
        participants,
        title=f"{agreement.funder.name} / {agreement.programme.name}",
        by="cohort",
        labels=labels,
        as_of=as_of,
        purpose=ConsentPurpose.FUNDER,
    )
    targets = [
        Target(step=step, target=getattr(agreement, field), achieved=impact.total.value(step))
        for field, step in TARGET_STEPS
    ]
    return FunderReport(agreement=agreement, impact=impact, targets=targets)


def agreements_of(*, user: User, coop: Coop) -> list[FundingAgreement]:
    """The funding agreements of programmes hosted where the user reads."""
    from tomoni.inclusion.selectors import programmes_of

    programmes = programmes_of(user=user, coop=coop)
    return list(
        FundingAgreement.objects.filter(coop=coop, programme__in=programmes)
        .select_related("funder", "programme")
        .order_by("-starts_on")
    )
