"""REST API of the members context: the member register of a coop, and a member's own record.

Reads go through the selectors (an object outside the caller's grants is a 404); writes call the
services in tomoni.members.services, one service per request, so nothing is ever half-saved.
Special-care personal information is not exposed here at all.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from tomoni.core import clock
from tomoni.federation import selectors as registry
from tomoni.federation.api import ERRORS, ApiView, parse, parse_partial
from tomoni.federation.models import BusinessLine, Centre, Coop
from tomoni.members import selectors, services
from tomoni.members.models import (
    MINUTES_IN_DAY,
    MINUTES_IN_WEEK,
    PERSON_FIELDS,
    LabourContract,
    Membership,
    MembershipKind,
    MembershipStatus,
    OfficerRole,
    OfficerTerm,
    Person,
    WorkRecord,
)

# Fields that name a row by something a person reads: centres and business lines by code --------------------


class CentreField(serializers.SlugRelatedField[Centre]):
    """A centre of the coop, by code, among those the caller reaches (context["centres"])."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", queryset=Centre.objects.none(), **kwargs)

    def get_queryset(self) -> QuerySet[Centre]:
        return self.context["centres"]


class BusinessLineField(serializers.SlugRelatedField[BusinessLine]):
    """A line of business, by code (public reference data)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", queryset=BusinessLine.objects.none(), **kwargs)

    def get_queryset(self) -> QuerySet[BusinessLine]:
        return registry.business_lines()


class PersonField(serializers.PrimaryKeyRelatedField[Person]):
    """A person of the coop's register, by id, among those the caller reaches (context["people"])."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Person.objects.none(), **kwargs)

    def get_queryset(self) -> QuerySet[Person]:
        return self.context["people"]


def _not_in_future(day: dt.date) -> None:
    if day > clock.today():
        raise serializers.ValidationError(gettext("The date cannot be in the future."))


# Output -------------------------------------------------------------------------------------------------


class MembershipOutput(serializers.ModelSerializer[Membership]):
    centre: serializers.SlugRelatedField[Centre] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = Membership
        fields = ["id", "kind", "member_number", "centre", "joined_on", "left_on", "status"]


class PersonOutput(serializers.ModelSerializer[Person]):
    memberships = MembershipOutput(many=True, read_only=True)

    class Meta:
        model = Person
        fields = ["id", *PERSON_FIELDS, "memberships"]


class OfficerTermOutput(serializers.ModelSerializer[OfficerTerm]):
    class Meta:
        model = OfficerTerm
        fields = ["id", "person", "role", "started_on", "ended_on"]


# Minutes are declared (from the model's bounds), not derived from the field: the derived bounds of a
# PositiveIntegerField differ between SQLite and PostgreSQL, and the committed schema must not.


class LabourContractOutput(serializers.ModelSerializer[LabourContract]):
    contracted_minutes_per_week = serializers.IntegerField(min_value=1, max_value=MINUTES_IN_WEEK, read_only=True)
    centre: serializers.SlugRelatedField[Centre] = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = LabourContract
        fields = ["id", "person", "centre", "started_on", "ended_on", "contracted_minutes_per_week"]


class WorkRecordOutput(serializers.ModelSerializer[WorkRecord]):
    worked_minutes = serializers.IntegerField(min_value=1, max_value=MINUTES_IN_DAY, read_only=True)
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    centre: serializers.SlugRelatedField[Centre] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    business_line: serializers.SlugRelatedField[BusinessLine] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = WorkRecord
        fields = ["id", "person", "person_name", "centre", "business_line", "worked_on", "worked_minutes"]


# Lookups every endpoint shares --------------------------------------------------------------------------


class RegisterView(ApiView):
    """An endpoint inside one coop's register, reached by any of the caller's grants in it."""

    def coop(self, code: str) -> Coop:
        return registry.coop_reached(user=self.user(), code=code)

    def person(self, code: str, person_id: int) -> Person:
        coop = self.coop(code)
        return selectors.person_get(user=self.user(), person_id=person_id, coop=coop)

    def centres(self, coop: Coop) -> QuerySet[Centre]:
        return registry.centres_visible(user=self.user(), coop=coop)


# People ---------------------------------------------------------------------------------------------------


class PersonInput(serializers.Serializer):
    family_name = serializers.CharField(max_length=50)
    given_name = serializers.CharField(max_length=50)
    family_name_kana = serializers.CharField(max_length=50, required=False, allow_blank=True)
    given_name_kana = serializers.CharField(max_length=50, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True, validators=[_not_in_future])
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)  # RFC 5321, the column
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    postal_code = serializers.CharField(max_length=8, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)


class PersonCreateInput(PersonInput):
    centre = CentreField(
        required=False,
        allow_null=True,
        help_text=_("A centre manager registers people for their centre: give its code."),
    )


class PeopleApi(RegisterView):
    """The member register of a coop (list and search), and registering a person."""

    class FilterInput(serializers.Serializer):
        q = serializers.CharField(required=False, allow_blank=True, max_length=100)
        as_of = serializers.DateField(required=False)

    @extend_schema(
        operation_id="coops_people_list",
        parameters=[
            OpenApiParameter("q", str, description=_("Search by name, kana reading or member number.")),
            OpenApiParameter("as_of", OpenApiTypes.DATE, description=_("Only people who were members on this day.")),
        ],
        responses={200: PersonOutput(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def get(self, request: Request, code: str) -> Response:
        """The people of a coop's register that you reach, by kana reading; search by name or member number."""
        coop = self.coop(code)
        filters = parse(self.FilterInput, request.query_params)
        people = selectors.people_register(
            user=self.user(), coop=coop, query=filters.get("q", ""), as_of=filters.get("as_of")
        )
        return self.paginated(people, PersonOutput)

    @extend_schema(
        operation_id="coops_people_create",
        request=PersonCreateInput,
        responses={201: PersonOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def post(self, request: Request, code: str) -> Response:
        """Register a person with the coop."""
        coop = self.coop(code)
        self.require_writer(coop)
        data = parse(PersonCreateInput, request.data, centres=self.centres(coop))
        person = services.person_create(actor=self.user(), coop=coop, **data)
        return Response(PersonOutput(person).data, status=status.HTTP_201_CREATED)


class PersonApi(RegisterView):
    """One person of the register, and changes to their name, reading, birth date or contact details."""

    @extend_schema(operation_id="coops_people_retrieve", responses={200: PersonOutput, 404: ERRORS[404]})
    def get(self, request: Request, code: str, person_id: int) -> Response:
        """One person of the register."""
        return Response(PersonOutput(self.person(code, person_id)).data)

    @extend_schema(
        operation_id="coops_people_partial_update",
        request=PersonInput,
        responses={200: PersonOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def patch(self, request: Request, code: str, person_id: int) -> Response:
        """Change a person's name, reading, birth date or contact details."""
        person = self.person(code, person_id)
        self.require_writer(person.coop)
        data = parse_partial(PersonInput, request.data)
        person = services.person_update(actor=self.user(), person=person, **data)
        return Response(PersonOutput(person).data)


# Memberships ------------------------------------------------------------------------------------------------


class MembershipInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MembershipKind.choices)
    member_number = serializers.CharField(max_length=20)
    joined_on = serializers.DateField()
    centre = CentreField(required=False, allow_null=True, help_text=_("Code of the member's home centre."))


class MembershipUpdateInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MembershipKind.choices, required=False)
    centre = CentreField(required=False, allow_null=True, help_text=_("Code of the member's home centre."))


class MembershipEndInput(serializers.Serializer):
    left_on = serializers.DateField()
    status = serializers.ChoiceField(
        choices=[(value, label) for value, label in MembershipStatus.choices if value != MembershipStatus.ACTIVE]
    )


class MembershipsApi(RegisterView):
    """A person's memberships, and admitting them as a member."""

    @extend_schema(
        operation_id="coops_people_memberships_list",
        responses={200: MembershipOutput(many=True), 404: ERRORS[404]},
    )
    def get(self, request: Request, code: str, person_id: int) -> Response:
        """A person's memberships, oldest first."""
        person = self.person(code, person_id)
        return self.paginated(selectors.person_memberships(person=person), MembershipOutput)

    @extend_schema(
        operation_id="coops_people_memberships_create",
        request=MembershipInput,
        responses={201: MembershipOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def post(self, request: Request, code: str, person_id: int) -> Response:
        """Admit a person as a member."""
        person = self.person(code, person_id)
        self.require_writer(person.coop)
        data = parse(MembershipInput, request.data, centres=self.centres(person.coop))
        membership = services.membership_create(actor=self.user(), person=person, **data)
        return Response(MembershipOutput(membership).data, status=status.HTTP_201_CREATED)


class MembershipView(RegisterView):
    def membership(self, code: str, person_id: int, membership_id: int) -> Membership:
        return selectors.membership_get(person=self.person(code, person_id), membership_id=membership_id)


class MembershipApi(MembershipView):
    """One membership, and moving the member to another home centre or changing its kind."""

    @extend_schema(
        operation_id="coops_people_memberships_retrieve", responses={200: MembershipOutput, 404: ERRORS[404]}
    )
    def get(self, request: Request, code: str, person_id: int, membership_id: int) -> Response:
        """One membership."""
        return Response(MembershipOutput(self.membership(code, person_id, membership_id)).data)

    @extend_schema(
        operation_id="coops_people_memberships_partial_update",
        request=MembershipUpdateInput,
        responses={200: MembershipOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def patch(self, request: Request, code: str, person_id: int, membership_id: int) -> Response:
        """Move a member to another home centre or change the kind of membership."""
        membership = self.membership(code, person_id, membership_id)
        self.require_writer(membership.person.coop)
        data = parse_partial(MembershipUpdateInput, request.data, centres=self.centres(membership.person.coop))
        membership = services.membership_update(
            actor=self.user(),
            membership=membership,
            centre=data.get("centre", membership.centre),
            kind=data.get("kind"),
        )
        return Response(MembershipOutput(membership).data)


class MembershipEndApi(MembershipView):
    """Record that a membership ended: withdrawal, expulsion or death. The history stays."""

    @extend_schema(
        operation_id="coops_people_memberships_end",
        request=MembershipEndInput,
        responses={200: MembershipOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def post(self, request: Request, code: str, person_id: int, membership_id: int) -> Response:
        """Record that a membership ended (withdrawal, expulsion or death); the history stays."""
        membership = self.membership(code, person_id, membership_id)
        self.require_writer(membership.person.coop)
        data = parse(MembershipEndInput, request.data)
        membership = services.membership_end(actor=self.user(), membership=membership, **data)
        return Response(MembershipOutput(membership).data)


# Officer terms ----------------------------------------------------------------------------------------------


class OfficerTermInput(serializers.Serializer):
    role = serializers.ChoiceField(choices=OfficerRole.choices)
    started_on = serializers.DateField()
    ended_on = serializers.DateField(required=False, allow_null=True)


class OfficerTermEndInput(serializers.Serializer):
    ended_on = serializers.DateField()


class OfficerTermsApi(RegisterView):
    """A person's terms of office, and recording a new term."""

    @extend_schema(
        operation_id="coops_people_officer_terms_list",
        responses={200: OfficerTermOutput(many=True), 404: ERRORS[404]},
    )
    def get(self, request: Request, code: str, person_id: int) -> Response:
        """A person's terms of office, oldest first."""
        person = self.person(code, person_id)
        return self.paginated(selectors.person_officer_terms(person=person), OfficerTermOutput)

    @extend_schema(
        operation_id="coops_people_officer_terms_create",
        request=OfficerTermInput,
        responses={201: OfficerTermOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def post(self, request: Request, code: str, person_id: int) -> Response:
        """Record a term of office; only the coop's officers may."""
        person = self.person(code, person_id)
        self.require_writer(person.coop)
        data = parse(OfficerTermInput, request.data)
        term = services.officer_term_create(actor=self.user(), person=person, **data)
        return Response(OfficerTermOutput(term).data, status=status.HTTP_201_CREATED)


class OfficerTermApi(RegisterView):
    """One term of office, and ending it."""

    def term(self, code: str, person_id: int, term_id: int) -> OfficerTerm:
        return selectors.officer_term_get(person=self.person(code, person_id), term_id=term_id)

    @extend_schema(
        operation_id="coops_people_officer_terms_retrieve", responses={200: OfficerTermOutput, 404: ERRORS[404]}
    )
    def get(self, request: Request, code: str, person_id: int, term_id: int) -> Response:
        """One term of office."""
        return Response(OfficerTermOutput(self.term(code, person_id, term_id)).data)

    @extend_schema(
        operation_id="coops_people_officer_terms_partial_update",
        request=OfficerTermEndInput,
        responses={200: OfficerTermOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def patch(self, request: Request, code: str, person_id: int, term_id: int) -> Response:
        """End a term of office."""
        term = self.term(code, person_id, term_id)
        self.require_writer(term.coop)
        data = parse(OfficerTermEndInput, request.data)
        term = services.officer_term_end(actor=self.user(), term=term, **data)
        return Response(OfficerTermOutput(term).data)


# Labour contracts --------------------------------------------------------------------------------------------


class LabourContractInput(serializers.Serializer):
    centre = CentreField()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(required=False, allow_null=True)
    contracted_minutes_per_week = serializers.IntegerField(min_value=1, max_value=MINUTES_IN_WEEK)


class LabourContractUpdateInput(serializers.Serializer):
    contracted_minutes_per_week = serializers.IntegerField(min_value=1, max_value=MINUTES_IN_WEEK, required=False)
    ended_on = serializers.DateField(required=False, allow_null=True)


class LabourContractsApi(RegisterView):
    """A person's labour contracts (Art 20), and signing a new one."""

    @extend_schema(
        operation_id="coops_people_labour_contracts_list",
        responses={200: LabourContractOutput(many=True), 404: ERRORS[404]},
    )
    def get(self, request: Request, code: str, person_id: int) -> Response:
        """A person's labour contracts, oldest first."""
        person = self.person(code, person_id)
        return self.paginated(selectors.person_labour_contracts(person=person), LabourContractOutput)

    @extend_schema(
        operation_id="coops_people_labour_contracts_create",
        request=LabourContractInput,
        responses={201: LabourContractOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def post(self, request: Request, code: str, person_id: int) -> Response:
        """Sign a labour contract (Art 20) between the coop and the person at a centre."""
        person = self.person(code, person_id)
        self.require_writer(person.coop)
        data = parse(LabourContractInput, request.data, centres=self.centres(person.coop))
        contract = services.labour_contract_create(actor=self.user(), person=person, **data)
        return Response(LabourContractOutput(contract).data, status=status.HTTP_201_CREATED)


class LabourContractApi(RegisterView):
    """One labour contract, and changing its contracted minutes or ending it."""

    def contract(self, code: str, person_id: int, contract_id: int) -> LabourContract:
        return selectors.contract_get(person=self.person(code, person_id), contract_id=contract_id)

    @extend_schema(
        operation_id="coops_people_labour_contracts_retrieve",
        responses={200: LabourContractOutput, 404: ERRORS[404]},
    )
    def get(self, request: Request, code: str, person_id: int, contract_id: int) -> Response:
        """One labour contract."""
        return Response(LabourContractOutput(self.contract(code, person_id, contract_id)).data)

    @extend_schema(
        operation_id="coops_people_labour_contracts_partial_update",
        request=LabourContractUpdateInput,
        responses={200: LabourContractOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def patch(self, request: Request, code: str, person_id: int, contract_id: int) -> Response:
        """Change the contracted minutes of a labour contract, or end it."""
        contract = self.contract(code, person_id, contract_id)
        self.require_writer(contract.person.coop)
        data = parse_partial(LabourContractUpdateInput, request.data)
        contract = services.labour_contract_update(
            actor=self.user(),
            contract=contract,
            contracted_minutes_per_week=data.get("contracted_minutes_per_week", contract.contracted_minutes_per_week),
            ended_on=data.get("ended_on", contract.ended_on),
        )
        return Response(LabourContractOutput(contract).data)


# Work records -------------------------------------------------------------------------------------------------


class WorkRecordInput(serializers.Serializer):
    person = PersonField()
    centre = CentreField()
    business_line = BusinessLineField()
    worked_on = serializers.DateField(validators=[_not_in_future])
    worked_minutes = serializers.IntegerField(min_value=1, max_value=MINUTES_IN_DAY)


class WorkRecordUpdateInput(serializers.Serializer):
    worked_minutes = serializers.IntegerField(min_value=1, max_value=MINUTES_IN_DAY)


class WorkRecordFilterInput(serializers.Serializer):
    person = serializers.IntegerField(required=False, min_value=1)
    centre = CentreField(required=False)
    since = serializers.DateField(required=False)
    until = serializers.DateField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        since, until = attrs.get("since"), attrs.get("until")
        if since and until and until < since:
            raise serializers.ValidationError({"until": [gettext("The end date must not be before the start date.")]})
        return attrs


class WorkRecordsApi(RegisterView):
    """Work records of a coop at the centres the caller reaches (newest first), and recording a day's work."""

    @extend_schema(
        operation_id="coops_work_records_list",
        parameters=[
            OpenApiParameter("person", int, description=_("Only this person's records (their id).")),
            OpenApiParameter("centre", str, description=_("Only this centre's records (its code).")),
            OpenApiParameter("since", OpenApiTypes.DATE, description=_("From this day (YYYY-MM-DD).")),
            OpenApiParameter("until", OpenApiTypes.DATE, description=_("To this day, inclusive (YYYY-MM-DD).")),
        ],
        responses={200: WorkRecordOutput(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def get(self, request: Request, code: str) -> Response:
        """Work records at the centres you reach, newest first, narrowed by person, centre and dates."""
        coop = self.coop(code)
        filters = parse(WorkRecordFilterInput, request.query_params, centres=self.centres(coop))
        records = selectors.work_records_visible(
            user=self.user(),
            coop=coop,
            person_id=filters.get("person"),
            centre=filters.get("centre"),
            since=filters.get("since"),
            until=filters.get("until"),
        )
        return self.paginated(records, WorkRecordOutput)

    @extend_schema(
        operation_id="coops_work_records_create",
        request=WorkRecordInput,
        responses={201: WorkRecordOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def post(self, request: Request, code: str) -> Response:
        """Record the minutes a person worked on one day at one centre."""
        coop = self.coop(code)
        self.require_writer(coop)
        people = selectors.people_visible(user=self.user(), coop=coop)
        data = parse(WorkRecordInput, request.data, centres=self.centres(coop), people=people)
        record = services.work_record_create(actor=self.user(), **data)
        return Response(WorkRecordOutput(record).data, status=status.HTTP_201_CREATED)


class WorkRecordApi(RegisterView):
    """One work record, and correcting its minutes."""

    def record(self, coop: Coop, record_id: int) -> WorkRecord:
        return selectors.work_record_visible_get(user=self.user(), coop=coop, record_id=record_id)

    @extend_schema(operation_id="coops_work_records_retrieve", responses={200: WorkRecordOutput, 404: ERRORS[404]})
    def get(self, request: Request, code: str, record_id: int) -> Response:
        """One work record."""
        return Response(WorkRecordOutput(self.record(self.coop(code), record_id)).data)

    @extend_schema(
        operation_id="coops_work_records_partial_update",
        request=WorkRecordUpdateInput,
        responses={200: WorkRecordOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def patch(self, request: Request, code: str, record_id: int) -> Response:
        """Correct the minutes of a work record."""
        coop = self.coop(code)
        record = self.record(coop, record_id)
        self.require_writer(coop)
        data = parse(WorkRecordUpdateInput, request.data)
        record = services.work_record_update(actor=self.user(), record=record, **data)
        return Response(WorkRecordOutput(record).data)


# A member's own record ----------------------------------------------------------------------------------------


class MonthMinutesOutput(serializers.Serializer):
    month = serializers.DateField(help_text=_("The first day of the month."))
    worked_minutes = serializers.IntegerField()


class MeOutput(serializers.Serializer):
    coop = serializers.CharField(source="person.coop.code")
    coop_name = serializers.CharField(source="person.coop.name")
    person = PersonOutput()
    memberships = MembershipOutput(many=True)
    labour_contracts = LabourContractOutput(many=True)
    officer_terms = OfficerTermOutput(many=True)
    since = serializers.DateField()
    minutes_by_month = MonthMinutesOutput(many=True)


def months_before(day: dt.date, months: int) -> dt.date:
    """The first day of the month `months` before the month of `day`."""
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


class MeApi(ApiView):
    """The caller's own person: memberships, contracts, terms of office and minutes worked by month."""

    class FilterInput(serializers.Serializer):
        since = serializers.DateField(required=False)

    @extend_schema(
        operation_id="me_retrieve",
        parameters=[
            OpenApiParameter(
                "since", OpenApiTypes.DATE, description=_("Minutes from this month on; the last 12 months if omitted.")
            )
        ],
        responses={200: MeOutput, 400: ERRORS[400], 404: ERRORS[404]},
    )
    def get(self, request: Request) -> Response:
        """Your own record: memberships, contracts, terms of office and minutes worked by month."""
        since = parse(self.FilterInput, request.query_params).get("since") or months_before(clock.today(), 11)
        person = selectors.person_of_user(user=self.user())
        record = selectors.person_record(person=person, since=since.replace(day=1))
        return Response(
            MeOutput(
                {
                    "person": record.person,
                    "memberships": record.memberships,
                    "labour_contracts": record.contracts,
                    "officer_terms": record.officer_terms,
                    "since": since.replace(day=1),
                    "minutes_by_month": [
                        {"month": month, "worked_minutes": minutes} for month, minutes in record.minutes_by_month
                    ],
                }
            ).data
        )


urlpatterns: list[URLPattern | URLResolver] = [
    path("me/", MeApi.as_view(), name="api-me"),
    path("coops/<slug:code>/people/", PeopleApi.as_view(), name="api-people"),
    path("coops/<slug:code>/people/<int:person_id>/", PersonApi.as_view(), name="api-person"),
    path("coops/<slug:code>/people/<int:person_id>/memberships/", MembershipsApi.as_view(), name="api-memberships"),
    path(
        "coops/<slug:code>/people/<int:person_id>/memberships/<int:membership_id>/",
        MembershipApi.as_view(),
        name="api-membership",
    ),
    path(
        "coops/<slug:code>/people/<int:person_id>/memberships/<int:membership_id>/end/",
        MembershipEndApi.as_view(),
        name="api-membership-end",
    ),
    path(
        "coops/<slug:code>/people/<int:person_id>/officer-terms/", OfficerTermsApi.as_view(), name="api-officer-terms"
    ),
    path(
        "coops/<slug:code>/people/<int:person_id>/officer-terms/<int:term_id>/",
        OfficerTermApi.as_view(),
        name="api-officer-term",
    ),
    path(
        "coops/<slug:code>/people/<int:person_id>/labour-contracts/",
        LabourContractsApi.as_view(),
        name="api-labour-contracts",
    ),
    path(
        "coops/<slug:code>/people/<int:person_id>/labour-contracts/<int:contract_id>/",
        LabourContractApi.as_view(),
        name="api-labour-contract",
    ),
    path("coops/<slug:code>/work-records/", WorkRecordsApi.as_view(), name="api-work-records"),
    path("coops/<slug:code>/work-records/<int:record_id>/", WorkRecordApi.as_view(), name="api-work-record"),
]
