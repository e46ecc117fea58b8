"""Pages of the reports. They keep the `federation:` URL names the site has always used (config/urls.py
joins them with the registry's own pages), so links across the contexts do not change."""

from django.urls import URLPattern, URLResolver, path

from tomoni.reports.registry import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("figures/", views.figures, name="figures"),
    path("federation/", views.overview, name="overview"),
    path("coops/<slug:code>/", views.coop, name="coop"),
    path("coops/<slug:code>/compliance/", views.compliance, name="compliance"),
    path("coops/<slug:code>/centres/<slug:centre_code>/", views.centre, name="centre"),
]
