"""Forms of proposals, decisions, minutes and notices: they parse input; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tomoni.federation.models import Centre
from tomoni.governance.models import (
    AgendaItem,
    DecisionStatus,
    Meeting,
    Motion,
    NoticeKind,
    ProposalKind,
    ProposalStatus,
)
from tomoni.members.forms import PlainForm, date_field
from tomoni.members.models import Person


class ProposalForm(PlainForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("What you propose or ask"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Say what and why. Other members can read and support it."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ProposalKind.choices, widget=forms.RadioSelect, initial=ProposalKind.ITEM
    )
    centre = forms.ModelChoiceField(
        label=_("For"),
        queryset=Centre.objects.none(),
        required=False,
        empty_label=_("The whole coop"),
        help_text=_("Your centre, or the whole coop."),
    )

    def __init__(self, *args: Any, centres: QuerySet[Centre], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres  # type: ignore[attr-defined]


class CommentForm(PlainForm):
    body = forms.CharField(label=_("Your comment"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))


class RespondForm(PlainForm):
    ACTIONS = [
        ("agenda", _("Put it on a meeting's agenda")),
        ("answer", _("Answer it")),
        ("decline", _("Decline it, giving the reason")),
    ]
    action = forms.ChoiceField(label=_("What to do"), choices=ACTIONS, widget=forms.RadioSelect)
    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.none(), required=False, help_text=_("For the agenda only.")
    )
    response = forms.CharField(
        label=_("Answer or reason"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to answer or decline; the member who raised it reads it."),
    )

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        action = cleaned.get("action")
        if action == "agenda" and not cleaned.get("meeting"):
            self.add_error("meeting", _("Choose the meeting whose agenda it goes on."))
        if action in ("answer", "decline") and not (cleaned.get("response") or "").strip():
            self.add_error("response", _("Write the answer or the reason."))
        return cleaned


class DecisionForm(PlainForm):
    text = forms.CharField(label=_("Decision"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Person.objects.none())
    due_on = date_field(_("Due on"))
    motion = forms.ModelChoiceField(
        label=_("Motion passed"),
        queryset=Motion.objects.none(),
        required=False,
        help_text=_("The motion this decision carries out, if any."),
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item decided"),
        queryset=AgendaItem.objects.none(),
        required=False,
        help_text=_("For a decision taken on an item without a vote."),
    )

    def __init__(
        self,
        *args: Any,
        owners: QuerySet[Person],
        motions: QuerySet[Motion],
        items: QuerySet[AgendaItem],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self.fields["motion"].queryset = motions  # type: ignore[attr-defined]
        self.fields["agenda_item"].queryset = items  # type: ignore[attr-defined]


class FollowUpForm(PlainForm):
    body = forms.CharField(label=_("Progress"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=_("Status"), choices=DecisionStatus.choices)


class DecisionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), ("overdue", _("Overdue")), *DecisionStatus.choices]
    )
    centre = forms.ModelChoiceField(label=_("Centre"), queryset=Centre.objects.none(), required=False)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Person.objects.none(), required=False)

    def __init__(self, *args: Any, centres: QuerySet[Centre], owners: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres  # type: ignore[attr-defined]
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


class ProposalFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *ProposalStatus.choices])


class MinutesForm(PlainForm):
    questions = forms.CharField(
        label=_("Questions and discussion"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Questions asked and answers given; separate topics by an empty line."),
    )


class NoticeForm(PlainForm):
    kind = forms.ChoiceField(label=_("Notice"), choices=NoticeKind.choices, widget=forms.RadioSelect)


class PeriodForm(forms.Form):
    start = date_field(_("From"))
    end = date_field(_("To"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The end date must be after the start date."))
        return cleaned
