"""Whole yen and fiscal years (April to March, named by the starting year)."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from fractions import Fraction


def round_yen(value: Decimal | Fraction | int) -> int:
    """Round a ratio of yen once, to whole yen, half to even. Exact: no float, no decimal precision limit."""
    if isinstance(value, bool) or not isinstance(value, Decimal | Fraction | int):
        # A float has already lost the exact ratio; refuse it rather than round its error.
        raise TypeError(f"round_yen takes a Decimal, Fraction or int, not {type(value).__name__}")
    # Fraction(Decimal) is exact and Fraction rounds half to even with no precision limit (Decimal's
    # quantize would fail past 28 digits, and dividing first would round twice).
    return round(Fraction(value))


def format_yen(amount_yen: int) -> str:
    """Whole yen for people: ¥1,234, and -¥1,234 for a negative amount."""
    return f"-¥{-amount_yen:,}" if amount_yen < 0 else f"¥{amount_yen:,}"


def fiscal_year_of(day: dt.date) -> int:
    """The fiscal year (年度) a day falls in: 2015-03-31 is in 2014年度, 2015-04-01 in 2015年度."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(fiscal_year: int) -> tuple[dt.date, dt.date]:
    """First and last day of a fiscal year: 2014 → 2014-04-01, 2015-03-31."""
    return dt.date(fiscal_year, 4, 1), dt.date(fiscal_year + 1, 3, 31)


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the calendar month of `day`."""
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Age in whole years on a day; someone born on 29 February turns a year older on 1 March in other years."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def span_covers(start: dt.date, end: dt.date | None, day: dt.date) -> bool:
    """Whether a span [start, end) covers a day (end None: still open); the Python twin of `open_on`."""
    return start <= day and (end is None or end > day)
