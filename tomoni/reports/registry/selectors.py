"""Reads of the reports: the federation's figures, its overview, and a coop's profile, counted from
the registry and the member register as of a day. Aggregates only where the reader is not the coop's.

Reports sit above the registry (federation), the register (members) and the contexts, so they may
read all of them; nothing below imports a report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext as _

from tomoni.core.models import User
from tomoni.core.money import fiscal_year_of
from tomoni.core.scopes import scope_for
from tomoni.core.templatetags.tomoni import count, format_percent
from tomoni.federation import figures_hooks
from tomoni.federation.models import Centre, Coop, CoopKind, Federation, Region, open_on
from tomoni.federation.selectors import (
    FederationRelations,
    centre_get,
    coop_get,
    federation_default,
    federation_direct_coop,
    federation_relations,
)
from tomoni.members import rules
from tomoni.members.models import Membership, MembershipKind, OfficerRole, OfficerTerm, Person
from tomoni.members.rule_texts import RULE_TEXTS, RuleTexts
from tomoni.members.selectors import CentreSummary, ComplianceLine, centre_summary, coop_compliance


@dataclass(frozen=True)
class FederationFigures:
    """The figures a federation publishes (like the seed's profile), computed from records."""

    as_of: dt.date
    federation: Federation
    member_societies: int
    individual_members: int
    worker_members: int
    consumer_members: int
    cwc_regions: int
    cwc_centres: int
    cwc_members: int
    coops_by_kind: dict[str, int]
    members_by_kind: dict[str, int]
    # From the books (tomoni.operations): the fiscal year's business revenue; None without books.
    turnover_fiscal_year: int = 0
    turnover_yen: int | None = None
    cwc_turnover_yen: int | None = None
    # From work integration (tomoni.inclusion): people along the path into work; a value under 5 is None ("—").
    work_integration: tuple[figures_hooks.Figure, ...] = ()


def federation_figures(
    *, as_of: dt.date, federation: Federation | None = None, fiscal_year: int | None = None
) -> FederationFigures:
    """Public figures of a federation as of a date. Aggregates only: no personal data.

    Member societies are the member organisations not run directly by the federation: JWCU counts
    16 local worker coops, JOCCU, 5 affiliated organisations and 3 associated members (25), while
    CWC is under JWCU's direct control. Individual members are the members of every coop,
    including CWC.
    """
    federation = federation or federation_default()
    coops = Coop.objects.filter(federation=federation).filter(
        open_on(as_of, "joined_federation_on", "left_federation_on")
    )
    coops_by_kind = dict(coops.filter(directly_controlled=False).values_list("kind").annotate(n=Count("pk")).order_by())
    members = Membership.objects.filter(coop__in=coops).filter(open_on(as_of, "joined_on", "left_on"))
    members_by_kind = dict(members.values_list("kind").annotate(n=Count("pk")).order_by())
    direct = coops.filter(directly_controlled=True).order_by("pk").first()
    cwc_regions = cwc_centres = cwc_members = 0
    if direct is not None:
        cwc_regions = Region.objects.filter(coop=direct).filter(open_on(as_of, "opened_on", "closed_on")).count()
        cwc_centres = Centre.objects.filter(coop=direct).filter(open_on(as_of, "opened_on", "closed_on")).count()
        cwc_members = members.filter(coop=direct).count()
    year = fiscal_year if fiscal_year is not None else fiscal_year_of(as_of) - 1
    turnover = figures_hooks.turnover(federation, year)
    return FederationFigures(
        as_of=as_of,
        federation=federation,
        member_societies=sum(coops_by_kind.values()),
        individual_members=sum(members_by_kind.values()),
        worker_members=members_by_kind.get(MembershipKind.WORKER, 0),
        consumer_members=members_by_kind.get(MembershipKind.CONSUMER, 0),
        cwc_regions=cwc_regions,
        cwc_centres=cwc_centres,
        cwc_members=cwc_members,
        coops_by_kind={kind: coops_by_kind.get(kind, 0) for kind in CoopKind.values},
        members_by_kind={kind: members_by_kind.get(kind, 0) for kind in MembershipKind.values},
        turnover_fiscal_year=year,
        turnover_yen=turnover.total_yen if turnover else None,
        cwc_turnover_yen=turnover.direct_yen if turnover else None,
        work_integration=figures_hooks.work_integration(federation, as_of),
    )


def coop_aggregates(*, user: User, as_of: dt.date) -> list[dict[str, object]]:
    """For federation staff: each coop with its member and centre counts, never names."""
    scope = scope_for(user)
    if not scope.federation_ids:
        raise Http404
    members = Count(
        "membership",
        filter=Q(membership__joined_on__lte=as_of)
        & (Q(membership__left_on__isnull=True) | Q(membership__left_on__gt=as_of)),
    )
    return list(
        Coop.objects.filter(federation_id__in=scope.federation_ids)
        .annotate(member_count=members)
        .values("code", "name", "kind", "directly_controlled", "member_count")
        .order_by("code")
    )


@dataclass(frozen=True)
class CoopAggregate:
    """One coop seen by federation staff: counts only, never a person."""

    coop: Coop
    members_by_kind: dict[str, int]
    members: int
    regions: int
    centres: int


def federation_overview(*, user: User, as_of: dt.date) -> list[CoopAggregate]:
    """For federation staff: every coop of their federations with member, region and centre counts."""
    scope = scope_for(user)
    if not scope.federation_ids:
        raise Http404
    kinds = {kind: i for i, kind in enumerate(CoopKind.values)}
    coops = list(Coop.objects.filter(federation_id__in=scope.federation_ids).order_by("code"))
    coops.sort(key=lambda c: (not c.directly_controlled, kinds.get(c.kind, len(kinds))))
    ids = [c.pk for c in coops]
    members: dict[int, dict[str, int]] = {}
    for coop_id, kind, n in (
        Membership.objects.filter(coop_id__in=ids)
        .filter(open_on(as_of, "joined_on", "left_on"))
        .values_list("coop_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        members.setdefault(coop_id, {})[kind] = n
    regions = dict(
        Region.objects.filter(coop_id__in=ids)
        .filter(open_on(as_of, "opened_on", "closed_on"))
        .values_list("coop_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    centres = dict(
        Centre.objects.filter(coop_id__in=ids)
        .filter(open_on(as_of, "opened_on", "closed_on"))
        .values_list("coop_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        CoopAggregate(
            coop=coop,
            members_by_kind={kind: members.get(coop.pk, {}).get(kind, 0) for kind in MembershipKind.values},
            members=sum(members.get(coop.pk, {}).values()),
            regions=regions.get(coop.pk, 0),
            centres=centres.get(coop.pk, 0),
        )
        for coop in coops
    ]


@dataclass(frozen=True)
class RegionRow:
    region: Region | None  # None: centres reporting to no region
    centres: list[Centre]  # each annotated with member_count as of the date


@dataclass(frozen=True)
class CoopProfile:
    """What a coop's officers see on its page, as of a date."""

    coop: Coop
    as_of: dt.date
    regions: list[RegionRow]
    centres_open: int
    officers: list[OfficerTerm]
    members_by_kind: dict[str, int]
    members: int


OFFICER_ROLE_ORDER = {role: i for i, role in enumerate(OfficerRole.values)}


def coop_profile(*, coop: Coop, as_of: dt.date) -> CoopProfile:
    """Regions, centres (with member counts), current officers and members of a coop already reached
    by the caller (coop_get). A fixed number of queries, however many centres and members."""
    on = open_on(as_of, "memberships__joined_on", "memberships__left_on")
    centres = list(
        Centre.objects.filter(coop=coop)
        .filter(open_on(as_of, "opened_on", "closed_on"))
        .annotate(member_count=Count("memberships", filter=on))
        .only("code", "name", "region_id", "prefecture_code", "municipality", "opened_on", "closed_on")
        .order_by("code")
    )
    regions = list(Region.objects.filter(coop=coop).filter(open_on(as_of, "opened_on", "closed_on")).order_by("code"))
    by_region: dict[int | None, list[Centre]] = {}
    for centre in centres:
        by_region.setdefault(centre.region_id, []).append(centre)
    rows = [RegionRow(region=r, centres=by_region.get(r.pk, [])) for r in regions]
    known = {r.pk for r in regions}
    orphans = [c for rid, group in by_region.items() if rid not in known for c in group]
    if orphans:
        rows.append(RegionRow(region=None, centres=orphans))
    officers = list(
        OfficerTerm.objects.filter(coop=coop)
        .filter(open_on(as_of, "started_on", "ended_on"))
        .select_related("person")
        .order_by("person__family_name_kana", "person__given_name_kana", "pk")
    )
    officers.sort(key=lambda term: OFFICER_ROLE_ORDER.get(term.role, len(OFFICER_ROLE_ORDER)))
    by_kind = dict(
        Membership.objects.filter(coop=coop)
        .filter(open_on(as_of, "joined_on", "left_on"))
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    members_by_kind = {kind: by_kind.get(kind, 0) for kind in MembershipKind.values}
    return CoopProfile(
        coop=coop,
        as_of=as_of,
        regions=rows,
        centres_open=len(centres),
        officers=officers,
        members_by_kind=members_by_kind,
        members=sum(members_by_kind.values()),
    )


# Pages -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FiguresPage:
    """The published figures with the federation's relations and the coop it runs directly."""

    figures: FederationFigures
    relations: FederationRelations
    direct_coop: Coop | None


def figures_page(*, as_of: dt.date) -> FiguresPage:
    """Everything the public figures page shows, as of a day. Aggregates only: no personal data."""
    figures = federation_figures(as_of=as_of)
    return FiguresPage(
        figures=figures,
        relations=federation_relations(federation=figures.federation),
        direct_coop=federation_direct_coop(federation=figures.federation, as_of=as_of),
    )


@dataclass(frozen=True)
class CoopPage:
    coop: Coop
    profile: CoopProfile
    reads_audit_log: bool


def coop_page(*, user: User, code: str, as_of: dt.date) -> CoopPage:
    """A coop's page for its officers and auditors (404 for anyone else)."""
    coop = coop_get(user=user, code=code)
    return CoopPage(
        coop=coop,
        profile=coop_profile(coop=coop, as_of=as_of),
        reads_audit_log=coop.pk in scope_for(user).audit_coop_ids,
    )


@dataclass(frozen=True)
class ComplianceRow:
    """One rule of the Act as a person reads it."""

    code: str
    article: str
    title: str
    description: str
    figure: str
    threshold: str
    passed: bool
    concerns_heading: str
    concerns: list[Person]
    more: int


@dataclass(frozen=True)
class CompliancePage:
    coop: Coop
    rows: list[ComplianceRow]

    @property
    def passed(self) -> int:
        return sum(1 for r in self.rows if r.passed)


def _ratio_threshold(r: rules.RuleResult) -> str:
    """A ratio rule's threshold in words: "At least 4/5 (80%).", "More than 1/2 (50%).", "All of them (100%)."."""
    if not isinstance(r.threshold, Fraction):
        return str(r.threshold)
    if r.threshold == 1 and r.comparison == rules.AT_LEAST:
        return _("All of them (100%).")
    words = {
        rules.AT_LEAST: _("At least %(fraction)s (%(percent)s)."),
        rules.MORE_THAN: _("More than %(fraction)s (%(percent)s)."),
        rules.AT_MOST: _("At most %(fraction)s (%(percent)s)."),
    }
    fraction = f"{r.threshold.numerator}/{r.threshold.denominator}"
    return words[r.comparison] % {"fraction": fraction, "percent": format_percent(r.threshold, 0)}


def _threshold(r: rules.RuleResult, texts: RuleTexts | None) -> str:
    """The threshold in the rule's own words (a count, or "None of them."), else the ratio's."""
    if texts is None or texts.threshold is None:
        return _ratio_threshold(r)
    if callable(texts.threshold):
        t = int(r.threshold)
        return texts.threshold(t) % {"t": count(t)}
    return str(texts.threshold)


def compliance_row(line: ComplianceLine, *, delegate_meeting: bool) -> ComplianceRow:
    """One rule's result in words, from the table of texts beside the rules (members.rule_texts)."""
    r = line.result
    texts = RULE_TEXTS.get(r.code)  # None: a rule added to rules.py before its words were written
    values = {"n": count(r.numerator), "d": count(r.denominator), "percent": format_percent(r.ratio)}
    figure = texts.figure(r.numerator, r.denominator, delegate_meeting) if texts else _("%(n)s of %(d)s.")
    return ComplianceRow(
        code=r.code,
        article=r.article,
        title=str(texts.title) if texts else r.code,
        description=str(texts.description) if texts else "",
        figure=figure % values,
        threshold=_threshold(r, texts),
        passed=r.passed,
        concerns_heading=str(texts.concerns) if texts and texts.concerns else _("Whom it concerns"),
        concerns=line.concerns,
        more=max(0, line.concerns_total - len(line.concerns)),
    )


def compliance_page(*, user: User, code: str, as_of: dt.date) -> CompliancePage:
    """How a coop the user reads as a whole stands with the Act as of a day, rule by rule (else 404)."""
    coop = coop_get(user=user, code=code)
    lines = coop_compliance(coop=coop, as_of=as_of)
    return CompliancePage(
        coop=coop, rows=[compliance_row(line, delegate_meeting=coop.delegate_meeting) for line in lines]
    )


@dataclass(frozen=True)
class MemberRow:
    membership: Membership
    minutes: int
    officer_roles: list[str]


@dataclass(frozen=True)
class CentrePage:
    centre: Centre
    summary: CentreSummary
    members: list[MemberRow]
    can_see_coop: bool


def centre_page(*, user: User, coop_code: str, centre_code: str, as_of: dt.date) -> CentrePage:
    """A centre's members with their hours of the month, officers and contracts (404 outside the grants)."""
    centre = centre_get(user=user, coop_code=coop_code, centre_code=centre_code)
    summary = centre_summary(centre=centre, as_of=as_of)
    roles: dict[int, list[str]] = {}
    for term in summary.officers:
        roles.setdefault(term.person_id, []).append(term.get_role_display())
    members = [
        MemberRow(
            membership=m,
            minutes=summary.minutes_this_month.get(m.person_id, 0),
            officer_roles=roles.get(m.person_id, []),
        )
        for m in summary.members
    ]
    return CentrePage(
        centre=centre, summary=summary, members=members, can_see_coop=scope_for(user).reads_coop(centre.coop_id)
    )
