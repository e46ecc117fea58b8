"""REST API of members' voice: proposals (list, raise, comment, support), the decision register
(list, detail, follow-up) and a meeting's minutes. Scoped like the pages: a member reaches their
coop's proposals and decisions and those of their centre; anyone else gets a 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from tomoni.federation.api import ERRORS, ApiView, parse
from tomoni.federation.models import Centre, Coop
from tomoni.governance.delegates import api as api_delegates
from tomoni.governance.meetings.selectors import meeting_get
from tomoni.governance.models import (
    Decision,
    DecisionNote,
    DecisionStatus,
    Proposal,
    ProposalComment,
    ProposalKind,
    ProposalStatus,
)
from tomoni.governance.voice import rules as rules_voice
from tomoni.governance.voice import selectors, services
from tomoni.governance.voice.views import _minutes_view

# Output ---------------------------------------------------------------------------------------------------


class ProposalOutput(serializers.ModelSerializer[Proposal]):
    centre: serializers.SlugRelatedField[Centre] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    raised_by_name = serializers.CharField(source="raised_by.full_name", read_only=True)
    support_count = serializers.IntegerField(read_only=True)
    meeting = serializers.IntegerField(source="agenda_item.meeting_id", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "centre",
            "kind",
            "title",
            "body",
            "status",
            "raised_by_name",
            "support_count",
            "agenda_item",
            "meeting",
            "response",
            "responded_at",
            "created_at",
        ]


class CommentOutput(serializers.ModelSerializer[ProposalComment]):
    class Meta:
        model = ProposalComment
        fields = ["id", "author_name", "body", "created_at"]


class NoteOutput(serializers.ModelSerializer[DecisionNote]):
    class Meta:
        model = DecisionNote
        fields = ["id", "author_name", "body", "status", "created_at"]


class DecisionOutput(serializers.ModelSerializer[Decision]):
    centre: serializers.SlugRelatedField[Centre] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    owner_name = serializers.CharField(source="owner.full_name", read_only=True)
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "meeting",
            "meeting_title",
            "motion",
            "agenda_item",
            "centre",
            "text",
            "owner",
            "owner_name",
            "due_on",
            "status",
            "done_on",
            "overdue",
        ]

    def get_overdue(self, decision: Decision) -> bool:
        from tomoni.core import clock

        return rules_voice.decision_is_overdue(due_on=decision.due_on, status=decision.status, today=clock.today())


class DecisionDetailOutput(DecisionOutput):
    notes = NoteOutput(many=True, read_only=True)

    class Meta(DecisionOutput.Meta):
        fields = [*DecisionOutput.Meta.fields, "notes"]


class MinutesBlockOutput(serializers.Serializer):
    kind = serializers.CharField()
    text = serializers.CharField()
    value = serializers.CharField(allow_blank=True)


class MinutesOutput(serializers.Serializer):
    meeting = serializers.IntegerField()
    status = serializers.CharField(help_text=_("draft, fixed (signed by all), or none (not drawn up yet)."))
    content_sha256 = serializers.CharField(allow_blank=True)
    fixed_at = serializers.DateTimeField(allow_null=True)
    intact = serializers.BooleanField(help_text=_("Whether the fixed text still matches its digest."))
    blocks = MinutesBlockOutput(many=True)


# Input ----------------------------------------------------------------------------------------------------


class CentreCodeField(serializers.SlugRelatedField[Centre]):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", queryset=Centre.objects.none(), **kwargs)

    def get_queryset(self) -> QuerySet[Centre]:
        return self.context["centres"]


class ProposalInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=5000)
    kind = serializers.ChoiceField(choices=ProposalKind.choices, default=ProposalKind.ITEM)
    centre = CentreCodeField(
        required=False, allow_null=True, help_text=_("Code of your centre; leave out for the whole coop.")
    )


class CommentInput(serializers.Serializer):
    body = serializers.CharField(max_length=3000)


class FollowUpInput(serializers.Serializer):
    body = serializers.CharField(max_length=3000)
    status = serializers.ChoiceField(choices=DecisionStatus.choices)


# Endpoints ------------------------------------------------------------------------------------------------


class VoiceView(ApiView):
    def coop(self, code: str) -> Coop:
        return selectors.voice_coop(user=self.user(), code=code)

    def proposal(self, code: str, proposal_id: int) -> Proposal:
        return selectors.proposal_get(user=self.user(), coop=self.coop(code), proposal_id=proposal_id)


class ProposalsApi(VoiceView):
    """Proposals of the coop and of your centre, and raising one."""

    @extend_schema(
        operation_id="coops_proposals_list",
        parameters=[OpenApiParameter("status", str, enum=ProposalStatus.values, description=_("Only this status."))],
        responses={200: ProposalOutput(many=True), 404: ERRORS[404]},
    )
    def get(self, request: Request, code: str) -> Response:
        """Proposals you may read, newest first, with their support counts."""
        status_filter = request.query_params.get("status", "")
        if status_filter not in ProposalStatus.values:
            status_filter = ""
        return self.paginated(
            selectors.proposals_visible(user=self.user(), coop=self.coop(code), status=status_filter), ProposalOutput
        )

    @extend_schema(
        operation_id="coops_proposals_create",
        request=ProposalInput,
        responses={201: ProposalOutput, 400: ERRORS[400], 404: ERRORS[404]},
    )
    def post(self, request: Request, code: str) -> Response:
        """Raise an item or a question for your centre or the whole coop."""
        coop = self.coop(code)
        data = parse(ProposalInput, request.data, centres=selectors.voice_centres(user=self.user(), coop=coop))
        proposal = services.proposal_raise(actor=self.user(), coop=coop, **data)
        return Response(ProposalOutput(self.proposal(code, proposal.pk)).data, status=status.HTTP_201_CREATED)


class ProposalApi(VoiceView):
    @extend_schema(operation_id="coops_proposals_retrieve", responses={200: ProposalOutput, 404: ERRORS[404]})
    def get(self, request: Request, code: str, proposal_id: int) -> Response:
        """One proposal."""
        return Response(ProposalOutput(self.proposal(code, proposal_id)).data)


class ProposalCommentsApi(VoiceView):
    @extend_schema(
        operation_id="coops_proposals_comments_list", responses={200: CommentOutput(many=True), 404: ERRORS[404]}
    )
    def get(self, request: Request, code: str, proposal_id: int) -> Response:
        """A proposal's discussion thread, oldest first."""
        proposal = self.proposal(code, proposal_id)
        return self.paginated(selectors.proposal_comments(proposal=proposal), CommentOutput)

    @extend_schema(
        operation_id="coops_proposals_comments_create",
        request=CommentInput,
        responses={201: CommentOutput, 400: ERRORS[400], 404: ERRORS[404]},
    )
    def post(self, request: Request, code: str, proposal_id: int) -> Response:
        """Add a comment to the thread."""
        proposal = self.proposal(code, proposal_id)
        data = parse(CommentInput, request.data)
        comment = services.proposal_comment_add(actor=self.user(), proposal=proposal, **data)
        return Response(CommentOutput(comment).data, status=status.HTTP_201_CREATED)


class ProposalSupportApi(VoiceView):
    @extend_schema(
        operation_id="coops_proposals_support",
        request=None,
        responses={201: ProposalOutput, 400: ERRORS[400], 404: ERRORS[404]},
    )
    def post(self, request: Request, code: str, proposal_id: int) -> Response:
        """Support another member's open proposal (once)."""
        proposal = self.proposal(code, proposal_id)
        services.proposal_support(actor=self.user(), proposal=proposal)
        return Response(ProposalOutput(self.proposal(code, proposal_id)).data, status=status.HTTP_201_CREATED)


class DecisionsApi(VoiceView):
    @extend_schema(
        operation_id="coops_decisions_list",
        parameters=[
            OpenApiParameter("status", str, enum=DecisionStatus.values, description=_("Only this status.")),
            OpenApiParameter("overdue", bool, description=_("Only decisions past their due date and not done.")),
        ],
        responses={200: DecisionOutput(many=True), 404: ERRORS[404]},
    )
    def get(self, request: Request, code: str) -> Response:
        """The decision register: decisions of the meetings you see, soonest due first."""
        status_filter = request.query_params.get("status", "")
        decisions = selectors.decisions_visible(
            user=self.user(),
            coop=self.coop(code),
            status=status_filter if status_filter in DecisionStatus.values else "",
            overdue=request.query_params.get("overdue") in ("1", "true"),
        )
        return self.paginated(decisions, DecisionOutput)


class DecisionApi(VoiceView):
    def decision(self, code: str, decision_id: int) -> Decision:
        return selectors.decision_get(user=self.user(), coop=self.coop(code), decision_id=decision_id)

    @extend_schema(operation_id="coops_decisions_retrieve", responses={200: DecisionDetailOutput, 404: ERRORS[404]})
    def get(self, request: Request, code: str, decision_id: int) -> Response:
        """One decision with its follow-up notes."""
        decision = self.decision(code, decision_id)
        return Response(DecisionDetailOutput(decision).data)


class DecisionNotesApi(DecisionApi):
    @extend_schema(
        operation_id="coops_decisions_notes_create",
        request=FollowUpInput,
        responses={201: NoteOutput, 400: ERRORS[400], 404: ERRORS[404]},
    )
    def post(self, request: Request, code: str, decision_id: int) -> Response:
        """Report progress on a decision (its owner, or the meeting's officers) and set its status."""
        decision = self.decision(code, decision_id)
        data = parse(FollowUpInput, request.data)
        note = services.decision_follow_up(actor=self.user(), decision=decision, **data)
        return Response(NoteOutput(note).data, status=status.HTTP_201_CREATED)

    @extend_schema(operation_id="coops_decisions_notes_list", responses={200: NoteOutput(many=True), 404: ERRORS[404]})
    def get(self, request: Request, code: str, decision_id: int) -> Response:
        """A decision's follow-up notes, oldest first."""
        return self.paginated(selectors.decision_notes(decision=self.decision(code, decision_id)), NoteOutput)


class MinutesApi(VoiceView):
    @extend_schema(operation_id="coops_meetings_minutes_retrieve", responses={200: MinutesOutput, 404: ERRORS[404]})
    def get(self, request: Request, code: str, meeting_id: int) -> Response:
        """A meeting's minutes: as signed and fixed, or the draft drawn from the record."""
        meeting = meeting_get(self.user(), code, meeting_id)
        record, blocks, intact = _minutes_view(meeting)
        data = {
            "meeting": meeting.pk,
            "status": record.status if record else "none",
            "content_sha256": record.content_sha256 if record else "",
            "fixed_at": record.fixed_at if record else None,
            "intact": intact,
            "blocks": [{"kind": b[0], "text": b[1], "value": b[2] if len(b) > 2 else ""} for b in blocks],
        }
        return Response(MinutesOutput(data).data)


urlpatterns: list[URLPattern | URLResolver] = [
    path("coops/<slug:code>/proposals/", ProposalsApi.as_view(), name="api-governance-proposals"),
    path("coops/<slug:code>/proposals/<int:proposal_id>/", ProposalApi.as_view(), name="api-governance-proposal"),
    path(
        "coops/<slug:code>/proposals/<int:proposal_id>/comments/",
        ProposalCommentsApi.as_view(),
        name="api-governance-proposal-comments",
    ),
    path(
        "coops/<slug:code>/proposals/<int:proposal_id>/support/",
        ProposalSupportApi.as_view(),
        name="api-governance-proposal-support",
    ),
    path("coops/<slug:code>/decisions/", DecisionsApi.as_view(), name="api-governance-decisions"),
    path("coops/<slug:code>/decisions/<int:decision_id>/", DecisionApi.as_view(), name="api-governance-decision"),
    path(
        "coops/<slug:code>/decisions/<int:decision_id>/notes/",
        DecisionNotesApi.as_view(),
        name="api-governance-decision-notes",
    ),
    path(
        "coops/<slug:code>/meetings/<int:meeting_id>/minutes/",
        MinutesApi.as_view(),
        name="api-governance-minutes",
    ),
    *api_delegates.urlpatterns,  # delegate constituencies, served under the same include
]

# Routes a CWC worker member reaches about their own coop (tomoni/governance/testing.py lists them).
MEMBER_ROUTES = [
    "api/v1/coops/<slug:code>/proposals/",
    "api/v1/coops/<slug:code>/proposals/<int:proposal_id>/",
    "api/v1/coops/<slug:code>/proposals/<int:proposal_id>/comments/",
    "api/v1/coops/<slug:code>/proposals/<int:proposal_id>/support/",
    "api/v1/coops/<slug:code>/decisions/",
    "api/v1/coops/<slug:code>/decisions/<int:decision_id>/",
    "api/v1/coops/<slug:code>/decisions/<int:decision_id>/notes/",
    "api/v1/coops/<slug:code>/meetings/<int:meeting_id>/minutes/",
]
