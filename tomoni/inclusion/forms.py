"""Forms of the support worker's and trainer's pages: they parse and check input; services.py writes.

Errors are tied to their fields, dates use the browser's date picker, and a service's refusal lands on
the field it names (tomoni.core.pages).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tomoni.federation.models import Centre
from tomoni.inclusion import rules
from tomoni.inclusion.models import (
    Cohort,
    ConsentPurpose,
    CurriculumUnit,
    GoalProgress,
    GoalTerm,
    OutcomeKind,
    ReferralSource,
)
from tomoni.members.forms import PlainForm, date_field
from tomoni.members.models import MINUTES_IN_DAY, Person

TEXT = forms.Textarea(attrs={"rows": 3})


def _text(label: Any, *, required: bool = False, max_length: int = 2000) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length, widget=TEXT)


class ReferForm(PlainForm):
    """A referral of someone new: their name as the register keeps it, and where they come from."""

    family_name = forms.CharField(label=_("Family name"), max_length=50)
    given_name = forms.CharField(label=_("Given name"), max_length=50)
    family_name_kana = forms.CharField(label=_("Family name (kana)"), max_length=50, required=False)
    given_name_kana = forms.CharField(label=_("Given name (kana)"), max_length=50, required=False)
    birth_date = date_field(_("Birth date"), required=False)
    centre = forms.ModelChoiceField(label=_("Centre"), queryset=Centre.objects.none())
    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=Cohort.objects.none(), required=False)
    referral_source = forms.ChoiceField(label=_("Referred by"), choices=ReferralSource.choices)
    referred_on = date_field(_("Referred on"))

    def __init__(self, *args: Any, centres: Any, cohorts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres  # type: ignore[attr-defined]
        self.fields["cohort"].queryset = cohorts  # type: ignore[attr-defined]


class ConsentForm(PlainForm):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    given_on = date_field(_("Given on"))
    scope = forms.CharField(label=_("Scope"), max_length=200, required=False)
    expires_on = date_field(_("Expires on"), required=False)


class WithdrawForm(PlainForm):
    withdrawn_on = date_field(_("Withdrawn on"))


class StartForm(PlainForm):
    started_on = date_field(_("Started on"))


class AssessmentForm(PlainForm):
    assessed_on = date_field(_("Assessed on"))
    strengths = _text(_("Strengths"))
    needs = _text(_("Needs"))
    health = _text(_("Health"), required=False)
    disability = _text(_("Disability"), required=False)


class PlanForm(PlainForm):
    """A plan with its wishes, one long-term goal and one or two short-term goals, in plain words."""

    drawn_up_on = date_field(_("Drawn up on"))
    wishes = _text(_("The person's own wishes"), required=True)
    family_wishes = _text(_("The family's wishes"))
    issues = _text(_("Current issues"))
    review_every_months = forms.TypedChoiceField(
        label=_("Review every"),
        coerce=int,
        choices=[(m, _("%(months)s months") % {"months": m}) for m in rules.REVIEW_INTERVALS],
        initial=3,
    )
    long_text = _text(_("Long-term goal"), required=True, max_length=500)
    long_target_on = date_field(_("Long-term goal: target date"))
    long_support = _text(_("Long-term goal: the support"), max_length=500)
    long_supporter = forms.CharField(label=_("Long-term goal: who gives it"), max_length=100, required=False)
    short_text = _text(_("Short-term goal"), required=True, max_length=500)
    short_target_on = date_field(_("Short-term goal: target date"))
    short_support = _text(_("Short-term goal: the support"), max_length=500)
    short_supporter = forms.CharField(label=_("Short-term goal: who gives it"), max_length=100, required=False)
    short2_text = _text(_("Second short-term goal"), max_length=500)
    short2_target_on = date_field(_("Second short-term goal: target date"), required=False)
    short2_support = _text(_("Second short-term goal: the support"), max_length=500)
    short2_supporter = forms.CharField(label=_("Second short-term goal: who gives it"), max_length=100, required=False)

    service_fields = {"goals": "long_text"}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("short2_text") and not cleaned.get("short2_target_on"):
            self.add_error("short2_target_on", _("Give the goal's target date."))
        return cleaned

    def goals(self) -> list[Any]:
        """The goals as the service takes them."""
        from tomoni.inclusion.services import GoalInput

        data = self.cleaned_data
        goals = []
        for prefix, term in (("long", GoalTerm.LONG), ("short", GoalTerm.SHORT), ("short2", GoalTerm.SHORT)):
            if data.get(f"{prefix}_text"):
                goals.append(
                    GoalInput(
                        term=term,
                        target_on=data[f"{prefix}_target_on"],
                        text=data[f"{prefix}_text"],
                        support=data.get(f"{prefix}_support", ""),
                        supporter=data.get(f"{prefix}_supporter", ""),
                    )
                )
        return goals

    def plan_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "drawn_up_on": data["drawn_up_on"],
            "wishes": data["wishes"],
            "family_wishes": data.get("family_wishes", ""),
            "issues": data.get("issues", ""),
            "review_every_months": data["review_every_months"],
        }


class ReviewForm(PlainForm):
    """Progress on every goal of the plan in force: a rating and a note each."""

    reviewed_on = date_field(_("Reviewed on"))
    summary = _text(_("Summary"))

    def __init__(self, *args: Any, goals: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goal_ids = [goal_id for goal_id, _text_ in goals]
        for goal_id, text in goals:
            self.fields[f"rating-{goal_id}"] = forms.ChoiceField(
                label=_("Progress on: %(goal)s") % {"goal": text}, choices=GoalProgress.choices
            )
            self.fields[f"note-{goal_id}"] = forms.CharField(
                label=_("Note on: %(goal)s") % {"goal": text}, required=False, max_length=1000, widget=TEXT
            )

    def progress(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {g: (data[f"rating-{g}"], data.get(f"note-{g}", "")) for g in self.goal_ids}


class SessionPlanForm(PlainForm):
    on_date = date_field(_("Day"))
    starts_at = forms.TimeField(
        label=_("Starts at"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )


class SessionRecordForm(PlainForm):
    status = forms.ChoiceField(
        label=_("How it went"), choices=[("held", _("Held")), ("missed", _("Missed"))], widget=forms.RadioSelect
    )
    note = _text(_("Note"))


class TrainingSessionForm(PlainForm):
    """A session of a cohort's training: the unit, the day, the start and its length in minutes."""

    unit = forms.ModelChoiceField(label=_("Curriculum unit"), queryset=CurriculumUnit.objects.none())
    on_date = date_field(_("Day"))
    starts_at = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    length_minutes = forms.IntegerField(
        label=_("Length in minutes"),
        min_value=1,
        max_value=MINUTES_IN_DAY,
        help_text=_("For example 120 for two hours."),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class CertificateForm(PlainForm):
    name = forms.CharField(label=_("Certificate"), max_length=200)
    number = forms.CharField(label=_("Certificate number"), max_length=100)
    issued_on = date_field(_("Issued on"))


class PlacementForm(PlainForm):
    centre = forms.ModelChoiceField(label=_("Centre"), queryset=Centre.objects.none())
    mentor = forms.ModelChoiceField(
        label=_("Mentor"),
        queryset=Person.objects.none(),
        help_text=_("The trainee's shifts are paired with this member's on the roster."),
    )
    starts_on = date_field(_("Starts on"))

    def __init__(self, *args: Any, centres: Any, mentors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres  # type: ignore[attr-defined]
        self.fields["mentor"].queryset = mentors  # type: ignore[attr-defined]
        self.fields["mentor"].label_from_instance = lambda p: p.full_name  # type: ignore[attr-defined]


class OutcomeForm(PlainForm):
    kind = forms.ChoiceField(label=_("Outcome"), choices=OutcomeKind.choices)
    on_date = date_field(_("Date"))
    employer = forms.CharField(label=_("Employer"), max_length=200, required=False)


class FollowUpForm(PlainForm):
    done_on = date_field(_("Contacted on"))
    in_work = forms.TypedChoiceField(
        label=_("Is the person in work?"),
        choices=[("yes", _("Yes, in work")), ("no", _("No, not in work"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


def initial_today(today: dt.date, *names: str) -> dict[str, dt.date]:
    return dict.fromkeys(names, today)
