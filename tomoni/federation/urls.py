"""Pages of the federation context (config/urls.py serves them with the reports under `federation:`)."""

from django.urls import URLPattern, URLResolver, path

from tomoni.federation import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("coops/<slug:code>/audit-log/", views.audit_log, name="audit_log"),
]
