"""Pages of the governance context."""

from django.urls import URLPattern, URLResolver, include, path

app_name = "governance"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("tomoni.governance.urls_voice")),  # proposals, decisions, minutes, notices (GOV-VOICE)
]
