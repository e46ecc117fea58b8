"""Whole yen and fiscal years (April to March, named by the starting year)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction


def round_yen(value: Decimal | Fraction) -> int:
    """Round a ratio of yen once, to whole yen, half to even."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def format_yen(amount_yen: int) -> str:
    return f"¥{amount_yen:,}"


def fiscal_year_of(day: dt.date) -> int:
    """The fiscal year (年度) a day falls in: 2015-03-31 is in 2014年度."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(fiscal_year: int) -> tuple[dt.date, dt.date]:
    """First and last day of a fiscal year: 2014 → 2014-04-01, 2015-03-31."""
    return dt.date(fiscal_year, 4, 1), dt.date(fiscal_year + 1, 3, 31)


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the calendar month of `day`."""
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Age in whole years on a day."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
