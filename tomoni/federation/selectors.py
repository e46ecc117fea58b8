"""Reads of the registry, scoped to the asking user. Outside their grants an object is a 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from tomoni.core.models import User
from tomoni.core.scopes import Nodes, scope_for
from tomoni.federation.models import (
    BusinessLine,
    Centre,
    Coop,
    Federation,
    Partnership,
    PartnershipScope,
    Region,
    RelatedInstitution,
    open_on,
)


def federation_default() -> Federation:
    federation = Federation.objects.order_by("pk").first()
    if federation is None:
        raise Http404
    return federation


def coops_visible(*, user: User) -> QuerySet[Coop]:
    """Coops whose register the user reads (officers and auditors of the coop)."""
    scope = scope_for(user)
    return Coop.objects.filter(pk__in=scope.read.coop_ids).order_by("code")


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


def centres_listed(*, user: User, coop: Coop) -> QuerySet[Centre]:
    """A coop's centres the user reaches, by code, with their business lines (for the API's list)."""
    return centres_visible(user=user, coop=coop).prefetch_related("business_lines").order_by("code")


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
