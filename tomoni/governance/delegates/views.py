"""Pages of delegate constituencies: the list with members and seats, and one constituency with its delegates
and elections. Everyone who reaches the coop's meetings reads them; its officers set them (other users: 403).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tomoni.core import clock
from tomoni.core.errors import TomoniError
from tomoni.core.models import User
from tomoni.governance.delegates import selectors as delegates
from tomoni.governance.delegates import services as services_delegates
from tomoni.governance.meetings import forms, selectors
from tomoni.governance.models import Constituency, Motion, MotionStatus


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _apply(request: HttpRequest, form: Any, save: Any, done: str) -> bool:
    """Call the service of a valid form; a refusal shows on the form. True if it was saved."""
    if not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except TomoniError as error:
        form.add_service_error(error)
        return False
    messages.success(request, done)
    return True


@login_required
@require_http_methods(["GET", "POST"])
def constituencies(request: HttpRequest, code: str) -> HttpResponse:
    """The coop's delegate constituencies, their members and seats; officers add and apportion them."""
    user = _user(request)
    coop = selectors.coop_for_meetings(user=user, code=code)
    may_set = delegates.may_set_constituencies(user, coop)
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and not may_set:
        raise PermissionDenied
    create_form = forms.ConstituencyForm(
        request.POST if action == "create" else None,
        regions=delegates.unassigned_regions(coop),
        centres=delegates.unassigned_centres(coop),
        prefix="create",
    )
    apportion_form = forms.ApportionForm(request.POST if action == "apportion" else None, prefix="apportion")
    saved = False
    if action == "create":
        saved = _apply(
            request,
            create_form,
            lambda d: services_delegates.constituency_create(
                actor=user, coop=coop, region=d["region"], centre=d["centre"], name=d["name"]
            ),
            _("The constituency was added. Apportion the seats again to give it its share."),
        )
    elif action == "apportion":
        saved = _apply(
            request,
            apportion_form,
            lambda d: services_delegates.constituencies_apportion(
                actor=user, coop=coop, total_seats=d["total_seats"], minimum=d["minimum"] or 0, on=d["on"]
            ),
            _("The seats were shared among the constituencies in proportion to their members."),
        )
    if saved:
        return redirect("governance:constituencies", code=coop.code)
    rows = delegates.constituency_rows(delegates.constituencies_visible(user, coop))
    return render(
        request,
        "governance/constituencies.html",
        {
            "coop": coop,
            "rows": rows,
            "total_seats": sum(r.constituency.seats for r in rows),
            "total_members": sum(r.members for r in rows),
            "may_set": may_set,
            "create_form": create_form,
            "apportion_form": apportion_form,
        },
        status=400 if action is not None else 200,
    )


def _recordable(constituency: Constituency) -> list[Motion]:
    """Counted elections of the constituency whose delegates are not recorded yet."""
    return [
        m
        for m in delegates.constituency_elections(constituency)
        if m.status == MotionStatus.TALLIED and m.passed is not None and not m.delegates_elected.exists()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def constituency(request: HttpRequest, code: str, constituency_id: int) -> HttpResponse:
    """One constituency: its members, seats, delegates in office and elections; officers set its seats and record
    the delegates its counted elections elected."""
    user = _user(request)
    found = delegates.constituency_get(user, code, constituency_id)
    coop = found.coop
    may_set = delegates.may_set_constituencies(user, coop)
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and not may_set:
        raise PermissionDenied
    seats_form = forms.SeatsForm(
        request.POST if action == "seats" else None, initial={"seats": found.seats}, prefix="seats"
    )
    record_form = forms.DelegatesRecordForm(request.POST if action == "record" else None, prefix="record")
    recordable = _recordable(found)
    saved = False
    if action == "seats":
        saved = _apply(
            request,
            seats_form,
            lambda d: services_delegates.constituency_seats_set(actor=user, constituency=found, seats=d["seats"]),
            _("The seats were saved."),
        )
    elif action == "record":

        def record(d: dict[str, Any]) -> object:
            motion = next((m for m in recordable if m.pk == d["motion"]), None)
            if motion is None:
                raise TomoniError(_("Choose one of the options offered."))
            return services_delegates.delegates_record_elected(
                actor=user, motion=motion, started_on=d["started_on"], ended_on=d["ended_on"]
            )

        saved = _apply(request, record_form, record, _("The elected delegates were recorded."))
    if saved:
        return redirect("governance:constituency", code=coop.code, constituency_id=found.pk)
    today = clock.today()
    return render(
        request,
        "governance/constituency.html",
        {
            "coop": coop,
            "constituency": found,
            "members": delegates.member_count(found, today),
            "delegates": delegates.delegates_in_office(found, today),
            "elections": delegates.constituency_elections(found),
            "recordable": recordable,
            "may_set": may_set,
            "seats_form": seats_form,
            "record_form": record_form,
        },
        status=400 if action is not None else 200,
    )
