"""Template filters of the roster pages."""

from __future__ import annotations

from fractions import Fraction

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def rate(value: Fraction | None, places: int = 2) -> str:
    """An exact rate shown rounded to `places` decimals (— when there is none)."""
    if value is None:
        return "—"
    scale = 10**places
    rounded = Fraction(round(value * scale), scale)
    return number_format(float(rounded), decimal_pos=places)


@register.filter
def share(honoured: int, asked: int) -> str:
    """Wishes honoured of those asked, as "3 / 4" (— when none were asked)."""
    if not asked:
        return "—"
    return f"{honoured} / {asked}"


@register.filter
def weekday_name(value: int | None) -> str:
    """Monday … Sunday (0 … 6), translated."""
    from tomoni.work.forms import WEEKDAYS

    return str(dict(WEEKDAYS).get(str(value), "")) if value is not None else ""
