"""REST API of the capital context."""

from django.urls import URLPattern, URLResolver

from tomoni.capital import api_appropriation

urlpatterns: list[URLPattern | URLResolver] = []

# The year-end appropriation and the work-engaged dividend (CAP-APPROP).
urlpatterns += api_appropriation.urlpatterns
