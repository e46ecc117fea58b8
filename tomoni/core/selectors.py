"""Reads of the core: the audit log, for the auditors (監事) of a coop; a user's own API token; their imports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from rest_framework.authtoken.models import Token

from tomoni.core import clock
from tomoni.core.models import AuditEvent, Grant, ImportJob, TwoFactorPolicy, User
from tomoni.core.rules import TwoFactor, two_factor_state
from tomoni.core.scopes import scope_for

# Reads of special-care personal data: the access log the auditor checks (APPI).
SPECIAL_CARE_VIEWED = "members.special_care.viewed"


def audit_events_for(*, user: User, coop_id: int, special_care_only: bool = False) -> QuerySet[AuditEvent]:
    """The coop's audit events, newest first, for an auditor granted on the whole coop; else 404."""
    if coop_id not in scope_for(user).audit_coop_ids:
        raise Http404
    events = AuditEvent.objects.filter(coop_id=coop_id).select_related("actor")
    if special_care_only:
        events = events.filter(action=SPECIAL_CARE_VIEWED)
    return events.order_by("-occurred_at", "-pk")


def api_token_expires_at(created: dt.datetime) -> dt.datetime:
    """When a token issued at `created` stops working (API_TOKEN_DAYS after it was issued)."""
    return created + dt.timedelta(days=settings.API_TOKEN_DAYS)


def api_token_expired(created: dt.datetime) -> bool:
    """Whether a token issued at `created` has expired."""
    return clock.now() >= api_token_expires_at(created)


@dataclass(frozen=True)
class ApiTokenInfo:
    """What the owner is shown of their API token: never the key, only when it was issued and expires."""

    created: dt.datetime
    expires_at: dt.datetime
    expired: bool


def api_token_of(*, user: User) -> ApiTokenInfo | None:
    """The asking user's own API token, if they have one."""
    token = Token.objects.filter(user_id=user.pk).only("created").first()
    if token is None:
        return None
    return ApiTokenInfo(token.created, api_token_expires_at(token.created), api_token_expired(token.created))


def two_factor_state_of(*, user: User, today: dt.date) -> tuple[TwoFactor, dt.date | None]:
    """Whether the user must use two-factor (any grant reads other people's records), and the grace's last day.

    Each coop grant follows its coop's policy (TwoFactorPolicy, else the settings' default); a federation grant
    follows TWO_FACTOR_REQUIRED_FOR_FEDERATION_STAFF. Of several, the one whose grace ends first decides.
    """
    from allauth.mfa.models import Authenticator

    enabled = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
    return _two_factor_state(grants=_grants_of(user), enabled=enabled, today=today)


def two_factor_blocks_api(*, user: User, today: dt.date, has_grants: bool | None = None) -> bool:
    """Whether the API refuses this login as the pages do: two-factor required, not on, the grace period over.

    One query on the grants with their coops' policies; the authenticator is looked up only once a grace period
    has run out. A login with no grant reads no one else's records and is never asked; when the token's own query
    already said so (`has_grants` False), a member's vote pays no query for the rule.
    """
    from allauth.mfa.models import Authenticator

    if has_grants is False:
        return False
    rows = Grant.objects.filter(user_id=user.pk).values_list(
        "coop_id", "created_at", "coop__two_factor_policy__required", "coop__two_factor_policy__grace_days"
    )
    overdue = False
    for coop_id, created_at, policy_required, policy_grace in rows:
        if coop_id is None:
            required, grace_days = settings.TWO_FACTOR_REQUIRED_FOR_FEDERATION_STAFF, settings.TWO_FACTOR_GRACE_DAYS
        elif policy_required is None:
            required, grace_days = True, settings.TWO_FACTOR_GRACE_DAYS
        else:
            required, grace_days = policy_required, policy_grace
        since = timezone.localdate(created_at)
        if (
            required
            and two_factor_state(required=True, enabled=False, since=since, grace_days=grace_days, today=today)[0]
            == TwoFactor.REQUIRED
        ):
            overdue = True
            break
    if not overdue:
        return False
    return not Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def _grants_of(user: User) -> list[tuple[int | None, dt.datetime]]:
    return list(Grant.objects.filter(user_id=user.pk).values_list("coop_id", "created_at"))


def _two_factor_state(
    *, grants: list[tuple[int | None, dt.datetime]], enabled: bool, today: dt.date
) -> tuple[TwoFactor, dt.date | None]:
    policies = {p.coop_id: p for p in TwoFactorPolicy.objects.filter(coop_id__in={c for c, _ in grants if c})}
    deadlines: list[tuple[dt.date, int]] = []
    for coop_id, created_at in grants:
        policy = policies.get(coop_id) if coop_id else None
        if coop_id is None:
            required, grace_days = settings.TWO_FACTOR_REQUIRED_FOR_FEDERATION_STAFF, settings.TWO_FACTOR_GRACE_DAYS
        elif policy is None:
            required, grace_days = True, settings.TWO_FACTOR_GRACE_DAYS
        else:
            required, grace_days = policy.required, policy.grace_days
        if required:
            deadlines.append((timezone.localdate(created_at), grace_days))
    since, grace_days = min(deadlines, key=lambda d: d[0] + dt.timedelta(days=d[1]), default=(None, 0))
    return two_factor_state(required=bool(deadlines), enabled=enabled, since=since, grace_days=grace_days, today=today)


def import_job_of(*, user: User, coop_id: int, job_id: int) -> ImportJob:
    """An import the user started in this coop (its file holds personal data: no one else sees it); else a 404."""
    job = ImportJob.objects.filter(pk=job_id, coop_id=coop_id, started_by_id=user.pk).defer("data").first()
    if job is None:
        raise Http404
    return job
