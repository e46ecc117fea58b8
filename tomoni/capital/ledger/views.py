"""Pages of the capital ledger: my statement (and its PDF), the register, a member's ledger, the forms,
the import, the settings, and the federation's capital by coop.

Each view parses input, calls selectors (scoped: outside the user's grants, 404) and one service
(which checks the right to write again, and refuses bad input with nothing recorded), and renders.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tomoni.capital.ledger import forms, imports, pdf, selectors, services
from tomoni.capital.models import EntryKind, ReserveKind
from tomoni.core import clock
from tomoni.core.errors import TomoniError
from tomoni.core.exports import csv_writer
from tomoni.core.imports import BOM, ImportFileError
from tomoni.core.models import User
from tomoni.core.pages import form_page
from tomoni.core.scopes import scope_for
from tomoni.federation.models import Coop
from tomoni.members.forms import date_field
from tomoni.members.models import Person

REGISTER_PAGE_SIZE = 100


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _as_of(request: HttpRequest) -> dt.date:
    """The `as_of` date of the query string, else today (an unreadable date means today)."""
    try:
        value: dt.date | None = date_field("", required=False).clean(request.GET.get("as_of") or None)
    except ValidationError:
        value = None
    return value or clock.today()


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _entry_rows(statement: selectors.Statement) -> list[dict[str, Any]]:
    return [
        {
            "entry": line.entry,
            "label": pdf.entry_label(line.entry.kind, line.entry.payment_method),
            "holding": line.holding,
            "reversible": line.entry.kind != EntryKind.REVERSAL,
        }
        for line in reversed(statement.lines)
    ]


# My statement ------------------------------------------------------------------------------------


@login_required
@require_GET
def me(request: HttpRequest) -> HttpResponse:
    """The signed-in member's own capital statement."""
    statement = selectors.own_statement(user=_user(request), as_of=_as_of(request))
    return render(
        request,
        "capital/me.html",
        {"statement": statement, "rows": _entry_rows(statement), "as_of": statement.as_of},
    )


def _pdf_response(statement: selectors.Statement, coop: Coop) -> HttpResponse:
    body = pdf.statement_pdf(statement, coop_name=coop.name)
    response = HttpResponse(body, content_type="application/pdf")
    filename = f"capital-statement-{statement.member_number or statement.person.pk}-{statement.as_of:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_GET
def me_pdf(request: HttpRequest) -> HttpResponse:
    statement = selectors.own_statement(user=_user(request), as_of=_as_of(request))
    return _pdf_response(statement, statement.person.coop)


# The register (出資者名簿) -----------------------------------------------------------------------------


@login_required
@require_GET
def register(request: HttpRequest, code: str) -> HttpResponse:
    """The capital register as of a day, with the coop's totals, reserves and latest entries."""
    user = _user(request)
    coop = selectors.capital_coop_get(user=user, code=code)
    as_of = _as_of(request)
    rows = selectors.capital_register(user=user, coop=coop, as_of=as_of)
    reserves = selectors.reserve_balances(coop=coop, as_of=as_of)
    page = Paginator(rows, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "capital/register.html",
        {
            "coop": coop,
            "as_of": as_of,
            "rows": rows,
            "page": page,
            "totals": selectors.register_totals(rows),
            "reserves": [(ReserveKind(kind).label, amount) for kind, amount in reserves.items()],
            "recent": selectors.recent_entries(user=user, coop=coop, limit=20),
            "settings": selectors.capital_settings_of(coop=coop),
            "can_write": selectors.writes_ledger(user=user, coop=coop),
        },
    )


@login_required
@require_GET
def register_csv(request: HttpRequest, code: str) -> HttpResponse:
    """The capital register as CSV (UTF-8 with a BOM, for Excel)."""
    user = _user(request)
    coop = selectors.capital_coop_get(user=user, code=code)
    as_of = _as_of(request)
    buffer = io.StringIO(newline="")
    writer = csv_writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            _("Member number"),
            _("Name"),
            _("Reading"),
            _("Postal code"),
            _("Address"),
            _("Shares"),
            _("Subscribed (yen)"),
            _("Paid (yen)"),
            _("Unpaid (yen)"),
        ]
    )
    for row in selectors.capital_register(user=user, coop=coop, as_of=as_of):
        writer.writerow(
            [
                row.member_number,
                row.name,
                row.name_kana,
                row.postal_code,
                row.address,
                row.holding.shares,
                row.holding.subscribed_yen,
                row.holding.paid_yen,
                row.holding.unpaid_yen,
            ]
        )
    response = HttpResponse((BOM + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="capital-register-{coop.code}-{as_of:%Y%m%d}.csv"'
    return response


@login_required
@require_GET
def member_roll_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The roll of members (組合員名簿) as of a day, to print."""
    user = _user(request)
    coop = selectors.capital_coop_get(user=user, code=code)
    as_of = _as_of(request)
    body = pdf.member_roll_pdf(
        selectors.capital_register(user=user, coop=coop, as_of=as_of), coop_name=coop.name, as_of=as_of
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="members-{coop.code}-{as_of:%Y%m%d}.pdf"'
    return response


# A member's ledger -------------------------------------------------------------------------------


@login_required
@require_GET
def person(request: HttpRequest, code: str, person_id: int) -> HttpResponse:
    user = _user(request)
    coop = selectors.capital_coop_get(user=user, code=code)
    statement = selectors.member_statement(user=user, coop=coop, person_id=person_id, as_of=_as_of(request))
    return render(
        request,
        "capital/person.html",
        {
            "coop": coop,
            "statement": statement,
            "person": statement.person,
            "rows": _entry_rows(statement),
            "as_of": statement.as_of,
            "can_write": selectors.writes_ledger(user=user, coop=coop),
        },
    )


@login_required
@require_GET
def person_pdf(request: HttpRequest, code: str, person_id: int) -> HttpResponse:
    user = _user(request)
    coop = selectors.capital_coop_get(user=user, code=code)
    statement = selectors.member_statement(user=user, coop=coop, person_id=person_id, as_of=_as_of(request))
    return _pdf_response(statement, coop)


# Forms -------------------------------------------------------------------------------------------


def _writable(request: HttpRequest, code: str, person_id: int | None = None) -> tuple[User, Coop, Person | None]:
    """The coop (and person) the user reaches (else 404) and may write (else 403)."""
    user = _user(request)
    coop = selectors.capital_coop_get(user=user, code=code)
    if not selectors.writes_ledger(user=user, coop=coop):
        raise PermissionDenied
    person = selectors.capital_person_get(user=user, coop=coop, person_id=person_id) if person_id else None
    return user, coop, person


def _form_page(
    request: HttpRequest,
    *,
    form: Any,
    save: Callable[[Any], object],
    coop: Coop,
    person: Person | None,
    title: str,
    done: str,
    intro: str = "",
) -> HttpResponse:
    """An edit page of the capital ledger: the core form page, back to the person or the register."""
    back_url = (
        reverse("capital:person", kwargs={"code": coop.code, "person_id": person.pk})
        if person is not None
        else reverse("capital:register", kwargs={"code": coop.code})
    )
    return form_page(
        request,
        form=form,
        save=save,
        template="capital/form_page.html",
        context={"coop": coop, "person": person, "title": title, "intro": intro, "back_url": back_url},
        done=done,
        success_url=back_url,
    )


@login_required
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest, code: str, person_id: int) -> HttpResponse:
    user, coop, person = _writable(request, code, person_id)
    assert person is not None
    settings = selectors.capital_settings_of(coop=coop)
    return _form_page(
        request,
        form=forms.SubscribeForm(_data(request), initial={"effective_on": clock.today()}),
        save=lambda f: services.capital_subscribe(actor=user, person=person, **f.cleaned_data),
        coop=coop,
        person=person,
        title=_("Subscribe shares"),
        intro=_("One share is %(value)s yen.") % {"value": f"{settings.share_value_yen:,}"},
        done=_("The subscription was recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def pay(request: HttpRequest, code: str, person_id: int) -> HttpResponse:
    user, coop, person = _writable(request, code, person_id)
    assert person is not None
    unpaid = selectors.holding_of(person=person, as_of=clock.today()).unpaid_yen
    return _form_page(
        request,
        form=forms.PayForm(_data(request), initial={"effective_on": clock.today(), "amount_yen": unpaid or None}),
        save=lambda f: services.capital_pay(actor=user, person=person, **f.cleaned_data),
        coop=coop,
        person=person,
        title=_("Record a payment of capital"),
        intro=_("Unpaid capital today: %(unpaid)s yen.") % {"unpaid": f"{unpaid:,}"},
        done=_("The payment was recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def transfer(request: HttpRequest, code: str, person_id: int) -> HttpResponse:
    user, coop, person = _writable(request, code, person_id)
    assert person is not None

    def save(form: forms.TransferForm) -> object:
        data = form.cleaned_data
        to_person = _member_by_number(coop, data["to_member_number"])
        return services.capital_transfer(
            actor=user,
            from_person=person,
            to_person=to_person,
            shares=data["shares"],
            effective_on=data["effective_on"],
            approval_ref=data["approval_ref"],
            memo=data["memo"],
        )

    return _form_page(
        request,
        form=forms.TransferForm(_data(request), initial={"effective_on": clock.today()}),
        save=save,
        coop=coop,
        person=person,
        title=_("Transfer shares to another member"),
        done=_("The transfer was recorded."),
    )


def _member_by_number(coop: Coop, number: str) -> Person:
    person = selectors.person_by_member_number(coop=coop, number=number)
    if person is None:
        raise TomoniError(
            _("No member of this coop has the number %(number)s.") % {"number": number}, field="to_member_number"
        )
    return person


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, code: str, person_id: int) -> HttpResponse:
    user, coop, person = _writable(request, code, person_id)
    assert person is not None
    settings = selectors.capital_settings_of(coop=coop)
    return _form_page(
        request,
        form=forms.WithdrawalForm(_data(request), initial={"notice_on": clock.today()}),
        save=lambda f: services.capital_withdrawal_notify(actor=user, person=person, **f.cleaned_data),
        coop=coop,
        person=person,
        title=_("Record a notice of withdrawal"),
        intro=_("The articles ask for %(days)s days' notice.") % {"days": settings.withdrawal_notice_days},
        done=_("The notice of withdrawal was recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def refund(request: HttpRequest, code: str, person_id: int) -> HttpResponse:
    user, coop, person = _writable(request, code, person_id)
    assert person is not None
    return _form_page(
        request,
        form=forms.RefundForm(_data(request), initial={"effective_on": clock.today()}),
        save=lambda f: services.capital_refund(actor=user, person=person, **f.cleaned_data),
        coop=coop,
        person=person,
        title=_("Refund shares"),
        intro=_("Refunding every share closes the member's holding; a notice of withdrawal must be in effect."),
        done=_("The refund was recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reverse_entry(request: HttpRequest, code: str, entry_id: int) -> HttpResponse:
    user, coop, _person = _writable(request, code)
    entry = selectors.capital_entry_get(user=user, coop=coop, entry_id=entry_id)
    owner = entry.person
    return _form_page(
        request,
        form=forms.ReverseForm(_data(request), initial={"effective_on": clock.today()}),
        save=lambda f: services.capital_reverse(actor=user, entry=entry, **f.cleaned_data),
        coop=coop,
        person=owner,
        title=_("Reverse entry no. %(sequence)s") % {"sequence": entry.sequence},
        intro=_("The entry stays in the ledger; a reversing entry pointing at it is added."),
        done=_("The reversing entry was recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest, code: str) -> HttpResponse:
    user, coop, _person = _writable(request, code)
    current = selectors.capital_settings_of(coop=coop)
    form = forms.SettingsForm(_data(request), instance=current)

    def save(form: forms.SettingsForm) -> object:
        return services.capital_settings_update(
            actor=user, coop=coop, **{name: form.cleaned_data[name] for name in services.SETTINGS_FIELDS}
        )

    if request.method == "POST":
        # The form's validation must not change the row: the service does, after its own checks.
        form.instance = selectors.capital_settings_of(coop=coop)
    return _form_page(
        request,
        form=form,
        save=save,
        coop=coop,
        person=None,
        title=_("Capital settings from the articles"),
        done=_("The capital settings were saved."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_balances(request: HttpRequest, code: str) -> HttpResponse:
    """Opening balances from CSV or Excel: every row checked; all saved, or none."""
    user, coop, _person = _writable(request, code)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    checked, file_error, status = None, "", 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            checked = imports.check_file(coop=coop, data=upload.read(), filename=upload.name)
            if checked.ok:
                services.capital_opening_balances_load(
                    actor=user, coop=coop, balances=checked.rows, source=f"import:{upload.name}"[:200]
                )
                messages.success(request, _("%(rows)s members' balances were imported.") % {"rows": len(checked.rows)})
                return redirect("capital:register", code=coop.code)
        except ImportFileError as error:
            file_error = error.message
        except TomoniError as error:
            file_error = error.message
        status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "capital/import.html",
        {"coop": coop, "form": form, "checked": checked, "file_error": file_error, "columns": imports.COLUMNS},
        status=status,
    )


@login_required
@require_GET
def import_template(request: HttpRequest, code: str) -> HttpResponse:
    _writable(request, code)
    response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="capital-opening-balances.csv"'
    return response


# The federation ----------------------------------------------------------------------------------


@login_required
@require_GET
def federation(request: HttpRequest) -> HttpResponse:
    """Capital by coop, for federation staff: totals only, a bar chart and the same figures in a table."""
    user = _user(request)
    as_of = _as_of(request)
    lines = selectors.federation_capital_by_coop(user=user, as_of=as_of)
    chart = {
        "labels": [line.name for line in lines],
        "paid": [line.paid_yen for line in lines],
        "unpaid": [line.unpaid_yen for line in lines],
        "paid_label": _("Paid capital (yen)"),
        "unpaid_label": _("Unpaid capital (yen)"),
    }
    return render(
        request,
        "capital/federation.html",
        {
            "lines": lines,
            "as_of": as_of,
            "chart": chart,
            "total_paid": sum(line.paid_yen for line in lines),
            "total_unpaid": sum(line.unpaid_yen for line in lines),
            "total_members": sum(line.members for line in lines),
            "total_shares": sum(line.shares for line in lines),
            "staff": bool(scope_for(user).federation_ids),
        },
    )
