"""Home page, and "Login and security" (in place of allauth's two-factor index, at the same address)."""

from django.urls import path

from tomoni.core import offline, views

urlpatterns = [
    path("", views.home, name="home"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("sw.js", offline.service_worker, name="service_worker"),
    # Before allauth's URLs (config/urls.py includes these first): the same address and name as its index.
    path("accounts/2fa/", views.SecurityView.as_view(), name="mfa_index"),
    path("accounts/api-token/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
