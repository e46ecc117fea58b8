"""The audit log pages: the log in words with its filters, its CSV and PDF, and an import it records.

Each view parses the filters, calls one selector, and renders; outside the auditor's grants a 404.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from tomoni.core.models import User
from tomoni.reports.audit import exports, selectors, texts

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    actor = forms.CharField(
        label=gettext_lazy("Who did it (member number or login name)"), required=False, max_length=150
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    person = forms.CharField(label=gettext_lazy("Whom it concerns (member number)"), required=False, max_length=20)
    since = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=gettext_lazy("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    special_care = forms.BooleanField(
        label=gettext_lazy("Only readings of special-care personal information"), required=False
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", _("Every kind")), *((key, str(label)) for key, label in texts.KINDS.items())]

    def filters(self) -> selectors.AuditFilters:
        """The filters asked for; a field that does not read (a date like 2015-13-40) is left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.AuditFilters(
            actor=(data.get("actor") or "").strip(),
            kind=data.get("kind") or "",
            person=(data.get("person") or "").strip(),
            since=data.get("since"),
            until=data.get("until"),
            special_care_only=bool(data.get("special_care")),
        )


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # guarded by login_required
    return user


def _filters_words(filters: selectors.AuditFilters) -> str:
    parts = []
    if filters.actor:
        parts.append(_("who: %(value)s") % {"value": filters.actor})
    if filters.kind in texts.KINDS:
        parts.append(_("kind: %(value)s") % {"value": texts.KINDS[filters.kind]})
    if filters.person:
        parts.append(_("concerning: %(value)s") % {"value": filters.person})
    if filters.since:
        parts.append(_("from %(day)s") % {"day": filters.since.isoformat()})
    if filters.until:
        parts.append(_("until %(day)s") % {"day": filters.until.isoformat()})
    if filters.special_care_only:
        parts.append(_("readings of special-care information only"))
    return _("Filters: %(filters)s.") % {"filters": ", ".join(parts)} if parts else _("Every event.")


@login_required
@require_GET
def audit_log(request: HttpRequest, code: str) -> HttpResponse:
    """The coop's audit log for its auditor, in words, newest first, with filters."""
    form = AuditFilterForm(request.GET)
    log = selectors.audit_log(user=_user(request), code=code, filters=form.filters())
    page = Paginator(log.events, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.describe(page.object_list, coop=log.coop)
    context = {"coop": log.coop, "log": log, "form": form, "page": page, "rows": rows}
    return render(request, "reports/audit_log.html", context)


@login_required
@require_GET
def audit_log_export(request: HttpRequest, code: str, fmt: str) -> HttpResponseBase:
    """The events the filters select, as CSV (all of them) or PDF (the newest PDF_MAX_EVENTS)."""
    form = AuditFilterForm(request.GET)
    log = selectors.audit_log(user=_user(request), code=code, filters=form.filters())
    name = f"audit-log-{log.coop.code}"
    if fmt == "csv":
        rows = selectors.described_in_chunks(log.events, coop=log.coop)
        response: HttpResponseBase = StreamingHttpResponse(
            (line.encode("utf-8") for line in exports.csv_lines(rows)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if fmt == "pdf":
        rows_shown, total = selectors.newest_described(log, limit=exports.PDF_MAX_EVENTS)
        pdf = exports.audit_pdf(
            rows_shown, coop_name=log.coop.name, total=total, filters_words=_filters_words(log.filters)
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    raise Http404


@login_required
@require_GET
def audit_import(request: HttpRequest, code: str, job_id: int) -> HttpResponse:
    """An import recorded in the log: who, when, the file, and the rows it imported."""
    found = selectors.audit_import(user=_user(request), code=code, job_id=job_id)
    return render(request, "reports/audit_import.html", {"coop": found.coop, "found": found})
