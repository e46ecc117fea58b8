"""REST API of the capital context: a member's own statement, the coop's register and ledger for its
officers and auditor, the writes for its officers, and capital by coop for federation staff.

Reads go through the selectors (outside the caller's grants, 404); each write calls one service, which
refuses bad input (a transfer over the cap, a refund beyond holdings) with a 400 and records nothing.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from tomoni.capital.ledger import selectors, services
from tomoni.capital.ledger.forms import MAX_SHARES, MAX_YEN
from tomoni.capital.models import CapitalEntry, CapitalSettings, PaymentMethod
from tomoni.core.errors import TomoniError
from tomoni.federation.api import ERRORS, ApiView, parse, parse_as_of
from tomoni.federation.models import Coop
from tomoni.members.models import Person

AS_OF = OpenApiParameter("as_of", OpenApiTypes.DATE, description=_("Balances as of this day; today if omitted."))


# Output -----------------------------------------------------------------------------------------------


class HoldingOutput(serializers.Serializer):
    shares = serializers.IntegerField()
    subscribed_yen = serializers.IntegerField()
    paid_yen = serializers.IntegerField()
    unpaid_yen = serializers.IntegerField()


class EntryOutput(serializers.ModelSerializer[CapitalEntry]):
    class Meta:
        model = CapitalEntry
        fields = [
            "id",
            "sequence",
            "kind",
            "person",
            "counterparty",
            "shares",
            "subscribed_yen",
            "paid_yen",
            "refund_yen",
            "reserve_kind",
            "reserve_yen",
            "payment_method",
            "effective_on",
            "recorded_at",
            "memo",
            "reference",
            "reverses",
            "paired_with",
            "entry_hash",
        ]


class StatementLineOutput(serializers.Serializer):
    entry = EntryOutput()
    holding = HoldingOutput(help_text=_("The holding after this entry."))


class StatementOutput(serializers.Serializer):
    person = serializers.IntegerField(source="person.pk")
    name = serializers.CharField(source="person.full_name")
    member_number = serializers.CharField()
    as_of = serializers.DateField()
    share_value_yen = serializers.IntegerField()
    holding = HoldingOutput()
    admission_complete = serializers.BooleanField()
    withdrawal_effective_on = serializers.DateField(source="pending_withdrawal.effective_on", allow_null=True)
    lines = StatementLineOutput(many=True)


class RegisterRowOutput(serializers.Serializer):
    person = serializers.IntegerField(source="person_id")
    member_number = serializers.CharField()
    name = serializers.CharField()
    name_kana = serializers.CharField()
    postal_code = serializers.CharField()
    address = serializers.CharField()
    holding = HoldingOutput()


class CoopCapitalOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    members = serializers.IntegerField(help_text=_("Members holding shares."))
    shares = serializers.IntegerField()
    subscribed_yen = serializers.IntegerField()
    paid_yen = serializers.IntegerField()
    unpaid_yen = serializers.IntegerField()
    reserve_yen = serializers.IntegerField()


class SettingsOutput(serializers.ModelSerializer[CapitalSettings]):
    class Meta:
        model = CapitalSettings
        fields = list(services.SETTINGS_FIELDS)


class WithdrawalOutput(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    notice_on = serializers.DateField()
    effective_on = serializers.DateField()
    status = serializers.CharField()


# Member's own -----------------------------------------------------------------------------------------


class MeCapitalApi(ApiView):
    """The caller's own capital statement."""

    @extend_schema(
        operation_id="me_capital_retrieve",
        parameters=[AS_OF],
        responses={200: StatementOutput, 400: ERRORS[400], 404: ERRORS[404]},
    )
    def get(self, request: Request) -> Response:
        """Your own capital: shares, subscribed, paid and unpaid, and every entry with running balances."""
        statement = selectors.own_statement(user=self.user(), as_of=parse_as_of(request))
        return Response(StatementOutput(statement).data)


class FederationCapitalApi(ApiView):
    """Capital by coop, for federation staff: totals only."""

    pagination_class = None

    @extend_schema(
        operation_id="federation_capital_list",
        parameters=[AS_OF],
        responses={200: CoopCapitalOutput(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def get(self, request: Request) -> Response:
        """Totals of each coop's capital ledger; no personal data."""
        lines = selectors.federation_capital_by_coop(user=self.user(), as_of=parse_as_of(request))
        return Response(CoopCapitalOutput(lines, many=True).data)


# Officers and the auditor -----------------------------------------------------------------------------


class CapitalView(ApiView):
    """An endpoint inside one coop's capital ledger: its officers and auditor read, its officers write."""

    def coop(self, code: str) -> Coop:
        return selectors.capital_coop_get(user=self.user(), code=code)

    def writable(self, code: str) -> Coop:
        coop = self.coop(code)
        if not selectors.writes_ledger(user=self.user(), coop=coop):
            raise PermissionDenied
        return coop

    def person(self, coop: Coop, person_id: int) -> Person:
        return selectors.capital_person_get(user=self.user(), coop=coop, person_id=person_id)


class RegisterApi(CapitalView):
    @extend_schema(
        operation_id="coops_capital_register_list",
        parameters=[AS_OF],
        responses={200: RegisterRowOutput(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def get(self, request: Request, code: str) -> Response:
        """The capital register (出資者名簿) as of a day, by member number."""
        coop = self.coop(code)
        rows = selectors.capital_register(user=self.user(), coop=coop, as_of=parse_as_of(request))
        return self.paginated(rows, RegisterRowOutput)


class PersonCapitalApi(CapitalView):
    @extend_schema(
        operation_id="coops_capital_person_retrieve",
        parameters=[AS_OF],
        responses={200: StatementOutput, 400: ERRORS[400], 404: ERRORS[404]},
    )
    def get(self, request: Request, code: str, person_id: int) -> Response:
        """A member's capital statement."""
        coop = self.coop(code)
        statement = selectors.member_statement(
            user=self.user(), coop=coop, person_id=person_id, as_of=parse_as_of(request)
        )
        return Response(StatementOutput(statement).data)


class SettingsInput(serializers.ModelSerializer[CapitalSettings]):
    class Meta:
        model = CapitalSettings
        fields = list(services.SETTINGS_FIELDS)


class SettingsApi(CapitalView):
    @extend_schema(operation_id="coops_capital_settings_retrieve", responses={200: SettingsOutput, 404: ERRORS[404]})
    def get(self, request: Request, code: str) -> Response:
        """The coop's capital settings (from its articles)."""
        return Response(SettingsOutput(selectors.capital_settings_of(coop=self.coop(code))).data)

    @extend_schema(
        operation_id="coops_capital_settings_partial_update",
        request=SettingsInput,
        responses={200: SettingsOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def patch(self, request: Request, code: str) -> Response:
        """Change some of the coop's capital settings; the Act's floors are enforced."""
        coop = self.writable(code)
        serializer = SettingsInput(data=request.data, partial=True)
        if not serializer.is_valid():
            raise TomoniError(str(_("Some of the input is not valid.")), errors=dict(serializer.errors))
        settings = services.capital_settings_update(actor=self.user(), coop=coop, **serializer.validated_data)
        return Response(SettingsOutput(settings).data)


class SubscriptionInput(serializers.Serializer):
    shares = serializers.IntegerField(min_value=1, max_value=MAX_SHARES)
    effective_on = serializers.DateField()
    memo = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class PaymentInput(serializers.Serializer):
    amount_yen = serializers.IntegerField(min_value=1, max_value=MAX_YEN)
    payment_method = serializers.ChoiceField(choices=PaymentMethod.choices)
    effective_on = serializers.DateField()
    memo = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class TransferInput(serializers.Serializer):
    to_member_number = serializers.CharField(max_length=20)
    shares = serializers.IntegerField(min_value=1, max_value=MAX_SHARES)
    effective_on = serializers.DateField()
    approval_ref = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("The general meeting's approval, needed for a holding above 25% (up to 35%) of all shares."),
    )
    memo = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class WithdrawalInput(serializers.Serializer):
    notice_on = serializers.DateField()
    effective_on = serializers.DateField(required=False, allow_null=True, default=None)


class RefundInput(SubscriptionInput):
    pass


class ReversalInput(serializers.Serializer):
    effective_on = serializers.DateField()
    memo = serializers.CharField(max_length=500)


def _created(entries: list[CapitalEntry] | CapitalEntry) -> Response:
    items = entries if isinstance(entries, list) else [entries]
    return Response(EntryOutput(items, many=True).data, status=status.HTTP_201_CREATED)


WRITE_ERRORS: dict[int | tuple[int, str], Any] = {
    201: EntryOutput(many=True),
    400: ERRORS[400],
    403: ERRORS[403],
    404: ERRORS[404],
}


class CapitalWriteView(CapitalView):
    """A write to the ledger: it answers with every entry it recorded (one, or both halves of a transfer) as a
    plain list, never a page of them, so the schema has no limit and offset and no paginated answer here."""

    pagination_class = None


class SubscriptionsApi(CapitalWriteView):
    @extend_schema(operation_id="coops_capital_subscriptions_create", request=SubscriptionInput, responses=WRITE_ERRORS)
    def post(self, request: Request, code: str, person_id: int) -> Response:
        """Record a subscription of shares (capital owed at par, within the Art 9 cap)."""
        coop = self.writable(code)
        person = self.person(coop, person_id)
        data = parse(SubscriptionInput, request.data)
        return _created(services.capital_subscribe(actor=self.user(), person=person, **data))


class PaymentsApi(CapitalWriteView):
    @extend_schema(operation_id="coops_capital_payments_create", request=PaymentInput, responses=WRITE_ERRORS)
    def post(self, request: Request, code: str, person_id: int) -> Response:
        """Record a payment of subscribed capital (lump sum, instalment or deduction from pay)."""
        coop = self.writable(code)
        person = self.person(coop, person_id)
        data = parse(PaymentInput, request.data)
        data["method"] = data.pop("payment_method")
        return _created(services.capital_pay(actor=self.user(), person=person, **data))


class TransfersApi(CapitalWriteView):
    @extend_schema(operation_id="coops_capital_transfers_create", request=TransferInput, responses=WRITE_ERRORS)
    def post(self, request: Request, code: str, person_id: int) -> Response:
        """Transfer shares from this member to another member of the coop (Art 9 cap)."""
        coop = self.writable(code)
        person = self.person(coop, person_id)
        data = parse(TransferInput, request.data)
        to_person = selectors.person_by_member_number(coop=coop, number=data.pop("to_member_number"))
        if to_person is None:
            raise TomoniError(str(_("No member of this coop has that number.")), field="to_member_number")
        out, into = services.capital_transfer(actor=self.user(), from_person=person, to_person=to_person, **data)
        return _created([out, into])


class WithdrawalsApi(CapitalWriteView):
    @extend_schema(
        operation_id="coops_capital_withdrawals_create",
        request=WithdrawalInput,
        responses={201: WithdrawalOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def post(self, request: Request, code: str, person_id: int) -> Response:
        """Record a member's notice of withdrawal; it takes effect per the articles."""
        coop = self.writable(code)
        person = self.person(coop, person_id)
        data = parse(WithdrawalInput, request.data)
        notice = services.capital_withdrawal_notify(actor=self.user(), person=person, **data)
        return Response(WithdrawalOutput(notice).data, status=status.HTTP_201_CREATED)


class RefundsApi(CapitalWriteView):
    @extend_schema(operation_id="coops_capital_refunds_create", request=RefundInput, responses=WRITE_ERRORS)
    def post(self, request: Request, code: str, person_id: int) -> Response:
        """Refund shares: all of them once a withdrawal is in effect, or some while the member stays."""
        coop = self.writable(code)
        person = self.person(coop, person_id)
        data = parse(RefundInput, request.data)
        return _created(services.capital_refund(actor=self.user(), person=person, **data))


class ReversalApi(CapitalWriteView):
    @extend_schema(operation_id="coops_capital_entry_reversal_create", request=ReversalInput, responses=WRITE_ERRORS)
    def post(self, request: Request, code: str, entry_id: int) -> Response:
        """Correct an entry with a reversing entry pointing at it (both halves of a transfer)."""
        coop = self.writable(code)
        entry = selectors.capital_entry_get(user=self.user(), coop=coop, entry_id=entry_id)
        data = parse(ReversalInput, request.data)
        return _created(services.capital_reverse(actor=self.user(), entry=entry, **data))


CAPITAL = "coops/<slug:code>/capital/"
PERSON = CAPITAL + "people/<int:person_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("me/capital/", MeCapitalApi.as_view(), name="api-me-capital"),
    path("federation/capital/", FederationCapitalApi.as_view(), name="api-federation-capital"),
    path(CAPITAL + "register/", RegisterApi.as_view(), name="api-capital-register"),
    path(CAPITAL + "settings/", SettingsApi.as_view(), name="api-capital-settings"),
    path(CAPITAL + "entries/<int:entry_id>/reversal/", ReversalApi.as_view(), name="api-capital-reversal"),
    path(PERSON, PersonCapitalApi.as_view(), name="api-capital-person"),
    path(PERSON + "subscriptions/", SubscriptionsApi.as_view(), name="api-capital-subscriptions"),
    path(PERSON + "payments/", PaymentsApi.as_view(), name="api-capital-payments"),
    path(PERSON + "transfers/", TransfersApi.as_view(), name="api-capital-transfers"),
    path(PERSON + "withdrawals/", WithdrawalsApi.as_view(), name="api-capital-withdrawals"),
    path(PERSON + "refunds/", RefundsApi.as_view(), name="api-capital-refunds"),
]
