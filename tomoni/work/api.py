"""REST API of the work context: a centre's rosters, their shifts and swaps; a member's own roster under /me/.

Reads go through tomoni.work.selectors (outside the caller's grants, a 404); writes call one service
each. A hand edit that breaks a hard rule is a 400 whose `errors` give every reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from tomoni.core import clock
from tomoni.core.errors import TomoniError
from tomoni.federation.api import ERRORS, ApiView, StrictBooleanField, TimeOfDayField, parse
from tomoni.members.models import MINUTES_IN_DAY, Person
from tomoni.work import explain, mapping, selectors, services
from tomoni.work.models import (
    Assignment,
    Availability,
    Roster,
    ShiftType,
    SwapRequest,
    Wish,
    WishKind,
)

# Output --------------------------------------------------------------------------------------------------


class ShiftTypeOutput(serializers.ModelSerializer[ShiftType]):
    length_minutes = serializers.IntegerField(min_value=1, max_value=MINUTES_IN_DAY, read_only=True)
    break_minutes = serializers.IntegerField(min_value=0, max_value=MINUTES_IN_DAY, read_only=True)
    starts_at = TimeOfDayField(read_only=True)

    class Meta:
        model = ShiftType
        fields = ["id", "code", "name", "starts_at", "length_minutes", "break_minutes", "is_night"]


class RosterOutput(serializers.ModelSerializer[Roster]):
    centre = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    month = serializers.SerializerMethodField()
    progress_percent = serializers.IntegerField(min_value=0, max_value=100, read_only=True)
    status = serializers.CharField(read_only=True, help_text=_("draft, solving, solved or published."))

    class Meta:
        model = Roster
        fields = [
            "id",
            "centre",
            "month",
            "status",
            "solver_status",
            "objective",
            "solve_milliseconds",
            "progress_percent",
            "solved_at",
            "published_at",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_month(self, obj: Roster) -> str:
        return f"{obj.month:%Y-%m}"


class ShortfallOutput(serializers.Serializer):
    date = serializers.DateField()
    shift = serializers.CharField()
    skill = serializers.CharField(allow_null=True)
    needed = serializers.IntegerField()
    assigned = serializers.IntegerField()
    explanation = serializers.CharField()


class RosterDetailOutput(RosterOutput):
    shortfalls = serializers.SerializerMethodField()

    class Meta(RosterOutput.Meta):
        fields = [*RosterOutput.Meta.fields, "shortfalls"]

    @extend_schema_field(ShortfallOutput(many=True))
    def get_shortfalls(self, obj: Roster) -> list[dict[str, Any]]:
        names: explain.Names = self.context["names"]
        out = []
        for item in obj.shortfalls:
            text = explain.shortfall_message(item, names)
            out.append(
                {
                    "date": item["date"],
                    "shift": names.shift(item["shift_type"]),
                    "skill": item.get("skill"),
                    "needed": item["required"],
                    "assigned": item["assigned"],
                    "explanation": f"{text['heading']}. {text['why']}",
                }
            )
        return out


class AssignmentOutput(serializers.ModelSerializer[Assignment]):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    shift = serializers.CharField(source="shift_type.code", read_only=True)
    date = serializers.DateField(source="on_date", read_only=True)
    actual_minutes = serializers.IntegerField(min_value=0, max_value=MINUTES_IN_DAY, read_only=True, allow_null=True)

    class Meta:
        model = Assignment
        fields = ["id", "person", "person_name", "date", "shift", "hand_edited", "actual_minutes", "confirmed_at"]


class MyAssignmentOutput(AssignmentOutput):
    centre = serializers.CharField(source="roster.centre.code", read_only=True)
    shift_type = ShiftTypeOutput(read_only=True)

    class Meta(AssignmentOutput.Meta):
        fields = [*AssignmentOutput.Meta.fields, "centre", "shift_type"]


class SwapOutput(serializers.ModelSerializer[SwapRequest]):
    requester_name = serializers.CharField(source="requester.full_name", read_only=True)
    counterpart_name = serializers.CharField(source="counterpart.full_name", read_only=True)
    status = serializers.CharField(read_only=True, help_text=_("pending, approved, declined or withdrawn."))

    class Meta:
        model = SwapRequest
        fields = [
            "id",
            "roster",
            "requester",
            "requester_name",
            "assignment",
            "counterpart",
            "counterpart_name",
            "counterpart_assignment",
            "status",
            "note",
            "decided_at",
            "decision_reason",
        ]


class WishOutput(serializers.ModelSerializer[Wish]):
    date = serializers.DateField(source="on_date", read_only=True)
    kind = serializers.CharField(read_only=True, help_text=_("want, avoid or day_off."))
    shift_type = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)  # type: ignore[var-annotated]

    class Meta:
        model = Wish
        fields = ["id", "date", "kind", "shift_type"]


class AvailabilityOutput(serializers.ModelSerializer[Availability]):
    date = serializers.DateField(source="on_date", read_only=True)

    class Meta:
        model = Availability
        fields = ["id", "date", "available"]


# Input ---------------------------------------------------------------------------------------------------


class RosterCreateInput(serializers.Serializer):
    month = serializers.DateField(
        input_formats=["%Y-%m", "%Y-%m-%d"], help_text=_("The month, as 2015-03 (or any day in it).")
    )


class SolveInput(serializers.Serializer):
    time_limit_s = serializers.IntegerField(
        min_value=services.MIN_TIME_LIMIT_S, max_value=services.MAX_TIME_LIMIT_S, default=services.DEFAULT_TIME_LIMIT_S
    )


class AssignmentInput(serializers.Serializer):
    person = serializers.IntegerField(help_text=_("The member's id."))
    date = serializers.DateField()
    shift = serializers.CharField(
        max_length=8, allow_null=True, help_text=_("The shift type's code; null for a day off.")
    )


class DecisionInput(serializers.Serializer):
    decision = serializers.CharField(max_length=10, help_text=_("approve or decline."))

    def validate_decision(self, value: str) -> str:
        if value not in ("approve", "decline"):
            raise serializers.ValidationError(gettext("Choose to approve or decline the swap."))
        return value

    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class WishInput(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.CharField(max_length=10, help_text=_("want, avoid or day_off."))

    def validate_kind(self, value: str) -> str:
        if value not in WishKind.values:
            raise serializers.ValidationError(gettext("Choose one of the options offered."))
        return value

    shift_type = serializers.IntegerField(required=False, allow_null=True, help_text=_("A shift type's id."))


class AvailabilityInput(serializers.Serializer):
    date = serializers.DateField()
    available = StrictBooleanField(help_text=_("false: I cannot work that day; true: I can again."))


class SwapInput(serializers.Serializer):
    assignment = serializers.IntegerField(help_text=_("Your shift's id."))
    counterpart = serializers.IntegerField(help_text=_("The colleague's person id."))
    counterpart_assignment = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("The colleague's shift to take in exchange; none to hand over.")
    )
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class RangeInput(serializers.Serializer):
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)


RANGE = [
    OpenApiParameter("date_from", OpenApiTypes.DATE, description=_("First day (default: a week ago).")),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description=_("Last day (default: two months on).")),
]


# Views ---------------------------------------------------------------------------------------------------


class RosterView(ApiView):
    def roster(self, code: str, roster_id: int) -> Roster:
        return selectors.roster_get(user=self.user(), code=code, roster_id=roster_id)

    def require_roster_writer(self, roster: Roster) -> None:
        if not selectors.writes_centre(self.user(), roster.centre):
            raise PermissionDenied


def _names(roster: Roster) -> explain.Names:
    mapped = mapping.roster_problem(roster, pinned=False)
    return explain.Names(
        first=mapped.first, people=mapped.people, shift_types=mapped.shift_types, skills=mapped.skill_names
    )


class RostersApi(RosterView):
    """The rosters of a centre; its manager opens a month."""

    @extend_schema(operation_id="work_rosters_list", responses={200: RosterOutput(many=True), 404: ERRORS[404]})
    def get(self, request: Request, code: str, centre_code: str) -> Response:
        """The centre's rosters, the latest month first."""
        centre = selectors.centre_get(user=self.user(), code=code, centre_code=centre_code)
        return self.paginated(selectors.centre_rosters(user=self.user(), centre=centre), RosterOutput)

    @extend_schema(
        operation_id="work_rosters_create",
        request=RosterCreateInput,
        responses={201: RosterOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def post(self, request: Request, code: str, centre_code: str) -> Response:
        """Open a month's roster for the centre."""
        centre = selectors.centre_get(user=self.user(), code=code, centre_code=centre_code)
        if not selectors.writes_centre(self.user(), centre):
            raise PermissionDenied
        data = parse(RosterCreateInput, request.data)
        roster = services.roster_create(actor=self.user(), centre=centre, month=data["month"])
        return Response(RosterOutput(roster).data, status=status.HTTP_201_CREATED)


class RosterApi(RosterView):
    @extend_schema(operation_id="work_roster_retrieve", responses={200: RosterDetailOutput, 404: ERRORS[404]})
    def get(self, request: Request, code: str, roster_id: int) -> Response:
        """A roster: its status, the solver's last run and the demand it cannot cover, explained."""
        roster = self.roster(code, roster_id)
        return Response(RosterDetailOutput(roster, context={"names": _names(roster)}).data)


class RosterSolveApi(RosterView):
    @extend_schema(
        operation_id="work_roster_solve",
        request=SolveInput,
        responses={202: RosterOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def post(self, request: Request, code: str, roster_id: int) -> Response:
        """Solve the roster in the background (hand edits are kept); poll the roster for progress."""
        roster = self.roster(code, roster_id)
        self.require_roster_writer(roster)
        data = parse(SolveInput, request.data)
        services.roster_solve(actor=self.user(), roster=roster, time_limit_s=data["time_limit_s"])
        roster.refresh_from_db()
        return Response(RosterOutput(roster).data, status=status.HTTP_202_ACCEPTED)


class RosterPublishApi(RosterView):
    @extend_schema(
        operation_id="work_roster_publish",
        request=None,
        responses={200: RosterOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def post(self, request: Request, code: str, roster_id: int) -> Response:
        """Publish the roster to the members."""
        roster = self.roster(code, roster_id)
        self.require_roster_writer(roster)
        return Response(RosterOutput(services.roster_publish(actor=self.user(), roster=roster)).data)


class AssignmentsApi(RosterView):
    @extend_schema(
        operation_id="work_roster_assignments_list", responses={200: AssignmentOutput(many=True), 404: ERRORS[404]}
    )
    def get(self, request: Request, code: str, roster_id: int) -> Response:
        """Every shift of the roster, by day."""
        roster = self.roster(code, roster_id)
        return self.paginated(selectors.roster_assignments(roster=roster), AssignmentOutput)

    @extend_schema(
        operation_id="work_roster_assignments_set",
        request=AssignmentInput,
        responses={200: AssignmentOutput, 204: None, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def post(self, request: Request, code: str, roster_id: int) -> Response:
        """Set a member's shift on a day by hand (null: a day off); refused with every reason if it breaks a rule."""
        roster = self.roster(code, roster_id)
        self.require_roster_writer(roster)
        data = parse(AssignmentInput, request.data)
        person = selectors.roster_person_get(user=self.user(), roster=roster, person_id=data["person"])
        if data["shift"] is None:
            services.assignment_clear(actor=self.user(), roster=roster, person=person, on_date=data["date"])
            return Response(status=status.HTTP_204_NO_CONTENT)
        shift = selectors.centre_shift_by_code(centre=roster.centre, code=data["shift"])
        if shift is None:
            raise TomoniError(gettext("That shift is not one of this centre's shift types."), field="shift")
        assignment = services.assignment_set(
            actor=self.user(), roster=roster, person=person, on_date=data["date"], shift_type=shift
        )
        return Response(AssignmentOutput(assignment).data)


class SwapsApi(RosterView):
    @extend_schema(operation_id="work_roster_swaps_list", responses={200: SwapOutput(many=True), 404: ERRORS[404]})
    def get(self, request: Request, code: str, roster_id: int) -> Response:
        """The swap requests of the roster."""
        roster = self.roster(code, roster_id)
        return self.paginated(selectors.roster_swaps(roster=roster), SwapOutput)


class SwapDecisionApi(RosterView):
    @extend_schema(
        operation_id="work_roster_swap_decide",
        request=DecisionInput,
        responses={200: SwapOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def post(self, request: Request, code: str, roster_id: int, swap_id: int) -> Response:
        """Approve (checked again against every hard rule) or decline a swap."""
        roster = self.roster(code, roster_id)
        swap = selectors.swap_get(roster=roster, swap_id=swap_id)
        self.require_roster_writer(roster)
        data = parse(DecisionInput, request.data)
        if data["decision"] == "approve":
            swap = services.swap_approve(actor=self.user(), swap=swap)
        else:
            swap = services.swap_decline(actor=self.user(), swap=swap, reason=data["reason"])
        return Response(SwapOutput(swap).data)


# The member's own roster ---------------------------------------------------------------------------------


def _range(request: Request) -> tuple[dt.date, dt.date]:
    data = parse(RangeInput, request.query_params)
    today = clock.today()
    first = data.get("date_from") or today - dt.timedelta(days=7)
    last = data.get("date_to") or today + dt.timedelta(days=62)
    return first, last


def _own_person(view: ApiView) -> Person:
    person = selectors.own_person(view.user())
    if person is None:
        raise Http404
    return person


class MyRosterApi(ApiView):
    @extend_schema(
        operation_id="me_roster_list",
        parameters=RANGE,
        responses={200: MyAssignmentOutput(many=True), 400: ERRORS[400]},
    )
    def get(self, request: Request) -> Response:
        """My shifts on published rosters."""
        first, last = _range(request)
        rows = selectors.my_assignments(user=self.user(), first=first, last=last)
        return self.paginated(rows, MyAssignmentOutput)


class MyWishesApi(ApiView):
    @extend_schema(
        operation_id="me_wishes_list", parameters=RANGE, responses={200: WishOutput(many=True), 400: ERRORS[400]}
    )
    def get(self, request: Request) -> Response:
        """My wishes."""
        first, last = _range(request)
        return self.paginated(selectors.my_wishes(user=self.user(), first=first, last=last), WishOutput)

    @extend_schema(
        operation_id="me_wishes_create",
        request=WishInput,
        responses={201: WishOutput, 400: ERRORS[400], 404: ERRORS[404]},
    )
    def post(self, request: Request) -> Response:
        """State a wish: a shift wanted or avoided (any shift if none is named), or a day off."""
        person = _own_person(self)
        data = parse(WishInput, request.data)
        shift = None
        if data.get("shift_type") is not None:
            shift = selectors.my_shift_type_get(user=self.user(), shift_type_id=data["shift_type"])
            if shift is None:
                raise TomoniError(gettext("That shift is not one of your centre's shift types."), field="shift_type")
        wish = services.wish_add(
            actor=self.user(), person=person, on_date=data["date"], kind=data["kind"], shift_type=shift
        )
        return Response(WishOutput(wish).data, status=status.HTTP_201_CREATED)


class MyAvailabilityApi(ApiView):
    @extend_schema(
        operation_id="me_availability_list",
        parameters=RANGE,
        responses={200: AvailabilityOutput(many=True), 400: ERRORS[400]},
    )
    def get(self, request: Request) -> Response:
        """The days I cannot work."""
        first, last = _range(request)
        return self.paginated(
            selectors.my_unavailable_days(user=self.user(), first=first, last=last), AvailabilityOutput
        )

    @extend_schema(
        operation_id="me_availability_set",
        request=AvailabilityInput,
        responses={200: AvailabilityOutput, 204: None, 400: ERRORS[400], 404: ERRORS[404]},
    )
    def post(self, request: Request) -> Response:
        """Say I cannot work on a day (available false), or that I can again (true)."""
        person = _own_person(self)
        data = parse(AvailabilityInput, request.data)
        row = services.availability_set(
            actor=self.user(), person=person, on_date=data["date"], available=data["available"]
        )
        if row is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(AvailabilityOutput(row).data)


class MySwapsApi(ApiView):
    @extend_schema(operation_id="me_swaps_list", responses={200: SwapOutput(many=True)})
    def get(self, request: Request) -> Response:
        """Swaps I asked for or was asked into."""
        return self.paginated(selectors.my_swaps(user=self.user()), SwapOutput)

    @extend_schema(
        operation_id="me_swaps_create",
        request=SwapInput,
        responses={201: SwapOutput, 400: ERRORS[400], 404: ERRORS[404]},
    )
    def post(self, request: Request) -> Response:
        """Ask to swap one of my shifts with a colleague's, or hand it over; the manager decides."""
        data = parse(SwapInput, request.data)
        assignment = selectors.my_assignment_get(user=self.user(), assignment_id=data["assignment"])
        counterpart, other = selectors.swap_offer(
            assignment=assignment,
            counterpart_id=data["counterpart"],
            counterpart_assignment_id=data.get("counterpart_assignment"),
        )
        swap = services.swap_request(
            actor=self.user(),
            assignment=assignment,
            counterpart=counterpart,
            counterpart_assignment=other,
            note=data["note"],
        )
        return Response(SwapOutput(swap).data, status=status.HTTP_201_CREATED)


ROSTER = "coops/<slug:code>/rosters/<int:roster_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("coops/<slug:code>/centres/<slug:centre_code>/rosters/", RostersApi.as_view(), name="api-rosters"),
    path(ROSTER, RosterApi.as_view(), name="api-roster"),
    path(ROSTER + "solve/", RosterSolveApi.as_view(), name="api-roster-solve"),
    path(ROSTER + "publish/", RosterPublishApi.as_view(), name="api-roster-publish"),
    path(ROSTER + "assignments/", AssignmentsApi.as_view(), name="api-roster-assignments"),
    path(ROSTER + "swaps/", SwapsApi.as_view(), name="api-roster-swaps"),
    path(ROSTER + "swaps/<int:swap_id>/decision/", SwapDecisionApi.as_view(), name="api-roster-swap-decision"),
    path("me/roster/", MyRosterApi.as_view(), name="api-me-roster"),
    path("me/wishes/", MyWishesApi.as_view(), name="api-me-wishes"),
    path("me/availability/", MyAvailabilityApi.as_view(), name="api-me-availability"),
    path("me/swaps/", MySwapsApi.as_view(), name="api-me-swaps"),
]
