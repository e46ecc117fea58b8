"""Tomoni's URLs: the pages of each context, the REST API, accounts, and the operators' admin."""

from django.contrib import admin
from django.urls import include, path

from tomoni.federation import urls as federation_urls
from tomoni.reports.registry import urls as reports_urls

urlpatterns = [
    # First: a vote or any API call is then resolved without trying the pages' patterns before it.
    path("api/v1/", include("config.api_urls")),
    path("", include("tomoni.core.urls")),
    path("", include("tomoni.preferences.urls")),
    # The registry's pages and the reports over it (figures, overview, coop, compliance and centre pages)
    # keep the `federation:` names every context links to.
    path("", include((federation_urls.urlpatterns + reports_urls.urlpatterns, "federation"))),
    path("", include("tomoni.members.urls")),
    path("", include("tomoni.capital.urls")),
    path("", include("tomoni.governance.urls")),
    path("", include("tomoni.work.urls")),
    path("", include("tomoni.inclusion.urls")),
    path("", include("tomoni.operations.urls")),
    path("", include("tomoni.reports.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("operator/", admin.site.urls),
]

# Under /api/v1/ a URL no route matches (a non-numeric id) answers in JSON like every other API error.
handler404 = "tomoni.core.errors.not_found"
