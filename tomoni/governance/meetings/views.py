"""Pages of meetings: the list, the chair's meeting page, the agenda, attendance and the governance settings.

Each view parses input, calls selectors (outside the user's reach: 404) and one service, and renders.
The pages of the motions put to a meeting and of voting are in tomoni.governance.voting.views.
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
from django.views.decorators.http import require_http_methods, require_POST

from tomoni.core.errors import TomoniError
from tomoni.core.models import User
from tomoni.core.pages import form_page
from tomoni.core.scopes import scope_for
from tomoni.federation.models import Coop
from tomoni.governance.meetings import forms, selectors, services
from tomoni.governance.models import Meeting, MeetingStatus, MotionStatus
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
