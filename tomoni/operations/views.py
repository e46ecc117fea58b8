"""Pages of the books: open books for every member, a centre's budget against actual, the year's statements and
documents, the officers' import, export, closing and year-end steps, and the auditor's audit.

Each view parses input, calls selectors (scoped: outside the user's grants, 404) and at most one service, and
renders.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tomoni.core import clock
from tomoni.core.errors import TomoniError
from tomoni.core.models import User
from tomoni.core.money import fiscal_year_of
from tomoni.core.offline import offline_ready
from tomoni.members.imports import ImportFileError
from tomoni.operations import exports, forms, imports, rules, selectors, services, yearend

MAX_UPLOAD = 10 * 1024 * 1024


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _year(request: HttpRequest, default: int | None = None) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = default if default is not None else fiscal_year_of(clock.today())
    return year if 1900 <= year <= 9999 else fiscal_year_of(clock.today())


def _months(rows: list[selectors.MonthRow]) -> list[dict[str, Any]]:
    return [
        {
            "label": f"{row.period // 100}-{row.period % 100:02d}",
            "row": row,
            "difference_yen": row.surplus_yen - row.budget_surplus_yen,
        }
        for row in rows
    ]


def _chart(rows: list[selectors.MonthRow]) -> dict[str, Any]:
    """The surplus month by month as bars, the budgeted surplus as a line (drawn by static/operations/books.js)."""
    return {
        "labels": [f"{r.period % 100}" for r in rows],
        "bars": [r.surplus_yen for r in rows],
        "line": [r.budget_surplus_yen for r in rows],
        "bars_label": _("Surplus"),
        "line_label": _("Budgeted surplus"),
    }


@login_required
@require_GET
def me(request: HttpRequest) -> HttpResponse:
    """My coop's open books."""
    coop = selectors.own_coop(user=_user(request))
    return redirect("operations:books", code=coop.code)


@login_required
@require_GET
def books(request: HttpRequest, code: str) -> HttpResponse:
    """Open books: the coop's profit and loss month by month, against budget, and each centre's year."""
    user = _user(request)
    coop = selectors.books_coop_get(user=user, code=code)
    years = selectors.fiscal_years_of(coop=coop)
    year = _year(request, years[0] if years else None)
    months = selectors.months_of(coop=coop, fiscal_year=year)
    context = {
        "coop": coop,
        "year": year,
        "years": years,
        "pl": selectors.profit_and_loss_of(coop=coop, fiscal_year=year),
        "months": _months(months),
        "chart": _chart(months),
        "departments": selectors.pl_by_department(coop=coop, fiscal_year=year),
        "mine": selectors.own_department(user=user, coop=coop),
        "records": selectors.records_anywhere(user=user, coop=coop),
        "keeps_books": selectors.keeps_books(user=user, coop=coop),
        "audits": selectors.audits_books(user=user, coop=coop),
        "entries": selectors.recent_entries(coop=coop, limit=20)
        if selectors.keeps_books(user=user, coop=coop) or selectors.audits_books(user=user, coop=coop)
        else [],
    }
    return render(request, "operations/books.html", context)


@login_required
@require_GET
def department(request: HttpRequest, code: str, department: str) -> HttpResponse:
    """A centre's books: its profit and loss month by month against its approved budget, and the budget's lines."""
    user = _user(request)
    coop = selectors.books_coop_get(user=user, code=code)
    found = selectors.department_get(coop=coop, code=department)
    year = _year(request)
    months = selectors.months_of(coop=coop, fiscal_year=year, department=found)
    budget = selectors.budget_find(coop=coop, department=found, fiscal_year=year)
    context = {
        "coop": coop,
        "department": found,
        "year": year,
        "pl": selectors.profit_and_loss_of(coop=coop, fiscal_year=year, department=found),
        "months": _months(months),
        "chart": _chart(months),
        "budget": budget,
        "budget_rows": selectors.budget_vs_actual(budget=budget) if budget else [],
    }
    return render(request, "operations/department.html", context)


@login_required
@require_GET
def statements(request: HttpRequest, code: str, fiscal_year: int) -> HttpResponse:
    """The year's documents (Art 51(2)) on a page, with their PDF and Excel, and the year-end steps."""
    user = _user(request)
    coop = selectors.books_coop_get(user=user, code=code)
    data = yearend.year_end_set(coop=coop, fiscal_year=fiscal_year)
    year_end = data.year_end
    reminder = None
    if year_end is not None and year_end.filing_due_on is not None:
        reminder = rules.filing_reminder_due(
            due_on=year_end.filing_due_on, today=clock.today(), filed=year_end.filed_on is not None
        )
    context = {
        "coop": coop,
        "year": fiscal_year,
        "data": data,
        "year_end": year_end,
        "reminder": reminder,
        "keeps_books": selectors.keeps_books(user=user, coop=coop),
        "audits": selectors.audits_books(user=user, coop=coop),
        "authority": _("the Minister of Health, Labour and Welfare")
        if coop.kind == "federation"
        else _("the prefectural governor"),
    }
    return render(request, "operations/statements.html", context)


@login_required
@require_GET
def statements_file(request: HttpRequest, code: str, fiscal_year: int, document: str) -> HttpResponse:
    """The documents as PDF or Excel; the filing packet (with its cover) as PDF for officers and the auditor."""
    user = _user(request)
    coop = selectors.books_coop_get(user=user, code=code)
    data = yearend.year_end_set(coop=coop, fiscal_year=fiscal_year)
    name = f"{coop.code}-{fiscal_year}"
    kind = document
    if kind == "documents.pdf":
        body, content_type = yearend.year_end_pdf(data), "application/pdf"
    elif kind == "documents.xlsx":
        body = yearend.year_end_xlsx(data)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif kind == "filing.pdf":
        if not (selectors.keeps_books(user=user, coop=coop) or selectors.audits_books(user=user, coop=coop)):
            raise Http404
        cover = yearend.filing_cover(data=data, authority_name=yearend.filing_authority(coop))
        body, content_type = yearend.year_end_pdf(data, cover=cover), "application/pdf"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}-{kind}"'
    return response


@login_required
@require_POST
def year_end_step(request: HttpRequest, code: str, fiscal_year: int) -> HttpResponse:
    """One step of the year end: draw up, audit, approve, or file."""
    user = _user(request)
    coop = selectors.books_coop_get(user=user, code=code)
    step = request.POST.get("step", "")
    try:
        if step == "draw_up":
            services.year_end_draw_up(actor=user, coop=coop, fiscal_year=fiscal_year)
        else:
            year_end = selectors.year_end_get(coop=coop, fiscal_year=fiscal_year)
            if step == "audit":
                services.year_end_audit(actor=user, year_end=year_end, opinion=request.POST.get("opinion", ""))
            elif step == "approve":
                services.year_end_approve(
                    actor=user,
                    year_end=year_end,
                    meeting_held_on=_date(request.POST.get("meeting_held_on", "")),
                    minutes_reference=request.POST.get("minutes_reference", ""),
                )
            elif step == "file":
                services.year_end_file(
                    actor=user,
                    year_end=year_end,
                    filed_on=_date(request.POST.get("filed_on", "")),
                    reference=request.POST.get("reference", ""),
                )
            else:
                raise Http404
    except TomoniError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("operations:statements", code=coop.code, fiscal_year=fiscal_year)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise TomoniError(_("Write the date as 2016-06-25."), field="date") from None


@login_required
@require_GET
def export(request: HttpRequest, code: str, fiscal_year: int, software: str) -> HttpResponse:
    """The year's journal for Yayoi, freee or Money Forward (officers and the auditor)."""
    user = _user(request)
    coop = selectors.books_coop_get(user=user, code=code)
    if not (selectors.keeps_books(user=user, coop=coop) or selectors.audits_books(user=user, coop=coop)):
        raise Http404
    if software not in exports.FORMATS:
        raise Http404
    body = exports.journal_export(coop=coop, fiscal_year=fiscal_year, fmt=software)
    charset = "shift_jis" if exports.FORMATS[software] == "cp932" else "utf-8"
    response = HttpResponse(body, content_type=f"text/csv; charset={charset}")
    response["Content-Disposition"] = f'attachment; filename="{coop.code}-{fiscal_year}-{software}.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, code: str) -> HttpResponse:
    """Import a journal or a bank statement, all or nothing (officers); close a month."""
    user = _user(request)
    coop = selectors.books_coop_get(user=user, code=code)
    if not selectors.keeps_books(user=user, coop=coop):
        raise PermissionDenied
    outcome = None
    error = ""
    if request.method == "POST":
        if request.POST.get("action") == "close":
            try:
                services.period_close(actor=user, coop=coop, period=int(request.POST.get("period", "0") or 0))
                messages.success(request, _("The month is closed."))
            except (TomoniError, ValueError) as refused:
                messages.error(request, getattr(refused, "message", _("That is not a month.")))
            return redirect("operations:upload", code=coop.code)
        upload = request.FILES.get("file")
        if upload is None or upload.size is None or upload.size > MAX_UPLOAD:
            error = _("Choose a file of at most 10 MB.")
        else:
            data = upload.read()
            try:
                if request.POST.get("kind") == "bank":
                    outcome = imports.bank_statement_import(
                        actor=user,
                        coop=coop,
                        data=data,
                        filename=upload.name or "",
                        bank_account=request.POST.get("bank_account", "1120"),
                    )
                else:
                    outcome = imports.journal_import(actor=user, coop=coop, data=data, filename=upload.name or "")
            except ImportFileError as unreadable:
                error = unreadable.message
            if outcome is not None and outcome.checked.ok:
                messages.success(request, _("%(count)s entries were posted.") % {"count": outcome.entries})
                return redirect(reverse("operations:books", kwargs={"code": coop.code}))
    return render(request, "operations/upload.html", {"coop": coop, "outcome": outcome, "error": error})


@login_required
@require_GET
def upload_template(request: HttpRequest, code: str, template: str) -> HttpResponse:
    """An empty journal or bank-statement file with its headers."""
    kind = template
    user = _user(request)
    coop = selectors.books_coop_get(user=user, code=code)
    if not selectors.keeps_books(user=user, coop=coop) or kind not in {"journal", "bank"}:
        raise Http404
    response = HttpResponse(imports.template_csv(kind), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.csv"'
    return response


# ===== the federation ==================================================================================


@login_required
@require_GET
def federation_books(request: HttpRequest) -> HttpResponse:
    """The federation's books for its staff: each coop's turnover and surplus by month, from the kept monthly
    summaries (aggregates only; the same queries however many coops); anyone else gets a 404."""
    federation = selectors.staff_federation(user=_user(request))
    years = selectors.federation_fiscal_years(federation=federation)
    year = _year(request, years[0] if years else None)
    dashboard = selectors.federation_dashboard(federation=federation, fiscal_year=year)
    periods = rules.periods_of_fiscal_year(year)
    context = {
        "federation": federation,
        "year": year,
        "years": years,
        "dashboard": dashboard,
        "months": [
            {"label": f"{p // 100}-{p % 100:02d}", "turnover_yen": t, "surplus_yen": s}
            for p, t, s in zip(periods, dashboard.months, dashboard.surplus_months, strict=True)
        ],
        "month_labels": [f"{p % 100}" for p in periods],
        "chart": {
            "labels": [f"{p % 100}" for p in periods],
            "bars": dashboard.months,
            "line": dashboard.surplus_months,
            "bars_label": _("Turnover"),
            "line_label": _("Surplus"),
        },
        "chart_label": _(
            "Bar chart of the turnover of all the coops in each month, with their surplus as a line. "
            "The same figures are in the table below."
        ),
    }
    return render(request, "operations/federation_books.html", context)


# ===== daily records from a phone ======================================================================


@login_required
@require_GET
def records_index(request: HttpRequest, code: str) -> HttpResponse:
    """The centres whose daily work the user records; straight to the form when there is one."""
    user = _user(request)
    coop = selectors.books_coop_get(user=user, code=code)
    centres = selectors.record_centres_list(user=user, coop=coop)
    if len(centres) == 1:
        return redirect("operations:records", code=coop.code, centre=centres[0].code)
    if not centres:
        raise Http404
    return render(request, "operations/records_index.html", {"coop": coop, "centres": centres})


def _records_page(
    request: HttpRequest, centre: Any, *, service_form: Any = None, production_form: Any = None, status: int = 200
) -> HttpResponse:
    today = clock.today()
    context = {
        "coop": centre.coop,
        "centre": centre,
        "service_form": service_form or forms.ServiceRecordForm(initial={"day": today}, prefix="s"),
        "production_form": production_form or forms.ProductionLogForm(initial={"day": today}, prefix="p"),
        "recent": selectors.recent_records(centre=centre, today=today),
    }
    return offline_ready(render(request, "operations/records.html", context, status=status))


@login_required
@require_GET
def records(request: HttpRequest, code: str, centre: str) -> HttpResponse:
    """Today's work of a centre, entered on a phone: service records and production logs, and the last two weeks.
    The page opens and its forms are kept with no signal (core/offline.py), and sent when back online."""
    found = selectors.record_centre_get(user=_user(request), code=code, centre=centre)
    return _records_page(request, found)


# The two forms of the records page: its form, prefix and service, and the page's context name for it.
RECORD_KINDS: dict[str, tuple[Any, str, Any, str]] = {
    "service": (forms.ServiceRecordForm, "s", services.service_record_add, "service_form"),
    "production": (forms.ProductionLogForm, "p", services.production_log_record, "production_form"),
}


def _wants_json(request: HttpRequest) -> bool:
    """The phone's outbox (core/static/tomoni/outbox.js) sends kept records and reads the answer as JSON."""
    return request.headers.get("X-Tomoni-Outbox") == "1"


@login_required
@require_POST
def record(request: HttpRequest, code: str, centre: str, kind: str) -> HttpResponse:
    """Record a day's visits, jobs or facility days, or a plant's or forest's day (litres; m³ of timber): one
    service call, once per client key, so a record the phone sends again after a lost answer is stored once."""
    user = _user(request)
    found = selectors.record_centre_get(user=user, code=code, centre=centre)
    form_class, prefix, service, context_name = RECORD_KINDS[kind]
    form = form_class(request.POST, prefix=prefix)
    key = forms.ClientKeyForm(request.POST)
    if form.is_valid() and key.is_valid():
        try:
            _stored, replayed = service(
                actor=user, centre=found, client_key=key.cleaned_data["client_key"] or uuid.uuid4(), **form.record()
            )
        except TomoniError as refused:
            if _wants_json(request):
                return JsonResponse({"status": "refused", "message": refused.message}, status=409)
            form.add_service_error(refused)
        else:
            if _wants_json(request):
                return JsonResponse({"status": "replayed" if replayed else "stored", "message": _("Saved.")})
            messages.success(request, _("Saved."))
            return redirect("operations:records", code=found.coop.code, centre=found.code)
    elif _wants_json(request):
        errors = [*form.errors.values(), *key.errors.values()]
        return JsonResponse({"status": "invalid", "message": " ".join(str(e) for es in errors for e in es)}, status=400)
    return _records_page(request, found, status=400, **{context_name: form})


# ===== budgets =========================================================================================


@login_required
@require_http_methods(["GET", "POST"])
def budget(request: HttpRequest, code: str, department: str, fiscal_year: int) -> HttpResponse:
    """A centre's budget for a year: drafted by its members' manager, put to the all-member meeting, approved
    from the motion the meeting passed; then budget against actual per account and month (every member reads)."""
    user = _user(request)
    coop = selectors.books_coop_get(user=user, code=code)
    found = selectors.department_get(coop=coop, code=department)
    current = selectors.budget_find(coop=coop, department=found, fiscal_year=fiscal_year)
    drafts = selectors.drafts_budget(user=user, department=found)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action and not drafts:
        raise Http404
    draft_form = None
    approval_form = None
    if drafts and (current is None or current.status == "draft"):
        draft_form = forms.BudgetForm(
            request.POST if action == "draft" else None,
            accounts=selectors.budget_accounts(coop=coop),
            initial_yen=selectors.budget_initial(coop=coop, department=found, fiscal_year=fiscal_year),
            initial={"notes": current.notes if current else ""},
        )
    if drafts and current is not None and current.status == "proposed":
        approval_form = forms.BudgetApprovalForm(
            request.POST if action == "approve" else None, motions=selectors.budget_motions(budget=current)
        )
    here = reverse(
        "operations:budget", kwargs={"code": coop.code, "department": found.code, "fiscal_year": fiscal_year}
    )
    status = 200
    if action:
        try:
            if action == "draft" and draft_form is not None:
                if draft_form.is_valid():
                    services.budget_draft(
                        actor=user,
                        department=found,
                        fiscal_year=fiscal_year,
                        yearly_yen=draft_form.yearly_yen(),
                        notes=draft_form.cleaned_data["notes"],
                    )
                    messages.success(request, _("The draft budget is saved."))
                    return redirect(here)
            elif action == "propose" and current is not None:
                services.budget_propose(actor=user, budget=current)
                messages.success(request, _("The budget is put to the all-member meeting."))
                return redirect(here)
            elif action == "approve" and approval_form is not None and current is not None:
                if approval_form.is_valid():
                    services.budget_approve_from_motion(
                        actor=user, budget=current, motion_id=approval_form.cleaned_data["motion"]
                    )
                    messages.success(request, _("The approval is recorded."))
                    return redirect(here)
            else:
                raise TomoniError(_("That step is not open for this budget."))
        except TomoniError as refused:
            target = approval_form if action == "approve" else draft_form
            if target is not None:
                target.add_service_error(refused)
            else:
                messages.error(request, refused.message)
        status = 400
    months = selectors.months_of(coop=coop, fiscal_year=fiscal_year, department=found)
    context = {
        "coop": coop,
        "department": found,
        "year": fiscal_year,
        "budget": current,
        "drafts": drafts,
        "draft_form": draft_form,
        "approval_form": approval_form,
        "rows": selectors.budget_by_account_and_month(budget=current) if current else [],
        "month_labels": [f"{p % 100}" for p in rules.periods_of_fiscal_year(fiscal_year)],
        "months": _months(months),
        "chart": _chart(months),
    }
    return render(request, "operations/budget.html", context, status=status)
