"""Writes of the replica loader: the registry tree at once (through the federation's services), and the personas.

Each is one transaction and one audit event, like every service. Only a system job (actor None) or
a platform operator may call them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _

from tomoni.core.audit import audit_record
from tomoni.core.errors import TomoniError
from tomoni.core.models import Grant, User
from tomoni.federation import services as registry
from tomoni.federation.models import BusinessLine, Centre, Coop, Federation, Region
from tomoni.members.models import Person


def _require_operator(actor: User | None) -> None:
    if actor is not None and not actor.is_superuser:
        raise TomoniError(_("Only a platform operator may load the demonstration data."))


@dataclass(frozen=True)
class CentreRow:
    coop: str  # coop code
    region: str  # region code, "" for none
    code: str
    name: str
    prefecture_code: str
    municipality: str
    opened_on: dt.date
    lines: tuple[str, ...]
    closed_on: dt.date | None = None


@dataclass
class TreeSpec:
    """The registry of one federation as plain values, keyed by codes."""

    federation: dict[str, Any]
    business_lines: list[tuple[str, str, str]]
    coops: list[dict[str, Any]]
    regions: list[tuple[str, str, str, dt.date]]  # coop code, code, name, opened on
    centres: list[CentreRow]
    institutions: list[dict[str, Any]] = field(default_factory=list)
    partnerships: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Tree:
    """The registry as created: objects by code."""

    federation: Federation
    lines: dict[str, BusinessLine]
    coops: dict[str, Coop]
    regions: dict[tuple[str, str], Region]
    centres: dict[tuple[str, str], Centre]


@transaction.atomic
def registry_tree_create(*, actor: User | None, spec: TreeSpec) -> Tree:
    """Register a federation with its business lines, coops, regions, centres, institutions and partnerships,
    through the federation's services (their bulk forms)."""
    _require_operator(actor)
    federation = registry.federation_register(actor=actor, **spec.federation)
    lines = registry.business_lines_register(
        actor=actor, lines=[registry.BusinessLineValues(*line) for line in spec.business_lines]
    )
    coops = registry.coops_register(
        actor=actor, federation=federation, coops=[registry.CoopValues(**fields) for fields in spec.coops]
    )
    regions = registry.regions_open(
        actor=actor,
        regions=[
            registry.RegionValues(coop=coops[coop_code], code=code, name=name, opened_on=opened_on)
            for coop_code, code, name, opened_on in spec.regions
        ],
    )
    centres = registry.centres_open(
        actor=actor,
        centres=[
            registry.CentreValues(
                coop=coops[row.coop],
                region=regions[(row.coop, row.region)] if row.region else None,
                code=row.code,
                name=row.name,
                prefecture_code=row.prefecture_code,
                municipality=row.municipality,
                opened_on=row.opened_on,
                closed_on=row.closed_on,
                lines=tuple(lines[code] for code in row.lines),
            )
            for row in spec.centres
        ],
    )
    registry.federation_relations_record(
        actor=actor,
        federation=federation,
        institutions=[registry.InstitutionValues(**fields) for fields in spec.institutions],
        partnerships=[registry.PartnershipValues(**fields) for fields in spec.partnerships],
    )
    audit_record(
        actor=actor,
        action="federation.registry.loaded",
        target=federation,
        data={"coops": len(coops), "regions": len(regions), "centres": len(centres)},
    )
    return Tree(federation=federation, lines=lines, coops=coops, regions=regions, centres=centres)


@dataclass(frozen=True)
class GrantSpec:
    role: str
    federation: Federation | None = None
    coop: Coop | None = None
    region: Region | None = None
    centre: Centre | None = None


@dataclass(frozen=True)
class PersonaSpec:
    """A login for the demonstration: who they are and the roles they hold on the tree."""

    username: str
    email: str
    first_name: str
    last_name: str
    grants: tuple[GrantSpec, ...] = ()
    person: Person | None = None  # their own record in the register, if they are in it


@transaction.atomic
def persona_users_create(*, actor: User | None, personas: Sequence[PersonaSpec], password: str) -> list[User]:
    """Create the demonstration logins with their grants, and tie each to their own person record."""
    _require_operator(actor)
    # One hash for the one shared demonstration password: Argon2 is slow on purpose.
    encoded = make_password(password)
    users: list[User] = []
    for persona in personas:
        if User.objects.filter(username=persona.username).exists():
            raise TomoniError(_("The login %(username)s already exists.") % {"username": persona.username})
        user = User.objects.create(
            username=persona.username,
            email=User.objects.normalize_email(persona.email),
            password=encoded,
            first_name=persona.first_name,
            last_name=persona.last_name,
        )
        EmailAddress.objects.create(user=user, email=persona.email, verified=True, primary=True)
        Grant.objects.bulk_create(
            [
                Grant(
                    user=user,
                    role=grant.role,
                    federation=grant.federation,
                    coop=grant.coop,
                    region=grant.region,
                    centre=grant.centre,
                )
                for grant in persona.grants
            ]
        )
        if persona.person is not None:
            if persona.person.user_id is not None:
                raise TomoniError(_("This person already has a login."))
            persona.person.user = user
            persona.person.save(update_fields=["user", "updated_at"])
        users.append(user)
    audit_record(actor=actor, action="demo.personas.created", data={"users": [u.username for u in users]})
    return users


@transaction.atomic
def replica_loaded_record(*, actor: User | None, federation: Federation, summary: dict[str, Any]) -> None:
    """Record that the replica finished loading, with what it holds; the loader's idempotence reads it."""
    _require_operator(actor)
    audit_record(actor=actor, action="demo.replica.loaded", target=federation, data=summary)
