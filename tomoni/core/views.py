"""Home: a signed-in person goes to their start page (settings.START_PAGE), everyone else to the figures."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(settings.START_PAGE)
    return redirect("federation:figures")
