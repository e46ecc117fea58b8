"""Pages of work integration: my path (on a phone), the caseload, a participant's file, the cohort board,
attendance entry on a tablet, the impact and funder reports.

Each view parses input, calls selectors (scoped: outside the user's grants, 404) and at most one
service, and renders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from tomoni.core import clock
from tomoni.core.errors import TomoniError
from tomoni.core.models import User
from tomoni.core.pages import form_page
from tomoni.inclusion import exports, forms, impact, imports, rules, selectors, services
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
    page = selectors.participant_page(user=user, coop=coop, participant_id=participant_id)
    context = {"coop": coop, "participant": page.participant, "page": page}
    return render(request, "inclusion/participant.html", context)


@login_required
@require_GET
def case_file(request: HttpRequest, code: str, participant_id: int) -> HttpResponse:
    """The participant's file with assessment, plans, reviews and session notes: need-to-know only, logged."""
    user = _user(request)
    coop = selectors.coop_get(user=user, code=code)
    case = selectors.case_file(user=user, coop=coop, participant_id=participant_id)
    context = {"coop": coop, "case": case, "ratings": dict(GoalProgress.choices)}
    return render(request, "inclusion/case_file.html", context)


@login_required
@require_GET
def disclosure_pdf(request: HttpRequest, code: str, participant_id: int) -> HttpResponse:
    """A participant's disclosure request (APPI Art 33) as PDF: for themself and their caseworkers; logged."""
    user = _user(request)
    coop = selectors.coop_get(user=user, code=code)
    found = selectors.disclosure(user=user, coop=coop, participant_id=participant_id)
    response = HttpResponse(exports.disclosure_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="my-data-{participant_id}.pdf"'
    return response


@login_required
@require_GET
def disclosure_json(request: HttpRequest, code: str, participant_id: int) -> HttpResponse:
    """The same disclosure as JSON, to take elsewhere."""
    user = _user(request)
    coop = selectors.coop_get(user=user, code=code)
    found = selectors.disclosure(user=user, coop=coop, participant_id=participant_id)
    response = JsonResponse(exports.disclosure_data(found), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="my-data-{participant_id}.json"'
    return response


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
def training_session_new(request: HttpRequest, code: str, cohort_id: int) -> HttpResponse:
    """Timetable a training session of a cohort; attendance is then entered on the trainer's tablet."""
    user = _user(request)
    coop = selectors.coop_get(user=user, code=code)
    choices = selectors.cohort_to_timetable(user=user, coop=coop, cohort_id=cohort_id)
    form = forms.TrainingSessionForm(
        _data(request), units=choices.units, initial={"on_date": clock.today(), "length_minutes": 120}
    )

    def to_attendance(session: Any) -> str:
        return reverse("inclusion:attendance", kwargs={"code": coop.code, "training_session_id": session.pk})

    return form_page(
        request,
        form=form,
        save=lambda f: services.training_session_create(actor=user, cohort=choices.cohort, **f.cleaned_data),
        template="inclusion/form_page.html",
        context={
            "coop": coop,
            "title": _("Timetable a training session"),
            "intro": choices.cohort.name,
            "back_url": reverse("inclusion:cohort", kwargs={"code": coop.code, "cohort_id": choices.cohort.pk}),
        },
        done=_("The session is timetabled; enter the attendance here."),
        success_url=to_attendance,
    )


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
    federation = impact.staff_federation(user=user)
    report = impact.federation_impact(user=user, federation=federation, as_of=_as_of(request))
    return render(request, "inclusion/impact.html", {"report": report, "steps": _steps(), "by": "coop"})


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


# The support worker's and the centre's write pages ---------------------------------------------------------


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _write_page(
    request: HttpRequest,
    *,
    form: Any,
    save: Any,
    coop: Any,
    participant: Any,
    title: str,
    done: str,
    intro: str = "",
    care: bool = False,
    back_url: str = "",
    success_url: Any = None,
) -> HttpResponse:
    """An edit page of a participant's path: the core form page, back to their file or register page."""
    if not back_url:
        name = "inclusion:case_file" if care else "inclusion:participant"
        back_url = reverse(name, kwargs={"code": coop.code, "participant_id": participant.pk})
    return form_page(
        request,
        form=form,
        save=save,
        template="inclusion/form_page.html",
        context={"coop": coop, "participant": participant, "title": title, "intro": intro, "back_url": back_url},
        done=done,
        success_url=success_url or back_url,
    )


@login_required
@require_http_methods(["GET", "POST"])
def refer(request: HttpRequest, code: str, programme_id: int) -> HttpResponse:
    """Refer someone new to a programme (intake starts here); the referring support worker takes the case."""
    user = _user(request)
    coop = selectors.coop_get(user=user, code=code)
    choices = selectors.refer_choices(user=user, coop=coop, programme_id=programme_id)
    person_names = ("family_name", "given_name", "family_name_kana", "given_name_kana", "birth_date")
    form = forms.ReferForm(
        _data(request),
        centres=choices.centres,
        cohorts=choices.cohorts,
        initial={"referred_on": clock.today(), "centre": choices.centres.first()},
    )

    def save(f: Any) -> Any:
        data = f.cleaned_data
        return services.participant_refer_new(
            actor=user,
            programme=choices.programme,
            centre=data["centre"],
            cohort=data["cohort"],
            referral_source=data["referral_source"],
            referred_on=data["referred_on"],
            person_fields={k: data[k] for k in person_names if data.get(k) not in (None, "")},
        )

    def to_participant(participant: Any) -> str:
        return reverse("inclusion:participant", kwargs={"code": coop.code, "participant_id": participant.pk})

    return form_page(
        request,
        form=form,
        save=save,
        template="inclusion/form_page.html",
        context={
            "coop": coop,
            "title": _("Refer someone to %(programme)s") % {"programme": choices.programme.name},
            "intro": _("Their name goes into the coop's register; nothing about their health is asked here."),
            "back_url": reverse("inclusion:programmes", kwargs={"code": coop.code}),
        },
        done=_("The referral is recorded."),
        success_url=to_participant,
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, code: str, consent_id: int) -> HttpResponse:
    user = _user(request)
    coop = selectors.coop_get(user=user, code=code)
    consent = selectors.consent_get(user=user, coop=coop, consent_id=consent_id)
    return _write_page(
        request,
        form=forms.WithdrawForm(_data(request), initial={"withdrawn_on": clock.today()}),
        save=lambda f: services.consent_withdraw(actor=user, consent=consent, **f.cleaned_data),
        coop=coop,
        participant=consent.participant,
        title=_("Withdraw the consent: %(purpose)s") % {"purpose": consent.get_purpose_display()},
        intro=_("From this day on nothing is shared for this purpose."),
        done=_("The consent is withdrawn."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, code: str, support_plan_id: int) -> HttpResponse:
    user = _user(request)
    coop = selectors.coop_get(user=user, code=code)
    plan = selectors.plan_to_review(user=user, coop=coop, plan_id=support_plan_id)
    form = forms.ReviewForm(
        _data(request),
        goals=[(g.goal.pk, g.text) for g in plan.goals],
        initial={"reviewed_on": clock.today()},
    )
    return _write_page(
        request,
        form=form,
        save=lambda f: services.review_record(
            actor=user,
            plan=plan.plan,
            reviewed_on=f.cleaned_data["reviewed_on"],
            summary=f.cleaned_data["summary"],
            progress=f.progress(),
        ),
        coop=coop,
        participant=plan.plan.participant,
        care=True,
        title=_("Review the support plan"),
        done=_("The review is recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_record(request: HttpRequest, code: str, support_session_id: int) -> HttpResponse:
    user = _user(request)
    coop = selectors.coop_get(user=user, code=code)
    session = selectors.session_get(user=user, coop=coop, support_session_id=support_session_id)
    return _write_page(
        request,
        form=forms.SessionRecordForm(_data(request)),
        save=lambda f: services.session_record(actor=user, session=session, **f.cleaned_data),
        coop=coop,
        participant=session.participant,
        care=True,
        title=_("Session of %(day)s: how it went") % {"day": session.on_date.isoformat()},
        intro=_("Special-care information: only the person and their support workers read it."),
        done=_("The session note is recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, code: str, follow_up_id: int) -> HttpResponse:
    user = _user(request)
    coop = selectors.coop_get(user=user, code=code)
    found = selectors.follow_up_get(user=user, coop=coop, follow_up_id=follow_up_id)
    selectors.participant_for_record(user=user, coop=coop, participant_id=found.participant_id)
    return _write_page(
        request,
        form=forms.FollowUpForm(_data(request), initial={"done_on": clock.today()}),
        save=lambda f: services.follow_up_record(actor=user, follow_up=found, **f.cleaned_data),
        coop=coop,
        participant=found.participant,
        title=_("%(months)s-month follow-up") % {"months": found.months},
        done=_("The follow-up is recorded."),
    )


# The steps of a participant's path recorded on a page of their own: one table, one view ---------------------


@dataclass(frozen=True)
class Step:
    """A form page recording one step of a participant's path through one service.

    `form` builds the bound form from (data, user, coop, participant); `save` calls the service with the
    cleaned form. A special-care step (`care`) is for the participant's own caseworkers only and returns
    to their support file; the others are for the centre's writers and the caseworkers, back to the
    participant's register page.
    """

    form: Callable[[Any, User, Any, Any], Any]
    save: Callable[[User, Any, Any], object]
    title: Promise
    done: Promise
    intro: Promise | str = ""
    care: bool = False


def _placement_form(data: Any, user: User, coop: Any, found: Any) -> forms.PlacementForm:
    choices = selectors.placement_choices(user=user, coop=coop, participant=found, on=clock.today())
    return forms.PlacementForm(
        data,
        centres=choices.centres,
        mentors=choices.mentors,
        initial={"starts_on": clock.today(), "centre": found.centre_id},
    )


SPECIAL_CARE_INTRO = gettext_lazy("Special-care information: only the person and their support workers read it.")

STEPS: dict[str, Step] = {
    "consent_give": Step(
        form=lambda data, user, coop, found: forms.ConsentForm(data, initial={"given_on": clock.today()}),
        save=lambda user, found, f: services.consent_give(actor=user, participant=found, **f.cleaned_data),
        title=gettext_lazy("Record a consent"),
        intro=gettext_lazy("Record each purpose the person agreed to, as they signed it."),
        done=gettext_lazy("The consent is recorded."),
    ),
    "start": Step(
        form=lambda data, user, coop, found: forms.StartForm(data, initial={"started_on": clock.today()}),
        save=lambda user, found, f: services.participant_start(actor=user, participant=found, **f.cleaned_data),
        title=gettext_lazy("Intake: the person starts the programme"),
        intro=gettext_lazy("The person's consent to support comes first."),
        done=gettext_lazy("The start is recorded."),
    ),
    "assessment": Step(
        form=lambda data, user, coop, found: forms.AssessmentForm(data, initial={"assessed_on": clock.today()}),
        save=lambda user, found, f: services.assessment_record(actor=user, participant=found, **f.cleaned_data),
        title=gettext_lazy("Record the assessment"),
        intro=SPECIAL_CARE_INTRO,
        done=gettext_lazy("The assessment is recorded."),
        care=True,
    ),
    "plan_draw_up": Step(
        form=lambda data, user, coop, found: forms.PlanForm(
            data, initial={"drawn_up_on": clock.today(), "review_every_months": 3}
        ),
        save=lambda user, found, f: services.plan_draw_up(
            actor=user, participant=found, goals=f.goals(), **f.plan_fields()
        ),
        title=gettext_lazy("Draw up the support plan"),
        intro=gettext_lazy("Write in plain words: the person reads the plan on their phone and agrees to it."),
        done=gettext_lazy("The plan is ready for the person to read and agree."),
        care=True,
    ),
    "session_plan": Step(
        form=lambda data, user, coop, found: forms.SessionPlanForm(data, initial={"on_date": clock.today()}),
        save=lambda user, found, f: services.session_plan(actor=user, participant=found, **f.cleaned_data),
        title=gettext_lazy("Plan a support session"),
        done=gettext_lazy("The session is in your diary."),
        care=True,
    ),
    "certificate": Step(
        form=lambda data, user, coop, found: forms.CertificateForm(
            data, initial={"issued_on": clock.today(), "name": found.programme.name}
        ),
        save=lambda user, found, f: services.certificate_award(actor=user, participant=found, **f.cleaned_data),
        title=gettext_lazy("Record a certificate"),
        done=gettext_lazy("The certificate is recorded."),
    ),
    "placement": Step(
        form=_placement_form,
        save=lambda user, found, f: services.placement_start(actor=user, participant=found, **f.cleaned_data),
        title=gettext_lazy("Place the trainee with a mentor"),
        intro=gettext_lazy("The 6- and 12-month follow-ups are scheduled from the first placement."),
        done=gettext_lazy("The placement is recorded; the roster pairs the trainee with their mentor."),
    ),
    "outcome": Step(
        form=lambda data, user, coop, found: forms.OutcomeForm(data, initial={"on_date": clock.today()}),
        save=lambda user, found, f: services.outcome_record(actor=user, participant=found, **f.cleaned_data),
        title=gettext_lazy("Record an outcome"),
        intro=gettext_lazy(
            "Sign the labour contract and admit the member in the register first; this records the path."
        ),
        done=gettext_lazy("The outcome is recorded."),
    ),
}


def _participant_step(name: str) -> Callable[..., HttpResponse]:
    """The page of one step of STEPS, at the participant's URL (outside the reader's rights: 404)."""
    step = STEPS[name]

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, code: str, participant_id: int) -> HttpResponse:
        user = _user(request)
        coop = selectors.coop_get(user=user, code=code)
        find = selectors.participant_for_care if step.care else selectors.participant_for_record
        found = find(user=user, coop=coop, participant_id=participant_id)
        return _write_page(
            request,
            form=step.form(_data(request), user, coop, found),
            save=lambda f: step.save(user, found, f),
            coop=coop,
            participant=found,
            care=step.care,
            title=str(step.title),
            intro=str(step.intro),
            done=str(step.done),
        )

    view.__name__ = view.__qualname__ = name
    view.__doc__ = str(step.title)
    return view


consent_give = _participant_step("consent_give")
start = _participant_step("start")
assessment = _participant_step("assessment")
plan_draw_up = _participant_step("plan_draw_up")
session_plan = _participant_step("session_plan")
certificate = _participant_step("certificate")
placement = _participant_step("placement")
outcome = _participant_step("outcome")
