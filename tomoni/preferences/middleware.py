"""Each request in its reader's language and display; in plain Japanese, the page gets furigana."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from tomoni.preferences import furigana
from tomoni.preferences.models import PLAIN_JAPANESE
from tomoni.preferences.selectors import display_for


class PreferencesMiddleware:
    """After authentication: a member's saved language wins over the browser's; plain Japanese adds ruby."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        display = display_for(getattr(request, "session", None))
        request.display = display  # type: ignore[attr-defined]
        if display.language and display.language != translation.get_language():
            translation.activate(display.language)
            request.LANGUAGE_CODE = display.language
        response = self.get_response(request)
        if (
            translation.get_language() == PLAIN_JAPANESE
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "furigana_done", False)
        ):
            charset = response.charset or "utf-8"
            response.content = furigana.annotate_html(response.content.decode(charset)).encode(charset)
        return response
