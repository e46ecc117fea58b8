"""Pages of members' voice: proposals and their discussion, the decision register, the minutes
(HTML and PDF) and their sign-off, notices, the Art 66 report, and each member's calendar feed.

Each view parses input, calls selectors (outside the user's reach: 404) and one service, and renders.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tomoni.core import clock
from tomoni.core.errors import TomoniError
from tomoni.core.models import User
from tomoni.core.scopes import scope_for
from tomoni.federation.models import Coop
from tomoni.governance.meetings.selectors import meeting_get
from tomoni.governance.models import Meeting, Minutes, MinutesStatus, ProposalStatus
from tomoni.governance.voice import forms, notices, selectors, services
from tomoni.governance.voice import minutes as rendering
from tomoni.governance.voice import rules as rules_voice
from tomoni.members.selectors import person_of_user

PAGE_SIZE = 30


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _coop(request: HttpRequest, code: str) -> Coop:
    return selectors.voice_coop(user=_user(request), code=code)


# Proposals -----------------------------------------------------------------------------------------


@login_required
@require_GET
def proposals(request: HttpRequest, code: str) -> HttpResponse:
    """The proposals of the coop and of the user's centres, newest first."""
    user = _user(request)
    coop = _coop(request, code)
    filters = forms.ProposalFilterForm(request.GET or None)
    status = filters.cleaned_data.get("status", "") if filters.is_valid() else ""
    page = Paginator(selectors.proposals_visible(user=user, coop=coop, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "governance/proposal_list.html",
        {
            "coop": coop,
            "page": page,
            "filters": filters,
            "may_raise": selectors.voice_person(user=user, coop=coop) is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest, code: str) -> HttpResponse:
    """A member raises an item or a question for their centre or the coop."""
    user = _user(request)
    coop = _coop(request, code)
    if selectors.voice_person(user=user, coop=coop) is None:
        raise PermissionDenied
    centres = selectors.voice_centres(user=user, coop=coop)
    form = forms.ProposalForm(request.POST or None, centres=centres)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_raise(actor=user, coop=coop, **form.cleaned_data)
        except TomoniError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your proposal has been raised. Other members can now read and support it."))
            return redirect("governance:proposal", code=coop.code, proposal_id=proposal.pk)
    return render(
        request,
        "governance/proposal_form.html",
        {
            "coop": coop,
            "form": form,
            "title": _("Raise a proposal"),
            "submit": _("Raise the proposal"),
            "back_url": reverse("governance:proposals", args=[coop.code]),
        },
    )


def _proposal_context(request: HttpRequest, code: str, proposal_id: int) -> dict[str, Any]:
    user = _user(request)
    coop = _coop(request, code)
    proposal = selectors.proposal_get(user=user, coop=coop, proposal_id=proposal_id)
    person = selectors.voice_person(user=user, coop=coop)
    supported = selectors.proposal_supported_by(proposal=proposal, person=person)
    return {
        "coop": coop,
        "proposal": proposal,
        "comments": selectors.proposal_comments(proposal=proposal),
        "supported": supported,
        "may_support": person is not None
        and not supported
        and rules_voice.proposal_may_be_supported(
            status=proposal.status, supporter_id=person.pk, raiser_id=proposal.raised_by_id
        ),
        "may_settle": proposal.status == ProposalStatus.OPEN
        and selectors.proposal_may_settle(user=user, proposal=proposal),
        "comment_form": forms.CommentForm(),
    }


@login_required
@require_GET
def proposal(request: HttpRequest, code: str, proposal_id: int) -> HttpResponse:
    """One proposal: its text, support, thread, and how it was settled."""
    return render(request, "governance/proposal_detail.html", _proposal_context(request, code, proposal_id))


@login_required
@require_POST
def proposal_comment(request: HttpRequest, code: str, proposal_id: int) -> HttpResponse:
    context = _proposal_context(request, code, proposal_id)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_comment_add(actor=_user(request), proposal=context["proposal"], **form.cleaned_data)
        except TomoniError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your comment has been added."))
            return redirect("governance:proposal", code=code, proposal_id=proposal_id)
    context["comment_form"] = form
    return render(request, "governance/proposal_detail.html", context, status=400)


@login_required
@require_POST
def proposal_support(request: HttpRequest, code: str, proposal_id: int) -> HttpResponse:
    context = _proposal_context(request, code, proposal_id)
    try:
        services.proposal_support(actor=_user(request), proposal=context["proposal"])
    except TomoniError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You support this proposal."))
    return redirect("governance:proposal", code=code, proposal_id=proposal_id)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_respond(request: HttpRequest, code: str, proposal_id: int) -> HttpResponse:
    """The board or the centre puts a proposal on an agenda, answers it, or declines it with a reason."""
    user = _user(request)
    context = _proposal_context(request, code, proposal_id)
    proposal = context["proposal"]
    if not selectors.proposal_may_settle(user=user, proposal=proposal):
        raise PermissionDenied
    form = forms.RespondForm(request.POST or None, meetings=selectors.proposal_meetings(user=user, proposal=proposal))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == "agenda":
                services.proposal_put_on_agenda(
                    actor=user, proposal=proposal, meeting=data["meeting"], response=data["response"]
                )
            else:
                services.proposal_answer(
                    actor=user, proposal=proposal, response=data["response"], decline=data["action"] == "decline"
                )
        except TomoniError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The proposal has been settled; the member who raised it can read how."))
            return redirect("governance:proposal", code=code, proposal_id=proposal_id)
    return render(
        request,
        "governance/proposal_form.html",
        {
            "coop": context["coop"],
            "proposal": proposal,
            "form": form,
            "title": _("Settle the proposal"),
            "submit": _("Save"),
            "back_url": reverse("governance:proposal", args=[code, proposal_id]),
        },
    )


# Decisions -----------------------------------------------------------------------------------------


@login_required
@require_GET
def decisions(request: HttpRequest, code: str) -> HttpResponse:
    """The decision register: each decision with its owner, due date and follow-up; overdue ones marked."""
    user = _user(request)
    coop = _coop(request, code)
    everything = selectors.decisions_visible(user=user, coop=coop)
    filters = forms.DecisionFilterForm(
        request.GET or None,
        centres=selectors.voice_centres(user=user, coop=coop),
        owners=selectors.decision_owners(coop=coop, decisions=everything),
    )
    chosen: dict[str, Any] = filters.cleaned_data if filters.is_valid() else {}
    status = chosen.get("status") or ""
    listed = selectors.decisions_visible(
        user=user,
        coop=coop,
        status="" if status == "overdue" else status,
        overdue=status == "overdue",
        centre=chosen.get("centre"),
        owner=chosen.get("owner"),
    )
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    today = clock.today()
    rows = [
        (d, rules_voice.decision_is_overdue(due_on=d.due_on, status=d.status, today=today)) for d in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "governance/decision_list.html",
        {"coop": coop, "page": page, "rows": rows, "filters": filters, "query": query.urlencode(), "today": today},
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, code: str, decision_id: int) -> HttpResponse:
    """One decision and its follow-up notes; its owner (or the meeting's officers) add progress."""
    user = _user(request)
    coop = _coop(request, code)
    item = selectors.decision_get(user=user, coop=coop, decision_id=decision_id)
    may_follow_up = selectors.decision_may_follow_up(user=user, decision=item)
    form = forms.FollowUpForm(request.POST or None, initial={"status": item.status})
    if request.method == "POST":
        if not may_follow_up:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.decision_follow_up(actor=user, decision=item, **form.cleaned_data)
            except TomoniError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("The progress note has been added."))
                return redirect("governance:decision", code=code, decision_id=decision_id)
    return render(
        request,
        "governance/decision_detail.html",
        {
            "coop": coop,
            "decision": item,
            "notes": selectors.decision_notes(decision=item),
            "overdue": rules_voice.decision_is_overdue(due_on=item.due_on, status=item.status, today=clock.today()),
            "form": form if may_follow_up else None,
        },
        status=400 if request.method == "POST" else 200,
    )


def _meeting(request: HttpRequest, code: str, meeting_id: int) -> Meeting:
    return meeting_get(_user(request), code, meeting_id)


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, code: str, meeting_id: int) -> HttpResponse:
    """Record a decision of a meeting, with its owner and due date."""
    user = _user(request)
    meeting = _meeting(request, code, meeting_id)
    if not selectors.decision_may_write(user=user, meeting=meeting):
        raise PermissionDenied
    form = forms.DecisionForm(
        request.POST or None,
        owners=selectors.decision_owner_choices(coop=meeting.coop, meeting=meeting),
        motions=selectors.decision_motion_choices(meeting=meeting),
        items=selectors.decision_item_choices(meeting=meeting),
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.decision_record(actor=user, meeting=meeting, **form.cleaned_data)
        except TomoniError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect("governance:decision", code=code, decision_id=created.pk)
    return render(
        request,
        "governance/decision_form.html",
        {
            "coop": meeting.coop,
            "meeting": meeting,
            "form": form,
            "title": _("Record a decision"),
            "submit": _("Record the decision"),
            "back_url": reverse("governance:decisions", args=[code]),
        },
    )


# Minutes -------------------------------------------------------------------------------------------


@login_required
@require_GET
def minutes_index(request: HttpRequest, code: str) -> HttpResponse:
    """The meetings the user sees, newest first, with their minutes: signed, awaiting signatures, or not drawn up."""
    user = _user(request)
    coop = _coop(request, code)
    held = selectors.meetings_held(user=user, coop=coop)
    page = Paginator(held, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(m, getattr(m, "minutes", None), selectors.decision_may_write(user=user, meeting=m)) for m in page]
    return render(request, "governance/minutes_list.html", {"coop": coop, "page": page, "rows": rows})


def _minutes_view(meeting: Meeting) -> tuple[Minutes | None, list[list[str]], bool]:
    """The minutes' blocks: as fixed if signed (and whether they still match their digest), else as drafted."""
    minutes = selectors.minutes_of(meeting=meeting)
    if minutes is not None and minutes.status == MinutesStatus.FIXED:
        blocks = minutes.fixed_content
        return minutes, blocks, rules_voice.minutes_digest(blocks) == minutes.content_sha256
    return minutes, rendering.minutes_blocks(meeting=meeting, minutes=minutes), True


@login_required
@require_http_methods(["GET", "POST"])
def minutes(request: HttpRequest, code: str, meeting_id: int) -> HttpResponse:
    """The minutes of a meeting (議事録); its officers draw them up, the signatories sign."""
    user = _user(request)
    meeting = _meeting(request, code, meeting_id)
    may_prepare = selectors.decision_may_write(user=user, meeting=meeting)
    record, blocks, intact = _minutes_view(meeting)
    form = forms.MinutesForm(request.POST or None, initial={"questions": record.questions if record else ""})
    if request.method == "POST":
        if not may_prepare:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.minutes_prepare(actor=user, meeting=meeting, **form.cleaned_data)
            except TomoniError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("The minutes are ready for signature."))
                return redirect("governance:minutes", code=code, meeting_id=meeting_id)
    pending = None
    if record is not None and record.status == MinutesStatus.DRAFT:
        pending = selectors.signoff_pending(minutes=record, user=user)
    return render(
        request,
        "governance/minutes.html",
        {
            "coop": meeting.coop,
            "meeting": meeting,
            "record": record,
            "blocks": blocks,
            "intact": intact,
            "form": form if may_prepare and (record is None or record.status == MinutesStatus.DRAFT) else None,
            "pending_signoff": pending,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def minutes_pdf(request: HttpRequest, code: str, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, code, meeting_id)
    _record, blocks, _intact = _minutes_view(meeting)
    pdf = rendering.minutes_pdf(blocks, title=blocks[0][1] if blocks else meeting.title)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="minutes-{meeting.pk}.pdf"'
    return response


@login_required
@require_POST
def minutes_sign(request: HttpRequest, code: str, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, code, meeting_id)
    record = selectors.minutes_of(meeting=meeting)
    if record is None:
        raise Http404
    try:
        services.minutes_sign(actor=_user(request), minutes=record)
    except TomoniError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You have signed the minutes."))
    return redirect("governance:minutes", code=code, meeting_id=meeting_id)


# Notices -------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def notices_page(request: HttpRequest, code: str, meeting_id: int) -> HttpResponse:
    """Mail a meeting's convocation or results to its members; the notices sent so far."""
    user = _user(request)
    meeting = _meeting(request, code, meeting_id)
    if not selectors.decision_may_write(user=user, meeting=meeting):
        raise PermissionDenied
    form = forms.NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_send(actor=user, meeting=meeting, kind=form.cleaned_data["kind"])
        except TomoniError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The notice is being sent to the members by email."))
            return redirect("governance:notices", code=code, meeting_id=meeting_id)
    return render(
        request,
        "governance/notice_page.html",
        {
            "coop": meeting.coop,
            "meeting": meeting,
            "form": form,
            "sent": selectors.meeting_notices(meeting=meeting),
            "recipients": notices.notice_recipients(meeting=meeting, kind="convocation").count(),
        },
        status=400 if request.method == "POST" else 200,
    )


# The Art 66 report ---------------------------------------------------------------------------------


def _fiscal_year_start(day: dt.date) -> dt.date:
    return dt.date(day.year if day.month >= 4 else day.year - 1, 4, 1)


@login_required
@require_GET
def opinion_report(request: HttpRequest, code: str) -> HttpResponse:
    """Art 66: how members' opinions were gathered and reflected over a period (a fiscal year by default)."""
    user = _user(request)
    coop = _coop(request, code)
    if not scope_for(user).reads_coop(coop.pk):
        raise Http404
    today = clock.today()
    start = _fiscal_year_start(today)
    form = forms.PeriodForm(request.GET or None, initial={"start": start, "end": today})
    end = today
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    report = selectors.opinion_report(user=user, coop=coop, start=start, end=end)
    return render(request, "governance/opinion_report.html", {"coop": coop, "form": form, **report})


# Calendar feeds ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def my_calendar(request: HttpRequest) -> HttpResponse:
    """A member's own calendar address: to subscribe from a calendar app, to renew or to stop."""
    user = _user(request)
    try:
        person = person_of_user(user=user)
    except Http404:
        person = None
    if request.method == "POST" and person is not None:
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(actor=user, person=person)
            messages.success(request, _("Your calendar address no longer works."))
        else:
            services.calendar_feed_issue(actor=user, person=person)
            messages.success(request, _("You have a new calendar address; any earlier one no longer works."))
        return redirect("governance:my_calendar")
    feed = selectors.calendar_feed_of(person=person) if person is not None else None
    feed_url = None
    if person is not None and feed is not None:
        path = reverse("governance:calendar_feed", args=[person.coop.code, person.pk])
        feed_url = request.build_absolute_uri(f"{path}?token={feed.token}")
    return render(request, "governance/notice_calendar.html", {"person": person, "feed": feed, "feed_url": feed_url})


@require_GET
def calendar_feed(request: HttpRequest, code: str, person_id: int) -> HttpResponse:
    """A member's meetings as an .ics feed: at their secret address, or for themself when signed in."""
    person = selectors.calendar_person(
        code=code, person_id=person_id, token=request.GET.get("token", ""), user=request.user
    )
    response = HttpResponse(
        notices.calendar_ics(person=person, host=request.get_host()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="tomoni.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
