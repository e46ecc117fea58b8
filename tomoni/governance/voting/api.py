"""REST API of the governance context: meetings, motions, casting a vote, checking a receipt, results.

A member of the coop reaches the meetings they may attend and votes on the motions whose roll holds
them; anyone else gets a 404. Casting is lean on purpose (a handful of queries): it is the hot path of a
general meeting held online.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from tomoni.core.errors import TomoniError
from tomoni.federation.api import ERRORS, ApiView, parse
from tomoni.governance.meetings import selectors
from tomoni.governance.models import AgendaItem, Candidate, Choice, Meeting, Motion
from tomoni.governance.voting import services

# Output ---------------------------------------------------------------------------------------------------


class AgendaItemOutput(serializers.ModelSerializer[AgendaItem]):
    class Meta:
        model = AgendaItem
        fields = ["id", "order", "title", "body"]


class CandidateOutput(serializers.ModelSerializer[Candidate]):
    name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = Candidate
        fields = ["id", "order", "name", "statement"]


class MotionOutput(serializers.ModelSerializer[Motion]):
    candidates = CandidateOutput(many=True, read_only=True)
    roll_sha256 = serializers.CharField(source="roll.sha256", default="", read_only=True)
    on_roll = serializers.IntegerField(source="roll.member_count", default=None, read_only=True)

    class Meta:
        model = Motion
        fields = [
            "id",
            "meeting",
            "agenda_item",
            "kind",
            "special_matter",
            "title",
            "body",
            "opens_at",
            "closes_at",
            "record_date",
            "secret",
            "seats",
            "constituency",
            "status",
            "threshold_text",
            "roll_sha256",
            "on_roll",
            "candidates",
        ]


class MeetingOutput(serializers.ModelSerializer[Meeting]):
    centre: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    # A plain string: "" when the meeting has no online room (a URL field would document "uri or empty" ambiguously).
    online_url = serializers.CharField(read_only=True, help_text=_("The online meeting's address, or empty."))

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "centre",
            "title",
            "starts_at",
            "place",
            "online_url",
            "status",
            "convened_at",
            "notice_days",
        ]


class QuorumOutput(serializers.Serializer):
    on_roll = serializers.IntegerField()
    present = serializers.IntegerField()
    in_person = serializers.IntegerField()
    online = serializers.IntegerField()
    written = serializers.IntegerField()
    proxy = serializers.IntegerField()
    needed = serializers.IntegerField()
    met = serializers.BooleanField()
    record_date = serializers.DateField(allow_null=True)
    roll_sha256 = serializers.CharField()


class MeetingDetailOutput(MeetingOutput):
    agenda_items = AgendaItemOutput(many=True, read_only=True)
    motions = serializers.SerializerMethodField()
    quorum = serializers.SerializerMethodField()

    class Meta(MeetingOutput.Meta):
        fields = [*MeetingOutput.Meta.fields, "agenda_items", "motions", "quorum"]

    @extend_schema(responses=MotionOutput(many=True))
    def get_motions(self, meeting: Meeting) -> list[dict[str, Any]]:
        return list(MotionOutput(selectors.motions_of(meeting), many=True).data)

    @extend_schema(responses=QuorumOutput)
    def get_quorum(self, meeting: Meeting) -> dict[str, Any]:
        return QuorumOutput(selectors.meeting_quorum(meeting)).data


class CandidateResultOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="person.full_name")
    votes = serializers.IntegerField(allow_null=True)
    elected = serializers.BooleanField(allow_null=True)


class ResultsOutput(serializers.Serializer):
    motion = serializers.IntegerField(source="pk")
    status = serializers.CharField()
    counted = serializers.BooleanField(default=False)
    on_roll = serializers.IntegerField(source="on_roll_count", allow_null=True)
    present = serializers.IntegerField(source="present_count", allow_null=True)
    votes_for = serializers.IntegerField(source="for_count", allow_null=True)
    against = serializers.IntegerField(source="against_count", allow_null=True)
    abstaining = serializers.IntegerField(source="abstain_count", allow_null=True)
    no_ballot = serializers.IntegerField(
        source="no_ballot_count",
        allow_null=True,
        help_text=_("Present (attending) but cast no ballot: counted as not in favour."),
    )
    threshold = serializers.CharField(source="threshold_text")
    quorum_met = serializers.BooleanField(allow_null=True)
    passed = serializers.BooleanField(allow_null=True)
    tie = serializers.BooleanField()
    tie_outcome = serializers.CharField()
    tie_note = serializers.CharField()
    roll_sha256 = serializers.CharField(source="roll.sha256", default="")
    candidates = CandidateResultOutput(many=True, source="candidates.all")


# Input ----------------------------------------------------------------------------------------------------


class VoteInput(serializers.Serializer):
    choice = serializers.ChoiceField(
        choices=[Choice.FOR, Choice.AGAINST, Choice.ABSTAIN], required=False, allow_blank=True, default=""
    )
    candidates = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, help_text=_("Election: the candidates marked.")
    )


VOTE_CHOICES = frozenset((Choice.FOR, Choice.AGAINST, Choice.ABSTAIN))


def vote_input(data: Any) -> dict[str, Any]:
    """VoteInput's validated data; the usual ballot, `{"choice": …}` alone with a valid choice, read directly.

    That ballot is every member's on an ordinary or special motion, so it skips building the serializer (whose
    list field is deep-copied per request) and gets exactly what VoteInput would return. Anything else, an
    election's marks or input to refuse, goes through VoteInput and its messages.
    """
    choice = data.get("choice") if type(data) is dict and len(data) == 1 else None
    if type(choice) is str and choice in VOTE_CHOICES:
        return {"choice": choice, "candidates": []}
    return parse(VoteInput, data)


class ReceiptOutput(serializers.Serializer):
    motion = serializers.IntegerField()
    receipt = serializers.CharField(help_text=_("Shown once: keep it to check after the close that it was counted."))


class ReceiptInput(serializers.Serializer):
    receipt = serializers.CharField(max_length=40)


class ReceiptCheckOutput(serializers.Serializer):
    counted = serializers.BooleanField()
    detail = serializers.CharField()


# Views ----------------------------------------------------------------------------------------------------


class MeetingsApi(ApiView):
    """The meetings of a coop you may attend or run."""

    @extend_schema(operation_id="coops_meetings_list", responses={200: MeetingOutput(many=True), 404: ERRORS[404]})
    def get(self, request: Request, code: str) -> Response:
        """Meetings of the coop, newest first."""
        coop = selectors.coop_for_meetings(user=self.user(), code=code)
        return self.paginated(selectors.meetings_visible(self.user(), coop), MeetingOutput)


class MeetingApi(ApiView):
    """One meeting: its agenda, motions, the roll's hash and the live quorum."""

    @extend_schema(operation_id="coops_meetings_retrieve", responses={200: MeetingDetailOutput, 404: ERRORS[404]})
    def get(self, request: Request, code: str, meeting_id: int) -> Response:
        """One meeting with its agenda, motions and quorum."""
        meeting = selectors.meeting_get(self.user(), code, meeting_id)
        return Response(MeetingDetailOutput(meeting).data)


class MotionApi(ApiView):
    """One motion: what is put to the vote, when, under which rule."""

    @extend_schema(operation_id="coops_motions_retrieve", responses={200: MotionOutput, 404: ERRORS[404]})
    def get(self, request: Request, code: str, motion_id: int) -> Response:
        """One motion."""
        return Response(MotionOutput(selectors.motion_get(self.user(), code, motion_id)).data)


class VoteApi(ApiView):
    """Cast your vote on a motion. No re-voting: the first vote stands."""

    @extend_schema(
        operation_id="coops_motions_vote",
        request=VoteInput,
        responses={201: ReceiptOutput, 400: ERRORS[400], 404: ERRORS[404]},
    )
    def post(self, request: Request, code: str, motion_id: int) -> Response:
        """Cast a ballot (for, against, abstain; or the candidates marked) and get the receipt code, once."""
        try:
            data = vote_input(request.data)
            # The hot path of an online general meeting: the service finds the motion and casts in one round trip.
            receipt = services.vote_cast_in_coop(
                actor=self.user(),
                coop_code=code,
                motion_id=motion_id,
                choice=data["choice"],
                candidate_ids=data["candidates"],
            )
        except TomoniError:
            # Nothing was written. Someone who may not see the motion learns nothing of it: a 404, not a message.
            selectors.motion_for_voting(self.user(), code, motion_id)
            raise
        return Response({"motion": motion_id, "receipt": receipt}, status=status.HTTP_201_CREATED)


class ReceiptApi(ApiView):
    """Check, after the close, that the ballot with your receipt code was counted."""

    @extend_schema(
        operation_id="coops_motions_receipt",
        request=ReceiptInput,
        responses={200: ReceiptCheckOutput, 400: ERRORS[400], 404: ERRORS[404]},
    )
    def post(self, request: Request, code: str, motion_id: int) -> Response:
        """Whether a ballot with this receipt is among those counted (never how it voted)."""
        motion = selectors.motion_get(self.user(), code, motion_id)
        data = parse(ReceiptInput, request.data)
        return Response(receipt_answer(motion, data["receipt"]))


def receipt_answer(motion: Motion, receipt: str) -> dict[str, Any]:
    from django.utils.translation import gettext

    if not selectors.is_closed(motion):
        return {"counted": False, "detail": gettext("Voting is still open: check your receipt after the close.")}
    if selectors.receipt_verify(motion=motion, code=receipt):
        return {"counted": True, "detail": gettext("Your ballot was counted.")}
    return {
        "counted": False,
        "detail": gettext("No ballot has this receipt code. Check the code, or ask the election committee."),
    }


class ResultsApi(ApiView):
    """The result of a motion once counted, with every figure the minutes need."""

    @extend_schema(operation_id="coops_motions_results", responses={200: ResultsOutput, 404: ERRORS[404]})
    def get(self, request: Request, code: str, motion_id: int) -> Response:
        """Results (counted: false until the tally)."""
        motion = selectors.motion_get(self.user(), code, motion_id)
        data = results_data(motion)
        return Response(data)


def results_data(motion: Motion) -> dict[str, Any]:
    counted = selectors.results_visible(motion)
    data: dict[str, Any] = dict(ResultsOutput(motion).data)
    data["counted"] = counted
    if not counted:
        for key in ("on_roll", "present", "votes_for", "against", "abstaining", "no_ballot", "quorum_met", "passed"):
            data[key] = None
        data["candidates"] = [dict(c, votes=None, elected=None) for c in data["candidates"]]
    return data


urlpatterns: list[URLPattern | URLResolver] = [
    path("coops/<slug:code>/meetings/", MeetingsApi.as_view(), name="api-governance-meetings"),
    path("coops/<slug:code>/meetings/<int:meeting_id>/", MeetingApi.as_view(), name="api-governance-meeting"),
    path("coops/<slug:code>/motions/<int:motion_id>/", MotionApi.as_view(), name="api-governance-motion"),
    path("coops/<slug:code>/motions/<int:motion_id>/vote/", VoteApi.as_view(), name="api-governance-vote"),
    path("coops/<slug:code>/motions/<int:motion_id>/receipt/", ReceiptApi.as_view(), name="api-governance-receipt"),
    path("coops/<slug:code>/motions/<int:motion_id>/results/", ResultsApi.as_view(), name="api-governance-results"),
]
