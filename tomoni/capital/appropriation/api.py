"""REST API of the year-end appropriation (剰余金処分) and the work-engaged dividend (従事分量配当).

A coop's officers and auditor read; its officers draft, revise, propose, approve and post. Anyone
else gets a 404, as on the pages. Each endpoint parses input, calls one selector or service, renders.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from tomoni.capital.appropriation import selectors, services
from tomoni.capital.ledger import selectors as ledger
from tomoni.capital.models import Appropriation, AppropriationStatus
from tomoni.core.errors import TomoniError
from tomoni.federation.api import ERRORS, ApiView, StrictBooleanField, parse, parse_partial
from tomoni.federation.models import Coop
from tomoni.members.models import MembershipKind

YEN_MAX = 10**15

# Output ------------------------------------------------------------------------------------------------------


class AppropriationOutput(serializers.ModelSerializer[Appropriation]):
    class Meta:
        model = Appropriation
        fields = [
            "fiscal_year",
            "status",
            "surplus_yen",
            "carried_loss_yen",
            "reserve_balance_yen",
            "total_capital_yen",
            "reserve_target_ratio",
            "reserve_fund_ratio",
            "job_creation_ratio",
            "education_ratio",
            "loss_covered_yen",
            "carried_loss_after_yen",
            "surplus_after_losses_yen",
            "reserve_target_yen",
            "reserve_fund_min_yen",
            "job_creation_min_yen",
            "education_min_yen",
            "reserve_fund_yen",
            "job_creation_yen",
            "education_yen",
            "dividend_pool_yen",
            "carried_forward_yen",
            "dividend_weights",
            "set_off_unpaid_capital",
            "total_minutes",
            "members_with_work",
            "notes",
            "proposed_at",
            "meeting_held_on",
            "minutes_reference",
            "approved_at",
            "posted_at",
        ]
        read_only_fields = fields


class DividendOutput(serializers.Serializer):
    """A member's line of the dividend list (planned until posting, fixed after)."""

    person_id = serializers.IntegerField()
    member_number = serializers.CharField()
    name = serializers.CharField()
    name_kana = serializers.CharField()
    worked_minutes = serializers.IntegerField()
    weight = serializers.IntegerField()
    dividend_yen = serializers.IntegerField()
    set_off_yen = serializers.IntegerField()
    payable_yen = serializers.IntegerField()


class PaymentOutput(serializers.Serializer):
    """A line of the payment list for the bank or payroll."""

    member_number = serializers.CharField()
    name = serializers.CharField()
    name_kana = serializers.CharField()
    dividend_yen = serializers.IntegerField()
    set_off_yen = serializers.IntegerField()
    payable_yen = serializers.IntegerField()


# Input -------------------------------------------------------------------------------------------------------


def _yen(*, required: bool = True, min_value: int = 0, help_text: Any = "") -> serializers.IntegerField:
    return serializers.IntegerField(required=required, min_value=min_value, max_value=YEN_MAX, help_text=help_text)


class WeightsInput(serializers.Serializer):
    worker = serializers.IntegerField(min_value=0, max_value=100, required=False)
    user = serializers.IntegerField(min_value=0, max_value=100, required=False)
    supporting = serializers.IntegerField(min_value=0, max_value=100, required=False)
    consumer = serializers.IntegerField(min_value=0, max_value=100, required=False)


class AppropriationInputs(serializers.Serializer):
    surplus_yen = _yen(min_value=-YEN_MAX, help_text=_("The year's surplus; a loss as a negative number."))
    carried_loss_yen = _yen(required=False, help_text=_("Losses carried forward from earlier years."))
    reserve_balance_yen = _yen(required=False, help_text=_("Omit to take the ledger's balance at the year end."))
    total_capital_yen = _yen(required=False, help_text=_("Omit to take the ledger's subscribed capital."))
    reserve_fund_yen = _yen(required=False, help_text=_("Art 76(1); omit for the minimum."))
    job_creation_yen = _yen(required=False, help_text=_("Art 76(4); omit for the minimum."))
    education_yen = _yen(required=False, help_text=_("Art 76(5); omit for the minimum."))
    dividend_pool_yen = _yen(required=False, help_text=_("Art 77(2); omit for everything left."))
    dividend_weights = WeightsInput(required=False, help_text=_("The articles' weight of a minute by kind."))
    set_off_unpaid_capital = StrictBooleanField(required=False)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AppropriationDraftInput(AppropriationInputs):
    fiscal_year = serializers.IntegerField(min_value=1900, max_value=9999)


class ApproveInput(serializers.Serializer):
    meeting_held_on = serializers.DateField()
    minutes_reference = serializers.CharField(max_length=200)


AMOUNTS = services.APPROPRIATION_AMOUNT_FIELDS


def _split(data: dict[str, Any]) -> tuple[dict[str, int] | None, dict[str, Any]]:
    """Amounts given, and the other fields, from parsed input."""
    amounts = {name: data.pop(name) for name in AMOUNTS if name in data}
    if "dividend_weights" in data:
        data["dividend_weights"] = {k: v for k, v in dict(data["dividend_weights"]).items() if k in MembershipKind}
    return amounts or None, data


# Views -------------------------------------------------------------------------------------------------------


class AppropriationView(ApiView):
    def coop(self, code: str) -> Coop:
        return ledger.capital_coop_get(user=self.user(), code=code)

    def appropriation(self, code: str, fiscal_year: int) -> Appropriation:
        return selectors.appropriation_get(user=self.user(), coop=self.coop(code), fiscal_year=fiscal_year)

    def require_officer(self, coop: Coop) -> None:
        if not ledger.writes_ledger(user=self.user(), coop=coop):
            raise PermissionDenied


class AppropriationsApi(AppropriationView):
    """A coop's appropriations by fiscal year, and drafting one."""

    @extend_schema(
        operation_id="coops_appropriations_list",
        responses={200: AppropriationOutput(many=True), 404: ERRORS[404]},
    )
    def get(self, request: Request, code: str) -> Response:
        """The coop's appropriations, newest year first."""
        coop = self.coop(code)
        return self.paginated(selectors.appropriations_of(user=self.user(), coop=coop), AppropriationOutput)

    @extend_schema(
        operation_id="coops_appropriations_create",
        request=AppropriationDraftInput,
        responses={201: AppropriationOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def post(self, request: Request, code: str) -> Response:
        """Draft a fiscal year's appropriation: losses covered, the legal minimums, the rest as dividend."""
        coop = self.coop(code)
        self.require_officer(coop)
        amounts, data = _split(parse(AppropriationDraftInput, request.data))
        appropriation = services.appropriation_draft(actor=self.user(), coop=coop, amounts=amounts, **data)
        return Response(AppropriationOutput(appropriation).data, status=status.HTTP_201_CREATED)


class AppropriationApi(AppropriationView):
    """One fiscal year's appropriation, and revising it while a draft or proposal."""

    @extend_schema(operation_id="coops_appropriations_retrieve", responses={200: AppropriationOutput, 404: ERRORS[404]})
    def get(self, request: Request, code: str, fiscal_year: int) -> Response:
        """One fiscal year's appropriation with every figure."""
        return Response(AppropriationOutput(self.appropriation(code, fiscal_year)).data)

    @extend_schema(
        operation_id="coops_appropriations_partial_update",
        request=AppropriationInputs,
        responses={200: AppropriationOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def patch(self, request: Request, code: str, fiscal_year: int) -> Response:
        """Revise the inputs or amounts; a proposal not yet approved goes back to draft."""
        appropriation = self.appropriation(code, fiscal_year)
        self.require_officer(appropriation.coop)
        amounts, data = _split(parse_partial(AppropriationInputs, request.data))
        appropriation = services.appropriation_revise(
            actor=self.user(), appropriation=appropriation, amounts=amounts, **data
        )
        return Response(AppropriationOutput(appropriation).data)


class AppropriationProposeApi(AppropriationView):
    """Make the draft the proposal to the general meeting."""

    @extend_schema(
        operation_id="coops_appropriations_propose",
        request=None,
        responses={200: AppropriationOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def post(self, request: Request, code: str, fiscal_year: int) -> Response:
        """Propose the draft to the general meeting."""
        appropriation = self.appropriation(code, fiscal_year)
        self.require_officer(appropriation.coop)
        appropriation = services.appropriation_propose(actor=self.user(), appropriation=appropriation)
        return Response(AppropriationOutput(appropriation).data)


class AppropriationApproveApi(AppropriationView):
    """Record the general meeting's approval."""

    @extend_schema(
        operation_id="coops_appropriations_approve",
        request=ApproveInput,
        responses={200: AppropriationOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def post(self, request: Request, code: str, fiscal_year: int) -> Response:
        """Record the day the general meeting approved the proposal, and where its minutes say so."""
        appropriation = self.appropriation(code, fiscal_year)
        self.require_officer(appropriation.coop)
        data = parse(ApproveInput, request.data)
        appropriation = services.appropriation_approve(actor=self.user(), appropriation=appropriation, **data)
        return Response(AppropriationOutput(appropriation).data)


class AppropriationPostApi(AppropriationView):
    """Post the approved appropriation: reserves to the ledger, set-offs, the payment list fixed."""

    @extend_schema(
        operation_id="coops_appropriations_post",
        request=None,
        responses={200: AppropriationOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def post(self, request: Request, code: str, fiscal_year: int) -> Response:
        """Post the approved appropriation; it can never change afterwards."""
        appropriation = self.appropriation(code, fiscal_year)
        self.require_officer(appropriation.coop)
        appropriation = services.appropriation_post(actor=self.user(), appropriation=appropriation)
        return Response(AppropriationOutput(appropriation).data)


class DividendsApi(AppropriationView):
    """The dividend list: planned on today's records until posting, fixed after."""

    @extend_schema(
        operation_id="coops_appropriations_dividends", responses={200: DividendOutput(many=True), 404: ERRORS[404]}
    )
    def get(self, request: Request, code: str, fiscal_year: int) -> Response:
        """Each member's minutes, dividend, set-off and amount payable, by member number."""
        appropriation = self.appropriation(code, fiscal_year)
        return self.paginated(selectors.dividend_rows(appropriation=appropriation), DividendOutput)


class PaymentListApi(AppropriationView):
    """The payment list of a posted appropriation (the pages offer it as CSV)."""

    @extend_schema(
        operation_id="coops_appropriations_payment_list",
        responses={200: PaymentOutput(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def get(self, request: Request, code: str, fiscal_year: int) -> Response:
        """What each member is paid; only once the appropriation is posted."""
        appropriation = self.appropriation(code, fiscal_year)
        if appropriation.status != AppropriationStatus.POSTED:
            raise TomoniError(gettext("The payment list is ready once the appropriation is posted."))
        return self.paginated(selectors.dividend_rows(appropriation=appropriation), PaymentOutput)


BASE = "coops/<slug:code>/appropriations/"
YEAR = BASE + "<int:fiscal_year>/"

urlpatterns: list[URLPattern] = [
    path(BASE, AppropriationsApi.as_view(), name="api-appropriations"),
    path(YEAR, AppropriationApi.as_view(), name="api-appropriation"),
    path(YEAR + "propose/", AppropriationProposeApi.as_view(), name="api-appropriation-propose"),
    path(YEAR + "approve/", AppropriationApproveApi.as_view(), name="api-appropriation-approve"),
    path(YEAR + "post/", AppropriationPostApi.as_view(), name="api-appropriation-post"),
    path(YEAR + "dividends/", DividendsApi.as_view(), name="api-appropriation-dividends"),
    path(YEAR + "payment-list/", PaymentListApi.as_view(), name="api-appropriation-payment-list"),
]
