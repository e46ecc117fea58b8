"""The reader's display preferences for the base layout (classes on <html>, the switches' states)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language

from tomoni.preferences.models import PLAIN_JAPANESE
from tomoni.preferences.selectors import Display

# Each language named in itself, for the language menu. Vietnamese, Chinese, Portuguese and Tagalog (the
# languages of foreign workers in Japanese care) are named here ready for their catalogues (see the README).
LANGUAGE_NAMES = {
    "ja": "日本語",
    PLAIN_JAPANESE: "やさしい日本語",
    "en": "English",
    "vi": "Tiếng Việt",
    "zh-hans": "简体中文",
    "pt-br": "Português",
    "tl": "Tagalog",
}


def display(request: HttpRequest) -> dict[str, Any]:
    current = getattr(request, "display", None) or Display()
    language = get_language() or "ja"
    return {
        "display": current,
        "plain_japanese": language == PLAIN_JAPANESE,
        "html_lang": "ja" if language == PLAIN_JAPANESE else language,
        "language_names": LANGUAGE_NAMES,
    }
