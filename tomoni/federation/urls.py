"""Pages of the federation context."""

from django.urls import URLPattern, URLResolver, path

from tomoni.federation import views

app_name = "federation"
urlpatterns: list[URLPattern | URLResolver] = [
    path("figures/", views.figures, name="figures"),
    path("federation/", views.overview, name="overview"),
    path("coops/<slug:code>/", views.coop, name="coop"),
    path("coops/<slug:code>/compliance/", views.compliance, name="compliance"),
    path("coops/<slug:code>/audit-log/", views.audit_log, name="audit_log"),
    path("coops/<slug:code>/centres/<slug:centre_code>/", views.centre, name="centre"),
]
