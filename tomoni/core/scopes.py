"""What a user may see and change: roles granted on a node of the tree reach its subtree.

Selectors and services ask a Scope; they never read grants themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import Http404

from tomoni.core import hooks
from tomoni.core.models import Role, User

# Roles that may change the register (add and edit people, contracts, work records).
WRITER_ROLES = frozenset({Role.COOP_OFFICER, Role.CENTRE_MANAGER})
# Roles that may read special-care personal data (APPI 要配慮個人情報) in their subtree.
SPECIAL_CARE_ROLES = frozenset({Role.SUPPORT_WORKER})


@dataclass(frozen=True)
class Nodes:
    """Nodes of the tree reached by some set of grants."""

    coop_ids: frozenset[int] = frozenset()
    region_ids: frozenset[int] = frozenset()
    centre_ids: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.coop_ids or self.region_ids or self.centre_ids)


@dataclass(frozen=True)
class Scope:
    """The grants of one user, resolved once per request."""

    user_id: int | None
    federation_ids: frozenset[int] = frozenset()  # aggregates only, never personal data
    read: Nodes = field(default_factory=Nodes)  # personal data of the register
    write: Nodes = field(default_factory=Nodes)
    special_care: Nodes = field(default_factory=Nodes)
    audit_coop_ids: frozenset[int] = frozenset()  # auditors read the access log
    own_person_ids: frozenset[int] = frozenset()
    is_operator: bool = False  # platform operator (Django admin); sees no personal data by this alone

    def reads_coop(self, coop_id: int) -> bool:
        return coop_id in self.read.coop_ids

    def reaches_coop(self, coop_id: int, coop_region_ids: set[int], coop_centre_ids: set[int]) -> bool:
        return (
            coop_id in self.read.coop_ids
            or bool(self.read.region_ids & coop_region_ids)
            or bool(self.read.centre_ids & coop_centre_ids)
        )

    def reads_centre(self, *, coop_id: int, region_id: int | None, centre_id: int) -> bool:
        return _inside(self.read, coop_id, region_id, centre_id)

    def writes_centre(self, *, coop_id: int, region_id: int | None, centre_id: int) -> bool:
        return _inside(self.write, coop_id, region_id, centre_id)

    def writes_coop(self, coop_id: int) -> bool:
        return coop_id in self.write.coop_ids

    def reads_special_care(self, *, coop_id: int, region_id: int | None, centre_id: int | None) -> bool:
        if coop_id in self.special_care.coop_ids:
            return True
        return centre_id is not None and _inside(self.special_care, coop_id, region_id, centre_id)

    def centre_q(self, nodes: Nodes | None = None, prefix: str = "") -> Q:
        """Q over centres, or over rows whose centre is at `prefix` ("centre__"); no nodes match nothing."""
        # `is None`, not `or`: empty Nodes are falsy, and an empty write scope must not widen to the read scope.
        if nodes is None:
            nodes = self.read
        q = Q(**{f"{prefix}pk__in": []})
        if nodes.coop_ids:
            q |= Q(**{f"{prefix}coop_id__in": nodes.coop_ids})
        if nodes.region_ids:
            q |= Q(**{f"{prefix}region_id__in": nodes.region_ids})
        if nodes.centre_ids:
            q |= Q(**{f"{prefix}pk__in": nodes.centre_ids})
        return q


def _inside(nodes: Nodes, coop_id: int, region_id: int | None, centre_id: int) -> bool:
    return (
        coop_id in nodes.coop_ids
        or (region_id is not None and region_id in nodes.region_ids)
        or centre_id in nodes.centre_ids
    )


ANONYMOUS = Scope(user_id=None)


def scope_for(user: User | AnonymousUser | None) -> Scope:
    """Resolve a user's grants into a Scope (cached on the user object for the request)."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached: Scope | None = getattr(user, "_tomoni_scope", None)
    if cached is not None:
        return cached
    federation_ids: set[int] = set()
    read: dict[str, set[int]] = {"coop": set(), "region": set(), "centre": set()}
    write: dict[str, set[int]] = {"coop": set(), "region": set(), "centre": set()}
    care: dict[str, set[int]] = {"coop": set(), "region": set(), "centre": set()}
    audit: set[int] = set()
    for grant in user.grants.all():
        if grant.federation_id is not None:
            federation_ids.add(grant.federation_id)
            continue
        if grant.role == Role.FEDERATION_STAFF:
            # Federation staff see aggregates only: a grant misplaced on a coop, region or centre opens nothing.
            continue
        level, node_id = _node_of(grant.coop_id, grant.region_id, grant.centre_id)
        read[level].add(node_id)
        if grant.role in WRITER_ROLES:
            write[level].add(node_id)
        if grant.role in SPECIAL_CARE_ROLES:
            care[level].add(node_id)
        if grant.role == Role.AUDITOR and level == "coop":
            audit.add(node_id)
    scope = Scope(
        user_id=user.pk,
        federation_ids=frozenset(federation_ids),
        read=_nodes(read),
        write=_nodes(write),
        special_care=_nodes(care),
        audit_coop_ids=frozenset(audit),
        own_person_ids=hooks.own_person_ids(user.pk),  # the register lives in members, above core
        is_operator=bool(user.is_superuser),
    )
    user._tomoni_scope = scope  # type: ignore[attr-defined]
    return scope


def _node_of(coop_id: int | None, region_id: int | None, centre_id: int | None) -> tuple[str, int]:
    if centre_id is not None:
        return "centre", centre_id
    if region_id is not None:
        return "region", region_id
    assert coop_id is not None
    return "coop", coop_id


def _nodes(levels: dict[str, set[int]]) -> Nodes:
    return Nodes(
        coop_ids=frozenset(levels["coop"]),
        region_ids=frozenset(levels["region"]),
        centre_ids=frozenset(levels["centre"]),
    )


def not_found() -> Http404:
    """Outside a user's grants, an object does not exist for them."""
    return Http404()
