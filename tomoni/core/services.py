"""Writes of the core: accounts' API tokens."""

from __future__ import annotations

from django.db import transaction
from rest_framework.authtoken.models import Token

from tomoni.core.audit import audit_record
from tomoni.core.models import User
from tomoni.core.selectors import api_token_expired

# Why a user's API tokens were revoked, as the audit event records it.
REVOKED_BY_OWNER = "owner"
REVOKED_PASSWORD_CHANGED = "password_changed"  # noqa: S105 - a reason, not a password
REVOKED_TWO_FACTOR_ENABLED = "two_factor_enabled"


@transaction.atomic
def api_token_issue(*, user: User) -> str:
    """The user's API token, created on first issue (or anew once expired); the audit event names the account."""
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and api_token_expired(token.created):
        token.delete()
        audit_record(actor=user, action="core.api_token.expired", target=user)
        token = None
    if token is None:
        token = Token.objects.create(user=user)
        audit_record(actor=user, action="core.api_token.created", target=user)
    return token.key


@transaction.atomic
def api_token_revoke(*, user: User, actor: User | None, reason: str) -> int:
    """Revoke every API token of `user` (their owner, a password change, two-factor turned on); how many."""
    revoked, _ = Token.objects.filter(user=user).delete()
    if revoked:
        audit_record(actor=actor, action="core.api_token.revoked", target=user, data={"reason": reason})
    return revoked
