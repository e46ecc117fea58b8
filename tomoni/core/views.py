"""Home: members go to their own page, everyone else to the published figures."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("members:me")
    return redirect("federation:figures")
