"""Pages of the reports layer: the start page."""

from django.urls import path

from tomoni.reports import views

app_name = "reports"

urlpatterns = [
    path("start/", views.start, name="start"),
]
