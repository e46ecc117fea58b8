"""Home page."""

from django.urls import path

from tomoni.core import views

urlpatterns = [
    path("", views.home, name="home"),
]
