"""The start page: each person lands on what needs them today."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tomoni.core.models import User
from tomoni.reports import selectors


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """What needs the signed-in person now: votes, meetings, shifts, swaps, the coop's deadlines."""
    user = request.user
    assert isinstance(user, User)
    return render(request, "reports/start.html", {"page": selectors.start_page(user=user)})
