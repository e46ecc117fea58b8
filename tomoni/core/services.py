"""Writes of the core: accounts' API tokens."""

from __future__ import annotations

from django.db import transaction
from rest_framework.authtoken.models import Token

from tomoni.core.audit import audit_record
from tomoni.core.models import User


@transaction.atomic
def api_token_issue(*, user: User) -> str:
    """The user's API token, created on first issue; the audit event names the account, never the key."""
    token, created = Token.objects.get_or_create(user=user)
    if created:
        audit_record(actor=user, action="core.api_token.created", target=user)
    return token.key
