"""Pages of the member register: my page, the register, a person, the edit forms and the import.

Each view parses input, calls selectors (which scope to the user's grants: outside them, 404)
and one service (which checks the right to write again), and renders.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tomoni.core import clock
from tomoni.core import selectors as core_selectors
from tomoni.core import services as core_services
from tomoni.core.errors import TomoniError
from tomoni.core.models import ImportJob, ImportStatus, User
from tomoni.core.money import span_covers
from tomoni.core.pages import form_page
from tomoni.core.scopes import scope_for
from tomoni.federation.models import Coop
from tomoni.members import exports, forms, imports, selectors, services
from tomoni.members.models import Person, SpecialCareCategory
from tomoni.preferences.models import TextSize
from tomoni.preferences.selectors import saved_display

REGISTER_PAGE_SIZE = 50
MONTHS_SHOWN = 12


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _as_of(request: HttpRequest) -> dt.date:
    """The `as_of` date of the query string, else today."""
    field = forms.date_field("", required=False)
    try:
        value: dt.date | None = field.clean(request.GET.get("as_of") or None)
    except ValidationError:
        value = None  # an unreadable date simply means today
    return value or clock.today()


def _links(user: User, coop: Coop, *, register: bool | None = None) -> dict[str, bool]:
    """Which breadcrumbs lead somewhere the user may go: the coop page and the register."""
    return {
        "coop_link": scope_for(user).reads_coop(coop.pk),
        "register_link": selectors.reaches_register(user=user, coop=coop) if register is None else register,
    }


# My membership, my hours -------------------------------------------------------------------------


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """The signed-in member's own page: memberships, contract, hours by month, offices held."""
    user = _user(request)
    try:
        person = selectors.person_of_user(user=user)
    except Http404:
        return render(
            request,
            "members/me_no_person.html",
            {"coops": selectors.places_of_user(user=user), "federation_staff": bool(scope_for(user).federation_ids)},
        )
    as_of = _as_of(request)
    months = selectors.months_back(as_of, MONTHS_SHOWN)
    record = selectors.person_record(person=person, since=months[0])
    by_month = selectors.months_filled(record.minutes_by_month, until=as_of, months=MONTHS_SHOWN)
    return render(
        request,
        "members/me.html",
        {
            "person": person,
            "record": record,
            "as_of": as_of,
            "is_today": as_of == clock.today(),
            "by_month": by_month,
            "this_month_minutes": by_month[-1][1],
            "year_minutes": sum(total for _, total in by_month),
            "chart": _chart_data(by_month),
            "current_memberships": [m for m in record.memberships if span_covers(m.joined_on, m.left_on, as_of)],
            "past_memberships": [m for m in record.memberships if not span_covers(m.joined_on, m.left_on, as_of)],
            "current_contracts": [c for c in record.contracts if span_covers(c.started_on, c.ended_on, as_of)],
            "current_terms": [t for t in record.officer_terms if span_covers(t.started_on, t.ended_on, as_of)],
            "last_worked": _earlier_work(person, by_month, months[0]),
        },
    )


def _earlier_work(person: Person, by_month: list[tuple[dt.date, int]], first: dt.date) -> dt.date | None:
    """When no work falls in the months shown, the latest day worked before them (to offer that view)."""
    if any(total for _, total in by_month):
        return None
    last = selectors.last_worked_on(person=person)
    return last if last is not None and last < first else None


def _chart_data(by_month: list[tuple[dt.date, int]]) -> dict[str, Any]:
    from django.utils.formats import date_format

    return {
        "labels": [date_format(month, "YEAR_MONTH_FORMAT") for month, _ in by_month],
        "minutes": [total for _, total in by_month],
        "label": _("Hours worked"),
    }


# The register ------------------------------------------------------------------------------------


@login_required
def register(request: HttpRequest, code: str) -> HttpResponse:
    """The member register of a coop, searchable and paginated; a centre manager sees their centre's people."""
    user = _user(request)
    coop = selectors.register_coop_get(user=user, code=code)
    form, query, as_of, filters = _register_search(request, user, coop)
    people = selectors.people_search(user=user, coop=coop, query=query, as_of=as_of, filters=filters)
    page = Paginator(people, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    listed = selectors.register_page_people(page.object_list)
    day = as_of or clock.today()
    rows = [
        {
            "person": person,
            "memberships": [m for m in person.memberships.all() if span_covers(m.joined_on, m.left_on, day)]
            or list(person.memberships.all())[-1:],
        }
        for person in listed
    ]
    return render(
        request,
        "members/register.html",
        {
            "coop": coop,
            "form": form,
            "page": page,
            "rows": rows,
            "query": query,
            "as_of": as_of,
            "day": day,
            "can_write": selectors.writes_register(user=user, coop=coop),
            **_links(user, coop, register=True),
        },
    )


def _register_search(
    request: HttpRequest, user: User, coop: Coop
) -> tuple[forms.RegisterSearchForm, str, dt.date | None, selectors.RegisterFilters]:
    """The register's search and filters as asked (a value that does not read is left out)."""
    centres = selectors.register_centres(user=user, coop=coop)
    form = forms.RegisterSearchForm(request.GET or None, centres=centres)
    query, as_of, filters = "", None, selectors.RegisterFilters()
    if form.is_valid():
        data = form.cleaned_data
        query, as_of = data["q"], data["as_of"]
        filters = selectors.RegisterFilters(centre_id=data["centre"], status=data["status"], kind=data["kind"])
    return form, query, as_of, filters


@login_required
@require_http_methods(["GET"])
def register_export(request: HttpRequest, code: str, fmt: str) -> HttpResponseBase:
    """The register as listed (search and filters kept), as CSV or an Excel workbook."""
    user = _user(request)
    coop = selectors.register_coop_get(user=user, code=code)
    _form, query, as_of, filters = _register_search(request, user, coop)
    rows = selectors.register_export_rows(user=user, coop=coop, query=query, as_of=as_of, filters=filters)
    name = f"register-{coop.code}"
    if fmt == "csv":
        response: HttpResponseBase = StreamingHttpResponse(
            exports.register_csv(rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(
            exports.register_xlsx(rows, title=_("Member register")),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    raise Http404


# A person ----------------------------------------------------------------------------------------


@login_required
def person(request: HttpRequest, code: str, person_id: int) -> HttpResponse:
    """Everything of the register about one person; special-care data only for support workers granted on them."""
    user = _user(request)
    person = selectors.person_in_coop_get(user=user, coop_code=code, person_id=person_id)
    as_of = _as_of(request)
    months = selectors.months_back(as_of, MONTHS_SHOWN)
    record = selectors.person_record(person=person, since=months[0])
    centres = selectors.person_centres(person=person)
    rights = selectors.person_rights(user=user, person=person, centres=centres)
    by_month = selectors.months_filled(record.minutes_by_month, until=as_of, months=MONTHS_SHOWN)
    context: dict[str, Any] = {
        "coop": person.coop,
        "person": person,
        "record": record,
        "as_of": as_of,
        "by_month": by_month,
        "year_minutes": sum(total for _, total in by_month),
        "recent_work": selectors.recent_work_records(person=person),
        "is_member": any(m.left_on is None for m in record.memberships),
        "last_worked": _earlier_work(person, by_month, months[0]),
        "rights": rights,
        "is_self": person.user_id == user.pk,
        "special_care": None,
        **_links(user, person.coop, register=None if person.user_id == user.pk else True),
    }
    if rights.special_care:
        # The selector logs this read in the audit log.
        records = selectors.special_care_for(user=user, person=person)
        if records is not None:
            context["special_care"] = [
                {**item, "category_label": _category_label(str(item.get("category", "")))} for item in records
            ]
    return render(request, "members/person.html", context)


def _category_label(code: str) -> str:
    try:
        return str(SpecialCareCategory(code).label)
    except ValueError:
        return code


# Edit pages --------------------------------------------------------------------------------------


def _form_page(
    request: HttpRequest,
    *,
    form: Any,
    save: Callable[[Any], object],
    title: str,
    done: str,
    back_url: str,
    person: Person | None = None,
    coop: Coop,
    intro: str = "",
    submit: str = "",
) -> HttpResponse:
    """An edit page of the register: the core form page; a person just saved opens on their own page."""
    return form_page(
        request,
        form=form,
        save=save,
        template="members/form_page.html",
        context={
            "coop": coop,
            "person": person,
            "title": title,
            "intro": intro,
            "submit": submit or _("Save"),
            "back_url": back_url,
            **_links(_user(request), coop, register=True),
        },
        done=done,
        success_url=lambda result: (
            reverse("members:person", kwargs={"code": coop.code, "person_id": result.pk})
            if isinstance(result, Person)
            else back_url
        ),
    )


def _person_page_url(person: Person) -> str:
    return reverse("members:person", kwargs={"code": person.coop.code, "person_id": person.pk})


def _editable_person(request: HttpRequest, code: str, person_id: int) -> tuple[Person, selectors.PersonRights]:
    """A person the user reaches (else 404) and what they may change (nothing: 403)."""
    user = _user(request)
    person = selectors.person_in_coop_get(user=user, coop_code=code, person_id=person_id)
    rights = selectors.person_rights(user=user, person=person)
    return person, rights


def _deny_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _data(request: HttpRequest) -> dict[str, Any] | None:
    return request.POST if request.method == "POST" else None


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    coop = selectors.register_coop_get(user=user, code=code)
    _deny_unless(selectors.writes_register(user=user, coop=coop))
    coop_writer = scope_for(user).writes_coop(coop.pk)
    form = forms.PersonRegisterForm(
        _data(request), centres=selectors.writable_centres(user=user, coop=coop), membership_required=not coop_writer
    )

    def save(form: forms.PersonRegisterForm) -> Person:
        data = form.cleaned_data
        return services.person_register(
            actor=user,
            coop=coop,
            centre=data["centre"],
            member_number=data["member_number"],
            kind=data["kind"],
            joined_on=data["joined_on"],
            **form.person_fields(),
        )

    return _form_page(
        request,
        form=form,
        save=save,
        coop=coop,
        title=_("Add a person"),
        done=_("The person was added to the register."),
        back_url=reverse("members:register", kwargs={"code": coop.code}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, code: str, person_id: int) -> HttpResponse:
    person, rights = _editable_person(request, code, person_id)
    _deny_unless(rights.edit)
    form = forms.PersonForm(_data(request), instance=copy.copy(person))

    def save(form: forms.PersonForm) -> Person:
        return services.person_update(actor=_user(request), person=person, **form.person_fields())

    return _form_page(
        request,
        form=form,
        save=save,
        coop=person.coop,
        person=person,
        title=_("Change the details of %(name)s") % {"name": person.full_name},
        done=_("The details were saved."),
        back_url=_person_page_url(person),
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_create(request: HttpRequest, code: str, person_id: int) -> HttpResponse:
    person, rights = _editable_person(request, code, person_id)
    _deny_unless(rights.edit)
    user = _user(request)
    centres = selectors.writable_centres(user=user, coop=person.coop)
    form = forms.MembershipForm(_data(request), centres=centres, centre_required=not rights.officer_terms)

    def save(form: forms.MembershipForm) -> object:
        data = form.cleaned_data
        return services.membership_create(
            actor=user,
            person=person,
            kind=data["kind"],
            member_number=data["member_number"],
            joined_on=data["joined_on"],
            centre=data["centre"],
        )

    return _form_page(
        request,
        form=form,
        save=save,
        coop=person.coop,
        person=person,
        title=_("Admit %(name)s as a member") % {"name": person.full_name},
        done=_("The membership was recorded."),
        back_url=_person_page_url(person),
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_edit(request: HttpRequest, code: str, person_id: int, membership_id: int) -> HttpResponse:
    person, rights = _editable_person(request, code, person_id)
    _deny_unless(rights.edit)
    user = _user(request)
    membership = selectors.membership_get(person=person, membership_id=membership_id)
    centres = selectors.writable_centres(user=user, coop=person.coop)
    form = forms.MembershipEditForm(
        _data(request),
        centres=centres,
        centre_required=not rights.officer_terms,
        initial={"kind": membership.kind, "centre": membership.centre_id},
    )

    def save(form: forms.MembershipEditForm) -> object:
        data = form.cleaned_data
        return services.membership_update(actor=user, membership=membership, centre=data["centre"], kind=data["kind"])

    return _form_page(
        request,
        form=form,
        save=save,
        coop=person.coop,
        person=person,
        title=_("Change membership %(number)s") % {"number": membership.member_number},
        done=_("The membership was saved."),
        back_url=_person_page_url(person),
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, code: str, person_id: int, membership_id: int) -> HttpResponse:
    person, rights = _editable_person(request, code, person_id)
    _deny_unless(rights.edit)
    membership = selectors.membership_get(person=person, membership_id=membership_id)
    if membership.left_on is not None:
        raise Http404
    form = forms.MembershipEndForm(_data(request))

    def save(form: forms.MembershipEndForm) -> object:
        data = form.cleaned_data
        return services.membership_end(
            actor=_user(request), membership=membership, left_on=data["left_on"], status=data["status"]
        )

    return _form_page(
        request,
        form=form,
        save=save,
        coop=person.coop,
        person=person,
        title=_("End membership %(number)s") % {"number": membership.member_number},
        intro=_("The membership stays in the register's history; the person is no longer a member from this day."),
        done=_("The end of the membership was recorded."),
        back_url=_person_page_url(person),
    )


@login_required
@require_http_methods(["GET", "POST"])
def officer_term_create(request: HttpRequest, code: str, person_id: int) -> HttpResponse:
    person, rights = _editable_person(request, code, person_id)
    _deny_unless(rights.officer_terms)
    form = forms.OfficerTermForm(_data(request))

    def save(form: forms.OfficerTermForm) -> object:
        data = form.cleaned_data
        return services.officer_term_create(
            actor=_user(request),
            person=person,
            role=data["role"],
            started_on=data["started_on"],
            ended_on=data["ended_on"],
        )

    return _form_page(
        request,
        form=form,
        save=save,
        coop=person.coop,
        person=person,
        title=_("Record a term of office for %(name)s") % {"name": person.full_name},
        done=_("The term of office was recorded."),
        back_url=_person_page_url(person),
    )


@login_required
@require_http_methods(["GET", "POST"])
def officer_term_end(request: HttpRequest, code: str, person_id: int, term_id: int) -> HttpResponse:
    person, rights = _editable_person(request, code, person_id)
    _deny_unless(rights.officer_terms)
    term = selectors.officer_term_get(person=person, term_id=term_id)
    if term.ended_on is not None:
        raise Http404
    form = forms.OfficerTermEndForm(_data(request))

    def save(form: forms.OfficerTermEndForm) -> object:
        return services.officer_term_end(actor=_user(request), term=term, ended_on=form.cleaned_data["ended_on"])

    return _form_page(
        request,
        form=form,
        save=save,
        coop=person.coop,
        person=person,
        title=_("End the term of office of %(name)s") % {"name": person.full_name},
        done=_("The end of the term was recorded."),
        back_url=_person_page_url(person),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_create(request: HttpRequest, code: str, person_id: int) -> HttpResponse:
    person, rights = _editable_person(request, code, person_id)
    _deny_unless(bool(rights.centres))
    user = _user(request)
    form = forms.ContractForm(_data(request), centres=selectors.writable_centres(user=user, coop=person.coop))

    def save(form: forms.ContractForm) -> object:
        data = form.cleaned_data
        return services.labour_contract_create(
            actor=user,
            person=person,
            centre=data["centre"],
            started_on=data["started_on"],
            ended_on=data["ended_on"],
            contracted_minutes_per_week=data["contracted_minutes_per_week"],
        )

    return _form_page(
        request,
        form=form,
        save=save,
        coop=person.coop,
        person=person,
        title=_("Record a labour contract with %(name)s") % {"name": person.full_name},
        intro=_("The Act requires a labour contract between the coop and each member who works (Article 20)."),
        done=_("The labour contract was recorded."),
        back_url=_person_page_url(person),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_edit(request: HttpRequest, code: str, person_id: int, contract_id: int) -> HttpResponse:
    person, rights = _editable_person(request, code, person_id)
    contract = selectors.contract_get(person=person, contract_id=contract_id)
    _deny_unless(contract.centre_id in rights.centres)
    form = forms.ContractEditForm(
        _data(request),
        initial={**forms.split_minutes(contract.contracted_minutes_per_week), "ended_on": contract.ended_on},
    )

    def save(form: forms.ContractEditForm) -> object:
        data = form.cleaned_data
        return services.labour_contract_update(
            actor=_user(request),
            contract=contract,
            contracted_minutes_per_week=data["contracted_minutes_per_week"],
            ended_on=data["ended_on"],
        )

    return _form_page(
        request,
        form=form,
        save=save,
        coop=person.coop,
        person=person,
        title=_("Change the labour contract of %(name)s at %(centre)s")
        % {"name": person.full_name, "centre": contract.centre.name},
        done=_("The labour contract was saved."),
        back_url=_person_page_url(person),
    )


@login_required
@require_http_methods(["GET", "POST"])
def work_record_create(request: HttpRequest, code: str, person_id: int) -> HttpResponse:
    person, rights = _editable_person(request, code, person_id)
    _deny_unless(bool(rights.centres))
    user = _user(request)
    form = forms.WorkRecordForm(
        _data(request),
        centres=selectors.writable_centres(user=user, coop=person.coop),
        initial={"worked_on": clock.today(), "minutes": 0},
    )

    def save(form: forms.WorkRecordForm) -> object:
        data = form.cleaned_data
        return services.work_record_create(
            actor=user,
            person=person,
            centre=data["centre"],
            business_line=data["business_line"],
            worked_on=data["worked_on"],
            worked_minutes=data["worked_minutes"],
        )

    return _form_page(
        request,
        form=form,
        save=save,
        coop=person.coop,
        person=person,
        title=_("Record work by %(name)s") % {"name": person.full_name},
        done=_("The work was recorded."),
        back_url=_person_page_url(person),
    )


@login_required
@require_http_methods(["GET", "POST"])
def work_record_edit(request: HttpRequest, code: str, person_id: int, record_id: int) -> HttpResponse:
    person, rights = _editable_person(request, code, person_id)
    record = selectors.work_record_get(person=person, record_id=record_id)
    _deny_unless(record.centre_id in rights.centres)
    form = forms.WorkRecordEditForm(_data(request), initial=forms.split_minutes(record.worked_minutes))

    def save(form: forms.WorkRecordEditForm) -> object:
        return services.work_record_update(
            actor=_user(request), record=record, worked_minutes=form.cleaned_data["worked_minutes"]
        )

    return _form_page(
        request,
        form=form,
        save=save,
        coop=person.coop,
        person=person,
        title=_("Correct the work of %(name)s on %(date)s at %(centre)s")
        % {"name": person.full_name, "date": record.worked_on.isoformat(), "centre": record.centre.name},
        done=_("The work record was corrected."),
        back_url=_person_page_url(person),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reading_preferences(request: HttpRequest, code: str, person_id: int) -> HttpResponse:
    """Set a member's reading preferences for them (plain Japanese, large text, language) when they ask."""
    person, rights = _editable_person(request, code, person_id)
    _deny_unless(rights.edit)
    if person.user is None:
        raise Http404
    saved = saved_display(person.user)
    form = forms.ReadingPreferencesForm(
        _data(request),
        languages=[(code, str(name)) for code, name in settings.LANGUAGES],
        initial={"language": saved.language, "large_text": saved.large_text, "high_contrast": saved.high_contrast},
    )

    def save(form: forms.ReadingPreferencesForm) -> object:
        data = form.cleaned_data
        return services.person_reading_preferences_set(
            actor=_user(request),
            person=person,
            language=data["language"],
            text_size=TextSize.LARGE if data["large_text"] else TextSize.NORMAL,
            high_contrast=data["high_contrast"],
        )

    return _form_page(
        request,
        form=form,
        save=save,
        coop=person.coop,
        person=person,
        title=_("How %(name)s reads Tomoni") % {"name": person.full_name},
        intro=_(
            "Set this for a member who asks: plain Japanese with furigana, large text, high contrast, and the "
            "language of what is sent to them. They see it from their next login; they can change it themselves."
        ),
        done=_("The reading preferences were saved."),
        back_url=_person_page_url(person),
    )


@login_required
@require_http_methods(["GET", "POST"])
def special_care_add(request: HttpRequest, code: str, person_id: int) -> HttpResponse:
    person, rights = _editable_person(request, code, person_id)
    if not rights.special_care:
        # Whether special-care data exists or may be recorded is itself not shown to others.
        raise Http404
    form = forms.SpecialCareForm(_data(request), initial={"recorded_on": clock.today()})

    def save(form: forms.SpecialCareForm) -> object:
        data = form.cleaned_data
        return services.special_care_record_add(
            actor=_user(request),
            person=person,
            category=data["category"],
            note=data["note"],
            recorded_on=data["recorded_on"],
        )

    return _form_page(
        request,
        form=form,
        save=save,
        coop=person.coop,
        person=person,
        title=_("Record special-care information about %(name)s") % {"name": person.full_name},
        intro=_(
            "This is special-care personal information under the Act on the Protection of Personal Information. "
            "Only support workers granted for this person can read it, and every reading is logged."
        ),
        done=_("The special-care information was recorded."),
        back_url=_person_page_url(person),
    )


# Import ------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_register(request: HttpRequest, code: str) -> HttpResponse:
    """Upload people or work records from CSV or Excel; the file is checked first and shown before anything is saved."""
    user = _user(request)
    coop = selectors.register_coop_get(user=user, code=code)
    _deny_unless(selectors.writes_register(user=user, coop=coop))
    form = forms.ImportForm(_data(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = core_services.import_job_start(
            actor=user,
            coop_id=coop.pk,
            kind=form.cleaned_data["kind"],
            filename=upload.name,
            data=upload.read(),
            language=translation.get_language() or "ja",
        )
        return redirect("members:import_job", code=coop.code, job_id=job.pk)
    return render(
        request,
        "members/import.html",
        {
            "coop": coop,
            "form": form,
            "codes": selectors.import_codes(user=user, coop=coop),
            "kinds": [
                ("people", _("People and their memberships"), imports.PEOPLE_COLUMNS),
                ("work_records", _("Work records"), imports.WORK_RECORD_COLUMNS),
            ],
            **_links(user, coop, register=True),
        },
        status=400 if request.method == "POST" else 200,
    )


def _import_job(request: HttpRequest, code: str, job_id: int) -> tuple[Coop, ImportJob]:
    user = _user(request)
    coop = selectors.register_coop_get(user=user, code=code)
    _deny_unless(selectors.writes_register(user=user, coop=coop))
    return coop, core_selectors.import_job_of(user=user, coop_id=coop.pk, job_id=job_id)


@login_required
@require_http_methods(["GET", "POST"])
def import_job(request: HttpRequest, code: str, job_id: int) -> HttpResponse:
    """An import: its progress, the preview with each row's problem, and what was imported; POST imports it."""
    coop, job = _import_job(request, code, job_id)
    if request.method == "POST":
        try:
            core_services.import_job_confirm(actor=_user(request), job=job)
        except TomoniError as error:
            messages.error(request, error.message)
        return redirect("members:import_job", code=coop.code, job_id=job.pk)
    columns = imports.KINDS[job.kind]
    return render(
        request,
        "members/import_job.html",
        {
            "coop": coop,
            "job": job,
            "columns": columns,
            "kind_label": imports.KIND_LABELS[job.kind],
            "more_rows": max(0, job.rows_total - len(job.shown_rows)),
            "more_problems": max(0, job.problem_count - len(job.problems)),
            **_links(_user(request), coop, register=True),
        },
    )


@login_required
def import_job_progress(request: HttpRequest, code: str, job_id: int) -> JsonResponse:
    """An import's progress, for its page to poll."""
    job = _import_job(request, code, job_id)[1]
    return JsonResponse(
        {
            "status": job.status,
            "progress_percent": job.progress_percent,
            "done": job.status not in (ImportStatus.CHECKING, ImportStatus.SAVING),
            "label": _("%(percent)d%% done") % {"percent": job.progress_percent},
        }
    )


@login_required
def import_template(request: HttpRequest, code: str, kind: str, fmt: str) -> HttpResponseBase:
    """An empty file with the import's column headers: CSV (UTF-8 with a BOM, for Excel) or .xlsx."""
    selectors.register_coop_get(user=_user(request), code=code)
    if kind not in imports.KINDS or fmt not in ("csv", "xlsx"):
        raise Http404
    if fmt == "csv":
        response = HttpResponse(imports.template_csv(kind), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            imports.template_xlsx(kind),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="tomoni-{kind}.{fmt}"'
    return response
