"""Reads of the core: the audit log, for the auditors (監事) of a coop."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

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
