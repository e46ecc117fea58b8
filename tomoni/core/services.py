"""Writes of the core: accounts' API tokens; records sent from a phone, stored once."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from tomoni.core.audit import audit_record
from tomoni.core.errors import TomoniError
from tomoni.core.models import ClientSubmission, User
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


# Records sent from a phone, stored once ---------------------------------------------------------


def _fingerprint(actor: User | None, action: str, payload: dict[str, Any]) -> str:
    text = json.dumps({"actor": getattr(actor, "pk", None), "action": action, **payload}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def submission_once(
    *,
    actor: User | None,
    coop_id: int,
    key: uuid.UUID,
    action: str,
    payload: dict[str, Any],
    write: Callable[[], Model],
) -> tuple[str, bool]:
    """Store a record sent under a client key exactly once: (the stored object's id, whether it was a replay).

    Call it inside the service's transaction. The same key with the same values returns the first result
    without writing; the same key with other values is a conflicting edit and is refused.
    """
    fingerprint = _fingerprint(actor, action, payload)
    with transaction.atomic():
        sent = ClientSubmission.objects.select_for_update().filter(coop_id=coop_id, key=key).first()
        if sent is not None:
            if sent.fingerprint != fingerprint:
                raise TomoniError(
                    _(
                        "This record was already sent with other values, so nothing was changed. "
                        "Check what was stored, and enter a new record if something is still missing."
                    )
                )
            return sent.object_id, True
        stored = write()
        try:
            with transaction.atomic():
                ClientSubmission.objects.create(
                    coop_id=coop_id,
                    key=key,
                    action=action,
                    fingerprint=fingerprint,
                    object_id=str(stored.pk),
                    actor=actor,
                )
        except IntegrityError as error:  # the same record arrived twice at the same moment: the other one won
            raise TomoniError(_("This record is being sent twice at once. Please try again.")) from error
        return str(stored.pk), False
