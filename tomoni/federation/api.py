"""REST API of the federation context: the registry (coops, regions, centres) and the API's shared plumbing.

Every endpoint parses its input, calls one selector or service, and renders. Reads are scoped by the
selectors exactly like the pages: an object outside the caller's grants is a 404, and lists hold only
what the caller may see. Errors have one shape: ``{"detail": "...", "errors": {field: [message]}}``,
in the request's language (Accept-Language).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, Throttled
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from tomoni.core import clock
from tomoni.core.errors import TomoniError
from tomoni.core.models import User
from tomoni.core.services import api_token_issue
from tomoni.federation import selectors
from tomoni.federation.models import BusinessLine, Centre, Coop, Region

# Plumbing shared by the API of every context -----------------------------------------------------------


class ErrorOutput(serializers.Serializer):
    """The one error shape: a message, and the messages of each field that was refused."""

    detail = serializers.CharField()
    # The metaclass moves declared fields off the class, so this does not shadow Serializer.errors.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()), required=False
    )
    code = serializers.CharField(
        required=False, help_text=_("A word a program can act on, where there is one: two_factor_required.")
    )


ERRORS: dict[int, OpenApiResponse] = {
    400: OpenApiResponse(ErrorOutput, description=_("The input was refused; `errors` names the fields.")),
    403: OpenApiResponse(ErrorOutput, description=_("You may read this object but not change it.")),
    404: OpenApiResponse(ErrorOutput, description=_("No such object among those you may see.")),
}


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
        "example": "09:00",
        "description": "A time of day in the coop's local time (Japan), hours and minutes: HH:MM.",
    }
)
class TimeOfDayField(serializers.TimeField):
    """A wall-clock time of day, in whole minutes and the coop's local time, as ``HH:MM``.

    Not OpenAPI's ``format: time``, which is RFC 3339's full-time and needs seconds and a UTC offset: a shift
    that starts at 09:00 starts at nine wherever the reader is, and Tomoni keeps time in whole minutes.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%H:%M")
        kwargs.setdefault("input_formats", ["%H:%M"])
        super().__init__(**kwargs)


def parse(serializer_class: type[BaseSerializer[Any]], data: Any, **context: Any) -> dict[str, Any]:
    """Validate input with a serializer; refuse it as one TomoniError naming every field at fault.

    A query string is read as plain values: DRF would take `?as_of=` (empty) as no value at all, where the
    schema says a date.
    """
    if isinstance(data, QueryDict):
        data = data.dict()
    serializer = serializer_class(data=data, context=context)
    if not serializer.is_valid():
        raise TomoniError(gettext("Some of the input is not valid."), errors=dict(serializer.errors))
    return dict(serializer.validated_data)


def parse_partial(serializer_class: type[BaseSerializer[Any]], data: Any, **context: Any) -> dict[str, Any]:
    """Like parse, for PATCH: only the fields given are validated and returned."""
    serializer = serializer_class(data=data, context=context, partial=True)
    if not serializer.is_valid():
        raise TomoniError(gettext("Some of the input is not valid."), errors=dict(serializer.errors))
    return dict(serializer.validated_data)


class Pagination(LimitOffsetPagination):
    """Pages by limit and offset; a limit or offset that is not a whole number in range is refused with a 400
    (DRF's own would quietly fall back to the first page), as the schema's minimum says."""

    default_limit = 50
    max_limit = 500

    def get_limit(self, request: Request) -> int | None:
        if self.limit_query_param in request.query_params:
            limit = _whole_number(request, self.limit_query_param, minimum=1)
            return min(limit, self.max_limit)
        return self.default_limit

    def get_offset(self, request: Request) -> int:
        if self.offset_query_param in request.query_params:
            return _whole_number(request, self.offset_query_param, minimum=0)
        return 0

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1 if parameter["name"] == self.limit_query_param else 0
        return parameters


def _whole_number(request: Request, name: str, *, minimum: int) -> int:
    text = request.query_params[name]
    if not text.isascii() or not text.isdigit() or int(text) < minimum:
        message = gettext("A whole number, %(minimum)s or more.") % {"minimum": minimum}
        raise TomoniError(gettext("Some of the input is not valid."), errors={name: [message]})
    return int(text)


class StrictBooleanField(serializers.BooleanField):
    """JSON's true or false, and nothing else (DRF's own also takes 0, 1, "yes", "on"…, which the schema's
    `boolean` does not)."""

    default_error_messages = {"invalid": _("Must be true or false.")}

    def to_internal_value(self, data: Any) -> bool:
        if isinstance(data, bool):
            return data
        self.fail("invalid", input=data)
        raise AssertionError  # fail raises


class ApiView(APIView):
    """Base of every endpoint: authenticated by default, lists paginated by limit and offset."""

    parser_classes = [JSONParser]
    pagination_class: type[Pagination] | None = Pagination

    def paginated(self, items: QuerySet[Any] | Sequence[Any], output: type[BaseSerializer[Any]]) -> Response:
        paginator = Pagination()
        page = paginator.paginate_queryset(items, self.request, view=self)  # type: ignore[arg-type]
        return paginator.get_paginated_response(output(page, many=True, context={"request": self.request}).data)

    def user(self) -> User:
        return self.request.user  # type: ignore[return-value]

    def require_writer(self, coop: Coop) -> None:
        """Readers without a writing grant in the coop (auditors) are refused with 403, before any service."""
        if not selectors.coop_writable(user=self.user(), coop=coop):
            raise PermissionDenied


class PublicThrottle(AnonRateThrottle):
    rate = "120/minute"


class TokenThrottle(AnonRateThrottle):
    """Per address, whatever the outcome; failed logins are also counted per account by allauth."""

    scope = "auth_token"
    rate = "20/minute"


def as_of_parameter(description: str = "") -> OpenApiParameter:
    return OpenApiParameter(
        "as_of",
        OpenApiTypes.DATE,
        description=description or _("The day the figures describe (YYYY-MM-DD); today if omitted."),
    )


class AsOfInput(serializers.Serializer):
    as_of = serializers.DateField(required=False)


def parse_as_of(request: Request) -> dt.date:
    as_of: dt.date | None = parse(AsOfInput, request.query_params).get("as_of")
    return as_of or clock.today()


# Token issuance -----------------------------------------------------------------------------------------


class TokenInput(serializers.Serializer):
    username = serializers.CharField(
        max_length=254, help_text=_("Member number, username or email address."), trim_whitespace=True
    )
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})
    code = serializers.CharField(
        max_length=64,
        required=False,
        help_text=_("The code from an authenticator app, for accounts with two-factor authentication."),
    )


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()


class AuthTokenApi(APIView):
    """Issue an API token for a username (member number) or email address and password."""

    authentication_classes: list[type] = []
    parser_classes = [JSONParser]
    permission_classes = [AllowAny]
    throttle_classes = [TokenThrottle]

    @extend_schema(
        operation_id="auth_token_create",
        request=TokenInput,
        responses={
            200: TokenOutput,
            400: ERRORS[400],
            403: OpenApiResponse(
                ErrorOutput,
                description=_(
                    "Two-factor authentication is required of this login and is not on (`code`: "
                    "two_factor_required); or the client's address, by which failed logins are counted, is unknown."
                ),
            ),
            429: ErrorOutput,
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        """Exchange a login and password (and a two-factor code where enabled) for a token."""
        from allauth.account.adapter import get_adapter
        from allauth.mfa.base.forms import BaseAuthenticateForm
        from allauth.mfa.utils import is_mfa_enabled

        data = parse(TokenInput, request.data)
        login = data["username"]
        credentials = {"email" if "@" in login else "username": login, "password": data["password"]}
        try:
            # allauth's adapter counts failures per account and locks out, for the web login and the API alike.
            user = get_adapter(request._request).authenticate(request._request, **credentials)
        except DjangoValidationError as exc:
            raise Throttled(detail=" ".join(exc.messages)) from exc
        if user is None or not user.is_active:
            raise TomoniError(gettext("The login or the password is not right."))
        if is_mfa_enabled(user):
            if not data.get("code"):
                raise TomoniError(
                    gettext("This account uses two-factor authentication: give the code from your authenticator app."),
                    field="code",
                )
            form = BaseAuthenticateForm(user=user, data={"code": data["code"]})
            if not form.is_valid():
                raise TomoniError(gettext("The code is not right."), errors={"code": form.errors["code"]})
            form.authenticator.record_usage()
        return Response({"token": api_token_issue(user=user)})


# The registry ---------------------------------------------------------------------------------------------


class BusinessLineOutput(serializers.ModelSerializer[BusinessLine]):
    class Meta:
        model = BusinessLine
        fields = ["code", "name", "name_en"]


class BusinessLinesApi(ApiView):
    """The lines of business (public reference data)."""

    permission_classes = [AllowAny]
    throttle_classes = [PublicThrottle]

    @extend_schema(operation_id="business_lines_list", responses={200: BusinessLineOutput(many=True)}, auth=[])
    def get(self, request: Request) -> Response:
        """The lines of business; public reference data."""
        return self.paginated(selectors.business_lines(), BusinessLineOutput)


# The registry: coops, regions, centres --------------------------------------------------------------------


class CoopOutput(serializers.ModelSerializer[Coop]):
    class Meta:
        model = Coop
        fields = [
            "code",
            "name",
            "name_en",
            "kind",
            "legal_form",
            "prefecture_code",
            "founded_on",
            "joined_federation_on",
            "left_federation_on",
            "directly_controlled",
            "member_audit_board",
            "delegate_meeting",
        ]


class CoopsApi(ApiView):
    """The coops whose register the caller reads (officers and auditors of the coop)."""

    @extend_schema(operation_id="coops_list", responses={200: CoopOutput(many=True)})
    def get(self, request: Request) -> Response:
        """The coops whose register you read."""
        return self.paginated(selectors.coops_visible(user=self.user()), CoopOutput)


class CoopApi(ApiView):
    """One coop whose register the caller reads."""

    @extend_schema(operation_id="coops_retrieve", responses={200: CoopOutput, 404: ERRORS[404]})
    def get(self, request: Request, code: str) -> Response:
        """One coop whose register you read."""
        return Response(CoopOutput(selectors.coop_get(user=self.user(), code=code)).data)


class RegionOutput(serializers.ModelSerializer[Region]):
    class Meta:
        model = Region
        fields = ["code", "name", "opened_on", "closed_on"]


class RegionsApi(ApiView):
    """The regions of a coop that the caller's grants reach."""

    @extend_schema(operation_id="coops_regions_list", responses={200: RegionOutput(many=True), 404: ERRORS[404]})
    def get(self, request: Request, code: str) -> Response:
        """The regions of a coop that your grants reach."""
        coop = selectors.coop_reached(user=self.user(), code=code)
        return self.paginated(selectors.regions_visible(user=self.user(), coop=coop), RegionOutput)


class CentreOutput(serializers.ModelSerializer[Centre]):
    coop: serializers.SlugRelatedField[Coop] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    business_lines = serializers.ManyRelatedField(
        child_relation=serializers.SlugRelatedField(slug_field="code", read_only=True), read_only=True
    )

    class Meta:
        model = Centre
        fields = [
            "code",
            "name",
            "coop",
            "region",
            "prefecture_code",
            "municipality",
            "business_lines",
            "opened_on",
            "closed_on",
        ]


class CentresApi(ApiView):
    """The centres of a coop that the caller's grants reach."""

    @extend_schema(operation_id="coops_centres_list", responses={200: CentreOutput(many=True), 404: ERRORS[404]})
    def get(self, request: Request, code: str) -> Response:
        """The centres of a coop that your grants reach."""
        coop = selectors.coop_reached(user=self.user(), code=code)
        return self.paginated(selectors.centres_listed(user=self.user(), coop=coop), CentreOutput)


class CentreApi(ApiView):
    """One centre the caller's grants reach."""

    @extend_schema(operation_id="coops_centres_retrieve", responses={200: CentreOutput, 404: ERRORS[404]})
    def get(self, request: Request, code: str, centre_code: str) -> Response:
        """One centre that your grants reach."""
        centre = selectors.centre_get(user=self.user(), coop_code=code, centre_code=centre_code)
        return Response(CentreOutput(centre).data)


urlpatterns: list[URLPattern | URLResolver] = [
    path("business-lines/", BusinessLinesApi.as_view(), name="api-business-lines"),
    path("coops/", CoopsApi.as_view(), name="api-coops"),
    path("coops/<slug:code>/", CoopApi.as_view(), name="api-coop"),
    path("coops/<slug:code>/regions/", RegionsApi.as_view(), name="api-coop-regions"),
    path("coops/<slug:code>/centres/", CentresApi.as_view(), name="api-coop-centres"),
    path("coops/<slug:code>/centres/<slug:centre_code>/", CentreApi.as_view(), name="api-coop-centre"),
]
