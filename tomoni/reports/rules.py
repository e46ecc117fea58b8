"""What needs a person now: which records become a reminder on the start page, and in what order.

Pure functions: no Django import, the day passed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

# How far ahead each kind of reminder looks. A meeting is announced at least its notice period ahead
# (Art 64 and the articles: 10 days for the general meeting by default), so a month covers every notice;
# a shift is shown for the coming week; a board is reminded of an officer's term two months before it ends,
# in time to put the election on the next general meeting's agenda.
MEETING_DAYS_AHEAD = 31
SHIFT_DAYS_AHEAD = 7
TERM_DAYS_AHEAD = 61
# An answer (a swap decided, a proposal answered) or a roster just published stays on the page this long.
NEWS_DAYS = 14


@dataclass(frozen=True)
class Reminder:
    """One thing that needs the person: what it is, by when, and whether they must act."""

    kind: str
    due: dt.date | None
    must_act: bool


def window(today: dt.date, days: int) -> tuple[dt.date, dt.date]:
    """The days from today to `days` ahead, both included."""
    return today, today + dt.timedelta(days=days)


def is_news(happened_on: dt.date | None, today: dt.date) -> bool:
    """An answer or a publication is news for NEWS_DAYS days after the day it happened (not before it)."""
    return happened_on is not None and today - dt.timedelta(days=NEWS_DAYS) < happened_on <= today


def year_end_open(fiscal_year_ended: int, decided_years: Iterable[int]) -> bool:
    """The surplus of a closed fiscal year has no decided appropriation yet (Art 77: decided each year)."""
    return fiscal_year_ended not in set(decided_years)


def ordered(reminders: Iterable[Reminder]) -> list[Reminder]:
    """What the person must do first, soonest first; then what is only for their information, soonest first."""
    far = dt.date.max
    return sorted(reminders, key=lambda r: (not r.must_act, r.due or far, r.kind))
