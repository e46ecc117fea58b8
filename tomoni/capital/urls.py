"""Pages of the capital context."""

from django.urls import URLPattern, URLResolver

app_name = "capital"

urlpatterns: list[URLPattern | URLResolver] = []
