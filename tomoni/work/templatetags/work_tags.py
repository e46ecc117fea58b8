"""Template filters of the roster pages."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext, pgettext

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


@register.filter
def duration(minutes: int | None) -> str:
    """Minutes as a duration: "8時間", "7時間30分" ("8 hours", "7 h 30 min"); — when there is none."""
    if minutes is None:
        return "—"
    sign = "−" if minutes < 0 else ""
    hours, rest = divmod(abs(int(minutes)), 60)
    if rest == 0:
        return sign + ngettext("%(hours)d hour", "%(hours)d hours", hours) % {"hours": hours}
    if hours == 0:
        return sign + gettext("%(minutes)d min") % {"minutes": rest}
    return sign + gettext("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}


@register.filter
def signed_duration(minutes: int) -> str:
    """A difference of minutes as "+8時間" or "−4時間" (± 0 when none)."""
    if minutes == 0:
        return "±0"
    return ("+" if minutes > 0 else "") + duration(minutes)


@register.filter
def solver_status(value: str) -> str:
    """The solver's status as a person reads it (最適, 実行可能 …), never the internal word."""
    labels = {
        "optimal": pgettext("solver status", "Optimal"),
        "feasible": pgettext("solver status", "Feasible"),
        "infeasible": pgettext("solver status", "No roster keeps every rule"),
        "unknown": pgettext("solver status", "None found in time"),
    }
    return str(labels.get(value, "—" if not value else pgettext("solver status", "Stopped on an error")))


@register.filter
def with_days(cells: list[Any], days: list[Any]) -> list[tuple[Any, Any]]:
    """A board row's cells beside the month's days, so a day off is read out with its date like a shift."""
    return list(zip(days, cells, strict=True))
