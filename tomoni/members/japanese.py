"""How the register writes a name's reading (katakana) and a postal code (seven digits, shown 〒123-4567).

Pure functions: forms, the services, imports and the API all pass through the services, which use these.
"""

from __future__ import annotations

import re
import unicodedata

HIRAGANA_TO_KATAKANA: dict[int, str] = {code: chr(code + 0x60) for code in range(ord("ぁ"), ord("ゞ") + 1)}
# Katakana (with ー, ヽヾ and the small letters), the middle dot between names and spaces.
KATAKANA_READING = re.compile(r"[\u30a1-\u30fa\u30fc-\u30fe・ 　]*")
POSTAL_CODE = re.compile(r"\d{7}")
POSTAL_NOISE = re.compile(r"[〒\s\-‐－―ー−]")


def katakana(value: str) -> str | None:
    """A reading in full-width katakana: hiragana and half-width katakana converted; None if other letters remain."""
    text = unicodedata.normalize("NFKC", value).strip().translate(HIRAGANA_TO_KATAKANA)
    text = re.sub(r"\s+", " ", text)
    return text if KATAKANA_READING.fullmatch(text) else None


def postal_code(value: str) -> str | None:
    """A postal code as its seven digits ("〒271-0092", "２７１－００９２" → "2710092"); "" if empty, else None."""
    text = POSTAL_NOISE.sub("", unicodedata.normalize("NFKC", value))
    if not text:
        return ""
    return text if POSTAL_CODE.fullmatch(text) else None


def postal_code_shown(digits: str) -> str:
    """Seven digits as a Japanese address writes them: 〒271-0092 (anything else as it is)."""
    if POSTAL_CODE.fullmatch(digits):
        return f"〒{digits[:3]}-{digits[3:]}"
    return digits
