"""One application error type, mapped to one response shape."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext
from django.views import defaults
from rest_framework import exceptions as drf_exceptions
from rest_framework.response import Response

NON_FIELD_ERRORS = "non_field_errors"


class TomoniError(Exception):
    """A refusal a person can act on: a translated message and, where known, the field it concerns.

    The API answers it with `status` (400: the input was refused) and, where a program can act on the reason,
    a `code` word beside the message.
    """

    status = 400
    code = ""

    def __init__(self, message: str, *, field: str | None = None, errors: Mapping[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors = field_errors(errors) if errors else ({field: [message]} if field else {})

    def as_dict(self) -> dict[str, Any]:
        answer: dict[str, Any] = {"detail": self.message, "errors": self.errors}
        if self.code:
            answer["code"] = self.code
        return answer


class TwoFactorRequired(TomoniError):
    """The API's refusal of a login that must use two-factor, has not turned it on, and whose grace period is over:
    403, with the reason in the language the login chose (else the request's)."""

    status = 403
    code = "two_factor_required"

    def __init__(self, user_id: int) -> None:
        from tomoni.core import hooks

        with translation.override(hooks.saved_language(user_id) or translation.get_language()):
            message = gettext(
                "Your role lets you read other people's records, so your account must use two-factor "
                "authentication, and its grace period is over: turn on the authenticator app under Login and "
                "security, then ask for a new API token."
            )
        super().__init__(message)


def field_errors(errors: Any, prefix: str = "") -> dict[str, list[str]]:
    """Errors as the API's one shape, each field's messages as a list of strings (openapi.yaml's ErrorOutput).

    A nested serializer's errors (a list of objects, or an object under a field) are flattened to dotted names:
    ``{"entries": [{}, {"attended_minutes": ["…"]}]}`` becomes ``{"entries.1.attended_minutes": ["…"]}`` and a
    list field's ``{"candidates": {"0": ["…"]}}`` becomes ``{"candidates.0": ["…"]}``. Errors not about one
    field (a bare list, or a message alone) go under ``non_field_errors``, as DRF names them.
    """
    flat: dict[str, list[str]] = {}

    def walk(value: Any, name: str) -> None:
        if isinstance(value, Mapping):
            for key, inner in value.items():
                walk(inner, f"{name}.{key}" if name else str(key))
        elif isinstance(value, list | tuple):
            for index, inner in enumerate(value):
                if isinstance(inner, Mapping | list | tuple):
                    walk(inner, f"{name}.{index}" if name else str(index))
                else:
                    walk(inner, name)
        else:
            flat.setdefault(name or NON_FIELD_ERRORS, []).append(str(value))

    walk(errors, prefix)
    return flat


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 404 page; under /api/ a JSON answer in DRF's shape, as every other API error (handler404)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": gettext("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Render every refusal of input in the one error shape: TomoniError, and Django's and DRF's validation errors
    (whose own shapes, a bare list or an object of fields, are not the schema's ErrorOutput)."""
    # Here, not at the top: DRF's views read the authentication classes, and core's import this module.
    from rest_framework.views import exception_handler

    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        exc = TomoniError(" ".join(exc.messages), errors=errors)
    elif isinstance(exc, drf_exceptions.ValidationError):
        exc = TomoniError(gettext("Some of the input is not valid."), errors=field_errors(exc.detail))
    if isinstance(exc, TomoniError):
        return Response(exc.as_dict(), status=exc.status)
    return exception_handler(exc, context)
