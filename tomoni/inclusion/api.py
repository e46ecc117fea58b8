"""REST API of work integration, scoped as the pages are: outside the caller's grants, a 404.

The participant's own path (and agreeing to their plan) is under /me/; the support worker's caseload
under /caseload/ (names and dates, no special-care content). Special-care records are not served by
the coop routes at all: a coop's officers reach every coop route, and they have no need to know.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tomoni.federation.api import ERRORS, ApiView, TimeOfDayField, parse, parse_as_of
from tomoni.inclusion import impact, selectors, services
from tomoni.inclusion.models import Participant
from tomoni.members.models import MINUTES_IN_DAY

AS_OF = OpenApiParameter("as_of", OpenApiTypes.DATE, description=_("Figures as of this day; today if omitted."))
BY = OpenApiParameter("by", OpenApiTypes.STR, enum=["programme", "centre", "cohort"], description=_("Group by."))


# Output -----------------------------------------------------------------------------------------------


class ParticipantOutput(serializers.ModelSerializer[Participant]):
    name = serializers.CharField(source="person.full_name", allow_null=True)
    programme_name = serializers.CharField(source="programme.name")
    centre_code = serializers.CharField(source="centre.code")

    class Meta:
        model = Participant
        fields = [
            "id",
            "name",
            "programme",
            "programme_name",
            "cohort",
            "centre_code",
            "referral_source",
            "referred_on",
            "started_on",
            "completed_on",
            "certified_on",
            "placed_on",
            "employed_on",
            "member_on",
            "in_work_6m",
            "in_work_12m",
            "left_on",
            "closed_on",
        ]


class HoursOutput(serializers.Serializer):
    credited_minutes = serializers.IntegerField()
    required_minutes = serializers.IntegerField()
    completed = serializers.BooleanField()


class CertificateOutput(serializers.Serializer):
    name = serializers.CharField()
    number = serializers.CharField()
    issued_on = serializers.DateField()


class GoalOutput(serializers.Serializer):
    id = serializers.IntegerField(source="goal.pk")
    term = serializers.CharField(source="goal.term")
    target_on = serializers.DateField(source="goal.target_on")
    text = serializers.CharField()
    support = serializers.CharField()
    supporter = serializers.CharField()


class PlanOutput(serializers.Serializer):
    id = serializers.IntegerField(source="plan.pk")
    version = serializers.IntegerField(source="plan.version")
    status = serializers.CharField(source="plan.status")
    drawn_up_on = serializers.DateField(source="plan.drawn_up_on")
    agreed_at = serializers.DateTimeField(source="plan.agreed_at", allow_null=True)
    next_review_on = serializers.DateField(source="plan.next_review_on", allow_null=True)
    wishes = serializers.CharField()
    family_wishes = serializers.CharField()
    issues = serializers.CharField()
    goals = GoalOutput(many=True)


class MyPathOutput(serializers.Serializer):
    participant = ParticipantOutput()
    hours = HoursOutput()
    plans = PlanOutput(many=True)
    certificates = CertificateOutput(many=True)


class CaseOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="person.full_name")
    programme_name = serializers.CharField(source="programme.name")


class SessionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    participant = serializers.IntegerField(source="participant_id")
    on_date = serializers.DateField()
    starts_at = TimeOfDayField(allow_null=True)
    status = serializers.CharField()


class ReviewDueOutput(serializers.Serializer):
    plan = serializers.IntegerField(source="pk")
    participant = serializers.IntegerField(source="participant_id")
    next_review_on = serializers.DateField()


class FollowUpOutput(serializers.Serializer):
    id = serializers.IntegerField()
    participant = serializers.IntegerField()
    months = serializers.IntegerField()
    due_on = serializers.DateField()
    state = serializers.CharField()


class CaseloadOutput(serializers.Serializer):
    today = serializers.DateField()
    participants = CaseOutput(many=True)
    sessions_today = SessionOutput(many=True)
    reviews_due = ReviewDueOutput(many=True)
    follow_ups = FollowUpOutput(many=True)


class ImpactRowOutput(serializers.Serializer):
    name = serializers.CharField(source="label")
    counts = serializers.SerializerMethodField(help_text=_("Counts by step; null for a group of fewer than 5."))

    def get_counts(self, row: impact.ImpactRow) -> dict[str, int | None]:
        return {step: row.value(step) for step in impact.STEP_NAMES}


class ImpactOutput(serializers.Serializer):
    title = serializers.CharField()
    as_of = serializers.DateField()
    by = serializers.CharField()
    rows = ImpactRowOutput(many=True)
    total = ImpactRowOutput()


class TargetOutput(serializers.Serializer):
    step = serializers.CharField()
    target = serializers.IntegerField()
    achieved = serializers.IntegerField(allow_null=True)


class FunderReportOutput(serializers.Serializer):
    funder = serializers.CharField(source="agreement.funder.name")
    programme = serializers.CharField(source="agreement.programme.name")
    starts_on = serializers.DateField(source="agreement.starts_on")
    ends_on = serializers.DateField(source="agreement.ends_on")
    amount_yen = serializers.IntegerField(source="agreement.amount_yen")
    targets = TargetOutput(many=True)
    impact = ImpactOutput()


class BoardRowOutput(serializers.Serializer):
    participant = ParticipantOutput()
    hours = HoursOutput()
    certificates = CertificateOutput(many=True)


class CohortBoardOutput(serializers.Serializer):
    cohort = serializers.CharField(source="cohort.name")
    starts_on = serializers.DateField(source="cohort.starts_on")
    ends_on = serializers.DateField(source="cohort.ends_on")
    rows = BoardRowOutput(many=True)


class AttendanceRowOutput(serializers.Serializer):
    participant = serializers.IntegerField()
    name = serializers.CharField()
    attended_minutes = serializers.IntegerField(allow_null=True)


class AttendanceOutput(serializers.Serializer):
    session = serializers.IntegerField(source="session.pk")
    unit = serializers.CharField(source="session.unit.name")
    on_date = serializers.DateField(source="session.on_date")
    length_minutes = serializers.IntegerField(source="session.length_minutes")
    rows = AttendanceRowOutput(many=True)


class AttendanceEntryInput(serializers.Serializer):
    participant = serializers.IntegerField(min_value=1)
    attended_minutes = serializers.IntegerField(min_value=0, max_value=MINUTES_IN_DAY)


class AttendanceInput(serializers.Serializer):
    entries = AttendanceEntryInput(many=True)


# Views ----------------------------------------------------------------------------------------------


class MyPathApi(ApiView):
    pagination_class = None

    @extend_schema(operation_id="me_inclusion_list", responses={200: MyPathOutput(many=True)})
    def get(self, request: Request) -> Response:
        """Your own path: your plan and goals, your hours, your certificates (each read is logged)."""
        files = selectors.my_files(user=self.user())
        return Response(MyPathOutput(files, many=True).data)


class MyPlanAgreeApi(ApiView):
    @extend_schema(operation_id="me_inclusion_plan_agree", request=None, responses={200: PlanOutput, 404: ERRORS[404]})
    def post(self, request: Request, support_plan_id: int) -> Response:
        """Agree to your own support plan."""
        _case, plan = selectors.my_plan(user=self.user(), plan_id=support_plan_id)
        services.plan_agree(actor=self.user(), plan=plan.plan)
        _case, agreed = selectors.my_plan(user=self.user(), plan_id=support_plan_id)
        return Response(PlanOutput(agreed).data)


class CaseloadApi(ApiView):
    pagination_class = None

    @extend_schema(operation_id="caseload_retrieve", responses={200: CaseloadOutput})
    def get(self, request: Request) -> Response:
        """Your own cases: sessions today, reviews due, follow-ups open or overdue (no special-care content)."""
        load = selectors.caseload(user=self.user())
        follow_ups = [
            {"id": f.pk, "participant": f.participant_id, "months": f.months, "due_on": f.due_on, "state": state}
            for f, state in load.follow_ups
        ]
        return Response(CaseloadOutput({**load.__dict__, "follow_ups": follow_ups}).data)


class ParticipantApi(ApiView):
    @extend_schema(operation_id="coops_participants_retrieve", responses={200: ParticipantOutput, 404: ERRORS[404]})
    def get(self, request: Request, code: str, participant_id: int) -> Response:
        """A participant's path (the register side: no special-care data)."""
        coop = selectors.coop_get(user=self.user(), code=code)
        found = selectors.participant_get(user=self.user(), coop=coop, participant_id=participant_id)
        return Response(ParticipantOutput(found).data)


class CohortBoardApi(ApiView):
    @extend_schema(operation_id="coops_cohorts_retrieve", responses={200: CohortBoardOutput, 404: ERRORS[404]})
    def get(self, request: Request, code: str, cohort_id: int) -> Response:
        """A cohort's board: each participant's hours and certificates."""
        coop = selectors.coop_get(user=self.user(), code=code)
        board = selectors.cohort_board(user=self.user(), coop=coop, cohort_id=cohort_id)
        return Response(CohortBoardOutput(board).data)


class AttendanceApi(ApiView):
    def _sheet(self, code: str, training_session_id: int) -> selectors.AttendanceSheet:
        coop = selectors.coop_get(user=self.user(), code=code)
        return selectors.attendance_sheet(user=self.user(), coop=coop, session_id=training_session_id)

    def _output(self, sheet: selectors.AttendanceSheet) -> dict[str, Any]:
        rows = [
            {"participant": p.pk, "name": p.person.full_name if p.person else "", "attended_minutes": minutes}
            for p, minutes in sheet.rows
        ]
        return dict(AttendanceOutput({"session": sheet.session, "rows": rows}).data)

    @extend_schema(operation_id="coops_attendance_retrieve", responses={200: AttendanceOutput, 404: ERRORS[404]})
    def get(self, request: Request, code: str, training_session_id: int) -> Response:
        """A training session's attendance sheet, for its trainer and the centre's manager."""
        return Response(self._output(self._sheet(code, training_session_id)))

    @extend_schema(
        operation_id="coops_attendance_update",
        request=AttendanceInput,
        responses={200: AttendanceOutput, 400: ERRORS[400], 404: ERRORS[404]},
    )
    def put(self, request: Request, code: str, training_session_id: int) -> Response:
        """Enter or correct the minutes each participant attended."""
        sheet = self._sheet(code, training_session_id)
        data = parse(AttendanceInput, request.data)
        minutes = {entry["participant"]: entry["attended_minutes"] for entry in data["entries"]}
        services.attendance_enter(actor=self.user(), session=sheet.session, minutes_by_participant=minutes)
        return Response(self._output(self._sheet(code, training_session_id)))


class CoopImpactApi(ApiView):
    pagination_class = None

    @extend_schema(
        operation_id="coops_inclusion_impact",
        parameters=[AS_OF, BY],
        responses={200: ImpactOutput, 400: ERRORS[400], 404: ERRORS[404]},
    )
    def get(self, request: Request, code: str) -> Response:
        """The coop's impact along the path, by programme, centre or cohort (groups under 5 are null)."""
        coop = selectors.coop_get(user=self.user(), code=code)
        by = request.query_params.get("by", "programme")
        report = impact.coop_impact(user=self.user(), coop=coop, by=by, as_of=parse_as_of(request))
        return Response(ImpactOutput(report).data)


class FederationImpactApi(ApiView):
    pagination_class = None

    @extend_schema(
        operation_id="federation_inclusion_impact",
        parameters=[AS_OF],
        responses={200: ImpactOutput, 400: ERRORS[400], 404: ERRORS[404]},
    )
    def get(self, request: Request) -> Response:
        """The federation's work-integration figures by coop, for federation staff: counts only."""
        federation = impact.staff_federation(user=self.user())
        report = impact.federation_impact(user=self.user(), federation=federation, as_of=parse_as_of(request))
        return Response(ImpactOutput(report).data)


class FunderReportApi(ApiView):
    @extend_schema(
        operation_id="coops_funding_agreements_report",
        parameters=[AS_OF],
        responses={200: FunderReportOutput, 400: ERRORS[400], 404: ERRORS[404]},
    )
    def get(self, request: Request, code: str, funding_agreement_id: int) -> Response:
        """A funding agreement's report against its targets: only people consenting to share with the funder."""
        coop = selectors.coop_get(user=self.user(), code=code)
        report = impact.funder_report(
            user=self.user(), coop=coop, agreement_id=funding_agreement_id, as_of=parse_as_of(request)
        )
        return Response(FunderReportOutput(report).data)


COOP = "coops/<slug:code>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("me/inclusion/", MyPathApi.as_view(), name="api-me-inclusion"),
    path("me/inclusion/plans/<int:support_plan_id>/agree/", MyPlanAgreeApi.as_view(), name="api-me-plan-agree"),
    path("caseload/", CaseloadApi.as_view(), name="api-caseload"),
    path("federation/inclusion/", FederationImpactApi.as_view(), name="api-federation-inclusion"),
    path(COOP + "work-integration/", CoopImpactApi.as_view(), name="api-coop-inclusion"),
    path(COOP + "participants/<int:participant_id>/", ParticipantApi.as_view(), name="api-participant"),
    path(COOP + "cohorts/<int:cohort_id>/", CohortBoardApi.as_view(), name="api-cohort"),
    path(
        COOP + "training-sessions/<int:training_session_id>/attendance/",
        AttendanceApi.as_view(),
        name="api-attendance",
    ),
    path(
        COOP + "funding-agreements/<int:funding_agreement_id>/report/",
        FunderReportApi.as_view(),
        name="api-funder-report",
    ),
]
