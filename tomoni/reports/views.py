"""The start page: each person lands on what needs them today."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tomoni.core.models import User
from tomoni.reports import selectors, services


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """What needs the signed-in person now (GET); marking their notifications read (POST, then back here)."""
    user = request.user
    assert isinstance(user, User)
    if request.method == "POST":
        shown = request.POST.get("up_to", "")
        services.notifications_mark_read(user=user, up_to_id=int(shown) if shown.isdigit() else None)
        messages.success(request, _("Your notifications are marked as read."))
        return redirect("reports:start")
    return render(request, "reports/start.html", {"page": selectors.start_page(user=user)})
