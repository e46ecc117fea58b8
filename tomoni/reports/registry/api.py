"""REST API of the reports: the federation's published figures and, for federation staff, its coops in counts.

Each endpoint parses its input, calls one selector, and renders; never a person's data.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from tomoni.core import clock
from tomoni.federation.api import ERRORS, ApiView, AsOfInput, PublicThrottle, as_of_parameter, parse, parse_as_of
from tomoni.federation.models import CoopKind
from tomoni.members.models import MembershipKind
from tomoni.reports.registry import selectors


class FiguresOutput(serializers.Serializer):
    as_of = serializers.DateField()
    federation = serializers.CharField(source="federation.code")
    federation_name = serializers.CharField(source="federation.name")
    member_societies = serializers.IntegerField(help_text=_("Member organisations not run by the federation."))
    individual_members = serializers.IntegerField()
    worker_members = serializers.IntegerField()
    consumer_members = serializers.IntegerField()
    cwc_regions = serializers.IntegerField(help_text=_("Regions of the coop under the federation's direct control."))
    cwc_centres = serializers.IntegerField(help_text=_("Centres of the coop under the federation's direct control."))
    cwc_members = serializers.IntegerField(help_text=_("Members of the coop under the federation's direct control."))
    coops_by_kind = serializers.DictField(child=serializers.IntegerField(), help_text=", ".join(CoopKind.values))
    members_by_kind = serializers.DictField(
        child=serializers.IntegerField(), help_text=", ".join(MembershipKind.values)
    )
    turnover_fiscal_year = serializers.IntegerField(help_text=_("The fiscal year of the turnover figures."))
    turnover_yen = serializers.IntegerField(
        allow_null=True, help_text=_("Business revenue of all coops, from the books.")
    )
    cwc_turnover_yen = serializers.IntegerField(
        allow_null=True, help_text=_("Business revenue of the coop under the federation's direct control.")
    )


class FiguresInput(AsOfInput):
    fiscal_year = serializers.IntegerField(required=False, min_value=1900, max_value=9999)


class FiguresApi(ApiView):
    """The federation's published figures as of a date (public, like the seed's profile)."""

    permission_classes = [AllowAny]
    throttle_classes = [PublicThrottle]

    @extend_schema(
        operation_id="federation_figures",
        parameters=[
            as_of_parameter(),
            OpenApiParameter(
                "fiscal_year", int, description=_("Fiscal year of the turnover; the last one if omitted.")
            ),
        ],
        responses={200: FiguresOutput, 400: ERRORS[400], 404: ERRORS[404]},
        auth=[],
    )
    def get(self, request: Request) -> Response:
        """The federation's published figures as of a date; public."""
        query = parse(FiguresInput, request.query_params)
        figures = selectors.federation_figures(
            as_of=query.get("as_of") or clock.today(), fiscal_year=query.get("fiscal_year")
        )
        return Response(FiguresOutput(figures).data)


class CoopAggregateOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=CoopKind.choices)
    directly_controlled = serializers.BooleanField()
    member_count = serializers.IntegerField()


class FederationCoopsApi(ApiView):
    """For federation staff: each coop with its member count; never a person."""

    @extend_schema(
        operation_id="federation_coops_list",
        parameters=[as_of_parameter()],
        responses={200: CoopAggregateOutput(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def get(self, request: Request) -> Response:
        """Each coop with its member count as of a date, for federation staff; never a person."""
        rows = selectors.coop_aggregates(user=self.user(), as_of=parse_as_of(request))
        return self.paginated(rows, CoopAggregateOutput)


urlpatterns: list[URLPattern | URLResolver] = [
    path("federation/figures/", FiguresApi.as_view(), name="api-federation-figures"),
    path("federation/coops/", FederationCoopsApi.as_view(), name="api-federation-coops"),
]
