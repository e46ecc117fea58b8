"""The roster problem and its solution as plain data (勤務表の問題と解): no Django, no solver.

This module is the contract between the Django side of the work context (models, pages, API, jobs)
and the pure solving core (solver.py, checker.py, fairness.py, curtois.py, rules.py).

Conventions
-----------
- Days are indices 0..days-1 from ``Problem.start_date``; ``weekday(day)`` follows ``date.weekday()``
  (Monday 0 … Sunday 6). A weekend is the Saturday/Sunday pair of one calendar week; it is worked if
  either day is worked.
- Time is whole minutes. A shift starts ``start_minute`` minutes after midnight of its day and may run
  past midnight (a night shift); it belongs to the day it starts on (as the Labour Standards Act counts a
  continuous shift on the day it begins). ``worked_minutes`` = ``length_minutes - break_minutes``.
- Ids (members, shift types, skills) are strings: the Django side passes ``str(pk)`` or a code.
- A member works at most one shift a day. "Off" is the absence of an assignment.
- Nothing here holds a sentence a person reads: violations and shortfalls carry a ``code`` and
  ``params``; the Django side translates them with gettext (see the codes in ``ViolationCode`` and
  ``ShortfallReason``).

Entry points (keyword-only options)
-----------------------------------
- ``tomoni.work.solver.solve(problem, *, time_limit_s, work_limit=None, workers=2, progress=None, seed=0) -> Solution``
  never raises for impossible demand: coverage is soft, and ``Solution.shortfalls`` says which day,
  shift and skill cannot be covered and why. ``status`` is ``infeasible`` only when the hard rules
  contradict each other on their own (e.g. a pinned assignment on a member's day off).
  ``progress`` is called from a solver thread with a ``ProgressInfo`` at each improving roster.
  Optional: ``hint=`` a roster to start from (e.g. last month's published one, or a hand-edited draft),
  ``explain=False`` to skip shortfalls and the fairness report (the benchmark does).
- ``tomoni.work.checker.violations(problem, assignments) -> list[Violation]`` checks every hard rule
  independently of the solver (live validation of hand edits: refuse when the list is not empty).
- ``tomoni.work.checker.objective(problem, assignments) -> int`` recomputes the solver's objective.
- ``tomoni.work.fairness.report(problem, assignments) -> FairnessReport``: per member nights,
  weekends, holidays, wishes honoured; spread (max−min) and Gini as exact Fractions.
- ``tomoni.work.rules``: Labour Standards Act defaults (``default_labour_rules()``), Japanese public
  holidays in a horizon (``holidays_in(start_date, days)``), forbidden successions from rest rules.
- ``tomoni.work.curtois.read(path_or_text) -> Problem`` for the Curtois & Qu benchmark format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction


class Status(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"  # the hard rules alone admit no roster
    UNKNOWN = "unknown"  # no roster found within the time limit
    INVALID = "invalid"  # the problem itself is malformed (unknown ids …); see Solution.violations


class WishKind(StrEnum):
    WANT = "want"  # wants to work shift_id on the day (any shift if shift_id is None)
    AVOID = "avoid"  # wants not to work shift_id on the day (any shift if shift_id is None)
    DAY_OFF = "day_off"  # wants the day off (same as AVOID with shift_id None)


class ViolationCode(StrEnum):
    """Hard rules; params name the figures a message needs."""

    UNKNOWN_MEMBER = "unknown_member"  # params: member
    UNKNOWN_SHIFT = "unknown_shift"  # params: shift
    DAY_OUT_OF_RANGE = "day_out_of_range"  # params: day
    TWO_SHIFTS_ONE_DAY = "two_shifts_one_day"  # params: shifts (comma-separated)
    DAY_OFF = "day_off"  # member works on one of their days off
    LACKS_SKILL = "lacks_skill"  # params: skill — the shift type requires a skill the member lacks
    NO_NIGHTS = "no_nights"  # member who must not work nights is on a night shift
    FORBIDDEN_SUCCESSION = "forbidden_succession"  # params: previous, next, rest_minutes, min_rest_minutes
    DAILY_LIMIT = "daily_limit"  # params: minutes, limit — Labour Standards Act Art 32(2)
    WEEKLY_LIMIT = "weekly_limit"  # params: week_start_day, minutes, limit — Art 32(1) or accommodation
    PERIOD_AVERAGE_LIMIT = "period_average_limit"  # params: minutes, limit — Art 32-2 averaging
    MAX_SHIFTS_OF_TYPE = "max_shifts_of_type"  # params: shift, count, limit
    MAX_MINUTES = "max_minutes"  # params: minutes, limit (whole horizon)
    MIN_MINUTES = "min_minutes"  # params: minutes, limit (whole horizon)
    MAX_CONSECUTIVE_DAYS = "max_consecutive_days"  # params: count, limit; day = first day of the run
    MIN_CONSECUTIVE_DAYS = "min_consecutive_days"  # params: count, limit; day = first day of the run
    MIN_CONSECUTIVE_DAYS_OFF = "min_consecutive_days_off"  # params: count, limit; day = first day off
    MAX_WEEKENDS = "max_weekends"  # params: count, limit
    MISSING_MENTOR = "missing_mentor"  # params: mentor, shift — member works without their mentor
    MISSING_PARTNER = "missing_partner"  # params: skill, shift — no qualified partner on the shift
    PIN_BROKEN = "pin_broken"  # params: shift — a pinned (hand-edited) assignment is not in the roster


class ShortfallReason(StrEnum):
    """Why a member could not be counted towards a demand on a day (keys of Shortfall.unavailable)."""

    LACKS_SKILL = "lacks_skill"
    DAY_OFF = "day_off"
    NO_NIGHTS = "no_nights"
    WEEKLY_LIMIT = "weekly_limit"  # at their weekly (or period) minutes limit in this roster
    PERIOD_LIMIT = "period_limit"  # at their max minutes or max shifts of the type for the horizon
    ON_OTHER_SHIFT = "on_other_shift"  # works another shift that day in this roster
    REST = "rest"  # rest between shifts or consecutive-days rule blocks it
    NEEDS_PARTNER = "needs_partner"  # may only work with a mentor or partner who is not there
    DAILY_LIMIT = "daily_limit"  # the shift is longer than the daily limit


@dataclass(frozen=True)
class ShiftType:
    """A kind of shift at a centre (早番, 日勤, 夜勤 …)."""

    id: str
    start_minute: int  # minutes after midnight of its day
    length_minutes: int  # from start to end, breaks included
    break_minutes: int = 0  # unpaid rest inside the shift (Art 34); not counted as worked
    is_night: bool = False
    # Every member on this shift must hold all these skills (e.g. {"caregiver"} for a lone night shift).
    required_skills: frozenset[str] = frozenset()
    # Shift ids that may not be worked the next day after this one (explicit; rest rules add more).
    forbidden_next: frozenset[str] = frozenset()

    @property
    def worked_minutes(self) -> int:
        return self.length_minutes - self.break_minutes

    @property
    def end_minute(self) -> int:
        """Minutes after midnight of its day at which the shift ends (may exceed 1440)."""
        return self.start_minute + self.length_minutes


@dataclass(frozen=True)
class History:
    """What a member carried in from earlier rosters: fairness counts and the end of the last roster."""

    nights: int = 0
    weekends: int = 0
    holidays: int = 0
    contracted_minutes: int = 0  # contracted minutes over the same earlier rosters (normaliser)
    # The last roster's tail, so rules run across the month boundary:
    consecutive_days_before: int = 0  # days worked in a row up to the day before start_date
    last_shift_before: str | None = None  # shift id worked the day before start_date, if any
    minutes_in_first_week_before: int = 0  # minutes already worked in the calendar week of start_date


@dataclass(frozen=True)
class Member:
    """A member who may be rostered, with accommodations (配慮) and contract figures."""

    id: str
    skills: frozenset[str] = frozenset()
    # Contracted minutes over the horizon: the fairness normaliser and a soft target (0 = none).
    contracted_minutes: int = 0
    # Soft band around contracted_minutes: each hour planned outside [contracted − tol, contracted + tol]
    # costs Weights.contract_outside_tolerance_per_hour (None: no band).
    contract_tolerance_minutes: int | None = None
    min_minutes: int = 0  # hard: at least this many worked minutes over the horizon
    max_minutes: int | None = None  # hard: at most this many worked minutes over the horizon
    max_minutes_per_week: int | None = None  # accommodation (reduced hours) per calendar week
    no_nights: bool = False  # accommodation: never a night shift
    days_off: frozenset[int] = frozenset()  # unavailable days (hard)
    max_shifts: Mapping[str, int] = field(default_factory=dict)  # per shift id over the horizon
    max_consecutive_days: int | None = None  # overrides LabourRules.max_consecutive_days
    min_consecutive_days: int | None = None  # runs of work touching the horizon edge are exempt
    min_consecutive_days_off: int | None = None  # runs of days off touching the horizon edge are exempt
    max_weekends: int | None = None
    # Pairing: works only on shifts where the named mentor also works …
    mentor_id: str | None = None
    # … or only where at least one other member holding this skill works.
    partner_skill: str | None = None
    history: History = History()


@dataclass(frozen=True)
class Demand:
    """Members needed on a day and shift, with a skill (None: anyone on the shift counts)."""

    day: int
    shift_id: str
    required: int
    skill: str | None = None
    under_weight: int = 1000  # per member missing
    over_weight: int = 0  # per member beyond required


@dataclass(frozen=True)
class Wish:
    """A member's request (希望): honoured or not, weighted."""

    member_id: str
    day: int
    kind: WishKind
    shift_id: str | None = None
    weight: int = 1


@dataclass(frozen=True)
class LabourRules:
    """Hard labour rules for the whole centre; see rules.default_labour_rules() for the Act's defaults."""

    max_minutes_per_day: int | None = 480  # Art 32(2); None under Art 32-2 variable hours
    max_minutes_per_week: int | None = 2400  # Art 32(1), per calendar week
    # Art 32-2 one-month variable working hours: weekly limit averaged over the horizon instead of per week.
    average_weekly_over_period: bool = False
    min_rest_minutes: int | None = 660  # rest between shifts (勤務間インターバル, 11 h)
    max_consecutive_days: int | None = 6  # Art 35: a day off each week
    week_starts_on: int = 6  # calendar week start: Sunday unless the work rules say otherwise


@dataclass(frozen=True)
class Weights:
    """Weights of the soft goals (per unit); coverage weights live on each Demand, wishes on each Wish."""

    # Fairness: per tenth of a shift of deviation from the member's fair share (by contracted minutes).
    nights: int = 0
    weekends: int = 0
    holidays: int = 0
    # Per hour short of contracted_minutes over the horizon (0: no target).
    contract_shortfall_per_hour: int = 0
    # Per hour above contracted_minutes (overtime, paid at a premium).
    contract_overtime_per_hour: int = 0
    # Per hour outside the member's contract tolerance band (see Member.contract_tolerance_minutes).
    contract_outside_tolerance_per_hour: int = 0


@dataclass(frozen=True)
class Assignment:
    member_id: str
    day: int
    shift_id: str


@dataclass(frozen=True)
class Problem:
    start_date: dt.date
    days: int
    shift_types: tuple[ShiftType, ...]
    members: tuple[Member, ...]
    demands: tuple[Demand, ...] = ()
    wishes: tuple[Wish, ...] = ()
    rules: LabourRules = LabourRules()
    holidays: frozenset[int] = frozenset()  # day indices that are public holidays (rules.holidays_in)
    pinned: tuple[Assignment, ...] = ()  # hand edits the solver must keep
    weights: Weights = Weights()
    name: str = ""

    def weekday(self, day: int) -> int:
        return (self.start_date + dt.timedelta(days=day)).weekday()

    def date(self, day: int) -> dt.date:
        return self.start_date + dt.timedelta(days=day)

    def shift(self, shift_id: str) -> ShiftType:
        for s in self.shift_types:
            if s.id == shift_id:
                return s
        raise KeyError(shift_id)

    def member(self, member_id: str) -> Member:
        for m in self.members:
            if m.id == member_id:
                return m
        raise KeyError(member_id)


@dataclass(frozen=True)
class Violation:
    code: ViolationCode
    member_id: str | None = None
    day: int | None = None
    shift_id: str | None = None
    params: Mapping[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class Shortfall:
    """Demand the roster leaves uncovered, and why the other members could not fill it."""

    day: int
    shift_id: str
    skill: str | None
    required: int
    assigned: int  # members counted towards the demand in the roster
    qualified: int  # members holding the skill (all members if skill is None)
    # For each qualified member not on the shift: the first reason found (ShortfallReason → count).
    unavailable: Mapping[str, int] = field(default_factory=dict)
    # Qualified members who were free but not put on (coverage traded for a harder rule or goal).
    free: int = 0


@dataclass(frozen=True)
class ProgressInfo:
    seconds: float
    objective: int
    bound: int
    solutions: int


@dataclass(frozen=True)
class MemberFairness:
    member_id: str
    contracted_minutes: int  # this horizon plus history
    worked_minutes: int  # this horizon
    nights: int  # this horizon plus history
    weekends: int
    holidays: int
    wishes: int  # this horizon
    wishes_honoured: int
    # Per contracted 40-hour week (2400 minutes), history included; None without contracted minutes.
    nights_rate: Fraction | None
    weekends_rate: Fraction | None
    holidays_rate: Fraction | None


@dataclass(frozen=True)
class Spread:
    max_minus_min: Fraction
    gini: Fraction


@dataclass(frozen=True)
class FairnessReport:
    members: tuple[MemberFairness, ...]
    nights: Spread
    weekends: Spread
    holidays: Spread
    wishes_honoured: Spread  # of the share of each member's wishes honoured


@dataclass(frozen=True)
class Solution:
    status: Status
    assignments: tuple[Assignment, ...] = ()
    objective: int | None = None
    bound: int | None = None
    seconds: float = 0.0
    shortfalls: tuple[Shortfall, ...] = ()
    # Objective split by goal: "under", "over", "wishes", "nights", "weekends", "holidays", "contract".
    objective_terms: Mapping[str, int] = field(default_factory=dict)
    violations: tuple[Violation, ...] = ()  # only with Status.INVALID (malformed problem)
    fairness: FairnessReport | None = None

    @property
    def found(self) -> bool:
        return self.status in (Status.OPTIMAL, Status.FEASIBLE)
