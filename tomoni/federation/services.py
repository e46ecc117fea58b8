"""Writes of the registry: registering a federation and its coops, opening regions and centres, the
business lines, and the federation's relations.

Each is one transaction with one audit event. The plural forms take many rows at once (a federation's
whole registry, as the replica loads it) through the same checks, written in bulk; the singular
forms are the plural ones for one row. Registering is for the platform's operators and system jobs.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from tomoni.core.audit import audit_record
from tomoni.core.errors import TomoniError
from tomoni.core.models import User
from tomoni.federation.models import (
    BusinessLine,
    Centre,
    CentreBusinessLine,
    Coop,
    Federation,
    Partnership,
    Region,
    RelatedInstitution,
)

BULK_BATCH = 1000


def _require_registrar(actor: User | None) -> None:
    """Only a system job (actor None) or a platform operator changes the registry."""
    if actor is not None and not actor.is_superuser:
        raise TomoniError(_("Only a platform operator may change the registry."))


@transaction.atomic
def federation_register(
    *, actor: User | None, code: str, name: str, name_en: str = "", founded_on: dt.date | None = None
) -> Federation:
    """Register a federation of member organisations (連合会)."""
    _require_registrar(actor)
    if Federation.objects.filter(code=code).exists():
        raise TomoniError(_("This federation is already registered."), field="code")
    federation = Federation.objects.create(code=code, name=name, name_en=name_en, founded_on=founded_on)
    audit_record(actor=actor, action="federation.federation.registered", target=federation, data={"code": code})
    return federation


@dataclass(frozen=True)
class BusinessLineValues:
    code: str
    name: str
    name_en: str


@transaction.atomic
def business_lines_register(*, actor: User | None, lines: Sequence[BusinessLineValues]) -> dict[str, BusinessLine]:
    """Add the business lines (事業種別) not yet known, in the order given; return every line by code."""
    _require_registrar(actor)
    existing = set(BusinessLine.objects.values_list("code", flat=True))
    new = [line for line in lines if line.code not in existing]
    BusinessLine.objects.bulk_create(
        [
            BusinessLine(code=line.code, name=line.name, name_en=line.name_en, sort_order=order)
            for order, line in enumerate(lines, start=1)
            if line.code not in existing
        ]
    )
    if new:
        audit_record(actor=actor, action="federation.business_lines.registered", data={"codes": [n.code for n in new]})
    return {line.code: line for line in BusinessLine.objects.all()}


@dataclass(frozen=True)
class CoopValues:
    """A member organisation as registered; its articles' settings (Art 54, 71) beside its details."""

    code: str
    name: str
    kind: str
    legal_form: str
    prefecture_code: str
    joined_federation_on: dt.date
    name_en: str = ""
    founded_on: dt.date | None = None
    directly_controlled: bool = False
    member_audit_board: bool = False
    delegate_meeting: bool = False


@transaction.atomic
def coops_register(*, actor: User | None, federation: Federation, coops: Sequence[CoopValues]) -> dict[str, Coop]:
    """Register member organisations (組合 / 会員組織) of a federation; each is a tenant. Return them by code."""
    _require_registrar(actor)
    codes = [c.code for c in coops]
    taken = set(Coop.objects.filter(code__in=codes).values_list("code", flat=True))
    taken |= {code for code, n in Counter(codes).items() if n > 1}
    if taken:
        raise TomoniError(
            _("These coop codes are already taken: %(codes)s.") % {"codes": ", ".join(sorted(taken))}, field="code"
        )
    created = Coop.objects.bulk_create(
        [Coop(federation=federation, **vars(values)) for values in coops], batch_size=BULK_BATCH
    )
    audit_record(
        actor=actor,
        action="federation.coops.registered",
        target=created[0] if len(created) == 1 else federation,
        data={"codes": codes},
    )
    return {coop.code: coop for coop in created}


def coop_register(*, actor: User | None, federation: Federation, values: CoopValues) -> Coop:
    """Register one member organisation of a federation."""
    return coops_register(actor=actor, federation=federation, coops=[values])[values.code]


@dataclass(frozen=True)
class RegionValues:
    coop: Coop
    code: str
    name: str
    opened_on: dt.date


@transaction.atomic
def regions_open(*, actor: User | None, regions: Sequence[RegionValues]) -> dict[tuple[str, str], Region]:
    """Open regional head offices (事業本部) in coops; return them by (coop code, region code)."""
    _require_registrar(actor)
    created = Region.objects.bulk_create(
        [Region(coop=r.coop, code=r.code, name=r.name, opened_on=r.opened_on) for r in regions],
        batch_size=BULK_BATCH,
    )
    audit_record(
        actor=actor,
        action="federation.regions.opened",
        target=created[0] if len(created) == 1 else None,
        data={"regions": [[r.coop.code, r.code] for r in regions]},
    )
    return {(r.coop.code, region.code): region for r, region in zip(regions, created, strict=True)}


def region_open(*, actor: User | None, coop: Coop, code: str, name: str, opened_on: dt.date) -> Region:
    """Open one regional head office in a coop."""
    values = RegionValues(coop=coop, code=code, name=name, opened_on=opened_on)
    return regions_open(actor=actor, regions=[values])[(coop.code, code)]


@dataclass(frozen=True)
class CentreValues:
    coop: Coop
    region: Region | None  # None: the centre reports to no regional head office
    code: str
    name: str
    prefecture_code: str
    municipality: str
    opened_on: dt.date
    lines: tuple[BusinessLine, ...]
    closed_on: dt.date | None = None


def _check_centre(values: CentreValues) -> None:
    if values.region is not None and values.region.coop_id != values.coop.pk:
        raise TomoniError(_("A centre reports to a region of its own coop."), field="region")
    if values.closed_on is not None and values.closed_on <= values.opened_on:
        raise TomoniError(_("A centre closes after the day it opens."), field="closed_on")
    if not values.lines:
        raise TomoniError(_("A centre runs at least one line of business."), field="lines")


@transaction.atomic
def centres_open(*, actor: User | None, centres: Sequence[CentreValues]) -> dict[tuple[str, str], Centre]:
    """Open business centres (事業所) with the lines of business they run; return them by (coop code, code)."""
    _require_registrar(actor)
    for values in centres:
        _check_centre(values)
    created = Centre.objects.bulk_create(
        [
            Centre(
                coop=v.coop,
                region=v.region,
                code=v.code,
                name=v.name,
                prefecture_code=v.prefecture_code,
                municipality=v.municipality,
                opened_on=v.opened_on,
                closed_on=v.closed_on,
            )
            for v in centres
        ],
        batch_size=BULK_BATCH,
    )
    CentreBusinessLine.objects.bulk_create(
        [
            CentreBusinessLine(coop=v.coop, centre=centre, business_line=line)
            for v, centre in zip(centres, created, strict=True)
            for line in v.lines
        ],
        batch_size=BULK_BATCH,
    )
    audit_record(
        actor=actor,
        action="federation.centres.opened",
        coop_id=centres[0].coop.pk if len({v.coop.pk for v in centres}) == 1 else None,
        target=created[0] if len(created) == 1 else None,
        data={"centres": [[v.coop.code, v.code] for v in centres]},
    )
    return {(v.coop.code, centre.code): centre for v, centre in zip(centres, created, strict=True)}


def centre_open(*, actor: User | None, values: CentreValues) -> Centre:
    """Open one business centre."""
    return centres_open(actor=actor, centres=[values])[(values.coop.code, values.code)]


@dataclass(frozen=True)
class InstitutionValues:
    name: str
    name_en: str = ""
    established_on: dt.date | None = None
    description: str = ""


@dataclass(frozen=True)
class PartnershipValues:
    organisation: str
    scope: str
    organisation_en: str = ""
    since: dt.date | None = None


@transaction.atomic
def federation_relations_record(
    *,
    actor: User | None,
    federation: Federation,
    institutions: Sequence[InstitutionValues] = (),
    partnerships: Sequence[PartnershipValues] = (),
) -> None:
    """Record the federation's related institutions and partnerships (public, as in its profile)."""
    _require_registrar(actor)
    RelatedInstitution.objects.bulk_create([RelatedInstitution(federation=federation, **vars(i)) for i in institutions])
    Partnership.objects.bulk_create([Partnership(federation=federation, **vars(p)) for p in partnerships])
    audit_record(
        actor=actor,
        action="federation.relations.recorded",
        target=federation,
        data={"institutions": len(institutions), "partnerships": len(partnerships)},
    )
