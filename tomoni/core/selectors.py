"""Reads of the core: the audit log, for the auditors (監事) of a coop; a user's own API token."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from rest_framework.authtoken.models import Token

from tomoni.core import clock
from tomoni.core.models import AuditEvent, User
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
