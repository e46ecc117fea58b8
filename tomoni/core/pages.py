"""The one pattern of every edit page: a bound form, one service, and its refusal shown on the form.

Each context's views call `form_page` with their own template and context; a service's TomoniError
lands on the field it names (or above the form) and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tomoni.core.errors import TomoniError


class ServiceErrorsMixin:
    """Show a TomoniError from a service on the field it names, or above the form."""

    # Names the services use for a field, mapped to the form's own field names.
    service_fields: dict[str, str] = {}

    def add_service_error(self, error: TomoniError) -> None:
        form: Any = self
        if not error.errors:
            form.add_error(None, error.message)
        for name, field_messages in error.errors.items():
            target = self.service_fields.get(name, name)
            for message in field_messages:
                form.add_error(target if target in form.fields else None, message)


def form_page(
    request: HttpRequest,
    *,
    form: Any,
    save: Callable[[Any], object],
    template: str,
    context: Mapping[str, Any],
    done: str | Callable[[object], str],
    success_url: str | Callable[[object], str],
) -> HttpResponse:
    """Validate a bound form and call its service; on success say `done` and go to `success_url`.

    A refused POST (invalid, or a TomoniError from the service) shows the form again with a 400.
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form)
        except TomoniError as error:
            form.add_service_error(error)
        else:
            messages.success(request, done(result) if callable(done) else done)
            return redirect(success_url(result) if callable(success_url) else success_url)
    return render(request, template, {**context, "form": form}, status=400 if request.method == "POST" else 200)
