"""The core's REST endpoints: the caller's own API token (when it expires; revoking it)."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tomoni.core import selectors, services
from tomoni.core.models import User


class ApiTokenOutput(serializers.Serializer):
    created = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    expired = serializers.BooleanField()


class ApiTokenCurrentApi(APIView):
    """The caller's own API token: when it was issued and when it expires; DELETE revokes it."""

    @extend_schema(
        operation_id="auth_token_current_retrieve",
        responses={200: ApiTokenOutput, 404: OpenApiResponse(description="The caller has no API token.")},
    )
    def get(self, request: Request) -> Response:
        """When the caller's API token was issued and when it expires (never the key); 404 without one."""
        info = selectors.api_token_of(user=self._user(request))
        if info is None:
            raise NotFound
        return Response(ApiTokenOutput(info).data)

    @extend_schema(operation_id="auth_token_current_destroy", responses={204: None})
    def delete(self, request: Request) -> Response:
        """Revoke the caller's API token (every program using it must log in again)."""
        user = self._user(request)
        services.api_token_revoke(user=user, actor=user, reason=services.REVOKED_BY_OWNER)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @staticmethod
    def _user(request: Request) -> User:
        user: User = request.user  # type: ignore[assignment]
        return user


urlpatterns = [path("auth/token/current/", ApiTokenCurrentApi.as_view(), name="api-auth-token-current")]
