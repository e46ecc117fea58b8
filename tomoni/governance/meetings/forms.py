"""Forms of the governance pages: meetings, agenda, motions, attendance, paper votes, the member's ballot."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tomoni.core.errors import TomoniError
from tomoni.federation.models import Centre, Region
from tomoni.governance.models import (
    AgendaItem,
    AttendanceMode,
    Channel,
    Choice,
    Constituency,
    GovernanceSettings,
    MeetingKind,
    MotionKind,
    SpecialMatter,
    TieOutcome,
)
from tomoni.members.models import Person


class ServiceErrorsMixin:
    """Show a service's refusal on the form (nothing was saved)."""

    def add_service_error(self, error: TomoniError) -> None:
        field = error.field if error.field in self.fields else None  # type: ignore[attr-defined]
        self.add_error(field, error.message)  # type: ignore[attr-defined]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    centre = forms.ModelChoiceField(
        label=_("Centre"),
        queryset=Centre.objects.none(),
        required=False,
        help_text=_("For an all-member centre meeting or a centre's round table."),
        to_field_name="code",
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(label=_("Online meeting address"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, centres: QuerySet[Centre], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres  # type: ignore[attr-defined]


class AgendaItemForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class MotionForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of motion"), choices=MotionKind.choices)
    special_matter = forms.ChoiceField(
        label=_("What the special resolution decides"), choices=SpecialMatter.choices, required=False
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text of the motion"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    opens_at = forms.DateTimeField(label=_("Voting opens"), widget=DateTimeInput())
    closes_at = forms.DateTimeField(label=_("Voting closes"), widget=DateTimeInput())
    record_date = forms.DateField(
        label=_("Record date of the roll"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Members on this day may vote. The day voting opens if left empty."),
    )
    secret = forms.BooleanField(label=_("Secret ballot"), required=False, initial=True)
    seats = forms.IntegerField(label=_("Seats (elections)"), min_value=0, max_value=100, required=False, initial=0)
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"),
        queryset=AgendaItem.objects.none(),
        help_text=_("The item of the agenda this motion is put under."),
    )
    constituency = forms.ModelChoiceField(
        label=_("Constituency (delegate elections)"),
        queryset=Constituency.objects.none(),
        required=False,
        help_text=_("Only its members vote and stand. Its seats are used if Seats is left at 0."),
    )

    field_order = ["agenda_item"]

    def __init__(
        self,
        *args: Any,
        agenda: QuerySet[AgendaItem],
        constituencies: QuerySet[Constituency] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = agenda  # type: ignore[attr-defined]
        if constituencies is not None and constituencies.exists():
            self.fields["constituency"].queryset = constituencies  # type: ignore[attr-defined]
        else:
            del self.fields["constituency"]


class PersonChoiceField(forms.ModelChoiceField):
    """A member named by their member number, typed (a coop's thousands of members are never listed)."""

    default_error_messages = {"invalid_choice": _("No current member has that member number.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("to_field_name", "member_number")
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        number = getattr(obj, "member_number", "") or ""
        return f"{obj.full_name} {number}".strip()


class AttendanceForm(ServiceErrorsMixin, forms.Form):
    person = PersonChoiceField(label=_("Member number"), queryset=Person.objects.none(), required=False)
    guest_name = forms.CharField(label=_("Name of a guest (round table)"), max_length=100, required=False)
    affiliation = forms.CharField(label=_("Affiliation"), max_length=200, required=False)
    mode = forms.ChoiceField(label=_("Attendance"), choices=AttendanceMode.choices, widget=forms.RadioSelect)
    proxy_holder = PersonChoiceField(
        label=_("Member number of the proxy holder"), queryset=Person.objects.none(), required=False
    )
    paper_reference = forms.CharField(label=_("Paper reference"), max_length=100, required=False)

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["proxy_holder"].queryset = people  # type: ignore[attr-defined]


class PaperVoteForm(ServiceErrorsMixin, forms.Form):
    person = PersonChoiceField(label=_("Member number of the member who voted"), queryset=Person.objects.none())
    channel = forms.ChoiceField(
        label=_("How the vote came"),
        choices=[(c.value, c.label) for c in (Channel.IN_PERSON, Channel.WRITTEN, Channel.PROXY)],
        widget=forms.RadioSelect,
    )
    paper_reference = forms.CharField(label=_("Paper reference"), max_length=100)
    proxy_holder = PersonChoiceField(
        label=_("Member number of the proxy holder"), queryset=Person.objects.none(), required=False
    )
    choice = forms.ChoiceField(
        label=_("Vote on the paper"),
        choices=[(c.value, c.label) for c in (Choice.FOR, Choice.AGAINST, Choice.ABSTAIN)],
        widget=forms.RadioSelect,
        required=False,
    )
    candidates = forms.MultipleChoiceField(
        label=_("Candidates marked on the paper"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, people: QuerySet[Person], candidates: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["proxy_holder"].queryset = people  # type: ignore[attr-defined]
        self.fields["candidates"].choices = candidates  # type: ignore[attr-defined]
        if not candidates:
            del self.fields["candidates"]
        else:
            del self.fields["choice"]


class BallotForm(forms.Form):
    """The member's ballot: one question, three big choices (or the candidates of an election)."""

    choice = forms.ChoiceField(
        label=_("Your vote"),
        choices=[(c.value, c.label) for c in (Choice.FOR, Choice.AGAINST, Choice.ABSTAIN)],
        widget=forms.RadioSelect,
        required=False,
    )
    candidates = forms.MultipleChoiceField(label=_("Your choice"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, candidates: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if candidates:
            self.fields["candidates"].choices = candidates  # type: ignore[attr-defined]
            del self.fields["choice"]
        else:
            del self.fields["candidates"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "choice" in self.fields and not data.get("choice"):
            raise forms.ValidationError(_("Choose for, against or abstain."))
        return data


class CandidateForm(ServiceErrorsMixin, forms.Form):
    person = PersonChoiceField(label=_("Member number of the candidate"), queryset=Person.objects.none())
    statement = forms.CharField(label=_("Statement"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class TieForm(ServiceErrorsMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("The chair's decision"),
        choices=[
            (TieOutcome.PASSED.value, TieOutcome.PASSED.label),
            (TieOutcome.REJECTED.value, TieOutcome.REJECTED.label),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    elected_candidate_ids = forms.MultipleChoiceField(
        label=_("Candidates the lot elected"), required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("How the tie was resolved"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the chair drew lots in front of two witnesses named here."),
    )

    def __init__(self, *args: Any, candidates: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if candidates:
            self.fields["elected_candidate_ids"].choices = candidates  # type: ignore[attr-defined]
            del self.fields["outcome"]
        else:
            del self.fields["elected_candidate_ids"]


class ReceiptForm(forms.Form):
    receipt = forms.CharField(label=_("Receipt code"), max_length=40)


class SettingsForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = GovernanceSettings
        fields = [
            "notice_days",
            "board_notice_days",
            "ordinary_quorum_numerator",
            "ordinary_quorum_denominator",
            "ordinary_majority_numerator",
            "ordinary_majority_denominator",
            "special_quorum_numerator",
            "special_quorum_denominator",
            "special_majority_numerator",
            "special_majority_denominator",
            "written_votes_allowed",
            "proxy_votes_allowed",
            "proxy_limit",
        ]


# Delegate constituencies ------------------------------------------------------------------------------


class ConstituencyForm(ServiceErrorsMixin, forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False)
    centre = forms.ModelChoiceField(
        label=_("Centre"),
        queryset=Centre.objects.none(),
        required=False,
        help_text=_("A centre of its own is left out of its region's constituency."),
    )
    name = forms.CharField(
        label=_("Name"), max_length=200, required=False, help_text=_("The region's or centre's name if left empty.")
    )

    def __init__(self, *args: Any, regions: QuerySet[Region], centres: QuerySet[Centre], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["centre"].queryset = centres  # type: ignore[attr-defined]


class ApportionForm(ServiceErrorsMixin, forms.Form):
    total_seats = forms.IntegerField(label=_("Delegate seats in all"), min_value=1, max_value=32767)
    minimum = forms.IntegerField(
        label=_("Seats every constituency with members gets at least"),
        min_value=0,
        max_value=100,
        initial=0,
        required=False,
    )
    on = forms.DateField(
        label=_("Count the members on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Today if left empty."),
    )


class SeatsForm(ServiceErrorsMixin, forms.Form):
    seats = forms.IntegerField(label=_("Seats"), min_value=0, max_value=32767)


class DelegatesRecordForm(ServiceErrorsMixin, forms.Form):
    motion = forms.IntegerField(widget=forms.HiddenInput())
    started_on = forms.DateField(label=_("Term starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ended_on = forms.DateField(label=_("Term ends on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class AttendanceTickForm(forms.Form):
    """Members ticked present on one page of the roll, and how they attend (the same for the whole tick)."""

    mode = forms.ChoiceField(
        label=_("They attend"),
        choices=[(m.value, m.label) for m in (AttendanceMode.IN_PERSON, AttendanceMode.ONLINE)],
        widget=forms.RadioSelect,
        initial=AttendanceMode.IN_PERSON,
    )
    present = forms.ModelMultipleChoiceField(
        label=_("Present"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one member present.")},
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = people  # type: ignore[attr-defined]
