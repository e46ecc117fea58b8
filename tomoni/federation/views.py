"""Pages of the registry: a coop's audit log.

The pages that count members beside the registry (the published figures, the federation overview,
the coop, compliance and centre pages) are reports, in tomoni.reports.registry: they read the member register,
which sits above the registry.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tomoni.core import selectors as core_selectors
from tomoni.core.models import User
from tomoni.federation import selectors


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # guarded by login_required
    return user


AUDIT_LOG_PAGE_SIZE = 50


@login_required
def audit_log(request: HttpRequest, code: str) -> HttpResponse:
    """The coop's audit log for its auditors: every write, and every read of special-care data."""
    user = _user(request)
    coop = selectors.coop_get(user=user, code=code)
    special_care_only = request.GET.get("special_care") == "1"
    events = core_selectors.audit_events_for(user=user, coop_id=coop.pk, special_care_only=special_care_only)
    page = Paginator(events, AUDIT_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"coop": coop, "page": page, "special_care_only": special_care_only}
    return render(request, "federation/audit_log.html", context)
