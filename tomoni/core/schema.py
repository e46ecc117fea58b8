"""Core's part of the OpenAPI schema: the name of its session authentication, and the refusals every
authenticated operation can answer (drf-spectacular finds the extension once imported; the hook is named in
SPECTACULAR_SETTINGS)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from drf_spectacular.authentication import SessionScheme


class TwoFactorSessionScheme(SessionScheme):
    """tomoni.core.auth.SessionAuthentication is DRF's session login under the two-factor rule: the same cookie."""

    target_class = "tomoni.core.auth.SessionAuthentication"


ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOutput"}}}


def document_auth_refusals(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Every operation that needs a login can answer 401 (no valid token or session) and 403 (two-factor is
    required of this login, past its grace period, and not on: `code` two_factor_required), and every page of a
    list a 400 (a bad limit or offset); say so in each."""
    unauthenticated = gettext("No valid credentials: the token or session is missing, wrong or expired.")
    two_factor = gettext(
        "Or two-factor authentication is required of this login and is not on (`code`: two_factor_required)."
    )
    refused = gettext("The input was refused; `errors` names the fields.")
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            # A page's limit or offset that is not a whole number in range is a 400 (federation's Pagination).
            if {p.get("name") for p in operation.get("parameters", [])} & {"limit", "offset"}:
                responses.setdefault("400", {"content": ERROR_CONTENT, "description": refused})
            if not operation.get("security"):
                operation["responses"] = dict(sorted(responses.items()))
                continue
            responses.setdefault("401", {"content": ERROR_CONTENT, "description": unauthenticated})
            if "403" in responses:
                responses["403"]["description"] = f"{responses['403'].get('description', '')} {two_factor}".strip()
            else:
                responses["403"] = {"content": ERROR_CONTENT, "description": two_factor.removeprefix("Or ")}
            operation["responses"] = dict(sorted(responses.items()))
    return result
