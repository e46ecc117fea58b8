"""The display switches on every page: language (with plain Japanese), large text, high contrast."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tomoni.core.errors import TomoniError
from tomoni.preferences import services
from tomoni.preferences.models import TextSize
from tomoni.preferences.selectors import Display, display_for, remember_display


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return target


@require_POST
def display_update(request: HttpRequest) -> HttpResponse:
    """Save what the reader switched: for a member in their preferences, for a visitor in this browser."""
    language = request.POST.get("language")
    text_size = request.POST.get("text_size")
    contrast = request.POST.get("high_contrast")
    high_contrast = None if contrast is None else contrast == "1"
    response = HttpResponseRedirect(_next(request))
    if language is not None and language not in {code for code, _name in settings.LANGUAGES}:
        language = None
    if text_size is not None and text_size not in TextSize.values:
        text_size = None
    if request.user.is_authenticated:
        person = getattr(request.user, "person", None)
        try:
            prefs = services.preferences_update(
                actor=request.user,
                user=request.user,
                coop_id=getattr(person, "coop_id", None),
                language=language,
                text_size=text_size,
                high_contrast=high_contrast,
            )
        except TomoniError:  # only offered values reach here; a forged one changes nothing
            return response
        shown = Display(prefs.language, prefs.text_size == TextSize.LARGE, prefs.high_contrast)
    else:
        current = display_for(request.session)
        shown = Display(
            language if language is not None else current.language,
            current.large_text if text_size is None else text_size == TextSize.LARGE,
            current.high_contrast if high_contrast is None else high_contrast,
        )
    remember_display(request.session, shown)
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response
