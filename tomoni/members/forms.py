"""Forms of the register pages: they parse and check input; the services in services.py write.

Errors are tied to their fields (Django renders aria-describedby and aria-invalid), dates use the
browser's date picker, and contracted time is entered as hours and minutes but kept as minutes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tomoni.core import clock
from tomoni.core.pages import ServiceErrorsMixin
from tomoni.federation.models import BusinessLine, Centre
from tomoni.members.imports import KINDS
from tomoni.members.japanese import postal_code, postal_code_shown
from tomoni.members.models import (
    PERSON_FIELDS,
    MembershipKind,
    MembershipStatus,
    OfficerRole,
    Person,
    SpecialCareCategory,
)


class DateInput(forms.DateInput):
    """The browser's own date picker; it always sends ISO dates (2015-03-31)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, help_text=help_text, widget=DateInput())


class PlainForm(ServiceErrorsMixin, forms.Form):
    required_css_class = "required"


class HoursMinutesMixin:
    """Two inputs, hours and minutes, cleaned into whole minutes under `minutes_field`."""

    minutes_field = "total_minutes"
    max_hours = 168

    def clean_duration(self, cleaned: dict[str, Any], *, required_message: Any) -> None:
        hours = cleaned.get("hours")
        minutes = cleaned.get("minutes")
        if hours is None and minutes is None:
            return
        total = (hours or 0) * 60 + (minutes or 0)
        form: Any = self
        if total <= 0:
            form.add_error("hours", required_message)
        else:
            cleaned[self.minutes_field] = total


def hours_field(label: Any, max_value: int, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=max_value,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "short"}),
    )


def minutes_field(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=59,
        required=False,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "short"}),
    )


class BusinessLineChoiceField(forms.ModelChoiceField):
    """Business lines named in the reader's language."""

    def label_from_instance(self, obj: Any) -> str:
        if (get_language() or "").startswith("en") and obj.name_en:
            return str(obj.name_en)
        return str(obj.name)


class GroupedCentreField(forms.ModelChoiceField):
    """Centres grouped by region (事業本部), each group in order of prefecture and name, closed centres last.

    The <select> is marked `data-searchable`: site.js puts a search box before it that narrows the options as
    one types (a coop has hundreds of centres); without JavaScript it is a grouped list.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"data-searchable": "", "data-search-label": _("Find a centre by name or place")})

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.municipality}）" if obj.municipality else str(obj.name)

    def set_centres(self, centres: QuerySet[Centre]) -> None:
        self.queryset = centres
        open_groups: dict[str, list[tuple[int, str]]] = {}
        closed: list[tuple[int, str]] = []
        ordered = centres.select_related("region").order_by("region__code", "prefecture_code", "name", "pk")
        for centre in ordered:
            option = (centre.pk, self.label_from_instance(centre))
            if centre.closed_on is not None:
                closed.append(option)
            else:
                region = centre.region.name if centre.region is not None else str(_("No region"))
                open_groups.setdefault(region, []).append(option)
        groups: list[Any] = [("", "—"), *open_groups.items()]
        if closed:
            groups.append((str(_("Closed centres")), closed))
        self.choices = groups


# People ------------------------------------------------------------------------------------------


class PersonForm(ServiceErrorsMixin, forms.ModelForm):
    """A person's name, reading, birth date and contact details."""

    required_css_class = "required"
    # Kept as seven digits; written in any usual way (〒２７１－００９２ is longer than what is kept).
    postal_code = forms.CharField(
        label=_("postal code"),
        max_length=12,
        required=False,
        help_text=_("Seven digits, as in 271-0092."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "short", "autocomplete": "postal-code"}),
    )

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {
            "birth_date": DateInput(),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        help_texts = {
            "family_name_kana": _("In katakana, as in コバヤシ (hiragana is turned into katakana)."),
            "given_name_kana": _("In katakana, as in ハナコ (hiragana is turned into katakana)."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.postal_code:  # kept as seven digits, edited as written: 271-0092
            self.initial["postal_code"] = postal_code_shown(self.instance.postal_code).removeprefix("〒")

    def clean_postal_code(self) -> str:
        digits = postal_code(self.cleaned_data.get("postal_code") or "")
        if digits is None:
            raise forms.ValidationError(_("A postal code has seven digits, as in 271-0092."), code="postal_code")
        return digits

    def clean_birth_date(self) -> dt.date | None:
        birth_date: dt.date | None = self.cleaned_data.get("birth_date")
        if birth_date is not None and birth_date > clock.today():
            raise forms.ValidationError(_("The birth date cannot be in the future."), code="future")
        return birth_date

    def person_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PERSON_FIELDS}


class PersonRegisterForm(PersonForm):
    """A new person and, optionally (required for centre managers), their membership."""

    member_number = forms.CharField(
        label=_("Member number"),
        max_length=20,
        required=False,
        help_text=_("Leave empty for someone who is not a member, such as a volunteer."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of membership"), choices=[("", "—"), *MembershipKind.choices], required=False
    )
    joined_on = date_field(_("Joined on"), required=False)
    centre = GroupedCentreField(label=_("Home centre"), queryset=Centre.objects.none(), required=False)

    membership_fields = ("member_number", "kind", "joined_on", "centre")
    service_fields = {"member_number": "member_number", "kind": "kind", "centre": "centre"}

    def __init__(self, *args: Any, centres: QuerySet[Centre], membership_required: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.membership_required = membership_required
        self.fields["centre"].set_centres(centres)  # type: ignore[attr-defined]
        if membership_required:
            for name in ("member_number", "kind", "joined_on", "centre"):
                self.fields[name].required = True
            self.fields["member_number"].help_text = _("People you add to your centre are added as its members.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("member_number"):
            for name in ("kind", "joined_on"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("A membership needs this too."))
        elif (cleaned.get("kind") or cleaned.get("joined_on") or cleaned.get("centre")) and (
            "member_number" not in self.errors
        ):
            self.add_error("member_number", _("Give the member number, or leave the membership empty."))
        return cleaned


# Memberships -------------------------------------------------------------------------------------


class MembershipForm(PlainForm):
    kind = forms.ChoiceField(label=_("Kind of membership"), choices=MembershipKind.choices)
    member_number = forms.CharField(label=_("Member number"), max_length=20)
    joined_on = date_field(_("Joined on"))
    centre = forms.ModelChoiceField(label=_("Home centre"), queryset=Centre.objects.none(), required=False)

    def __init__(self, *args: Any, centres: QuerySet[Centre], centre_required: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres  # type: ignore[attr-defined]
        self.fields["centre"].required = centre_required


class MembershipEditForm(PlainForm):
    kind = forms.ChoiceField(label=_("Kind of membership"), choices=MembershipKind.choices)
    centre = forms.ModelChoiceField(label=_("Home centre"), queryset=Centre.objects.none(), required=False)

    def __init__(self, *args: Any, centres: QuerySet[Centre], centre_required: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres  # type: ignore[attr-defined]
        self.fields["centre"].required = centre_required


class MembershipEndForm(PlainForm):
    left_on = date_field(_("Left on"), help_text=_("The first day the person is no longer a member."))
    status = forms.ChoiceField(
        label=_("Why the membership ended"),
        choices=[c for c in MembershipStatus.choices if c[0] != MembershipStatus.ACTIVE],
    )


# Officer terms -----------------------------------------------------------------------------------


class OfficerTermForm(PlainForm):
    role = forms.ChoiceField(label=_("Office"), choices=OfficerRole.choices)
    started_on = date_field(_("Term starts on"))
    ended_on = date_field(_("Term ends on"), required=False, help_text=_("Leave empty if the end is not yet known."))


class OfficerTermEndForm(PlainForm):
    ended_on = date_field(_("Term ends on"))


# Labour contracts --------------------------------------------------------------------------------

CONTRACT_HOURS_HELP = _("Hours and minutes a week, as in 20 hours 30 minutes.")


class ContractForm(HoursMinutesMixin, PlainForm):
    centre = forms.ModelChoiceField(label=_("Centre"), queryset=Centre.objects.none())
    started_on = date_field(_("Starts on"))
    ended_on = date_field(_("Ends on"), required=False, help_text=_("Leave empty for a contract with no end date."))
    hours = hours_field(_("Contracted hours a week"), 168, CONTRACT_HOURS_HELP)
    minutes = minutes_field(_("and minutes"))

    minutes_field = "contracted_minutes_per_week"
    service_fields = {"contracted_minutes_per_week": "hours"}

    def __init__(self, *args: Any, centres: QuerySet[Centre], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.clean_duration(cleaned, required_message=_("Enter the contracted time a week."))
        return cleaned


class ContractEditForm(HoursMinutesMixin, PlainForm):
    hours = hours_field(_("Contracted hours a week"), 168, CONTRACT_HOURS_HELP)
    minutes = minutes_field(_("and minutes"))
    ended_on = date_field(_("Ends on"), required=False, help_text=_("Leave empty for a contract with no end date."))

    minutes_field = "contracted_minutes_per_week"
    service_fields = {"contracted_minutes_per_week": "hours"}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.clean_duration(cleaned, required_message=_("Enter the contracted time a week."))
        return cleaned


# Work records ------------------------------------------------------------------------------------

WORK_HOURS_HELP = _("Hours and minutes worked that day, as in 4 hours 0 minutes.")


class WorkRecordForm(HoursMinutesMixin, PlainForm):
    centre = forms.ModelChoiceField(label=_("Centre"), queryset=Centre.objects.none())
    business_line = BusinessLineChoiceField(label=_("Business line"), queryset=BusinessLine.objects.all())
    worked_on = date_field(_("Date worked"))
    hours = hours_field(_("Hours worked"), 24, WORK_HOURS_HELP)
    minutes = minutes_field(_("and minutes"))

    minutes_field = "worked_minutes"
    service_fields = {"worked_minutes": "hours"}

    def __init__(self, *args: Any, centres: QuerySet[Centre], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres  # type: ignore[attr-defined]

    def clean_worked_on(self) -> dt.date:
        worked_on: dt.date = self.cleaned_data["worked_on"]
        if worked_on > clock.today():
            raise forms.ValidationError(_("Work cannot be recorded for a day in the future."), code="future")
        return worked_on

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.clean_duration(cleaned, required_message=_("Enter the time worked."))
        return cleaned


class WorkRecordEditForm(HoursMinutesMixin, PlainForm):
    hours = hours_field(_("Hours worked"), 24, WORK_HOURS_HELP)
    minutes = minutes_field(_("and minutes"))

    minutes_field = "worked_minutes"
    service_fields = {"worked_minutes": "hours"}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.clean_duration(cleaned, required_message=_("Enter the time worked."))
        return cleaned


class ReadingPreferencesForm(PlainForm):
    """How a member reads Tomoni, set by an officer at their request: language, text size, contrast."""

    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        help_text=_("Notices, mail, PDFs and calendars are written to the member in this language."),
    )
    large_text = forms.BooleanField(label=_("Large text (200%)"), required=False)
    high_contrast = forms.BooleanField(label=_("High contrast"), required=False)

    def __init__(self, *args: Any, languages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("The site's default (Japanese)")), *languages]


def split_minutes(total: int) -> dict[str, int]:
    """Initial values of an hours-and-minutes pair."""
    hours, minutes = divmod(total, 60)
    return {"hours": hours, "minutes": minutes}


# Special-care personal information ---------------------------------------------------------------


class SpecialCareForm(PlainForm):
    category = forms.ChoiceField(label=_("Category"), choices=SpecialCareCategory.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only what the support needs. This is stored encrypted and every reading is logged."),
    )
    recorded_on = date_field(_("Recorded on"))


# Register search and import ----------------------------------------------------------------------


class RegisterSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, kana or member number"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    as_of = date_field(_("Members on this date"), required=False, help_text=_("Leave empty to list everyone."))
    centre = forms.TypedChoiceField(label=_("Home centre"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *MembershipStatus.choices]
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind")), *MembershipKind.choices])

    def __init__(self, *args: Any, centres: Sequence[Centre] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        centre = self.fields["centre"]
        assert isinstance(centre, forms.TypedChoiceField)
        centre.choices = [("", _("Any centre")), *((c.pk, c.name) for c in centres)]


MAX_UPLOAD_BYTES = 30 * 1024 * 1024


class ImportForm(PlainForm):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[("people", _("People and their memberships")), ("work_records", _("Work records"))],
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8 or Shift_JIS, as Excel saves it) or an Excel workbook (.xlsx)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB. Split it into smaller files."),
                code="too_large",
                params={"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
        return upload

    def clean_kind(self) -> str:
        kind: str = self.cleaned_data["kind"]
        assert kind in KINDS
        return kind
