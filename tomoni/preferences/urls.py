"""The display switches."""

from django.urls import path

from tomoni.preferences import views

app_name = "preferences"
urlpatterns = [
    path("preferences/display/", views.display_update, name="display"),
]
