"""Small GET forms of the registry pages: the "as of" date and the month pickers."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from tomoni.core import clock
from tomoni.core.money import month_bounds

EARLIEST = dt.date(1900, 1, 1)


class AsOfForm(forms.Form):
    """?as_of=YYYY-MM-DD; blank means today."""

    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date as year-month-day, for example 2015-03-31.")},
        help_text=_("Figures are counted on this day."),
    )

    def clean_as_of(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("as_of")
        if day is not None and not (EARLIEST <= day <= dt.date(9999, 12, 30)):
            raise forms.ValidationError(_("Enter a date after 1900."), code="out_of_range")
        return day

    def day(self) -> dt.date:
        """The chosen day, or today when the field is blank or invalid (the error is shown beside it)."""
        if self.is_valid() and self.cleaned_data.get("as_of"):
            chosen: dt.date = self.cleaned_data["as_of"]
            return chosen
        return clock.today()


MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


class MonthForm(forms.Form):
    """?month=YYYY-MM; blank means this month."""

    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2015-03", "pattern": r"\d{4}-\d{2}"}),
        help_text=_("Year and month, for example 2015-03."),
    )

    def clean_month(self) -> dt.date | None:
        raw: str = (self.cleaned_data.get("month") or "").strip()
        if not raw:
            return None
        match = MONTH_RE.match(raw)
        if match is None or not 1 <= int(match[2]) <= 12 or int(match[1]) < EARLIEST.year:
            raise forms.ValidationError(_("Enter a month as year-month, for example 2015-03."), code="invalid")
        return dt.date(int(match[1]), int(match[2]), 1)

    def as_of(self) -> dt.date:
        """The day the month is seen from: its last day, or today within the current month."""
        today = clock.today()
        first: dt.date | None = self.cleaned_data.get("month") if self.is_valid() else None
        if first is None:
            return today
        last = month_bounds(first)[1]
        return today if first <= today <= last else last
