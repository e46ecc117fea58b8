"""Reads of the registry, scoped to the asking user. Outside their grants an object is a 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from tomoni.core.models import User
from tomoni.core.scopes import scope_for
from tomoni.federation.models import BusinessLine, Centre, Coop, CoopKind, Federation, Region, open_on
from tomoni.members.models import Membership, MembershipKind


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


def federation_default() -> Federation:
    federation = Federation.objects.order_by("pk").first()
    if federation is None:
        raise Http404
    return federation


def federation_figures(*, as_of: dt.date, federation: Federation | None = None) -> FederationFigures:
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
