"""Pages of voting: a motion and its candidates, the member's ballot, paper votes, ties, results.

Each view parses input, calls selectors (outside the user's reach: 404) and one service, and renders.
The ballot page asks one question per screen with three big buttons; the receipt is shown once, never stored.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from tomoni.core.errors import TomoniError
from tomoni.core.exports import csv_writer
from tomoni.governance.delegates import selectors as selectors_delegates
from tomoni.governance.meetings import forms, selectors
from tomoni.governance.meetings.views import _form_page, _meeting_url, _require_manager, _user
from tomoni.governance.models import MeetingKind, Motion
from tomoni.governance.voting import services


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
