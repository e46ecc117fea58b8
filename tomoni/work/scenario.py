"""A care centre month to measure the solver on (介護事業所の1か月): 25 members, 3 shifts, 2 skills.

Deterministic for a seed: the acceptance test, the benchmark (`benchmarks/rostering.py --care-centre`)
and the docs all build the same month. Pure: no Django.

- shifts: early 早番 07:00–16:00 and late 遅番 11:00–20:00 (8 h worked, 1 h break), night 夜勤
  16:00–10:00 (16 h worked, 2 h break) under one-month variable working hours (Art 32-2);
- skills: caregiver (介護福祉士) and nurse (看護師);
- 3 members who work in pairs: two trainees each with a named mentor, one who works only with any
  certified caregiver; 4 members on reduced hours (20 h a week); 2 excused from nights;
- demand every day: early 5 (weekends 4) with a nurse and a caregiver, late 4 (weekends 3) with a
  caregiver, night 2 with a caregiver; Japanese public holidays count as holidays for fairness;
- wishes: each member asks for 3 days off and some for a preferred shift; one member is on leave a week.
"""

from __future__ import annotations

import datetime as dt
import random

from tomoni.work.problem import (
    Demand,
    History,
    Member,
    Problem,
    ShiftType,
    Weights,
    Wish,
    WishKind,
)
from tomoni.work.rules import WEEKLY_LIMIT_MINUTES, holidays_in, period_limit_minutes, variable_month_labour_rules

CAREGIVER = "caregiver"
NURSE = "nurse"
EARLY, LATE, NIGHT = "early", "late", "night"
# A month with Golden Week holidays in it.
DEFAULT_START = dt.date(2026, 5, 1)


def shift_types() -> tuple[ShiftType, ...]:
    return (
        ShiftType(id=EARLY, start_minute=7 * 60, length_minutes=9 * 60, break_minutes=60),
        ShiftType(id=LATE, start_minute=11 * 60, length_minutes=9 * 60, break_minutes=60),
        ShiftType(
            id=NIGHT,
            start_minute=16 * 60,
            length_minutes=18 * 60,
            break_minutes=120,
            is_night=True,
            required_skills=frozenset(),
        ),
    )


def care_centre_month(*, start_date: dt.date = DEFAULT_START, days: int = 31, seed: int = 0) -> Problem:
    """The 25-member month; the same problem for the same arguments."""
    rng = random.Random(seed)
    full_time = period_limit_minutes(WEEKLY_LIMIT_MINUTES, days)
    reduced_week = 20 * 60
    reduced = period_limit_minutes(reduced_week, days)
    members: list[Member] = []
    for i in range(25):
        member_id = f"m{i + 1:02d}"
        skills: set[str] = set()
        if i < 10:
            skills.add(CAREGIVER)
        if 10 <= i < 14 or i in (0, 1):
            skills.add(NURSE)
        kwargs: dict[str, object] = {}
        contracted = full_time
        if i in (20, 21, 22, 23):  # reduced hours
            contracted = reduced
            kwargs["max_minutes_per_week"] = reduced_week
        if i in (14, 20):  # excused from nights
            kwargs["no_nights"] = True
        if i == 24:  # trainee with a named mentor
            kwargs["mentor_id"] = "m03"
        if i == 23:  # reduced hours and works with her mentor
            kwargs["mentor_id"] = "m04"
        if i == 22:  # works only with a certified caregiver on the shift
            kwargs["partner_skill"] = CAREGIVER
        days_off: frozenset[int] = frozenset()
        if i == 7:  # a week of leave
            first = rng.randrange(0, days - 7)
            days_off = frozenset(range(first, first + 7))
        history = History(
            nights=rng.randrange(0, 5) if i not in (14, 20) else 0,
            weekends=rng.randrange(2, 7),
            holidays=rng.randrange(0, 2),
            contracted_minutes=2 * contracted,
        )
        members.append(
            Member(
                id=member_id,
                skills=frozenset(skills),
                contracted_minutes=contracted,
                max_minutes=contracted,
                days_off=days_off,
                history=history,
                **kwargs,  # type: ignore[arg-type]
            )
        )
    problem_start = start_date
    demands: list[Demand] = []
    for d in range(days):
        weekend = (problem_start + dt.timedelta(days=d)).weekday() >= 5
        demands += [
            Demand(day=d, shift_id=EARLY, required=4 if weekend else 5, under_weight=1000, over_weight=50),
            Demand(day=d, shift_id=EARLY, skill=NURSE, required=1, under_weight=1000),
            Demand(day=d, shift_id=EARLY, skill=CAREGIVER, required=1, under_weight=1000),
            Demand(day=d, shift_id=LATE, required=3 if weekend else 4, under_weight=1000, over_weight=50),
            Demand(day=d, shift_id=LATE, skill=CAREGIVER, required=1, under_weight=1000),
            Demand(day=d, shift_id=NIGHT, required=2, under_weight=1000, over_weight=200),
            Demand(day=d, shift_id=NIGHT, skill=CAREGIVER, required=1, under_weight=1000),
        ]
    wishes: list[Wish] = []
    for m in members:
        for d in rng.sample(range(days), 3):
            wishes.append(Wish(member_id=m.id, day=d, kind=WishKind.DAY_OFF, weight=20))
        if rng.random() < 0.3:
            d = rng.randrange(days)
            wishes.append(Wish(member_id=m.id, day=d, kind=WishKind.WANT, shift_id=EARLY, weight=5))
    return Problem(
        start_date=start_date,
        days=days,
        shift_types=shift_types(),
        members=tuple(members),
        demands=tuple(demands),
        wishes=tuple(wishes),
        rules=variable_month_labour_rules(),
        holidays=holidays_in(start_date, days),
        weights=Weights(nights=3, weekends=3, holidays=2, contract_shortfall_per_hour=2),
        name=f"care-centre-{start_date:%Y-%m}",
    )


def staffed_month(*, members: int = 25, start_date: dt.date = DEFAULT_START, days: int = 31, seed: int = 0) -> Problem:
    """A care centre month whose contracts are sized to its demand (as a centre hires to its need).

    The month of `care_centre_month` scaled to `members` (25 or 60: demand, skills, pairs, reduced hours
    and nights excused grow with it), with holidays needing fewer people than weekdays, each member's
    planned minutes held within ±8 hours of their contract (a centre setting), overtime and short
    hours weighted, and each person beyond a shift's need costed. Deterministic for its arguments.
    """
    rng = random.Random(seed)
    scale = members / 25
    holidays = holidays_in(start_date, days)
    statutory = period_limit_minutes(WEEKLY_LIMIT_MINUTES, days)

    def n(count: int) -> int:
        return max(1, round(count * scale))

    demands: list[Demand] = []
    need_minutes = 0
    by_shift = {s.id: s for s in shift_types()}
    for d in range(days):
        quiet = (start_date + dt.timedelta(days=d)).weekday() >= 5 or d in holidays
        needs = {EARLY: n(4 if quiet else 5), LATE: n(3 if quiet else 4), NIGHT: n(2)}
        for shift_id, required in needs.items():
            demands.append(Demand(day=d, shift_id=shift_id, required=required, under_weight=1000, over_weight=50))
            need_minutes += required * by_shift[shift_id].worked_minutes
        demands += [
            Demand(day=d, shift_id=EARLY, skill=NURSE, required=n(1), under_weight=1000),
            Demand(day=d, shift_id=EARLY, skill=CAREGIVER, required=n(1), under_weight=1000),
            Demand(day=d, shift_id=LATE, skill=CAREGIVER, required=n(1), under_weight=1000),
            Demand(day=d, shift_id=NIGHT, skill=CAREGIVER, required=n(1), under_weight=1000),
        ]
    reduced_ids = {i for i in range(members) if i % 25 in (20, 21, 22, 23)}
    caregivers = [i for i in range(members) if i % 25 < 10]
    # Caregivers (every night needs one) work full time; the others share the rest of the need, in
    # whole hours, so that the band of ±8 hours can be met with 8- and 16-hour shifts.
    caregiver_full = statutory // 60 * 60
    shares = members - len(caregivers) - len(reduced_ids) / 2
    full = min(statutory, (need_minutes - caregiver_full * len(caregivers)) / shares // 60 * 60)
    tolerance = 8 * 60
    people: list[Member] = []
    for i in range(members):
        k = i % 25
        member_id = f"m{i + 1:02d}"
        skills: set[str] = set()
        if k < 10:
            skills.add(CAREGIVER)
        if 10 <= k < 14 or k in (0, 1):
            skills.add(NURSE)
        kwargs: dict[str, object] = {}
        contracted = caregiver_full if k < 10 else int(full)
        if i in reduced_ids:
            contracted = int(full) // 2 // 60 * 60
            kwargs["max_minutes_per_week"] = 20 * 60
        if k in (14, 20):
            kwargs["no_nights"] = True
        if k == 24:
            kwargs["mentor_id"] = f"m{i - 21:02d}"
        if k == 23:
            kwargs["mentor_id"] = f"m{i - 19:02d}"
        if k == 22:
            kwargs["partner_skill"] = CAREGIVER
        days_off: frozenset[int] = frozenset()
        if k == 7:
            first = rng.randrange(0, days - 7)
            days_off = frozenset(range(first, first + 4))
        people.append(
            Member(
                id=member_id,
                skills=frozenset(skills),
                contracted_minutes=contracted,
                contract_tolerance_minutes=tolerance,
                max_minutes=min(contracted + tolerance, statutory),
                days_off=days_off,
                history=History(
                    nights=rng.randrange(0, 5) if k not in (14, 20) else 0,
                    weekends=rng.randrange(2, 7),
                    holidays=rng.randrange(0, 2),
                    contracted_minutes=2 * contracted,
                ),
                **kwargs,  # type: ignore[arg-type]
            )
        )
    wishes: list[Wish] = []
    for m in people:
        for d in rng.sample(range(days), 3):
            wishes.append(Wish(member_id=m.id, day=d, kind=WishKind.DAY_OFF, weight=20))
    return Problem(
        start_date=start_date,
        days=days,
        shift_types=shift_types(),
        members=tuple(people),
        demands=tuple(demands),
        wishes=tuple(wishes),
        rules=variable_month_labour_rules(),
        holidays=holidays,
        weights=Weights(
            nights=3,
            weekends=3,
            holidays=2,
            contract_shortfall_per_hour=1,
            contract_overtime_per_hour=2,
            contract_outside_tolerance_per_hour=200,
        ),
        name=f"staffed-{members}-{start_date:%Y-%m}",
    )
