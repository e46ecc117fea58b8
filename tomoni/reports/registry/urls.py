"""Pages of the reports. They keep the `federation:` URL names the site has always used (config/urls.py
joins them with the registry's own pages), so links across the contexts do not change."""

from django.urls import URLPattern, URLResolver, path

from tomoni.reports.audit import views as audit_views
from tomoni.reports.registry import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("figures/", views.figures, name="figures"),
    path("federation/", views.overview, name="overview"),
    path("coops/<slug:code>/", views.coop, name="coop"),
    path("coops/<slug:code>/compliance/", views.compliance, name="compliance"),
    path("coops/<slug:code>/centres/<slug:centre_code>/", views.centre, name="centre"),
    path("coops/<slug:code>/audit-log/", audit_views.audit_log, name="audit_log"),
    path("coops/<slug:code>/audit-log/export.<slug:fmt>", audit_views.audit_log_export, name="audit_log_export"),
    path("coops/<slug:code>/audit-log/imports/<int:job_id>/", audit_views.audit_import, name="audit_import"),
]
