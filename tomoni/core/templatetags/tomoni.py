"""Template filters shared by every page: minutes as hours:minutes, whole yen, percentages, the nav."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language

from tomoni.core import hooks
from tomoni.core.money import format_yen
from tomoni.core.prefectures import PREFECTURES

register = template.Library()


def format_minutes(minutes: int | None) -> str:
    """Whole minutes as hours:minutes, e.g. 1,205 → "20:05". The one place time is formatted."""
    if minutes is None:
        return ""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(int(minutes)), 60)
    return f"{sign}{number_format(hours, force_grouping=True)}:{rest:02d}"


def format_percent(ratio: Fraction | None, places: int = 1) -> str:
    """A ratio as a percentage rounded once, half up, for display only: Fraction(5812, 6013) → "96.7%"."""
    if ratio is None:
        return "—"
    exact = Decimal(ratio.numerator * 100) / Decimal(ratio.denominator)
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{rounded}%"


@register.filter
def hours_minutes(minutes: int | None) -> str:
    """{{ worked_minutes|hours_minutes }} → "20:05"."""
    return format_minutes(minutes)


@register.filter
def yen(amount_yen: int | None) -> str:
    """{{ amount_yen|yen }} → "¥1,234"."""
    if amount_yen is None:
        return ""
    return format_yen(int(amount_yen))


@register.filter
def percent(ratio: Fraction | None, places: int = 1) -> str:
    """{{ result.ratio|percent }} → "96.7%"."""
    return format_percent(ratio, int(places))


@register.filter
def count(value: int | None) -> str:
    """A count with thousands separators in any language: 58693 → "58,693"."""
    if value is None:
        return ""
    return number_format(int(value), force_grouping=True)


@register.filter
def local_name(obj: Any) -> str:
    """An organisation's name in the reader's language: its English name in English, where it has one."""
    english = getattr(obj, "name_en", "") or getattr(obj, "organisation_en", "")
    if english and (get_language() or "").startswith("en"):
        return str(english)
    return str(getattr(obj, "name", "") or getattr(obj, "organisation", "") or obj)


@cache
def _prefecture_names(language: str) -> dict[str, str]:
    return {code: str(name) for code, name in PREFECTURES}


@register.filter
def prefecture(code: str) -> str:
    """A prefecture's name from its JIS code, in the reader's language ("12" → 千葉県 / Chiba).

    Much cheaper than get_prefecture_code_display, which rebuilds the choices on every call.
    """
    return _prefecture_names(get_language() or "ja").get(code, code)


@register.simple_tag(takes_context=True)
def nav_places(context: dict[str, Any]) -> Any:
    """The coop and centre pages the signed-in user can reach, for the main navigation."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return hooks.nav_places(user)  # filled in by the federation, which sits above core


@register.filter
def get_item(mapping: dict[str, Any] | None, key: str) -> Any:
    """{{ names|get_item:code }}: a dictionary's value in a template ("" when it has none)."""
    return (mapping or {}).get(key, "")
