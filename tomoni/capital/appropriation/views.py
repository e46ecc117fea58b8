"""Pages of the year-end appropriation (剰余金処分) and the work-engaged dividend (従事分量配当).

The coop's officers draft, revise, propose, record the general meeting's approval and post; its
auditor reads everything; no one else reaches these pages (404). Each view parses input, calls the
selectors and one service, and renders.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tomoni.capital.appropriation import selectors, services
from tomoni.capital.ledger import selectors as ledger
from tomoni.capital.models import Appropriation, AppropriationStatus
from tomoni.core import clock
from tomoni.core.errors import TomoniError
from tomoni.core.exports import csv_writer
from tomoni.core.models import User
from tomoni.core.money import fiscal_year_bounds, fiscal_year_of, format_yen
from tomoni.core.scopes import scope_for
from tomoni.federation.models import Coop
from tomoni.members.forms import PlainForm, date_field
from tomoni.members.models import MembershipKind

DIVIDEND_PAGE_SIZE = 50
AMOUNTS = services.APPROPRIATION_AMOUNT_FIELDS


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _yen_field(label: Any, *, required: bool = True, min_value: int | None = 0, help_text: Any = "") -> forms.Field:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=min_value,
        max_value=10**15,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
    )


def _weight_fields() -> dict[str, forms.Field]:
    return {
        f"weight_{kind}": forms.IntegerField(
            label=gettext_lazy("Weight of a minute: %(kind)s") % {"kind": label},
            min_value=0,
            max_value=100,
            initial=1,
            help_text=gettext_lazy("A whole number, as the articles set it; 1 for every kind means no weighting."),
        )
        for kind, label in MembershipKind.choices
    }


class AppropriationInputsForm(PlainForm):
    """The figures an appropriation starts from, and the articles' choices for the dividend."""

    surplus_yen = _yen_field(
        gettext_lazy("Surplus of the year (yen)"),
        min_value=-(10**15),
        help_text=gettext_lazy("From the year's profit and loss statement; a loss as a negative number."),
    )
    carried_loss_yen = _yen_field(
        gettext_lazy("Losses carried forward from earlier years (yen)"),
        help_text=gettext_lazy("Covered first (Art 77(1)). Enter 0 if there are none."),
    )
    reserve_balance_yen = _yen_field(
        gettext_lazy("Reserve fund before this appropriation (yen)"),
        required=False,
        help_text=gettext_lazy("Leave empty to take the balance from the capital ledger at the year end."),
    )
    total_capital_yen = _yen_field(
        gettext_lazy("Total capital (yen)"),
        required=False,
        help_text=gettext_lazy("Leave empty to take the subscribed capital from the ledger at the year end."),
    )
    set_off_unpaid_capital = forms.BooleanField(
        label=gettext_lazy("Set dividends against unpaid capital first (Art 78)"), required=False, initial=True
    )
    notes = forms.CharField(label=gettext_lazy("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_weight_fields())

    def weights(self) -> dict[str, int]:
        return {kind: self.cleaned_data[f"weight_{kind}"] for kind in MembershipKind.values}


class AppropriationDraftForm(AppropriationInputsForm):
    fiscal_year = forms.IntegerField(
        label=gettext_lazy("Fiscal year"),
        min_value=1900,
        max_value=9999,
        help_text=gettext_lazy("Named by its starting year: 2014 is April 2014 to March 2015."),
    )
    field_order = ["fiscal_year", "surplus_yen", "carried_loss_yen", "reserve_balance_yen", "total_capital_yen"]


class AppropriationEditForm(AppropriationInputsForm):
    reserve_balance_yen = _yen_field(gettext_lazy("Reserve fund before this appropriation (yen)"))
    total_capital_yen = _yen_field(gettext_lazy("Total capital (yen)"))
    reserve_fund_yen = _yen_field(gettext_lazy("Reserve fund (yen)"), help_text=gettext_lazy("Art 76(1)."))
    job_creation_yen = _yen_field(gettext_lazy("Job-creation reserve (yen)"), help_text=gettext_lazy("Art 76(4)."))
    education_yen = _yen_field(gettext_lazy("Education carry-forward (yen)"), help_text=gettext_lazy("Art 76(5)."))
    dividend_pool_yen = _yen_field(
        gettext_lazy("Work-engaged dividend (yen)"),
        help_text=gettext_lazy("Art 77(2): shared by minutes worked. What is not appropriated is carried forward."),
    )


class ApproveForm(PlainForm):
    meeting_held_on = date_field(gettext_lazy("Day the general meeting approved it"))
    minutes_reference = forms.CharField(
        label=gettext_lazy("Where the minutes record the approval"),
        max_length=200,
        help_text=gettext_lazy("For example: minutes of the 28th ordinary general meeting, motion 3."),
    )


# Lookups ---------------------------------------------------------------------------------------------------


def _coop(request: HttpRequest, code: str) -> Coop:
    return ledger.capital_coop_get(user=_user(request), code=code)


def _appropriation(request: HttpRequest, code: str, fiscal_year: int) -> Appropriation:
    coop = _coop(request, code)
    return selectors.appropriation_get(user=_user(request), coop=coop, fiscal_year=fiscal_year)


def _require_writer(request: HttpRequest, coop: Coop) -> None:
    if not ledger.writes_ledger(user=_user(request), coop=coop):
        raise PermissionDenied


def _detail_url(appropriation: Appropriation) -> str:
    return reverse("capital:appropriation", args=[appropriation.coop.code, appropriation.fiscal_year])


def _context(request: HttpRequest, coop: Coop, **extra: Any) -> dict[str, Any]:
    return {
        "coop": coop,
        "coop_link": scope_for(_user(request)).reads_coop(coop.pk),
        "can_write": ledger.writes_ledger(user=_user(request), coop=coop),
        **extra,
    }


# The list of years, and a new draft --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def appropriations(request: HttpRequest, code: str) -> HttpResponse:
    """The coop's appropriations by fiscal year, and the form to draft one."""
    coop = _coop(request, code)
    user = _user(request)
    can_write = ledger.writes_ledger(user=user, coop=coop)
    last_year = fiscal_year_of(clock.today()) - 1
    form = AppropriationDraftForm(
        request.POST if request.method == "POST" else None,
        initial={"fiscal_year": last_year, "carried_loss_yen": 0, "set_off_unpaid_capital": True},
    )
    if request.method == "POST":
        _require_writer(request, coop)
        if form.is_valid():
            data = form.cleaned_data
            try:
                appropriation = services.appropriation_draft(
                    actor=user,
                    coop=coop,
                    fiscal_year=data["fiscal_year"],
                    surplus_yen=data["surplus_yen"],
                    carried_loss_yen=data["carried_loss_yen"],
                    reserve_balance_yen=data["reserve_balance_yen"],
                    total_capital_yen=data["total_capital_yen"],
                    dividend_weights=form.weights(),
                    set_off_unpaid_capital=data["set_off_unpaid_capital"],
                    notes=data["notes"],
                )
            except TomoniError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("The draft was saved. Check the figures, then propose it."))
                return redirect(_detail_url(appropriation))
    return render(
        request,
        "capital/appropriations.html",
        _context(
            request,
            coop,
            rows=list(selectors.appropriations_of(user=user, coop=coop)),
            form=form if can_write else None,
        ),
        status=400 if request.method == "POST" else 200,
    )


# One year: the proposal as a document -----------------------------------------------------------------------


def _document_lines(a: Appropriation) -> list[dict[str, Any]]:
    """The lines of the proposal, each with its article and, for a reserve, its legal minimum."""
    return [
        {"label": _("Surplus of the year"), "amount": a.surplus_yen, "article": ""},
        {"label": _("Losses carried forward from earlier years"), "amount": a.carried_loss_yen, "article": ""},
        {"label": _("Losses covered"), "amount": a.loss_covered_yen, "article": services.article_text("77(1)")},
        {
            "label": _("Surplus after covering losses"),
            "amount": a.surplus_after_losses_yen,
            "article": "",
            "total": True,
        },
        {
            "label": _("Reserve fund"),
            "amount": a.reserve_fund_yen,
            "article": services.article_text("76(1)"),
            "minimum": a.reserve_fund_min_yen,
            "rule": _("at least %(ratio)s of the surplus until the reserve reaches %(target)s")
            % {"ratio": a.reserve_fund_ratio, "target": format_yen(a.reserve_target_yen)},
        },
        {
            "label": _("Job-creation reserve"),
            "amount": a.job_creation_yen,
            "article": services.article_text("76(4)"),
            "minimum": a.job_creation_min_yen,
            "rule": _("at least %(ratio)s of the surplus") % {"ratio": a.job_creation_ratio},
        },
        {
            "label": _("Education carry-forward"),
            "amount": a.education_yen,
            "article": services.article_text("76(5)"),
            "minimum": a.education_min_yen,
            "rule": _("at least %(ratio)s of the surplus") % {"ratio": a.education_ratio},
        },
        {
            "label": _("Work-engaged dividend"),
            "amount": a.dividend_pool_yen,
            "article": services.article_text("77(2)"),
            "rule": _("in proportion to the minutes members worked"),
        },
        {"label": _("Carried forward to the next year"), "amount": a.carried_forward_yen, "article": ""},
        {"label": _("Losses still carried forward"), "amount": a.carried_loss_after_yen, "article": ""},
    ]


def _chart(a: Appropriation) -> dict[str, Any]:
    return {
        "labels": [
            _("Reserve fund"),
            _("Job-creation reserve"),
            _("Education carry-forward"),
            _("Work-engaged dividend"),
            _("Carried forward"),
        ],
        "values": [a.reserve_fund_yen, a.job_creation_yen, a.education_yen, a.dividend_pool_yen, a.carried_forward_yen],
        "title": _("Appropriation of the surplus after losses"),
    }


@login_required
def appropriation(request: HttpRequest, code: str, fiscal_year: int) -> HttpResponse:
    """A fiscal year's appropriation: the proposal with every figure and its article, the chart, the dividend list."""
    a = _appropriation(request, code, fiscal_year)
    rows = selectors.dividend_rows(appropriation=a)
    totals = {
        "minutes": sum(r.worked_minutes for r in rows),
        "dividend": sum(r.dividend_yen for r in rows),
        "set_off": sum(r.set_off_yen for r in rows),
        "payable": sum(r.payable_yen for r in rows),
    }
    page = Paginator(rows, DIVIDEND_PAGE_SIZE).get_page(request.GET.get("page"))
    start, end = fiscal_year_bounds(a.fiscal_year)
    chart = _chart(a)
    return render(
        request,
        "capital/appropriation.html",
        _context(
            request,
            a.coop,
            appropriation=a,
            lines=_document_lines(a),
            chart=chart,
            chart_label=_("Chart: %(parts)s")
            % {
                "parts": ", ".join(
                    f"{label} {format_yen(v)}" for label, v in zip(chart["labels"], chart["values"], strict=True)
                )
            },
            page=page,
            totals=totals,
            year_start=start,
            year_end=end,
            weights=[(label, a.dividend_weights.get(kind, 1)) for kind, label in MembershipKind.choices],
            is_draft=a.status == AppropriationStatus.DRAFT,
            is_proposed=a.status == AppropriationStatus.PROPOSED,
            is_approved=a.status == AppropriationStatus.APPROVED,
            is_posted=a.status == AppropriationStatus.POSTED,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def appropriation_edit(request: HttpRequest, code: str, fiscal_year: int) -> HttpResponse:
    """Revise a draft (or a proposal not yet approved, which goes back to draft)."""
    a = _appropriation(request, code, fiscal_year)
    _require_writer(request, a.coop)
    if a.status not in (AppropriationStatus.DRAFT, AppropriationStatus.PROPOSED):
        messages.error(request, _("An approved or posted appropriation cannot be revised."))
        return redirect(_detail_url(a))
    initial = {
        name: getattr(a, name)
        for name in (
            "surplus_yen",
            "carried_loss_yen",
            "reserve_balance_yen",
            "total_capital_yen",
            "set_off_unpaid_capital",
            "notes",
            *AMOUNTS,
        )
    } | {f"weight_{kind}": a.dividend_weights.get(kind, 1) for kind in MembershipKind.values}
    form = AppropriationEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.appropriation_revise(
                actor=_user(request),
                appropriation=a,
                amounts={name: data[name] for name in AMOUNTS},
                surplus_yen=data["surplus_yen"],
                carried_loss_yen=data["carried_loss_yen"],
                reserve_balance_yen=data["reserve_balance_yen"],
                total_capital_yen=data["total_capital_yen"],
                dividend_weights=form.weights(),
                set_off_unpaid_capital=data["set_off_unpaid_capital"],
                notes=data["notes"],
            )
        except TomoniError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect(_detail_url(a))
    return render(
        request,
        "capital/appropriation_form.html",
        _context(
            request,
            a.coop,
            appropriation=a,
            form=form,
            title=_("Revise the appropriation of fiscal year %(year)s") % {"year": a.fiscal_year},
            minimums=[
                (_("Reserve fund"), a.reserve_fund_min_yen, services.article_text("76(1)")),
                (_("Job-creation reserve"), a.job_creation_min_yen, services.article_text("76(4)")),
                (_("Education carry-forward"), a.education_min_yen, services.article_text("76(5)")),
            ],
        ),
        status=400 if request.method == "POST" else 200,
    )


def _confirm(
    request: HttpRequest,
    a: Appropriation,
    *,
    title: str,
    intro: str,
    submit: str,
    form: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "capital/appropriation_confirm.html",
        _context(request, a.coop, appropriation=a, title=title, intro=intro, submit=submit, form=form),
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def appropriation_propose(request: HttpRequest, code: str, fiscal_year: int) -> HttpResponse:
    """Make the draft the officers' proposal to the general meeting (after confirming)."""
    a = _appropriation(request, code, fiscal_year)
    _require_writer(request, a.coop)
    if request.method == "POST":
        try:
            services.appropriation_propose(actor=_user(request), appropriation=a)
        except TomoniError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The appropriation is proposed to the general meeting."))
        return redirect(_detail_url(a))
    return _confirm(
        request,
        a,
        title=_("Propose the appropriation of fiscal year %(year)s") % {"year": a.fiscal_year},
        intro=_(
            "The figures will be fixed as the proposal to the general meeting. "
            "You can still revise it until the meeting approves it."
        ),
        submit=_("Propose it to the general meeting"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def appropriation_approve(request: HttpRequest, code: str, fiscal_year: int) -> HttpResponse:
    """Record that the general meeting approved the proposal."""
    a = _appropriation(request, code, fiscal_year)
    _require_writer(request, a.coop)
    form = ApproveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appropriation_approve(
                actor=_user(request),
                appropriation=a,
                meeting_held_on=form.cleaned_data["meeting_held_on"],
                minutes_reference=form.cleaned_data["minutes_reference"],
            )
        except TomoniError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The general meeting's approval was recorded."))
            return redirect(_detail_url(a))
    return _confirm(
        request,
        a,
        title=_("Record the general meeting's approval, fiscal year %(year)s") % {"year": a.fiscal_year},
        intro=_("Record this only once the general meeting has approved the proposal as it stands."),
        submit=_("Record the approval"),
        form=form,
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def appropriation_post(request: HttpRequest, code: str, fiscal_year: int) -> HttpResponse:
    """Post the approved appropriation (after confirming): it can never be changed afterwards."""
    a = _appropriation(request, code, fiscal_year)
    _require_writer(request, a.coop)
    if request.method == "POST":
        try:
            services.appropriation_post(actor=_user(request), appropriation=a)
        except TomoniError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The appropriation is posted and the payment list is ready."))
        return redirect(_detail_url(a))
    return _confirm(
        request,
        a,
        title=_("Post the appropriation of fiscal year %(year)s") % {"year": a.fiscal_year},
        intro=_(
            "The reserves go to the capital ledger, unpaid capital is set against the dividends, and the "
            "payment list is fixed. A posted appropriation can never be changed."
        ),
        submit=_("Post it"),
    )


class MotionForm(PlainForm):
    """The general (or delegate) meeting to put the proposal to, and when its vote opens and closes."""

    meeting: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=gettext_lazy("Meeting"), queryset=None, empty_label=None
    )
    opens_at = forms.DateTimeField(
        label=gettext_lazy("Voting opens at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    closes_at = forms.DateTimeField(
        label=gettext_lazy("Voting closes at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]


@login_required
@require_http_methods(["GET", "POST"])
def appropriation_motion(request: HttpRequest, code: str, fiscal_year: int) -> HttpResponse:
    """Put the proposal to a general (or delegate) meeting as a motion (議案), through governance."""
    a = _appropriation(request, code, fiscal_year)
    _require_writer(request, a.coop)
    meetings = ledger.open_general_meetings(coop=a.coop)
    first = meetings.first()
    initial = {"opens_at": first.starts_at, "closes_at": first.starts_at + dt.timedelta(hours=3)} if first else {}
    form = MotionForm(request.POST if request.method == "POST" else None, meetings=meetings, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.appropriation_motion_create(
                actor=_user(request),
                appropriation=a,
                meeting=form.cleaned_data["meeting"],
                opens_at=form.cleaned_data["opens_at"],
                closes_at=form.cleaned_data["closes_at"],
            )
        except TomoniError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The proposal is on the meeting's agenda as a motion."))
            return redirect(_detail_url(a))
    return _confirm(
        request,
        a,
        title=_("Put the appropriation of fiscal year %(year)s to a meeting") % {"year": a.fiscal_year},
        intro=_("The proposal becomes a motion of the general meeting (or delegate meeting), which members vote on.")
        if first
        else _("There is no general or delegate meeting to be held yet: plan one under the coop's meetings first."),
        submit=_("Put it to the meeting"),
        form=form if first else None,
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["POST"])
def appropriation_motion_result(request: HttpRequest, code: str, fiscal_year: int) -> HttpResponse:
    """Record the approval from the appropriation's motion, once governance has counted it and it passed."""
    a = _appropriation(request, code, fiscal_year)
    _require_writer(request, a.coop)
    try:
        services.appropriation_approve_from_motion(actor=_user(request), appropriation=a)
    except TomoniError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The general meeting's approval was recorded."))
    return redirect(_detail_url(a))


@login_required
def appropriation_payment_list(request: HttpRequest, code: str, fiscal_year: int) -> HttpResponse:
    """The payment list of a posted appropriation as CSV for the bank or payroll (UTF-8 with BOM)."""
    a = _appropriation(request, code, fiscal_year)
    if a.status != AppropriationStatus.POSTED:
        messages.error(request, _("The payment list is ready once the appropriation is posted."))
        return redirect(_detail_url(a))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dividends-{a.coop.code}-{a.fiscal_year}.csv"'
    response.write("\ufeff")
    writer = csv_writer(response)
    writer.writerow(
        [_("Member number"), _("Name"), _("Name (kana)"), _("Dividend (yen)"), _("Set-off (yen)"), _("Payable (yen)")]
    )
    for row in selectors.dividend_rows(appropriation=a):
        writer.writerow(
            [row.member_number, row.name, row.name_kana, row.dividend_yen, row.set_off_yen, row.payable_yen]
        )
    return response


BASE = "coops/<slug:code>/capital/appropriations/"
YEAR = BASE + "<int:fiscal_year>/"

urlpatterns: list[URLPattern] = [
    path(BASE, appropriations, name="appropriations"),
    path(YEAR, appropriation, name="appropriation"),
    path(YEAR + "edit/", appropriation_edit, name="appropriation_edit"),
    path(YEAR + "propose/", appropriation_propose, name="appropriation_propose"),
    path(YEAR + "approve/", appropriation_approve, name="appropriation_approve"),
    path(YEAR + "motion/", appropriation_motion, name="appropriation_motion"),
    path(YEAR + "motion/result/", appropriation_motion_result, name="appropriation_motion_result"),
    path(YEAR + "post/", appropriation_post, name="appropriation_post"),
    path(YEAR + "payment-list.csv", appropriation_payment_list, name="appropriation_payment_list"),
]
