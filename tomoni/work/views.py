"""Pages of the work context: a centre's rosters and board, the member's own roster, fairness, exports.

Each view parses input, calls selectors (outside the user's grants: 404) and one service (which
checks the right to write again), and renders. A refusal from a service shows on the page with its
reason; nothing here turns bad input into an error page.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tomoni.core import clock
from tomoni.core.errors import TomoniError
from tomoni.core.models import User
from tomoni.core.offline import offline_ready
from tomoni.federation.models import Centre
from tomoni.members.models import Person
from tomoni.work import exports, forms, mapping, selectors, services
from tomoni.work.models import Assignment, Roster, RosterStatus, SwapStatus

# How far back and ahead the member's roster page lists shifts.
MY_DAYS_BACK = 7
MY_DAYS_AHEAD = 62


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _roster(request: HttpRequest, code: str, centre_code: str, roster_id: int) -> Roster:
    return selectors.roster_get(user=_user(request), code=code, centre_code=centre_code, roster_id=roster_id)


def _board_url(roster: Roster) -> str:
    return reverse("work:roster", args=[roster.centre.coop.code, roster.centre.code, roster.pk])


def _context(centre: Centre, **extra: Any) -> dict[str, Any]:
    return {"centre": centre, "coop": centre.coop, **extra}


# A centre's rosters -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def rosters(request: HttpRequest, code: str, centre_code: str) -> HttpResponse:
    """The rosters of a centre by month; its manager opens a new month here."""
    user = _user(request)
    centre = selectors.centre_get(user=user, code=code, centre_code=centre_code)
    writer = selectors.writes_centre(user, centre)
    form = forms.RosterCreateForm(
        request.POST or None, initial={"month": mapping.add_months(clock.today().replace(day=1), 1)}
    )
    if request.method == "POST":
        if not writer:
            raise Http404
        if form.is_valid():
            try:
                roster = services.roster_create(actor=user, centre=centre, month=form.cleaned_data["month"])
            except TomoniError as error:
                form.add_service_error(error)
            else:
                return redirect(_board_url(roster))
    return render(
        request,
        "work/rosters.html",
        _context(
            centre,
            rosters=selectors.centre_rosters(user=user, centre=centre),
            form=form,
            writer=writer,
            quarter=selectors.quarter_of(clock.today()),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def centre_settings(request: HttpRequest, code: str, centre_code: str) -> HttpResponse:
    """What the solver works from: shift types, coverage, qualifications, accommodations, labour rules."""
    user = _user(request)
    centre = selectors.centre_get(user=user, code=code, centre_code=centre_code)
    writer = selectors.writes_centre(user, centre)
    quals = selectors.qualifications_of(centre)
    shift_qs = selectors.centre_shift_types(centre=centre)
    people = mapping.rostered_people(centre, clock.today().replace(day=1), dt.date.max)
    data = request.POST if request.method == "POST" else None
    which = request.POST.get("form", "") if data is not None else ""
    built = {
        "qualification": forms.QualificationForm(data if which == "qualification" else None, prefix="q"),
        "shift": forms.ShiftTypeForm(data if which == "shift" else None, prefix="s", qualifications=quals),
        "coverage": forms.CoverageForm(
            data if which == "coverage" else None, prefix="c", shift_types=shift_qs, qualifications=quals
        ),
        "grant": forms.GrantForm(data if which == "grant" else None, prefix="g", people=people, qualifications=quals),
        "accommodation": forms.AccommodationForm(
            data if which == "accommodation" else None, prefix="a", people=people, qualifications=quals
        ),
        "rules": forms.LabourRulesForm(data if which == "rules" else None, prefix="r", initial=_rules_initial(centre)),
    }
    if data is not None:
        if not writer:
            raise Http404
        form = built.get(which)
        if form is not None and form.is_valid():
            try:
                _save_setting(user, centre, which, form.cleaned_data)
            except TomoniError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("Saved."))
                return redirect(reverse("work:settings", args=[code, centre_code]))
    return render(
        request,
        "work/settings.html",
        _context(
            centre,
            writer=writer,
            forms=built,
            **selectors.centre_settings(centre=centre, with_accommodations=writer),
        ),
    )


def _rules_initial(centre: Centre) -> dict[str, Any]:
    rules = mapping.labour_rules_for(centre)
    contract = mapping.contract_settings_for(centre)
    return {
        "max_hours_per_day": rules.max_minutes_per_day // 60 if rules.max_minutes_per_day else None,
        "max_hours_per_week": (rules.max_minutes_per_week or 2400) // 60,
        "average_weekly_over_period": rules.average_weekly_over_period,
        "min_rest_hours": (rules.min_rest_minutes or 0) // 60,
        "max_consecutive_days": rules.max_consecutive_days or 6,
        "contract_tolerance_hours": contract.tolerance_minutes // 60,
        "agreed_overtime_hours": (
            contract.agreed_overtime_minutes // 60 if contract.agreed_overtime_minutes is not None else None
        ),
    }


def _save_setting(user: User, centre: Centre, which: str, data: dict[str, Any]) -> None:
    if which == "qualification":
        services.qualification_create(actor=user, centre=centre, code=data["code"], name=data["name"])
    elif which == "shift":
        services.shift_type_create(
            actor=user,
            centre=centre,
            code=data["code"],
            name=data["name"],
            starts_at=data["starts_at"],
            length_minutes=data["length_minutes"],
            break_minutes=data["break_minutes"] or 0,
            is_night=data["is_night"],
            qualifications=list(data["qualifications"]),
        )
    elif which == "coverage":
        services.coverage_set(
            actor=user,
            centre=centre,
            shift_type=data["shift_type"],
            qualification=data["qualification"],
            weekday=data["weekday"],
            on_date=data["on_date"],
            required_count=data["required_count"],
        )
    elif which == "grant":
        services.member_qualification_grant(
            actor=user, centre=centre, person=data["person"], qualification=data["qualification"]
        )
    elif which == "accommodation":
        hours = data["max_hours_per_week"]
        services.accommodation_set(
            actor=user,
            centre=centre,
            person=data["person"],
            max_minutes_per_week=hours * 60 if hours else None,
            no_nights=data["no_nights"],
            mentor=data["mentor"],
            partner_qualification=data["partner_qualification"],
        )
    elif which == "rules":
        day = data["max_hours_per_day"]
        services.labour_rules_set(
            actor=user,
            centre=centre,
            max_minutes_per_day=day * 60 if day else None,
            max_minutes_per_week=data["max_hours_per_week"] * 60,
            average_weekly_over_period=data["average_weekly_over_period"],
            min_rest_minutes=data["min_rest_hours"] * 60,
            max_consecutive_days=data["max_consecutive_days"],
            contract_tolerance_minutes=data["contract_tolerance_hours"] * 60,
            agreed_overtime_minutes_per_month=(
                data["agreed_overtime_hours"] * 60 if data["agreed_overtime_hours"] is not None else None
            ),
        )


# The roster board -------------------------------------------------------------------------------------------


@login_required
@require_GET
def roster(request: HttpRequest, code: str, centre_code: str, roster_id: int) -> HttpResponse:
    """The manager's board: members × days with shift codes, coverage, the rules broken, what cannot be covered."""
    user = _user(request)
    item = _roster(request, code, centre_code, roster_id)
    writer = selectors.writes_centre(user, item.centre)
    board = selectors.roster_board(roster=item, with_checks=writer)
    return render(
        request,
        "work/roster.html",
        _context(
            item.centre,
            roster=item,
            board=board,
            writer=writer,
            solve_form=forms.SolveForm(initial={"time_limit_s": item.time_limit_seconds}),
            swaps=selectors.roster_swaps(roster=item) if writer else [],
            pending=SwapStatus.PENDING,
            decision_form=forms.SwapDecisionForm(),
        ),
    )


@login_required
@require_GET
def roster_progress(request: HttpRequest, code: str, centre_code: str, roster_id: int) -> JsonResponse:
    """The solver's progress, for the board's progress bar to poll."""
    item = _roster(request, code, centre_code, roster_id)
    return JsonResponse(
        {
            "status": item.status,
            "progress_percent": item.progress_percent,
            "done": item.status != RosterStatus.SOLVING,
            "label": _("Solving: %(percent)d%%") % {"percent": item.progress_percent},
        }
    )


def _writer_roster(request: HttpRequest, code: str, centre_code: str, roster_id: int) -> Roster:
    item = _roster(request, code, centre_code, roster_id)
    if not selectors.writes_centre(_user(request), item.centre):
        raise Http404
    return item


@login_required
@require_POST
def roster_solve(request: HttpRequest, code: str, centre_code: str, roster_id: int) -> HttpResponse:
    item = _writer_roster(request, code, centre_code, roster_id)
    form = forms.SolveForm(request.POST)
    limit = form.cleaned_data["time_limit_s"] if form.is_valid() else services.DEFAULT_TIME_LIMIT_S
    try:
        services.roster_solve(actor=_user(request), roster=item, time_limit_s=limit)
    except TomoniError as error:
        messages.error(request, error.message)
    return redirect(_board_url(item))


@login_required
@require_http_methods(["GET", "POST"])
def roster_publish(request: HttpRequest, code: str, centre_code: str, roster_id: int) -> HttpResponse:
    """The check before publishing (hours against contracts, cover, fairness, accommodations); the
    manager confirms it and the roster is published."""
    item = _writer_roster(request, code, centre_code, roster_id)
    form = forms.PublishConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.roster_publish(actor=_user(request), roster=item)
        except TomoniError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The roster is published: members see their shifts."))
            return redirect(_board_url(item))
    return render(
        request,
        "work/publish.html",
        _context(item.centre, roster=item, check=selectors.roster_publish_check(roster=item), form=form),
    )


def _cell_target(request: HttpRequest, item: Roster) -> tuple[Person, dt.date]:
    try:
        person_id = int(request.GET.get("person") or request.POST.get("person") or "")
        day = dt.date.fromisoformat(request.GET.get("day") or request.POST.get("day") or "")
    except ValueError as error:
        raise Http404 from error
    if not item.month <= day <= mapping.month_end(item.month):
        raise Http404
    return selectors.roster_person_get(user=_user(request), roster=item, person_id=person_id), day


@login_required
@require_http_methods(["GET", "POST"])
def roster_cell(request: HttpRequest, code: str, centre_code: str, roster_id: int) -> HttpResponse:
    """Edit one cell of the board: a member's shift on a day, checked against every hard rule."""
    user = _user(request)
    item = _writer_roster(request, code, centre_code, roster_id)
    if request.method == "GET" and not request.GET.get("person"):
        return redirect(_board_url(item))
    person, day = _cell_target(request, item)
    current = selectors.roster_cell(roster=item, person=person, day=day)
    shift_types = selectors.centre_shift_types(centre=item.centre)
    form = forms.CellForm(
        request.POST or None,
        shift_types=shift_types,
        initial={"shift_type": current.shift_type_id if current else None},
    )
    if request.method == "POST" and form.is_valid():
        shift = form.cleaned_data["shift_type"]
        try:
            if shift is None:
                services.assignment_clear(actor=user, roster=item, person=person, on_date=day)
            else:
                services.assignment_set(actor=user, roster=item, person=person, on_date=day, shift_type=shift)
        except TomoniError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Saved: %(name)s on %(day)s.")
                % {"name": person.full_name, "day": date_format(day, "MONTH_DAY_FORMAT")},
            )
            return redirect(_board_url(item) + f"#p{person.pk}")
    return render(
        request,
        "work/cell.html",
        _context(item.centre, roster=item, person=person, day=day, current=current, form=form),
    )


@login_required
@require_GET
def roster_fairness(request: HttpRequest, code: str, centre_code: str, roster_id: int) -> HttpResponse:
    """How fairly the roster shares nights, weekends and holidays, and how many wishes it honours."""
    item = _roster(request, code, centre_code, roster_id)
    carried = request.GET.get("carried") == "1"
    report = selectors.roster_fairness(roster=item, carried=carried)
    return render(
        request,
        "work/fairness.html",
        _context(item.centre, roster=item, report=report, carried=carried, chart=_chart(report)),
    )


@login_required
@require_GET
def quarter_fairness(request: HttpRequest, code: str, centre_code: str) -> HttpResponse:
    """The fairness of a centre's rosters over a calendar quarter."""
    user = _user(request)
    centre = selectors.centre_get(user=user, code=code, centre_code=centre_code)
    try:
        first = selectors.quarter_of(dt.date.fromisoformat(request.GET.get("quarter", "")))
    except ValueError:
        first = selectors.quarter_of(clock.today())
    report = selectors.quarter_fairness(user=user, centre=centre, first=first)
    return render(
        request,
        "work/fairness.html",
        _context(
            centre,
            roster=None,
            report=report,
            chart=_chart(report),
            previous=mapping.add_months(first, -3),
            next=mapping.add_months(first, 3),
        ),
    )


def _chart(report: selectors.Fairness) -> dict[str, Any]:
    def per_week(value: Any) -> float | None:
        return round(float(value), 2) if value is not None else None

    return {
        "labels": [row.person.full_name for row in report.rows],
        "series": [
            {"label": _("Nights per 40-hour week"), "data": [per_week(r.nights_rate) for r in report.rows]},
            {"label": _("Weekends per 40-hour week"), "data": [per_week(r.weekends_rate) for r in report.rows]},
            {"label": _("Holidays per 40-hour week"), "data": [per_week(r.holidays_rate) for r in report.rows]},
        ],
    }


@login_required
@require_GET
def roster_export(request: HttpRequest, code: str, centre_code: str, roster_id: int, fmt: str) -> HttpResponse:
    """The month as CSV (UTF-8 with BOM) or an Excel workbook."""
    item = _roster(request, code, centre_code, roster_id)
    board = selectors.roster_board(roster=item, with_checks=False)
    name = f"roster-{item.centre.code}-{item.month:%Y-%m}"
    if fmt == "csv":
        response = HttpResponse(exports.roster_csv(board), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.roster_xlsx(board),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
@require_GET
def roster_person_calendar(
    request: HttpRequest, code: str, centre_code: str, roster_id: int, person_id: int
) -> HttpResponse:
    """One member's shifts of the roster as an .ics file (for the manager to send or print)."""
    item = _roster(request, code, centre_code, roster_id)
    person = selectors.roster_person_get(user=_user(request), roster=item, person_id=person_id)
    rows = selectors.roster_person_shifts(roster=item, person=person)
    body = exports.calendar_ics(rows, name=f"{item.centre.name} {person.full_name}", host=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="roster-{item.month:%Y-%m}-{person_id}.ics"'
    return response


@login_required
@require_POST
def swap_decide(request: HttpRequest, code: str, centre_code: str, roster_id: int, swap_id: int) -> HttpResponse:
    """The manager approves (checked again against every hard rule) or declines a swap."""
    item = _writer_roster(request, code, centre_code, roster_id)
    swap = selectors.swap_get(roster=item, swap_id=swap_id)
    form = forms.SwapDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or decline the swap."))
        return redirect(_board_url(item) + "#swaps")
    try:
        if form.cleaned_data["decision"] == "approve":
            services.swap_approve(actor=_user(request), swap=swap)
            messages.success(request, _("The swap is approved and the roster changed."))
        else:
            services.swap_decline(actor=_user(request), swap=swap, reason=form.cleaned_data["reason"])
            messages.success(request, _("The swap is declined."))
    except TomoniError as error:
        messages.error(request, error.message)
    return redirect(_board_url(item) + "#swaps")


@login_required
@require_http_methods(["GET", "POST"])
def roster_hours(request: HttpRequest, code: str, centre_code: str, roster_id: int) -> HttpResponse:
    """Confirm the minutes actually worked on each shift; they become work records (従事記録)."""
    user = _user(request)
    item = _writer_roster(request, code, centre_code, roster_id)
    one = forms.ActualMinutesForm(request.POST if "assignment" in request.POST else None)
    bulk = forms.ConfirmAsPlannedForm(
        request.POST if "until" in request.POST else None,
        initial={"until": min(clock.today(), mapping.month_end(item.month))},
    )
    if request.method == "POST":
        try:
            if one.is_bound and one.is_valid():
                assignment = selectors.roster_assignment_get(roster=item, assignment_id=one.cleaned_data["assignment"])
                services.actual_minutes_confirm(actor=user, assignment=assignment, actual_minutes=one.total())
                messages.success(request, _("The hours are confirmed and recorded."))
                return redirect(reverse("work:roster_hours", args=[code, centre_code, roster_id]))
            if bulk.is_bound and bulk.is_valid():
                count = services.actual_minutes_confirm_as_planned(
                    actor=user, roster=item, until=bulk.cleaned_data["until"]
                )
                messages.success(request, _("%(count)d shifts confirmed as planned.") % {"count": count})
                return redirect(reverse("work:roster_hours", args=[code, centre_code, roster_id]))
            messages.error(request, _("Nothing was saved. Please correct the following."))
        except TomoniError as error:
            messages.error(request, error.message)
    rows = selectors.roster_assignments(roster=item)
    return render(
        request,
        "work/hours.html",
        _context(
            item.centre,
            roster=item,
            rows=[_hours_row(a) for a in rows],
            bulk=bulk,
            published=item.status == RosterStatus.PUBLISHED,
        ),
    )


def _hours_row(a: Assignment) -> dict[str, Any]:
    # Confirmed minutes, else what the member reported from the field, else the plan.
    minutes = next(m for m in (a.actual_minutes, a.reported_minutes, a.shift_type.worked_minutes) if m is not None)
    return {"a": a, "hours": minutes // 60, "minutes": minutes % 60}


# The member's own roster ---------------------------------------------------------------------------------


@login_required
@require_GET
def my_roster(request: HttpRequest) -> HttpResponse:
    """My shifts by day (published rosters), my swaps, and links to state wishes and days I cannot work."""
    user = _user(request)
    today = clock.today()
    first = today - dt.timedelta(days=MY_DAYS_BACK)
    with contextlib.suppress(ValueError):
        first = dt.date.fromisoformat(request.GET.get("from", "")) if request.GET.get("from") else first
    last = selectors.my_shifts_until(user=user, first=first, days_ahead=MY_DAYS_AHEAD)
    shifts = list(selectors.my_assignments(user=user, first=first, last=last))
    holidays = mapping.japanese_holidays(first, last)
    return render(
        request,
        "work/my_roster.html",
        {
            "shifts": [{"a": a, "holiday": holidays.get(a.on_date, "")} for a in shifts],
            "swaps": selectors.my_swaps(user=user),
            "today": today,
            "first": first,
            "last": last,
            "has_person": bool(selectors.own_people(user)),
            "accommodation": selectors.my_accommodation(user=user),
            "pending": SwapStatus.PENDING,
        },
    )


@login_required
@require_GET
def my_calendar(request: HttpRequest) -> HttpResponse:
    """My shifts as an .ics file for my phone's calendar."""
    user = _user(request)
    rows = selectors.my_assignments(user=user, first=dt.date.min, last=dt.date.max)
    response = HttpResponse(
        exports.calendar_ics(rows, name=_("My shifts"), host=request.get_host()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-shifts.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def my_wishes(request: HttpRequest) -> HttpResponse:
    """State my wishes (a shift wanted or avoided, a day off) and the days I cannot work."""
    user = _user(request)
    person = selectors.own_person(user)
    shift_types = selectors.my_shift_types(user=user)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    wish_form = forms.WishForm(request.POST if which == "wish" else None, prefix="w", shift_types=shift_types)
    day_form = forms.UnavailableForm(request.POST if which == "unavailable" else None, prefix="u")
    if request.method == "POST":
        if person is None:
            raise Http404
        try:
            if which == "wish" and wish_form.is_valid():
                services.wish_add(
                    actor=user,
                    person=person,
                    on_date=wish_form.cleaned_data["on_date"],
                    kind=wish_form.cleaned_data["kind"],
                    shift_type=wish_form.cleaned_data["shift_type"],
                )
                messages.success(request, _("Your wish is recorded."))
                return redirect("work:my_wishes")
            if which == "unavailable" and day_form.is_valid():
                services.availability_set(
                    actor=user, person=person, on_date=day_form.cleaned_data["on_date"], available=False
                )
                messages.success(request, _("The day is recorded: you will not be given a shift on it."))
                return redirect("work:my_wishes")
            if which == "available":
                day = dt.date.fromisoformat(request.POST.get("on_date", ""))
                services.availability_set(actor=user, person=person, on_date=day, available=True)
                messages.success(request, _("You can be given a shift on that day again."))
                return redirect("work:my_wishes")
        except TomoniError as error:
            (wish_form if which == "wish" else day_form).add_service_error(error)
        except ValueError:
            messages.error(request, _("Nothing was saved. Please correct the following."))
    today = clock.today()
    until = today + dt.timedelta(days=120)
    return render(
        request,
        "work/my_wishes.html",
        {
            "has_person": person is not None,
            "wish_form": wish_form,
            "day_form": day_form,
            "wishes": selectors.my_wishes(user=user, first=today, last=until),
            "unavailable": selectors.my_unavailable_days(user=user, first=today, last=until),
        },
    )


@login_required
@require_POST
def my_wish_remove(request: HttpRequest, wish_id: int) -> HttpResponse:
    wish = selectors.my_wish_get(user=_user(request), wish_id=wish_id)
    try:
        services.wish_remove(actor=_user(request), wish=wish)
    except TomoniError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The wish is withdrawn."))
    return redirect("work:my_wishes")


@login_required
@require_http_methods(["GET", "POST"])
def my_swap_new(request: HttpRequest) -> HttpResponse:
    """Ask to swap one of my shifts with a colleague's (or hand it over); the manager decides."""
    user = _user(request)
    assignment_id = request.GET.get("assignment") or request.POST.get("assignment")
    if not assignment_id:
        today = clock.today()
        shifts = selectors.my_assignments(user=user, first=today, last=today + dt.timedelta(days=MY_DAYS_AHEAD))
        return render(request, "work/my_swap_new.html", {"assignment": None, "shifts": shifts})
    try:
        assignment = selectors.my_assignment_get(user=user, assignment_id=int(assignment_id))
    except ValueError as error:
        raise Http404 from error
    choices: list[tuple[str, str]] = []
    offered = selectors.colleagues_for_swap(assignment=assignment)
    for person, theirs in offered:
        choices.append((f"person:{person.pk}", _("Hand it over to %(name)s") % {"name": person.full_name}))
        for shift in theirs:
            choices.append(
                (
                    str(shift.pk),
                    _("%(name)s: %(day)s %(shift)s")
                    % {
                        "name": person.full_name,
                        "day": date_format(shift.on_date, "MONTH_DAY_FORMAT"),
                        "shift": shift.shift_type.name,
                    },
                )
            )
    form = forms.SwapForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        offer = form.cleaned_data["offer"]
        try:
            if offer.startswith("person:"):
                counterpart, other = selectors.swap_offer(
                    assignment=assignment, counterpart_id=int(offer.split(":", 1)[1]), counterpart_assignment_id=None
                )
            else:
                counterpart_id = next(
                    (person.pk for person, theirs in offered for shift in theirs if str(shift.pk) == offer), 0
                )
                counterpart, other = selectors.swap_offer(
                    assignment=assignment, counterpart_id=counterpart_id, counterpart_assignment_id=int(offer)
                )
            services.swap_request(
                actor=user,
                assignment=assignment,
                counterpart=counterpart,
                counterpart_assignment=other,
                note=form.cleaned_data["note"],
            )
        except TomoniError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your request is sent to the manager."))
            return redirect("work:my_roster")
    return render(request, "work/my_swap_new.html", {"assignment": assignment, "form": form})


@login_required
@require_POST
def my_swap_withdraw(request: HttpRequest, swap_id: int) -> HttpResponse:
    swap = selectors.my_swap_get(user=_user(request), swap_id=swap_id)
    try:
        services.swap_withdraw(actor=_user(request), swap=swap)
    except TomoniError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your request is withdrawn."))
    return redirect("work:my_roster")


# My hours, reported from the field (works offline) ----------------------------------------------------------

REPORT_DAYS_BACK = 14


def _wants_json(request: HttpRequest) -> bool:
    """The page's outbox (core/static/tomoni/outbox.js) sends queued records and reads the answer as JSON."""
    return request.headers.get("X-Tomoni-Outbox") == "1"


def _shift_label(a: Assignment) -> str:
    return f"{date_format(a.on_date, 'MONTH_DAY_FORMAT')} {a.shift_type.name} ({a.roster.centre.name})"


@login_required
@require_http_methods(["GET", "POST"])
def my_hours_report(request: HttpRequest) -> HttpResponse:
    """Report the time I worked on a shift; the form works with no signal and is sent when back online."""
    user = _user(request)
    shifts = selectors.my_reportable_shifts(user=user, today=clock.today(), days_back=REPORT_DAYS_BACK)
    form = forms.HoursReportForm(
        request.POST if request.method == "POST" else None,
        shifts=[(a.pk, _shift_label(a)) for a in shifts],
        initial={"minutes": 0},
    )
    if request.method == "POST":
        if form.is_valid():
            assignment = selectors.my_assignment_get(user=user, assignment_id=form.cleaned_data["assignment"])
            try:
                replayed = services.hours_report(
                    actor=user,
                    assignment=assignment,
                    reported_minutes=form.total(),
                    client_key=form.cleaned_data["client_key"] or uuid.uuid4(),
                )
            except TomoniError as error:
                if _wants_json(request):
                    return JsonResponse({"status": "refused", "message": error.message}, status=409)
                form.add_error(None, error.message)
            else:
                done = _("Your hours for %(shift)s were sent.") % {"shift": _shift_label(assignment)}
                if _wants_json(request):
                    return JsonResponse({"status": "replayed" if replayed else "stored", "message": done})
                messages.success(request, done)
                return redirect(reverse("work:my_hours_report"))
        elif _wants_json(request):
            message = " ".join(str(e) for errors in form.errors.values() for e in errors)
            return JsonResponse({"status": "invalid", "message": message}, status=400)
    return offline_ready(
        render(
            request,
            "work/my_hours_report.html",
            {"form": form, "shifts": shifts},
            status=400 if request.method == "POST" else 200,
        )
    )
