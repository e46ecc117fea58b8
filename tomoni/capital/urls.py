"""Pages of the capital context."""

from django.urls import URLPattern, URLResolver

from tomoni.capital import views_appropriation

app_name = "capital"

urlpatterns: list[URLPattern | URLResolver] = []

# The year-end appropriation and the work-engaged dividend (CAP-APPROP).
urlpatterns += views_appropriation.urlpatterns
