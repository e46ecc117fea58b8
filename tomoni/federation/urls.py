"""Pages of the federation context."""

from django.urls import URLPattern, URLResolver

app_name = "federation"
urlpatterns: list[URLPattern | URLResolver] = []
