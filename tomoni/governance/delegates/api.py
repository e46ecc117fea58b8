"""REST API of delegate constituencies: the list with members and seats, and one with its delegates in office
and elections. Read-only (the officers set them on the pages); scoped like the meetings: a member of the
coop reaches them, anyone else gets a 404.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tomoni.core import clock
from tomoni.federation.api import ERRORS, ApiView
from tomoni.federation.models import Centre, Region
from tomoni.governance.delegates import selectors as delegates
from tomoni.governance.meetings import selectors
from tomoni.governance.models import Constituency, Delegate, Motion


class ConstituencyOutput(serializers.ModelSerializer[Constituency]):
    region: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    centre: serializers.SlugRelatedField[Centre] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    members = serializers.IntegerField(
        source="members_today", read_only=True, help_text="Members of the constituency today."
    )
    delegates = serializers.IntegerField(
        source="delegates_today", read_only=True, help_text="Its delegates in office today."
    )

    class Meta:
        model = Constituency
        fields = ["id", "name", "region", "centre", "seats", "members", "delegates"]


class DelegateOutput(serializers.ModelSerializer[Delegate]):
    name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = Delegate
        fields = ["name", "started_on", "ended_on", "elected_by"]


class ElectionOutput(serializers.ModelSerializer[Motion]):
    class Meta:
        model = Motion
        fields = ["id", "meeting", "title", "seats", "status", "opens_at", "closes_at"]


class ConstituencyDetailOutput(ConstituencyOutput):
    delegates_in_office = DelegateOutput(many=True, read_only=True)
    elections = ElectionOutput(many=True, read_only=True)

    class Meta(ConstituencyOutput.Meta):
        fields = [*ConstituencyOutput.Meta.fields, "delegates_in_office", "elections"]


def _with_counts(constituency: Constituency) -> Constituency:
    today = clock.today()
    annotated: Any = constituency
    annotated.members_today = delegates.member_count(constituency, today)
    annotated.delegates_today = delegates.delegates_in_office(constituency, today).count()
    return constituency


class ConstituenciesApi(ApiView):
    """The coop's delegate constituencies."""

    @extend_schema(
        operation_id="coops_constituencies_list",
        responses={200: ConstituencyOutput(many=True), 404: ERRORS[404]},
    )
    def get(self, request: Request, code: str) -> Response:
        """Each constituency with its members and delegates in office today and its seats."""
        coop = selectors.coop_for_meetings(user=self.user(), code=code)
        items = [_with_counts(c) for c in delegates.constituencies_visible(self.user(), coop)]
        return self.paginated(items, ConstituencyOutput)


class ConstituencyApi(ApiView):
    """One delegate constituency."""

    @extend_schema(
        operation_id="coops_constituencies_retrieve",
        responses={200: ConstituencyDetailOutput, 404: ERRORS[404]},
    )
    def get(self, request: Request, code: str, constituency_id: int) -> Response:
        """A constituency with its delegates in office today and the elections held in it."""
        found = _with_counts(delegates.constituency_get(self.user(), code, constituency_id))
        annotated: Any = found
        annotated.delegates_in_office = list(delegates.delegates_in_office(found, clock.today()))
        annotated.elections = list(delegates.constituency_elections(found))
        return Response(ConstituencyDetailOutput(found).data)


urlpatterns: list[URLPattern | URLResolver] = [
    path("coops/<slug:code>/constituencies/", ConstituenciesApi.as_view(), name="api-governance-constituencies"),
    path(
        "coops/<slug:code>/constituencies/<int:constituency_id>/",
        ConstituencyApi.as_view(),
        name="api-governance-constituency",
    ),
]

# A member of the coop reaches them (tomoni.governance.testing).
MEMBER_ROUTES = [
    "api/v1/coops/<slug:code>/constituencies/",
    "api/v1/coops/<slug:code>/constituencies/<int:constituency_id>/",
]
