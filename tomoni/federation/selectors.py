"""Reads of the registry, scoped to the asking user. Outside their grants an object is a 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from tomoni.core.models import User
from tomoni.core.money import fiscal_year_of
from tomoni.core.scopes import Nodes, scope_for
from tomoni.federation import figures_hooks
from tomoni.federation.models import (
    BusinessLine,
    Centre,
    Coop,
    CoopKind,
    Federation,
    Partnership,
    PartnershipScope,
    Region,
    RelatedInstitution,
    open_on,
)
from tomoni.members.models import Membership, MembershipKind, OfficerRole, OfficerTerm


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
    # From the books (tomoni.operations, through figures_hooks): the fiscal year's business revenue; None without books.
    turnover_fiscal_year: int = 0
    turnover_yen: int | None = None
    cwc_turnover_yen: int | None = None


def federation_default() -> Federation:
    federation = Federation.objects.order_by("pk").first()
    if federation is None:
        raise Http404
    return federation


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
        **_turnover(federation, fiscal_year if fiscal_year is not None else fiscal_year_of(as_of) - 1),
    )


def _turnover(federation: Federation, fiscal_year: int) -> dict[str, Any]:
    found = figures_hooks.turnover(federation, fiscal_year)
    return {
        "turnover_fiscal_year": fiscal_year,
        "turnover_yen": found.total_yen if found else None,
        "cwc_turnover_yen": found.direct_yen if found else None,
    }


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


def coops_visible(*, user: User) -> QuerySet[Coop]:
    """Coops whose register the user reads (officers and auditors of the coop)."""
    scope = scope_for(user)
    return Coop.objects.filter(pk__in=scope.read.coop_ids)


def coop_get(*, user: User, code: str) -> Coop:
    """The coop with this code, if the user holds a coop-level grant on it; else 404."""
    coop = Coop.objects.filter(code=code).first()
    if coop is None or not scope_for(user).reads_coop(coop.pk):
        raise Http404
    return coop


def centres_visible(*, user: User, coop: Coop | None = None) -> QuerySet[Centre]:
    scope = scope_for(user)
    centres = Centre.objects.filter(scope.centre_q()).select_related("coop", "region")
    return centres.filter(coop=coop) if coop is not None else centres


def centre_get(*, user: User, coop_code: str, centre_code: str) -> Centre:
    """A centre the user's grants reach (coop, its region, or the centre itself); else 404."""
    centre = (
        Centre.objects.select_related("coop", "region")
        .prefetch_related("business_lines")
        .filter(coop__code=coop_code, code=centre_code)
        .first()
    )
    if centre is None or not scope_for(user).reads_centre(
        coop_id=centre.coop_id, region_id=centre.region_id, centre_id=centre.pk
    ):
        raise Http404
    return centre


# Pages ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NavPlaces:
    """Where the main navigation can take a signed-in user."""

    federation: bool
    coops: list[Coop]
    centres: list[Centre]
    more_centres: int


NAV_CENTRES_SHOWN = 8


def nav_places(*, user: User) -> NavPlaces:
    """The federation overview, coops and centres a user's grants reach (at most two queries)."""
    scope = scope_for(user)
    coops: list[Coop] = []
    if scope.read.coop_ids:
        coops = list(Coop.objects.filter(pk__in=scope.read.coop_ids).only("code", "name", "name_en").order_by("code"))
    centres: list[Centre] = []
    more = 0
    if scope.read.region_ids or scope.read.centre_ids:
        narrowed = Nodes(region_ids=scope.read.region_ids, centre_ids=scope.read.centre_ids)
        reached = list(
            Centre.objects.filter(scope.centre_q(narrowed))
            .exclude(coop_id__in=scope.read.coop_ids)
            .select_related("coop")
            .only("code", "name", "coop__code")
            .order_by("coop__code", "code")[: NAV_CENTRES_SHOWN + 1]
        )
        centres, more = reached[:NAV_CENTRES_SHOWN], max(0, len(reached) - NAV_CENTRES_SHOWN)
    return NavPlaces(federation=bool(scope.federation_ids), coops=coops, centres=centres, more_centres=more)


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


# REST API ---------------------------------------------------------------------------------------------


def coop_reached(*, user: User, code: str) -> Coop:
    """The coop with this code if any grant of the user reaches into it (coop, region or centre); else 404.

    A centre manager reaches their centre's coop without reading the whole coop: what they then see
    inside it is narrowed by the other selectors.
    """
    scope = scope_for(user)
    coop = Coop.objects.filter(code=code).first()
    if coop is None:
        raise Http404
    if scope.reads_coop(coop.pk):
        return coop
    reached = (scope.read.region_ids and Region.objects.filter(coop=coop, pk__in=scope.read.region_ids).exists()) or (
        scope.read.centre_ids and Centre.objects.filter(coop=coop, pk__in=scope.read.centre_ids).exists()
    )
    if not reached:
        raise Http404
    return coop


def coop_writable(*, user: User, coop: Coop) -> bool:
    """Whether any grant lets the user change some part of this coop's register (auditors: no)."""
    scope = scope_for(user)
    if scope.writes_coop(coop.pk):
        return True
    return bool(
        (scope.write.region_ids and Region.objects.filter(coop=coop, pk__in=scope.write.region_ids).exists())
        or (scope.write.centre_ids and Centre.objects.filter(coop=coop, pk__in=scope.write.centre_ids).exists())
    )


def regions_visible(*, user: User, coop: Coop) -> QuerySet[Region]:
    """Regions of a coop the user reaches: all for the coop's readers, else those of their region or centre grants."""
    scope = scope_for(user)
    regions = Region.objects.filter(coop=coop)
    if scope.reads_coop(coop.pk):
        return regions.order_by("code")
    reached = Q(pk__in=scope.read.region_ids) | Q(
        pk__in=Centre.objects.filter(coop=coop, pk__in=scope.read.centre_ids).values("region_id")
    )
    return regions.filter(reached).order_by("code")


def business_lines() -> QuerySet[BusinessLine]:
    """The lines of business (public reference data)."""
    return BusinessLine.objects.order_by("sort_order", "code")


@dataclass(frozen=True)
class FederationRelations:
    institutions: list[RelatedInstitution]
    partnerships: list[Partnership]


def federation_relations(*, federation: Federation) -> FederationRelations:
    """The federation's related institutions and partnerships: public, as in the seed's profile."""
    scopes = {scope: i for i, scope in enumerate(PartnershipScope.values)}  # global, regional, national
    partnerships = list(federation.partnerships.order_by("organisation", "pk"))
    partnerships.sort(key=lambda p: scopes.get(p.scope, len(scopes)))
    return FederationRelations(
        institutions=list(federation.related_institutions.order_by("established_on", "pk")),
        partnerships=partnerships,
    )


def federation_direct_coop(*, federation: Federation, as_of: dt.date) -> Coop | None:
    """The coop run under the federation's direct control on a day (CWC for JWCU), if any. Public."""
    return (
        Coop.objects.filter(federation=federation, directly_controlled=True)
        .filter(open_on(as_of, "joined_federation_on", "left_federation_on"))
        .order_by("pk")
        .first()
    )
