"""Labour rules a roster keeps, with the Labour Standards Act (労働基準法, Act No. 49 of 1947) as defaults.

Pure functions: no Django. A coop's work rules (就業規則) and labour-management agreements may set other
figures within the law; the Django side passes them in ``LabourRules``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import holidays as holidays_lib

from tomoni.work.problem import LabourRules, ShiftType

MINUTES_IN_DAY = 24 * 60

# Art 32(2): no more than 8 hours of work a day, breaks excluded.
DAILY_LIMIT_MINUTES = 8 * 60
# Art 32(1): no more than 40 hours of work a week, breaks excluded.
WEEKLY_LIMIT_MINUTES = 40 * 60
# Art 35(1): at least one day off each week, so at most six working days in a row.
MAX_CONSECUTIVE_DAYS = 6
# Rest between the end of one shift and the start of the next (勤務間インターバル). The Act on Special
# Measures for Improvement of Working Hours Arrangements, Art 2(1), asks employers to try for one; the
# government's guidance names 9 to 11 hours. 11 hours is the default here.
MIN_REST_MINUTES = 11 * 60
# Art 40 and Ordinance Art 25-2: workplaces of under 10 in health and hygiene (incl. care) may work 44 h.
SPECIAL_WEEKLY_LIMIT_MINUTES = 44 * 60
# Art 37(4): late-night hours run from 22:00 to 05:00.
LATE_NIGHT_START_MINUTE = 22 * 60
LATE_NIGHT_END_MINUTE = 5 * 60
# Art 36(4): overtime under a labour-management agreement (36協定) is at most 45 hours a month.
AGREED_OVERTIME_LIMIT_MINUTES_PER_MONTH = 45 * 60
# How far a member's planned minutes in a month may stray from their contract, unless the centre sets
# another figure (a centre setting; the Act names none).
CONTRACT_TOLERANCE_MINUTES = 8 * 60
# Calendar week for Art 32(1): Sunday to Saturday unless the work rules say otherwise (通達 昭63.1.1 基発1号).
SUNDAY = 6


def default_labour_rules() -> LabourRules:
    """The Act's defaults: 8 h a day, 40 h a calendar week from Sunday, 6 days in a row, 11 h rest."""
    return LabourRules(
        max_minutes_per_day=DAILY_LIMIT_MINUTES,
        max_minutes_per_week=WEEKLY_LIMIT_MINUTES,
        average_weekly_over_period=False,
        min_rest_minutes=MIN_REST_MINUTES,
        max_consecutive_days=MAX_CONSECUTIVE_DAYS,
        week_starts_on=SUNDAY,
    )


def variable_month_labour_rules() -> LabourRules:
    """Art 32-2 one-month variable working hours (1か月単位の変形労働時間制), usual in care centres.

    A day may exceed 8 h (a 16-hour night shift) and a week 40 h, so long as the horizon averages
    no more than 40 h a week; rest and consecutive days still hold.
    """
    return LabourRules(
        max_minutes_per_day=None,
        max_minutes_per_week=WEEKLY_LIMIT_MINUTES,
        average_weekly_over_period=True,
        min_rest_minutes=MIN_REST_MINUTES,
        max_consecutive_days=MAX_CONSECUTIVE_DAYS,
        week_starts_on=SUNDAY,
    )


def period_limit_minutes(weekly_limit_minutes: int, days: int) -> int:
    """Art 32-2(1): the total over a variable-hours period is at most weekly limit × days ÷ 7 (rounded down)."""
    return weekly_limit_minutes * days // 7


def contract_bounds(
    *,
    contracted_minutes: int,
    tolerance_minutes: int,
    statutory_minutes: int | None,
    agreed_overtime_minutes: int | None = None,
) -> tuple[int, int]:
    """The least and most minutes a member should be planned over a roster's period.

    Within the contract's tolerance (a centre setting); the most is capped by the statutory hours of
    the period (Art 32, averaged over the period as Art 32-2 allows) and, where a labour-management
    agreement is recorded (Art 36(1)), by the overtime it allows, itself at most 45 hours a month
    (Art 36(4)). Without an agreement no minute beyond the statutory hours may be planned. The least
    never exceeds the most.
    """
    high = contracted_minutes + tolerance_minutes
    if statutory_minutes is not None:
        agreed = min(agreed_overtime_minutes or 0, AGREED_OVERTIME_LIMIT_MINUTES_PER_MONTH)
        high = min(high, statutory_minutes + agreed)
    high = max(high, 0)
    low = min(max(contracted_minutes - tolerance_minutes, 0), high)
    return low, high


def required_break_minutes(worked_span_minutes: int) -> int:
    """Art 34(1): a break of 45 minutes over 6 hours of work, an hour over 8 hours."""
    if worked_span_minutes > 8 * 60:
        return 60
    if worked_span_minutes > 6 * 60:
        return 45
    return 0


def break_is_enough(shift: ShiftType) -> bool:
    """Whether a shift's break meets Art 34(1) for the work it holds."""
    return shift.break_minutes >= required_break_minutes(shift.worked_minutes)


def late_night_minutes(shift: ShiftType) -> int:
    """Minutes of the shift between 22:00 and 05:00 (Art 37(4): paid at least 25% more)."""
    total = 0
    start, end = shift.start_minute, shift.end_minute
    day_start = (start // MINUTES_IN_DAY) * MINUTES_IN_DAY - MINUTES_IN_DAY
    while day_start < end:
        # Late night of one calendar day: [day_start + 22:00, day_start + 29:00).
        lo, hi = day_start + LATE_NIGHT_START_MINUTE, day_start + MINUTES_IN_DAY + LATE_NIGHT_END_MINUTE
        total += max(0, min(end, hi) - max(start, lo))
        day_start += MINUTES_IN_DAY
    return total


def rest_minutes(previous: ShiftType, following: ShiftType) -> int:
    """Minutes between the end of `previous` and the start of `following` worked the next day."""
    return MINUTES_IN_DAY + following.start_minute - previous.end_minute


def forbidden_successions(shift_types: Iterable[ShiftType], rules: LabourRules) -> frozenset[tuple[str, str]]:
    """Pairs (previous, next) of shift ids that may not be worked on consecutive days.

    The shift types' own `forbidden_next` plus every pair leaving less rest than `rules.min_rest_minutes`.
    """
    shifts = list(shift_types)
    pairs = {(s.id, t) for s in shifts for t in s.forbidden_next}
    if rules.min_rest_minutes is not None:
        for s in shifts:
            for t in shifts:
                if rest_minutes(s, t) < rules.min_rest_minutes:
                    pairs.add((s.id, t.id))
    return frozenset(pairs)


def holidays_in(start_date: dt.date, days: int) -> frozenset[int]:
    """Day indices of Japanese public holidays (国民の祝日, substitute and citizens' holidays) in the horizon."""
    years = {start_date.year, (start_date + dt.timedelta(days=max(days - 1, 0))).year}
    jp = holidays_lib.country_holidays("JP", years=sorted(years))
    return frozenset(d for d in range(days) if (start_date + dt.timedelta(days=d)) in jp)


def week_index(start_date: dt.date, day: int, week_starts_on: int) -> int:
    """Index of the calendar week (starting on weekday `week_starts_on`) holding the day; week 0 holds day 0."""
    offset = (start_date.weekday() - week_starts_on) % 7
    return (day + offset) // 7


def weekend_index(start_date: dt.date, day: int) -> int | None:
    """Index of the Saturday/Sunday weekend holding the day, or None on a weekday (weekends run Mon→Sun)."""
    date = start_date + dt.timedelta(days=day)
    if date.weekday() < 5:
        return None
    return week_index(start_date, day, 0)
