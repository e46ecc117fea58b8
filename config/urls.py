"""Tomoni's URLs: the pages of each context, the REST API, accounts, and the operators' admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    # First: a vote or any API call is then resolved without trying the pages' patterns before it.
    path("api/v1/", include("config.api_urls")),
    path("", include("tomoni.core.urls")),
    path("", include("tomoni.preferences.urls")),
    path("", include("tomoni.federation.urls")),
    path("", include("tomoni.members.urls")),
    path("", include("tomoni.capital.urls")),
    path("", include("tomoni.governance.urls")),
    path("", include("tomoni.work.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("operator/", admin.site.urls),
]
