"""REST API v1: each context contributes its routes; token issuance and the schema are served beside them."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from tomoni.federation.api import AuthTokenApi

urlpatterns = [
    # Voting first: it is the route under load (a general meeting's votes all at once), and Django tries
    # the patterns in order, so it then resolves without matching every other route before it.
    path("", include("tomoni.governance.voting.api")),
    path("auth/token/", AuthTokenApi.as_view(), name="api-auth-token"),
    path("", include("tomoni.core.api")),
    path("", include("tomoni.federation.api")),
    path("", include("tomoni.reports.registry.api")),
    path("", include("tomoni.members.api")),
    path("", include("tomoni.capital.ledger.api")),
    path("", include("tomoni.capital.appropriation.api")),  # the year-end appropriation (CAP-APPROP)
    path("", include("tomoni.governance.voice.api")),
    path("", include("tomoni.work.api")),
    path("", include("tomoni.inclusion.api")),
    path("", include("tomoni.operations.api")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
