"""Independent checker of a roster (勤務表の検証): every hard rule, the objective, uncovered demand.

Separate code from the solver on purpose: it shares only the dataclasses of problem.py and reads the
roster as a person would, day by day and member by member, with no CP-SAT. The Django side calls
`violations` for live validation of a hand edit; the tests and the benchmark call it on every roster
the solver returns, and compare `objective` with the solver's.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from fractions import Fraction
from math import ceil

from tomoni.work.problem import (
    Assignment,
    Member,
    Problem,
    ShiftType,
    Shortfall,
    ShortfallReason,
    Violation,
    ViolationCode,
    WishKind,
)

DAY_MINUTES = 1440
# Fairness deviation unit: tenths of a shift (as in problem.Weights).
TENTHS = 10


def _week_start(date: dt.date, first_weekday: int) -> dt.date:
    return date - dt.timedelta(days=(date.weekday() - first_weekday) % 7)


def _weekend_key(date: dt.date) -> dt.date | None:
    """The Monday of the Monday–Sunday week whose Saturday or Sunday this is."""
    if date.weekday() < 5:
        return None
    return date - dt.timedelta(days=date.weekday())


def _runs(worked: Sequence[bool]) -> list[tuple[int, int, bool]]:
    """(first day, length, worked) of each maximal run of equal days."""
    runs: list[tuple[int, int, bool]] = []
    start = 0
    for d in range(1, len(worked) + 1):
        if d == len(worked) or worked[d] != worked[start]:
            runs.append((start, d - start, worked[start]))
            start = d
    return runs


class Roster:
    """A roster indexed for the checks; assignments may be added and removed to try a change."""

    def __init__(self, problem: Problem, assignments: Iterable[Assignment]) -> None:
        self.problem = problem
        self.shifts = {s.id: s for s in problem.shift_types}
        self.members = {m.id: m for m in problem.members}
        self.assignments = list(assignments)
        self.by_member_day: dict[tuple[str, int], list[str]] = defaultdict(list)
        self.on_shift: dict[tuple[int, str], set[str]] = defaultdict(set)
        for a in self.assignments:
            self.by_member_day[a.member_id, a.day].append(a.shift_id)
            self.on_shift[a.day, a.shift_id].add(a.member_id)

    def add(self, a: Assignment) -> None:
        self.assignments.append(a)
        self.by_member_day[a.member_id, a.day].append(a.shift_id)
        self.on_shift[a.day, a.shift_id].add(a.member_id)

    def remove(self, a: Assignment) -> None:
        self.assignments.remove(a)
        self.by_member_day[a.member_id, a.day].remove(a.shift_id)
        if not any(x == a.shift_id for x in self.by_member_day[a.member_id, a.day]):
            self.on_shift[a.day, a.shift_id].discard(a.member_id)

    def member_violations(self, member_id: str, *, partial: bool = False) -> list[Violation]:
        """The hard rules one member's part of the roster breaks (pairing looks at the whole roster)."""
        return _check_member(self, self.members[member_id], partial=partial)

    def shift_on(self, member_id: str, day: int) -> ShiftType | None:
        ids = self.by_member_day.get((member_id, day))
        return self.shifts.get(ids[0]) if ids else None


def _structure(roster: Roster) -> list[Violation]:
    p = roster.problem
    found = []
    for a in roster.assignments:
        if a.member_id not in roster.members:
            found.append(
                Violation(ViolationCode.UNKNOWN_MEMBER, a.member_id, a.day, a.shift_id, {"member": a.member_id})
            )
        if a.shift_id not in roster.shifts:
            found.append(Violation(ViolationCode.UNKNOWN_SHIFT, a.member_id, a.day, a.shift_id, {"shift": a.shift_id}))
        if not 0 <= a.day < p.days:
            found.append(Violation(ViolationCode.DAY_OUT_OF_RANGE, a.member_id, a.day, a.shift_id, {"day": a.day}))
    return found


def _check_member(roster: Roster, member: Member, *, partial: bool) -> list[Violation]:
    """Every hard rule of one member's part of the roster, one named step each."""
    check = _MemberCheck(roster, member, partial=partial)
    check.days()
    check.successions()
    check.weekly_minutes()
    check.totals()
    check.runs()
    check.weekends()
    return check.found


class _MemberCheck:
    """The checks of one member: each step adds the violations it finds."""

    def __init__(self, roster: Roster, member: Member, *, partial: bool) -> None:
        self.roster = roster
        self.p = roster.problem
        self.rules = roster.problem.rules
        self.member = member
        self.mid = member.id
        self.partial = partial
        self.found: list[Violation] = []
        self.worked = [False] * self.p.days
        self.minutes = [0] * self.p.days

    def add(self, code: ViolationCode, day: int | None, shift: str | None = None, /, **params: str | int) -> None:
        self.found.append(Violation(code, self.mid, day, shift, params))

    def days(self) -> None:
        """One shift a day, days off, skills, nights, pairing, and the daily limit (Art 32(2))."""
        roster, rules, add = self.roster, self.rules, self.add
        for day in range(self.p.days):
            ids = roster.by_member_day.get((self.mid, day), [])
            if len(ids) > 1:
                add(ViolationCode.TWO_SHIFTS_ONE_DAY, day, None, shifts=",".join(sorted(ids)))
            for shift_id in ids:
                shift = roster.shifts.get(shift_id)
                if shift is None:
                    continue
                self.worked[day] = True
                self.minutes[day] += shift.length_minutes - shift.break_minutes
                self._cell(day, shift)
            if rules.max_minutes_per_day is not None and self.minutes[day] > rules.max_minutes_per_day:
                add(ViolationCode.DAILY_LIMIT, day, None, minutes=self.minutes[day], limit=rules.max_minutes_per_day)

    def _cell(self, day: int, shift: ShiftType) -> None:
        roster, member, add, shift_id = self.roster, self.member, self.add, shift.id
        if day in member.days_off:
            add(ViolationCode.DAY_OFF, day, shift_id)
        for skill in sorted(shift.required_skills - member.skills):
            add(ViolationCode.LACKS_SKILL, day, shift_id, skill=skill)
        if shift.is_night and member.no_nights:
            add(ViolationCode.NO_NIGHTS, day, shift_id)
        if member.mentor_id is not None and member.mentor_id not in roster.on_shift[day, shift_id]:
            add(ViolationCode.MISSING_MENTOR, day, shift_id, mentor=member.mentor_id, shift=shift_id)
        if member.partner_skill is not None:
            partners = [
                other
                for other in roster.on_shift[day, shift_id]
                if other != self.mid
                and other in roster.members
                and member.partner_skill in roster.members[other].skills
            ]
            if not partners:
                add(ViolationCode.MISSING_PARTNER, day, shift_id, skill=member.partner_skill, shift=shift_id)

    def successions(self) -> None:
        """Explicit forbidden pairs and the rest between shifts, across the start edge too."""
        roster, rules = self.roster, self.rules
        previous_id = self.member.history.last_shift_before
        for day in range(self.p.days):
            today = roster.shift_on(self.mid, day)
            before = roster.shifts.get(previous_id) if previous_id is not None else None
            if today is not None and before is not None:
                rest = DAY_MINUTES + today.start_minute - (before.start_minute + before.length_minutes)
                too_short = rules.min_rest_minutes is not None and rest < rules.min_rest_minutes
                if today.id in before.forbidden_next or too_short:
                    self.add(
                        ViolationCode.FORBIDDEN_SUCCESSION,
                        day,
                        today.id,
                        previous=before.id,
                        next=today.id,
                        rest_minutes=rest,
                        min_rest_minutes=rules.min_rest_minutes or 0,
                    )
            previous_id = today.id if today is not None else None

    def weekly_minutes(self) -> None:
        """Minutes by calendar week (Art 32(1), or the member's reduced hours)."""
        p, rules, member = self.p, self.rules, self.member
        weekly_limits = [member.max_minutes_per_week]
        if not rules.average_weekly_over_period:
            weekly_limits.append(rules.max_minutes_per_week)
        limits = [x for x in weekly_limits if x is not None]
        if not limits:
            return
        weekly_limit = min(limits)
        per_week: dict[dt.date, int] = defaultdict(int)
        first_day_of_week: dict[dt.date, int] = {}
        per_week[_week_start(p.start_date, rules.week_starts_on)] += member.history.minutes_in_first_week_before
        for day in range(p.days):
            week = _week_start(p.start_date + dt.timedelta(days=day), rules.week_starts_on)
            per_week[week] += self.minutes[day]
            first_day_of_week.setdefault(week, day)
        for week, total in per_week.items():
            if total > weekly_limit:
                self.add(
                    ViolationCode.WEEKLY_LIMIT,
                    first_day_of_week.get(week, 0),
                    None,
                    week_start_day=first_day_of_week.get(week, 0),
                    minutes=total,
                    limit=weekly_limit,
                )

    def totals(self) -> None:
        """The period average (Art 32-2), the member's least and most minutes, and shifts of a type."""
        p, rules, member, add = self.p, self.rules, self.member, self.add
        total_minutes = sum(self.minutes)
        if rules.average_weekly_over_period and rules.max_minutes_per_week is not None:
            period_limit = rules.max_minutes_per_week * p.days // 7  # Art 32-2: 40 h × days ÷ 7
            if total_minutes > period_limit:
                add(ViolationCode.PERIOD_AVERAGE_LIMIT, None, None, minutes=total_minutes, limit=period_limit)
        if member.max_minutes is not None and total_minutes > member.max_minutes:
            add(ViolationCode.MAX_MINUTES, None, None, minutes=total_minutes, limit=member.max_minutes)
        if not self.partial and total_minutes < member.min_minutes:
            add(ViolationCode.MIN_MINUTES, None, None, minutes=total_minutes, limit=member.min_minutes)
        counts = Counter(s for day in range(p.days) for s in self.roster.by_member_day.get((self.mid, day), []))
        for shift_id, limit in sorted(member.max_shifts.items()):
            if counts[shift_id] > limit:
                add(
                    ViolationCode.MAX_SHIFTS_OF_TYPE,
                    None,
                    shift_id,
                    shift=shift_id,
                    count=counts[shift_id],
                    limit=limit,
                )

    def runs(self) -> None:
        """Runs of days worked and off; the days before the horizon continue a run that starts on day 0."""
        member, add, partial = self.member, self.add, self.partial
        max_run = (
            member.max_consecutive_days if member.max_consecutive_days is not None else self.rules.max_consecutive_days
        )
        for start, length, is_work in _runs(self.worked):
            touches_edge = start == 0 or start + length == self.p.days
            if is_work:
                carried = member.history.consecutive_days_before if start == 0 else 0
                if max_run is not None and length + carried > max_run:
                    add(ViolationCode.MAX_CONSECUTIVE_DAYS, start, None, count=length + carried, limit=max_run)
                lo = member.min_consecutive_days
                if not partial and lo is not None and length < lo and not touches_edge:
                    add(ViolationCode.MIN_CONSECUTIVE_DAYS, start, None, count=length, limit=lo)
            else:
                lo = member.min_consecutive_days_off
                if not partial and lo is not None and length < lo and not touches_edge:
                    add(ViolationCode.MIN_CONSECUTIVE_DAYS_OFF, start, None, count=length, limit=lo)

    def weekends(self) -> None:
        if self.member.max_weekends is None:
            return
        weekends = {
            key
            for day in range(self.p.days)
            if self.worked[day] and (key := _weekend_key(self.p.start_date + dt.timedelta(days=day))) is not None
        }
        if len(weekends) > self.member.max_weekends:
            self.add(ViolationCode.MAX_WEEKENDS, None, None, count=len(weekends), limit=self.member.max_weekends)


def _pins(roster: Roster) -> list[Violation]:
    present = {(a.member_id, a.day, a.shift_id) for a in roster.assignments}
    return [
        Violation(ViolationCode.PIN_BROKEN, pin.member_id, pin.day, pin.shift_id, {"shift": pin.shift_id})
        for pin in roster.problem.pinned
        if (pin.member_id, pin.day, pin.shift_id) not in present
    ]


def violations(problem: Problem, assignments: Iterable[Assignment], *, partial: bool = False) -> list[Violation]:
    """Every hard rule the roster breaks; empty when it keeps them all.

    With `partial`, rules that a roster still being built may meet later (minimum minutes, minimum
    runs of days worked or off, pinned assignments present) are not checked.
    """
    roster = Roster(problem, assignments)
    found = _structure(roster)
    for member in problem.members:
        found.extend(_check_member(roster, member, partial=partial))
    if not partial:
        found.extend(_pins(roster))
    return found


def member_violations(
    problem: Problem, assignments: Iterable[Assignment], member_id: str, *, partial: bool = False
) -> list[Violation]:
    """The hard rules one member's part of the roster breaks (pairing looks at the whole roster)."""
    roster = Roster(problem, assignments)
    return _check_member(roster, roster.members[member_id], partial=partial)


# -- the objective ---------------------------------------------------------------------------------


def _covered(problem: Problem, roster: Roster, day: int, shift_id: str, skill: str | None) -> int:
    return sum(
        1
        for member_id in roster.on_shift[day, shift_id]
        if member_id in roster.members and (skill is None or skill in roster.members[member_id].skills)
    )


def category_counts(problem: Problem, assignments: Iterable[Assignment]) -> dict[str, dict[str, int]]:
    """This horizon's nights, weekends worked and holidays worked, per member id."""
    roster = Roster(problem, assignments)
    result: dict[str, dict[str, int]] = {"nights": {}, "weekends": {}, "holidays": {}}
    for member in problem.members:
        days = [d for d in range(problem.days) if roster.by_member_day.get((member.id, d))]
        result["nights"][member.id] = sum(
            1
            for d in days
            for s in roster.by_member_day[member.id, d]
            if s in roster.shifts and roster.shifts[s].is_night
        )
        result["weekends"][member.id] = len(
            {k for d in days if (k := _weekend_key(problem.start_date + dt.timedelta(days=d))) is not None}
        )
        result["holidays"][member.id] = sum(1 for d in days if d in problem.holidays)
    return result


def objective_terms(problem: Problem, assignments: Iterable[Assignment]) -> dict[str, int]:
    """The weighted soft goals of the roster, by goal (see Solution.objective_terms)."""
    assignments = list(assignments)
    roster = Roster(problem, assignments)
    terms: dict[str, int] = defaultdict(int)
    for demand in problem.demands:
        count = _covered(problem, roster, demand.day, demand.shift_id, demand.skill)
        terms["under"] += demand.under_weight * max(0, demand.required - count)
        terms["over"] += demand.over_weight * max(0, count - demand.required)
    for wish in problem.wishes:
        ids = roster.by_member_day.get((wish.member_id, wish.day), [])
        any_shift = wish.kind == WishKind.DAY_OFF or wish.shift_id is None
        on = bool(ids) if any_shift else wish.shift_id in ids
        honoured = on if wish.kind == WishKind.WANT else not on
        if not honoured:
            terms["wishes"] += wish.weight
    counts = category_counts(problem, assignments)
    for category in ("nights", "weekends", "holidays"):
        weight = getattr(problem.weights, category)
        eligible = [
            m
            for m in problem.members
            if m.contracted_minutes + m.history.contracted_minutes > 0 and not (category == "nights" and m.no_nights)
        ]
        if not weight or len(eligible) < 2:
            continue
        contracted = {m.id: m.contracted_minutes + m.history.contracted_minutes for m in eligible}
        had = {m.id: getattr(m.history, category) + counts[category][m.id] for m in eligible}
        total_contracted = sum(contracted.values())
        total = sum(had.values())
        for m in eligible:
            # Tenths of a shift between what the member had and their share by contracted minutes.
            share = Fraction(total * contracted[m.id], total_contracted)
            terms[category] += weight * ceil(TENTHS * abs(had[m.id] - share))
    _contract_terms(problem, roster, terms)
    return {k: v for k, v in terms.items() if v}


def _hours(minutes: int) -> int:
    return ceil(Fraction(max(0, minutes), 60))


def planned_minutes(problem: Problem, roster: Roster, member_id: str) -> int:
    """The worked minutes of a member's shifts over the horizon."""
    return sum(
        roster.shifts[s].worked_minutes
        for d in range(problem.days)
        for s in roster.by_member_day.get((member_id, d), [])
        if s in roster.shifts
    )


def _contract_terms(problem: Problem, roster: Roster, terms: dict[str, int]) -> None:
    """Whole hours short of the contract, above it, and outside its tolerance band, each weighted."""
    w = problem.weights
    if not (w.contract_shortfall_per_hour or w.contract_overtime_per_hour or w.contract_outside_tolerance_per_hour):
        return
    for m in problem.members:
        c = m.contracted_minutes
        if c <= 0:
            continue
        worked = planned_minutes(problem, roster, m.id)
        terms["contract"] += w.contract_shortfall_per_hour * _hours(c - worked)
        terms["overtime"] += w.contract_overtime_per_hour * _hours(worked - c)
        if m.contract_tolerance_minutes is not None:
            tol = m.contract_tolerance_minutes
            outside = _hours(c - tol - worked) + _hours(worked - c - tol)
            terms["tolerance"] += w.contract_outside_tolerance_per_hour * outside


def objective(problem: Problem, assignments: Iterable[Assignment]) -> int:
    """The roster's objective: for a Curtois & Qu instance, exactly the benchmark's."""
    return sum(objective_terms(problem, assignments).values())


# -- why demand is not met ------------------------------------------------------------------------

_REASON_OF_CODE = {
    ViolationCode.WEEKLY_LIMIT: ShortfallReason.WEEKLY_LIMIT,
    ViolationCode.PERIOD_AVERAGE_LIMIT: ShortfallReason.WEEKLY_LIMIT,
    ViolationCode.MAX_MINUTES: ShortfallReason.PERIOD_LIMIT,
    ViolationCode.MAX_SHIFTS_OF_TYPE: ShortfallReason.PERIOD_LIMIT,
    ViolationCode.MAX_WEEKENDS: ShortfallReason.PERIOD_LIMIT,
    ViolationCode.FORBIDDEN_SUCCESSION: ShortfallReason.REST,
    ViolationCode.MAX_CONSECUTIVE_DAYS: ShortfallReason.REST,
    ViolationCode.MISSING_MENTOR: ShortfallReason.NEEDS_PARTNER,
    ViolationCode.MISSING_PARTNER: ShortfallReason.NEEDS_PARTNER,
    ViolationCode.DAILY_LIMIT: ShortfallReason.DAILY_LIMIT,
}


def _reason(problem: Problem, roster: Roster, member: Member, day: int, shift: ShiftType) -> str | None:
    """Why the member cannot be added to the shift on the day, or None if they could be."""
    if day in member.days_off:
        return ShortfallReason.DAY_OFF
    if not shift.required_skills <= member.skills:
        return ShortfallReason.LACKS_SKILL
    if shift.is_night and member.no_nights:
        return ShortfallReason.NO_NIGHTS
    if roster.by_member_day.get((member.id, day)):
        return ShortfallReason.ON_OTHER_SHIFT
    before = {(v.code, v.day, v.shift_id) for v in _check_member(roster, member, partial=True)}
    trial = Assignment(member.id, day, shift.id)
    roster.add(trial)
    try:
        for violation in _check_member(roster, member, partial=True):
            if (violation.code, violation.day, violation.shift_id) not in before:
                return _REASON_OF_CODE.get(violation.code, ShortfallReason.REST)
    finally:
        roster.remove(trial)
    return None


def shortfalls(problem: Problem, assignments: Iterable[Assignment]) -> list[Shortfall]:
    """Each demand the roster leaves short, with how many qualified members were kept away and why."""
    roster = Roster(problem, assignments)
    found = []
    for demand in problem.demands:
        if not demand.under_weight:
            continue  # a cap on over-cover only, not a need
        count = _covered(problem, roster, demand.day, demand.shift_id, demand.skill)
        if count >= demand.required or demand.shift_id not in roster.shifts:
            continue
        shift = roster.shifts[demand.shift_id]
        qualified = [m for m in problem.members if demand.skill is None or demand.skill in m.skills]
        reasons: Counter[str] = Counter()
        free = 0
        for member in qualified:
            if member.id in roster.on_shift[demand.day, demand.shift_id]:
                continue
            reason = _reason(problem, roster, member, demand.day, shift)
            if reason is None:
                free += 1
            else:
                reasons[str(reason)] += 1
        found.append(
            Shortfall(
                day=demand.day,
                shift_id=demand.shift_id,
                skill=demand.skill,
                required=demand.required,
                assigned=count,
                qualified=len(qualified),
                unavailable=dict(reasons),
                free=free,
            )
        )
    return found
