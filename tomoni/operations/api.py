"""REST API of the books: a coop's profit and loss by centre for a fiscal year (open books: every member)."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tomoni.core import clock
from tomoni.core.money import fiscal_year_of
from tomoni.federation.api import ERRORS, ApiView, parse
from tomoni.operations import selectors


class YearInput(serializers.Serializer):
    fiscal_year = serializers.IntegerField(required=False, min_value=1900, max_value=9999)


class CentreYearOutput(serializers.Serializer):
    department = serializers.CharField(source="department.code")
    name = serializers.CharField(source="department.name")
    revenue_yen = serializers.IntegerField()
    expenses_yen = serializers.IntegerField()
    surplus_yen = serializers.IntegerField()
    months = serializers.ListField(child=serializers.IntegerField(), help_text=_("Surplus per month, April first."))


class BooksOutput(serializers.Serializer):
    coop = serializers.CharField()
    fiscal_year = serializers.IntegerField()
    business_revenue_yen = serializers.IntegerField()
    surplus_yen = serializers.IntegerField()
    centres = CentreYearOutput(many=True)


class BooksApi(ApiView):
    """A coop's profit and loss for a fiscal year, and each centre's, from the monthly summaries."""

    @extend_schema(
        operation_id="coop_books",
        parameters=[OpenApiParameter("fiscal_year", int, description=_("The fiscal year (April to March)."))],
        responses={200: BooksOutput, 400: ERRORS[400], 404: ERRORS[404]},
    )
    def get(self, request: Request, code: str) -> Response:
        """The coop's P&L by centre; every member of the coop reads it."""
        coop = selectors.books_coop_get(user=self.user(), code=code)
        year = parse(YearInput, request.query_params).get("fiscal_year") or fiscal_year_of(clock.today()) - 1
        pl = selectors.profit_and_loss_of(coop=coop, fiscal_year=year)
        return Response(
            BooksOutput(
                {
                    "coop": coop.code,
                    "fiscal_year": year,
                    "business_revenue_yen": pl.business_revenue_yen,
                    "surplus_yen": pl.surplus_yen,
                    "centres": selectors.pl_by_department(coop=coop, fiscal_year=year),
                }
            ).data
        )


urlpatterns = [path("coops/<slug:code>/books/", BooksApi.as_view(), name="api-coop-books")]
