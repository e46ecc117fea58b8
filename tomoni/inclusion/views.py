"""Pages of work integration: my path (on a phone), the caseload, a participant's file, the cohort board,
attendance entry on a tablet, the impact and funder reports.

Each view parses input, calls selectors (scoped: outside the user's grants, 404) and at most one
service, and renders.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tomoni.core import clock
from tomoni.core.errors import TomoniError
from tomoni.core.models import User
from tomoni.federation.models import Federation
from tomoni.inclusion import exports, impact, imports, rules, selectors, services
from tomoni.inclusion.exports import STEP_LABELS
from tomoni.inclusion.models import GoalProgress
from tomoni.members.forms import date_field
from tomoni.members.imports import ImportFileError


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _as_of(request: HttpRequest) -> dt.date:
    try:
        value: dt.date | None = date_field("", required=False).clean(request.GET.get("as_of") or None)
    except ValidationError:
        value = None
    return value or clock.today()


def _steps() -> list[tuple[str, Any]]:
    return [(name, STEP_LABELS[name]) for name in impact.STEP_NAMES]


# My path (the participant, on a phone) --------------------------------------------------------------------


@login_required
@require_GET
def me(request: HttpRequest) -> HttpResponse:
    """My plan, my goals, my hours, my certificate — in plain words."""
    files = selectors.my_files(user=_user(request))
    return render(request, "inclusion/me.html", {"files": files, "ratings": dict(GoalProgress.choices)})


@login_required
@require_http_methods(["GET", "POST"])
def my_plan(request: HttpRequest, support_plan_id: int) -> HttpResponse:
    """Read my plan and agree to it."""
    user = _user(request)
    case, plan = selectors.my_plan(user=user, plan_id=support_plan_id)
    if request.method == "POST":
        if request.POST.get("agree") != "yes":
            messages.error(request, _("Tick the box to say you agree with your plan."))
        else:
            try:
                services.plan_agree(actor=user, plan=plan.plan)
            except TomoniError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Thank you. Your agreement to your plan is recorded."))
                return redirect("inclusion:me")
    return render(request, "inclusion/my_plan.html", {"case": case, "plan": plan})


# The caseload and a participant's file -------------------------------------------------------------------


@login_required
@require_GET
def caseload(request: HttpRequest) -> HttpResponse:
    """The support worker's own cases: sessions today, reviews due, follow-ups open or overdue."""
    load = selectors.caseload(user=_user(request))
    return render(request, "inclusion/caseload.html", {"load": load})


@login_required
@require_GET
def participant(request: HttpRequest, code: str, participant_id: int) -> HttpResponse:
    """The register side of a participant's path: programme, milestones, hours (no special-care data)."""
    user = _user(request)
    coop = selectors.coop_get(user=user, code=code)
    found = selectors.participant_get(user=user, coop=coop, participant_id=participant_id)
    from tomoni.inclusion.access import needs_to_know

    return render(
        request,
        "inclusion/participant.html",
        {"coop": coop, "participant": found, "knows": needs_to_know(user, found)},
    )


@login_required
@require_GET
def case_file(request: HttpRequest, code: str, participant_id: int) -> HttpResponse:
    """The participant's file with assessment, plans, reviews and session notes: need-to-know only, logged."""
    user = _user(request)
    coop = selectors.coop_get(user=user, code=code)
    case = selectors.case_file(user=user, coop=coop, participant_id=participant_id)
    context = {"coop": coop, "case": case, "ratings": dict(GoalProgress.choices)}
    return render(request, "inclusion/case_file.html", context)


# Programmes, the cohort board, attendance ----------------------------------------------------------------


@login_required
@require_GET
def programmes(request: HttpRequest, code: str) -> HttpResponse:
    """The programmes hosted at the user's centres, their cohorts and funding agreements."""
    user = _user(request)
    coop = selectors.coop_get(user=user, code=code)
    listed = selectors.programmes_of(user=user, coop=coop)
    return render(
        request,
        "inclusion/programmes.html",
        {"coop": coop, "programmes": listed, "agreements": impact.agreements_of(user=user, coop=coop)},
    )


@login_required
@require_GET
def cohort(request: HttpRequest, code: str, cohort_id: int) -> HttpResponse:
    """The programme manager's cohort board: each participant's hours, certificate and placement."""
    user = _user(request)
    coop = selectors.coop_get(user=user, code=code)
    board = selectors.cohort_board(user=user, coop=coop, cohort_id=cohort_id)
    return render(request, "inclusion/cohort.html", {"coop": coop, "board": board})


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, code: str, training_session_id: int) -> HttpResponse:
    """Attendance entry for the trainer on a tablet: one row per participant, present for the whole session
    by default, with the minutes to change for those who came late or left early."""
    user = _user(request)
    coop = selectors.coop_get(user=user, code=code)
    sheet = selectors.attendance_sheet(user=user, coop=coop, session_id=training_session_id)
    errors: list[str] = []
    if request.method == "POST":
        minutes: dict[int, int] = {}
        for participant_row, _entered in sheet.rows:
            raw = request.POST.get(f"minutes-{participant_row.pk}", "").strip()
            if not raw:
                continue
            if not raw.isdigit():
                errors.append(
                    _("Write the minutes for %(name)s as a whole number.")
                    % {"name": participant_row.person.full_name if participant_row.person else "-"}
                )
                continue
            minutes[participant_row.pk] = int(raw)
        if not errors:
            try:
                count = services.attendance_enter(actor=user, session=sheet.session, minutes_by_participant=minutes)
            except TomoniError as error:
                errors.append(error.message)
            else:
                messages.success(request, _("Attendance of %(count)s people is saved.") % {"count": count})
                return redirect("inclusion:attendance", code=coop.code, training_session_id=sheet.session.pk)
    return render(request, "inclusion/attendance.html", {"coop": coop, "sheet": sheet, "errors": errors})


# Reports ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def coop_impact(request: HttpRequest, code: str) -> HttpResponse:
    """The coop's impact by programme, centre or cohort."""
    user = _user(request)
    coop = selectors.coop_get(user=user, code=code)
    by = request.GET.get("by", "programme")
    report = impact.coop_impact(user=user, coop=coop, by=by, as_of=_as_of(request))
    return render(request, "inclusion/impact.html", {"coop": coop, "report": report, "steps": _steps(), "by": by})


@login_required
@require_GET
def federation_impact(request: HttpRequest) -> HttpResponse:
    """The federation's work-integration figures by coop, for federation staff."""
    user = _user(request)
    federation = Federation.objects.filter(pk__in=_federation_ids(user)).order_by("pk").first()
    if federation is None:
        from tomoni.core.scopes import not_found

        raise not_found()
    report = impact.federation_impact(user=user, federation=federation, as_of=_as_of(request))
    return render(request, "inclusion/impact.html", {"report": report, "steps": _steps(), "by": "coop"})


def _federation_ids(user: User) -> frozenset[int]:
    from tomoni.core.scopes import scope_for

    return scope_for(user).federation_ids


def _funder_report(request: HttpRequest, code: str, funding_agreement_id: int) -> tuple[Any, impact.FunderReport]:
    user = _user(request)
    coop = selectors.coop_get(user=user, code=code)
    return coop, impact.funder_report(user=user, coop=coop, agreement_id=funding_agreement_id, as_of=_as_of(request))


@login_required
@require_GET
def funder_report(request: HttpRequest, code: str, funding_agreement_id: int) -> HttpResponse:
    """A funding agreement's report against its targets, with PDF and Excel downloads."""
    coop, report = _funder_report(request, code, funding_agreement_id)
    targets = [(STEP_LABELS[t.step], t) for t in report.targets]
    return render(
        request,
        "inclusion/funder_report.html",
        {"coop": coop, "report": report, "targets": targets, "steps": _steps(), "suppressed": rules.SUPPRESSED},
    )


@login_required
@require_GET
def funder_report_pdf(request: HttpRequest, code: str, funding_agreement_id: int) -> HttpResponse:
    coop, report = _funder_report(request, code, funding_agreement_id)
    response = HttpResponse(exports.funder_pdf(report, coop_name=coop.name), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="funder-report-{report.agreement.pk}.pdf"'
    return response


@login_required
@require_GET
def funder_report_xlsx(request: HttpRequest, code: str, funding_agreement_id: int) -> HttpResponse:
    coop, report = _funder_report(request, code, funding_agreement_id)
    response = HttpResponse(
        exports.funder_xlsx(report, coop_name=coop.name),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="funder-report-{report.agreement.pk}.xlsx"'
    return response


# Import of a funder's participant list -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def participants_import(request: HttpRequest, code: str) -> HttpResponse:
    """A funder's list of participants (.xlsx, or CSV in UTF-8 or Shift_JIS): every row checked, all or nothing."""
    user = _user(request)
    coop = selectors.coop_get(user=user, code=code)
    selectors.import_allowed(user=user, coop=coop)
    checked = None
    file_error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            file_error = _("Choose a file to import.")
        else:
            try:
                checked = imports.check_file(actor=user, coop=coop, data=upload.read(), filename=upload.name or "")
            except ImportFileError as error:
                file_error = error.message
            else:
                if checked.ok:
                    try:
                        count = services.participants_import(actor=user, coop=coop, rows=checked.rows)
                    except TomoniError as error:
                        file_error = error.message
                    else:
                        messages.success(request, _("%(count)s participants were imported.") % {"count": count})
                        return redirect("inclusion:programmes", code=coop.code)
    return render(
        request,
        "inclusion/import.html",
        {"coop": coop, "checked": checked, "file_error": file_error, "columns": imports.COLUMNS},
    )
