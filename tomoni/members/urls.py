"""Pages of the members context."""

from django.urls import URLPattern, URLResolver

app_name = "members"
urlpatterns: list[URLPattern | URLResolver] = []
