"""Pages of meetings and voting: the list, the chair's meeting page, the member's ballot, paper votes, results.

Each view parses input, calls selectors (outside the user's reach: 404) and one service, and renders.
The ballot page asks one question per screen with three big buttons; the receipt is shown once, never stored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from tomoni.core.errors import TomoniError
from tomoni.core.exports import csv_writer
from tomoni.core.models import User
from tomoni.core.pages import form_page
from tomoni.core.scopes import scope_for
from tomoni.federation.models import Coop
from tomoni.governance.delegates import selectors as selectors_delegates
from tomoni.governance.meetings import forms, selectors
from tomoni.governance.models import Meeting, MeetingKind, MeetingStatus, Motion, MotionStatus
from tomoni.governance.voting import services
from tomoni.members.selectors import writable_centres


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _meeting_url(meeting: Meeting) -> str:
    return reverse("governance:meeting", kwargs={"code": meeting.coop.code, "meeting_id": meeting.pk})


def _require_manager(user: User, meeting: Meeting) -> None:
    if not selectors.may_manage(user, meeting):
        raise PermissionDenied


def _form_page(
    request: HttpRequest,
    *,
    form: Any,
    save: Callable[[Any], object],
    title: str,
    done: str | Callable[[object], str],
    back_url: str,
    coop: Coop,
    meeting: Meeting | None = None,
    submit: str = "",
    intro: str = "",
    next_url: Callable[[object], str] | None = None,
) -> HttpResponse:
    """An edit page of governance: the core form page with governance's layout."""
    return form_page(
        request,
        form=form,
        save=save,
        template="governance/form_page.html",
        context={
            "coop": coop,
            "meeting": meeting,
            "title": title,
            "intro": intro,
            "submit": submit or _("Save"),
            "back_url": back_url,
        },
        done=done,
        success_url=next_url or back_url,
    )


# Meetings --------------------------------------------------------------------------------------------


@login_required
def meetings(request: HttpRequest, code: str) -> HttpResponse:
    """The meetings of a coop the user may attend or run."""
    user = _user(request)
    coop = selectors.coop_for_meetings(user=user, code=code)
    scope = scope_for(user)
    may_create = scope.writes_coop(coop.pk) or bool(scope.write.centre_ids or scope.write.region_ids)
    return render(
        request,
        "governance/meetings.html",
        {"coop": coop, "meetings": selectors.meetings_visible(user, coop)[:100], "may_create": may_create},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    coop = selectors.coop_for_meetings(user=user, code=code)
    scope = scope_for(user)
    if not (scope.writes_coop(coop.pk) or scope.write.centre_ids or scope.write.region_ids):
        raise PermissionDenied
    centres = writable_centres(user=user, coop=coop)
    form = forms.MeetingForm(request.POST or None, centres=centres)

    def save(f: forms.MeetingForm) -> Meeting:
        d = f.cleaned_data
        return services.meeting_create(
            actor=user,
            coop=coop,
            kind=d["kind"],
            title=d["title"],
            starts_at=d["starts_at"],
            centre=d["centre"],
            place=d["place"],
            online_url=d["online_url"],
        )

    return _form_page(
        request,
        form=form,
        save=save,
        title=_("New meeting"),
        done=_("The meeting was created as a draft. Convene it when the agenda is ready."),
        back_url=reverse("governance:meetings", kwargs={"code": coop.code}),
        coop=coop,
        next_url=lambda m: _meeting_url(m),  # type: ignore[arg-type]
    )


@login_required
def meeting(request: HttpRequest, code: str, meeting_id: int) -> HttpResponse:
    """The meeting page: agenda, motions, the roll's hash and (for the chair) the live quorum."""
    user = _user(request)
    m = selectors.meeting_get(user, code, meeting_id)
    motions = list(selectors.motions_of(m))
    for motion in motions:
        motion.voted = selectors.has_voted(user, motion)  # type: ignore[attr-defined]
        motion.may_vote = (  # type: ignore[attr-defined]
            motion.status == MotionStatus.OPEN and not selectors.is_closed(motion) and selectors.on_roll(user, motion)
        )
        motion.turnout = selectors.participation_count(motion)  # type: ignore[attr-defined]
    manager = selectors.may_manage(user, m)
    return render(
        request,
        "governance/meeting.html",
        {
            "coop": m.coop,
            "meeting": m,
            "agenda": selectors.agenda_of(m),
            "motions": motions,
            "quorum": selectors.meeting_quorum(m),
            "manager": manager,
            "attendances": selectors.attendances_of(m) if manager else [],
            "may_audit": selectors.may_audit(user, m),
            "notice_given": selectors.notice_given_days(m),
        },
    )


@login_required
@require_POST
def meeting_action(request: HttpRequest, code: str, meeting_id: int) -> HttpResponse:
    """Convene, open, close or cancel the meeting."""
    user = _user(request)
    m = selectors.meeting_get(user, code, meeting_id)
    _require_manager(user, m)
    action = request.POST.get("action", "")
    try:
        if action == "convene":
            services.meeting_convene(actor=user, meeting=m)
            messages.success(request, _("The meeting was convened."))
        elif action in (MeetingStatus.IN_SESSION, MeetingStatus.CLOSED, MeetingStatus.CANCELLED):
            services.meeting_set_status(actor=user, meeting=m, status=action)
            messages.success(request, _("The meeting's status was changed."))
        else:
            raise TomoniError(_("Choose one of the options offered."))
    except TomoniError as error:
        messages.error(request, error.message)
    return redirect(_meeting_url(m))


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_create(request: HttpRequest, code: str, meeting_id: int) -> HttpResponse:
    user = _user(request)
    m = selectors.meeting_get(user, code, meeting_id)
    _require_manager(user, m)
    form = forms.AgendaItemForm(request.POST or None)
    return _form_page(
        request,
        form=form,
        save=lambda f: services.agenda_item_add(
            actor=user, meeting=m, title=f.cleaned_data["title"], body=f.cleaned_data["body"]
        ),
        title=_("Add an agenda item"),
        done=_("The item was added to the agenda."),
        back_url=_meeting_url(m),
        coop=m.coop,
        meeting=m,
    )


@login_required
@require_http_methods(["GET", "POST"])
def motion_create(request: HttpRequest, code: str, meeting_id: int) -> HttpResponse:
    user = _user(request)
    m = selectors.meeting_get(user, code, meeting_id)
    _require_manager(user, m)
    agenda = selectors.agenda_of(m)
    if not agenda.exists():
        messages.info(request, _("A motion is put under an item of the agenda: add the item first."))
        return redirect(reverse("governance:agenda_item_create", kwargs={"code": code, "meeting_id": m.pk}))
    constituencies = None
    if m.kind in (MeetingKind.GENERAL, MeetingKind.CENTRE_ALL_MEMBER):
        constituencies = selectors_delegates.constituency_choices(
            m.coop, centre_id=(m.centre_id or 0) if m.kind == MeetingKind.CENTRE_ALL_MEMBER else None
        )
    form = forms.MotionForm(request.POST or None, constituencies=constituencies, agenda=agenda)

    def save(f: forms.MotionForm) -> Motion:
        d = f.cleaned_data
        return services.motion_create(
            actor=user,
            meeting=m,
            kind=d["kind"],
            title=d["title"],
            body=d["body"],
            opens_at=d["opens_at"],
            closes_at=d["closes_at"],
            special_matter=d["special_matter"] or "",
            record_date=d["record_date"],
            secret=d["secret"],
            seats=d["seats"] or 0,
            constituency=d.get("constituency"),
            agenda_item=d.get("agenda_item"),
        )

    return _form_page(
        request,
        form=form,
        save=save,
        title=_("Add a motion"),
        done=_("The motion was added. Open it for voting when ready."),
        back_url=_meeting_url(m),
        coop=m.coop,
        meeting=m,
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance_create(request: HttpRequest, code: str, meeting_id: int) -> HttpResponse:
    """An officer records one person present by written vote or proxy (with the paper's reference), or a
    round-table guest; members present in person or online are ticked on the roll (`attendance`)."""
    user = _user(request)
    m = selectors.meeting_get(user, code, meeting_id)
    _require_manager(user, m)
    form = forms.AttendanceForm(request.POST or None, people=selectors.members_for_choice(m.coop))

    def save(f: forms.AttendanceForm) -> object:
        d = f.cleaned_data
        return services.attendance_record(
            actor=user,
            meeting=m,
            mode=d["mode"],
            person=d["person"],
            guest_name=d["guest_name"],
            affiliation=d["affiliation"],
            proxy_holder=d["proxy_holder"],
            paper_reference=d["paper_reference"],
        )

    return _form_page(
        request,
        form=form,
        save=save,
        title=_("Record attendance"),
        done=_("Attendance was recorded."),
        back_url=_meeting_url(m),
        coop=m.coop,
        meeting=m,
        next_url=lambda _a: reverse("governance:attendance_create", kwargs={"code": code, "meeting_id": m.pk}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, code: str, meeting_id: int) -> HttpResponse:
    """The roll as a check-list: filtered by centre or name, a page of members at a time, ticked present in one
    submit (in person or online). Written and proxy votes, and guests, go through `attendance_create`."""
    user = _user(request)
    m = selectors.meeting_get(user, code, meeting_id)
    _require_manager(user, m)
    centres = list(selectors.attendance_centres(m))
    centre_id = _int_or_none(request.GET.get("centre"))
    if centre_id not in {c.pk for c in centres}:
        centre_id = None
    text = request.GET.get("q", "")[:50]
    roll = selectors.attendance_roll(m, centre_id=centre_id, text=text)
    page = Paginator(roll, selectors.ROLL_PAGE_SIZE).get_page(request.GET.get("page"))
    form = forms.AttendanceTickForm(request.POST or None, people=selectors.attendance_roll(m))
    if request.method == "POST" and form.is_valid():
        try:
            done = services.attendance_record_many(
                actor=user, meeting=m, mode=form.cleaned_data["mode"], people=list(form.cleaned_data["present"])
            )
        except TomoniError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(n)s members were recorded present.") % {"n": len(done)})
            return redirect(request.get_full_path())
    return render(
        request,
        "governance/attendance.html",
        {
            "coop": m.coop,
            "meeting": m,
            "centres": centres,
            "centre_id": centre_id,
            "q": text,
            "page": page,
            "form": form,
            "quorum": selectors.meeting_quorum(m),
            "query": _query_without_page(request),
        },
        status=400 if request.method == "POST" else 200,
    )


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _int_or_none(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


# Motions ---------------------------------------------------------------------------------------------


@login_required
@require_POST
def motion_action(request: HttpRequest, code: str, motion_id: int) -> HttpResponse:
    """Open voting (freezing the roll), close it, or count the ballots."""
    user = _user(request)
    motion = selectors.motion_get(user, code, motion_id)
    _require_manager(user, motion.meeting)
    action = request.POST.get("action", "")
    actions: dict[str, tuple[Callable[..., Motion], str]] = {
        "open": (services.motion_open, _("Voting is open. The roll is frozen and its hash published.")),
        "close": (services.motion_close, _("Voting is closed.")),
        "tally": (services.motion_tally, _("The ballots were counted.")),
    }
    try:
        if action not in actions:
            raise TomoniError(_("Choose one of the options offered."))
        service, done = actions[action]
        service(actor=user, motion=motion)
        messages.success(request, done)
    except TomoniError as error:
        messages.error(request, error.message)
    if action == "tally":
        return redirect(reverse("governance:results", kwargs={"code": code, "motion_id": motion.pk}))
    return redirect(_meeting_url(motion.meeting))


@login_required
@require_http_methods(["GET", "POST"])
def candidate_create(request: HttpRequest, code: str, motion_id: int) -> HttpResponse:
    user = _user(request)
    motion = selectors.motion_get(user, code, motion_id)
    _require_manager(user, motion.meeting)
    form = forms.CandidateForm(request.POST or None, people=selectors.members_for_choice(motion.coop))
    return _form_page(
        request,
        form=form,
        save=lambda f: services.candidate_add(
            actor=user, motion=motion, person=f.cleaned_data["person"], statement=f.cleaned_data["statement"]
        ),
        title=_("Add a candidate"),
        done=_("The candidate was added."),
        back_url=_meeting_url(motion.meeting),
        coop=motion.coop,
        meeting=motion.meeting,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, code: str, motion_id: int) -> HttpResponse:
    """The member's ballot: the question and three big buttons, then a confirmation of the choice (nothing is
    cast until the member confirms it), then the receipt code shown once."""
    user = _user(request)
    motion = selectors.motion_for_voting(user, code, motion_id)
    candidates = selectors.candidate_choices(motion)
    form = forms.BallotForm(request.POST or None, candidates=candidates)
    error = ""
    if selectors.has_voted(user, motion) and request.method == "GET":
        error = _("A vote has already been recorded for this member on this motion. The first vote stands.")
    elif request.method == "POST" and form.is_valid() and "confirm" not in request.POST:
        chosen = form.cleaned_data.get("choice", "") or ""
        marked = [label for pk, label in candidates if str(pk) in form.cleaned_data.get("candidates", [])]
        return render(
            request,
            "governance/vote_confirm.html",
            {
                "coop": motion.coop,
                "motion": motion,
                "choice": chosen,
                "marked": marked,
                "candidate_ids": form.cleaned_data.get("candidates", []),
                "election": bool(candidates),
            },
        )
    elif request.method == "POST" and form.is_valid():
        try:
            receipt = services.vote_cast(
                actor=user,
                motion=motion,
                choice=form.cleaned_data.get("choice", ""),
                candidate_ids=[int(c) for c in form.cleaned_data.get("candidates", [])],
            )
        except TomoniError as refused:
            error = refused.message
        else:
            return render(
                request, "governance/receipt.html", {"coop": motion.coop, "motion": motion, "receipt": receipt}
            )
    return render(
        request,
        "governance/vote.html",
        {"coop": motion.coop, "motion": motion, "form": form, "error": error, "candidates": candidates},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_vote(request: HttpRequest, code: str, motion_id: int) -> HttpResponse:
    """An officer enters a ballot paper, a written vote or a proxy vote, with the paper's reference."""
    user = _user(request)
    motion = selectors.motion_get(user, code, motion_id)
    _require_manager(user, motion.meeting)
    people = selectors.voters_for_choice(motion)
    form = forms.PaperVoteForm(request.POST or None, people=people, candidates=selectors.candidate_choices(motion))

    def save(f: forms.PaperVoteForm) -> str:
        d = f.cleaned_data
        return services.vote_record_paper(
            actor=user,
            motion=motion,
            person=d["person"],
            channel=d["channel"],
            paper_reference=d["paper_reference"],
            choice=d.get("choice", "") or "",
            candidate_ids=[int(c) for c in d.get("candidates", [])],
            proxy_holder=d["proxy_holder"],
        )

    return _form_page(
        request,
        form=form,
        save=save,
        title=_("Enter a paper vote"),
        intro=_(
            "Enter each paper once, with the reference written on it. The choice is never kept with the member's name."
        ),
        done=lambda receipt: (
            _("The paper vote was recorded. Receipt code for the member: %(code)s") % {"code": receipt}
        ),
        back_url=_meeting_url(motion.meeting),
        coop=motion.coop,
        meeting=motion.meeting,
        next_url=lambda _r: reverse("governance:paper_vote", kwargs={"code": code, "motion_id": motion.pk}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def tie_resolve(request: HttpRequest, code: str, motion_id: int) -> HttpResponse:
    user = _user(request)
    motion = selectors.motion_get(user, code, motion_id)
    _require_manager(user, motion.meeting)
    candidates = selectors.candidate_choices(motion, undecided_only=True)
    form = forms.TieForm(request.POST or None, candidates=candidates)
    return _form_page(
        request,
        form=form,
        save=lambda f: services.motion_tie_resolve(
            actor=user,
            motion=motion,
            note=f.cleaned_data["note"],
            outcome=f.cleaned_data.get("outcome", "") or "",
            elected_candidate_ids=[int(c) for c in f.cleaned_data.get("elected_candidate_ids", [])],
        ),
        title=_("Resolve a tie"),
        done=_("How the tie was resolved is recorded."),
        back_url=reverse("governance:results", kwargs={"code": code, "motion_id": motion.pk}),
        coop=motion.coop,
        meeting=motion.meeting,
    )


@login_required
@require_http_methods(["GET", "POST"])
def results(request: HttpRequest, code: str, motion_id: int) -> HttpResponse:
    """The result with every figure the minutes need, and the member's receipt check."""
    user = _user(request)
    motion = selectors.motion_get(user, code, motion_id)
    form = forms.ReceiptForm(request.POST or None)
    answer = None
    if request.method == "POST" and form.is_valid():
        from tomoni.governance.voting.api import receipt_answer

        answer = receipt_answer(motion, form.cleaned_data["receipt"])
    return render(
        request,
        "governance/results.html",
        {
            "coop": motion.coop,
            "motion": motion,
            "meeting": motion.meeting,
            "counted": selectors.results_visible(motion),
            "outcome": selectors.outcome_text(motion),
            "candidates": selectors.candidates_of(motion),
            "turnout": selectors.participation_count(motion),
            "form": form,
            "answer": answer,
            "manager": selectors.may_manage(user, motion.meeting),
            "may_audit": selectors.may_audit(user, motion.meeting),
        },
    )


@login_required
def results_csv(request: HttpRequest, code: str, motion_id: int) -> HttpResponse:
    """The result as CSV (UTF-8 with BOM for Excel): aggregates only, never a ballot."""
    user = _user(request)
    motion = selectors.motion_get(user, code, motion_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="motion-{motion.pk}-results.csv"'
    response.write("\ufeff")
    writer = csv_writer(response)
    writer.writerow([_("Item"), _("Value")])
    counted = selectors.results_visible(motion)
    rows: list[tuple[str, object]] = [
        (_("Motion"), motion.title),
        (_("Members on the roll"), motion.on_roll_count if counted else ""),
        (_("Present"), motion.present_count if counted else ""),
        (_("For"), motion.for_count if counted else ""),
        (_("Against"), motion.against_count if counted else ""),
        (_("Abstaining"), motion.abstain_count if counted else ""),
        (_("Present, no ballot cast (not in favour)"), motion.no_ballot_count if counted else ""),
        (_("Threshold"), motion.threshold_text),
        (_("Result"), selectors.outcome_text(motion)),
    ]
    if motion.roll and selectors.may_audit(user, motion.meeting):
        rows.append((_("SHA-256 of the roll"), motion.roll.sha256))
    if counted:
        for c in selectors.candidates_of(motion):
            rows.append((c.person.full_name, c.votes))
    writer.writerows(rows)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest, code: str) -> HttpResponse:
    """The coop's rules of meeting and voting, as its articles set them."""
    user = _user(request)
    coop = selectors.coop_for_meetings(user=user, code=code)
    if not scope_for(user).writes_coop(coop.pk):
        raise PermissionDenied
    current = selectors.settings_for(coop)
    form = forms.SettingsForm(request.POST or None, instance=current)

    def save(f: forms.SettingsForm) -> object:
        fields = {name: f.cleaned_data[name] for name in services.SETTINGS_FIELDS}
        return services.governance_settings_update(actor=user, coop=coop, **fields)

    return _form_page(
        request,
        form=form,
        save=save,
        title=_("Rules of meeting and voting"),
        intro=_("The Act's defaults, changed only where the articles of association say otherwise."),
        done=_("The settings were saved."),
        back_url=reverse("governance:meetings", kwargs={"code": coop.code}),
        coop=coop,
    )
