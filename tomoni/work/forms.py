"""Forms of the roster pages: they parse and check input; tomoni.work.services writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tomoni.members.forms import PlainForm, date_field
from tomoni.members.models import Person
from tomoni.work import services
from tomoni.work.models import Qualification, ShiftType, WishKind

WEEKDAYS = [
    ("", _("Every day")),
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m")


class RosterCreateForm(PlainForm):
    month = forms.DateField(
        label=_("Month"), input_formats=["%Y-%m", "%Y-%m-%d"], widget=MonthInput(), help_text=_("For example 2015-03.")
    )


class SolveForm(PlainForm):
    time_limit_s = forms.IntegerField(
        label=_("Time limit (seconds)"),
        min_value=services.MIN_TIME_LIMIT_S,
        max_value=services.MAX_TIME_LIMIT_S,
        initial=services.DEFAULT_TIME_LIMIT_S,
        help_text=_("The solver stops earlier when it has proved the roster is the best."),
    )


class PublishConfirmForm(PlainForm):
    confirm = forms.BooleanField(
        label=_("I have checked the hours, the cover, the fairness and the accommodations above."),
        error_messages={"required": _("Tick the box to confirm you have checked the roster.")},
    )


class ShiftChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"


class CellForm(PlainForm):
    """The shift of one member on one day, or a day off."""

    shift_type = ShiftChoiceField(
        label=_("Shift"), queryset=ShiftType.objects.none(), required=False, empty_label=_("Day off (no shift)")
    )

    def __init__(self, *args: Any, shift_types: QuerySet[ShiftType], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shift_type"].queryset = shift_types  # type: ignore[attr-defined]


class WishForm(PlainForm):
    on_date = date_field(_("Day"))
    kind = forms.ChoiceField(label=_("Wish"), choices=WishKind.choices, widget=forms.RadioSelect)
    shift_type = ShiftChoiceField(
        label=_("Shift"),
        queryset=ShiftType.objects.none(),
        required=False,
        empty_label=_("Any shift"),
        help_text=_("Not needed for a day off."),
    )

    def __init__(self, *args: Any, shift_types: QuerySet[ShiftType], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shift_type"].queryset = shift_types  # type: ignore[attr-defined]


class UnavailableForm(PlainForm):
    on_date = date_field(_("Day I cannot work"), help_text=_("The roster will not give you a shift on this day."))


class SwapForm(PlainForm):
    """Swap for a colleague's shift (value "assignment id"), or hand the shift over (value "person:id")."""

    offer = forms.ChoiceField(label=_("Swap with"), choices=[])
    note = forms.CharField(label=_("Message to the manager"), max_length=200, required=False)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offer"].choices = choices  # type: ignore[attr-defined]


class SwapDecisionForm(PlainForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("decline", _("Decline"))], widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class ActualMinutesForm(PlainForm):
    assignment = forms.IntegerField(widget=forms.HiddenInput)
    hours = forms.IntegerField(label=_("Hours"), min_value=0, max_value=24)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=0, max_value=59, initial=0)

    def total(self) -> int:
        return int(self.cleaned_data["hours"]) * 60 + int(self.cleaned_data.get("minutes") or 0)


class HoursReportForm(PlainForm):
    """A member's report of the time they worked on one of their shifts; works offline (the key is the phone's)."""

    assignment = forms.TypedChoiceField(label=_("Shift"), coerce=int)
    hours = forms.IntegerField(label=_("Hours"), min_value=0, max_value=24)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=0, max_value=59, initial=0, required=False)
    # Made by the page's script (outbox.js) when the form opens; without a script the server makes one.
    client_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, shifts: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignment"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = shifts

    def total(self) -> int:
        return int(self.cleaned_data["hours"]) * 60 + int(self.cleaned_data.get("minutes") or 0)


class ConfirmAsPlannedForm(PlainForm):
    until = date_field(_("Confirm as planned up to"))


# Centre settings -------------------------------------------------------------------------------------


class QualificationForm(PlainForm):
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("Letters, digits and hyphens, e.g. caregiver."))
    name = forms.CharField(label=_("Name"), max_length=100)


class ShiftTypeForm(PlainForm):
    code = forms.CharField(
        label=_("Code"), max_length=8, help_text=_("A short mark shown on the roster, e.g. 早 or N.")
    )
    name = forms.CharField(label=_("Name"), max_length=50)
    starts_at = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    length_minutes = forms.IntegerField(label=_("Length in minutes"), min_value=1, max_value=1440)
    break_minutes = forms.IntegerField(label=_("Break in minutes"), min_value=0, max_value=1439, initial=0)
    is_night = forms.BooleanField(label=_("Night shift"), required=False)
    qualifications = forms.ModelMultipleChoiceField(
        label=_("Qualifications needed"),
        queryset=Qualification.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, qualifications: QuerySet[Qualification], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["qualifications"].queryset = qualifications  # type: ignore[attr-defined]


class CoverageForm(PlainForm):
    shift_type = ShiftChoiceField(label=_("Shift"), queryset=ShiftType.objects.none())
    qualification = forms.ModelChoiceField(
        label=_("Qualification"), queryset=Qualification.objects.none(), required=False, empty_label=_("Anyone")
    )
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=WEEKDAYS, required=False, coerce=int, empty_value=None)
    on_date = date_field(_("Date"), required=False, help_text=_("Only this day; leave the weekday empty."))
    required_count = forms.IntegerField(label=_("People needed"), min_value=0, max_value=999)

    def __init__(
        self, *args: Any, shift_types: QuerySet[ShiftType], qualifications: QuerySet[Qualification], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shift_type"].queryset = shift_types  # type: ignore[attr-defined]
        self.fields["qualification"].queryset = qualifications  # type: ignore[attr-defined]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class GrantForm(PlainForm):
    person = PersonChoiceField(label=_("Member"), queryset=Person.objects.none())
    qualification = forms.ModelChoiceField(label=_("Qualification"), queryset=Qualification.objects.none())

    def __init__(self, *args: Any, people: QuerySet[Person], qualifications: QuerySet[Qualification], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["qualification"].queryset = qualifications  # type: ignore[attr-defined]


class AccommodationForm(PlainForm):
    person = PersonChoiceField(label=_("Member"), queryset=Person.objects.none())
    max_hours_per_week = forms.IntegerField(label=_("At most hours a week"), min_value=1, max_value=168, required=False)
    no_nights = forms.BooleanField(label=_("No night shifts"), required=False)
    mentor = PersonChoiceField(
        label=_("Works with this mentor"), queryset=Person.objects.none(), required=False, empty_label=_("No mentor")
    )
    partner_qualification = forms.ModelChoiceField(
        label=_("Works with a partner holding"),
        queryset=Qualification.objects.none(),
        required=False,
        empty_label=_("No partner needed"),
    )

    def __init__(self, *args: Any, people: QuerySet[Person], qualifications: QuerySet[Qualification], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["mentor"].queryset = people  # type: ignore[attr-defined]
        self.fields["partner_qualification"].queryset = qualifications  # type: ignore[attr-defined]


class LabourRulesForm(PlainForm):
    max_hours_per_day = forms.IntegerField(
        label=_("At most hours a day"), min_value=1, max_value=24, required=False,
        help_text=_("Empty under variable working hours (Labour Standards Act Art 32-2)."),
    )  # fmt: skip
    max_hours_per_week = forms.IntegerField(label=_("At most hours a week"), min_value=1, max_value=168)
    average_weekly_over_period = forms.BooleanField(
        label=_("Average the weekly limit over the month (variable working hours)"), required=False
    )
    min_rest_hours = forms.IntegerField(label=_("At least hours of rest between shifts"), min_value=0, max_value=24)
    max_consecutive_days = forms.IntegerField(label=_("At most working days in a row"), min_value=1, max_value=31)
    contract_tolerance_hours = forms.IntegerField(
        label=_("Planned hours may differ from a contract by at most (hours a month)"), min_value=0, max_value=168
    )
    agreed_overtime_hours = forms.IntegerField(
        label=_("Overtime a month under the 36 agreement (hours)"),
        min_value=0,
        max_value=45,
        required=False,
        help_text=_("Empty when no 36 agreement is recorded: no hours beyond the Act are planned."),
    )


def month_value(day: dt.date) -> str:
    return f"{day:%Y-%m}"
