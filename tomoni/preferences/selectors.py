"""Reading a login's preferences: the display of the page, and the language to write to a person in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from tomoni.preferences.models import PLAIN_JAPANESE, Preferences, TextSize


@dataclass(frozen=True)
class Display:
    """What a page needs to know of its reader's preferences."""

    language: str = ""
    large_text: bool = False
    high_contrast: bool = False

    @property
    def plain_japanese(self) -> bool:
        return self.language == PLAIN_JAPANESE


SESSION_KEY = "tomoni.display"


def saved_display(user: Any) -> Display:
    """A login's saved preferences (read once at login, then kept in the session)."""
    prefs = Preferences.objects.filter(user_id=user.pk).first()
    if prefs is None:
        return Display()
    return Display(prefs.language, prefs.text_size == TextSize.LARGE, prefs.high_contrast)


def display_for(session: Any) -> Display:
    """The reader's display, from the session: a member's saved preferences, or what this browser chose."""
    if session is None:
        return Display()
    saved = session.get(SESSION_KEY) or {}
    return Display(str(saved.get("language", "")), bool(saved.get("large_text")), bool(saved.get("high_contrast")))


def remember_display(session: Any, display: Display) -> None:
    """Keep the display in the session, so no page needs a query for it."""
    session[SESSION_KEY] = {
        "language": display.language,
        "large_text": display.large_text,
        "high_contrast": display.high_contrast,
    }


def saved_language(user_id: int) -> str:
    """The language a login chose, or "" when it chose none (then the request's own language stands)."""
    language = Preferences.objects.filter(user_id=user_id).values_list("language", flat=True).first()
    return language or ""


def language_for_user(user: Any) -> str:
    """The language to write to this login in (a notice, a mail, a PDF, an .ics): theirs, or the site's."""
    if user is None:
        return str(settings.LANGUAGE_CODE)
    language = Preferences.objects.filter(user_id=user.pk).values_list("language", flat=True).first()
    return language or str(settings.LANGUAGE_CODE)


def languages_for_users(user_ids: list[int]) -> dict[int, str]:
    """Each login's language in one query, for a notice sent to many."""
    chosen = dict(
        Preferences.objects.filter(user_id__in=user_ids).exclude(language="").values_list("user_id", "language")
    )
    return {user_id: chosen.get(user_id, str(settings.LANGUAGE_CODE)) for user_id in user_ids}
