"""The roster solver on OR-Tools CP-SAT (勤務表の自動作成).

One Boolean per (member, day, shift) the member may work at all; hard rules as constraints; soft goals
(coverage, wishes, fairness, contracted hours) as one weighted sum to minimise. Coverage is always soft,
so impossible demand gives a roster plus `Solution.shortfalls` saying what is missing and why.

Every term of the objective is modelled exactly (slack variables are pinned to their true value), so the
objective CP-SAT reports is the one `checker.objective` recomputes from the roster alone.

Encodings are the standard ones for nurse rostering, not tuned to any instance:
- max consecutive days: one sliding window of k+1 days (at most k worked);
- min consecutive days / days off: a clause forbidding each too-short run enclosed by the horizon;
- forbidden successions (explicit or from rest rules): pairwise clauses on consecutive days;
- weekends: an exact indicator per Saturday/Sunday pair;
- a greedy roster respecting the hard rules seeds the search as a hint.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable

from ortools.sat.python import cp_model, cp_model_helper

from tomoni.work import checker, fairness
from tomoni.work.problem import (
    Assignment,
    Demand,
    Member,
    Problem,
    ProgressInfo,
    ShiftType,
    ShortfallReason,
    Solution,
    Status,
    Violation,
    ViolationCode,
    Wish,
    WishKind,
)
from tomoni.work.rules import forbidden_successions, period_limit_minutes, week_index, weekend_index

logger = logging.getLogger(__name__)

# Tenths of a shift: the unit of the fairness deviation (see Weights).
FAIRNESS_SCALE = 10
# Share of the time limit given to CP-SAT on the whole model before the neighbourhood search.
FULL_SEARCH_SHARE = 0.05
# … cut short when a third of that passes without a better roster (at least 2 s): the neighbourhood
# search improves faster than the whole-model search once the latter stalls.
FULL_SEARCH_STALL_SHARE = 1 / 3
FULL_SEARCH_MIN_STALL_SECONDS = 2.0
# Share of the time limit given at the end to CP-SAT on the whole model again, from the best roster.
FINAL_FULL_SEARCH_SHARE = 0.2
# Share of the time limit spent on cover and wishes alone when fairness is weighed too.
COVER_FIRST_SHARE = 0.4
# Time limit of one neighbourhood solve; the first neighbourhood's size (free assignment variables), and
# how it grows when a part is solved to the end and shrinks when one times out.
LNS_STEP_SECONDS = 2.0
# … and its limit in CP-SAT's deterministic time (a count of work done, about a second of one core):
# the size of the parts then follows how hard they are, not how busy the machine is.
LNS_STEP_DETERMINISTIC_TIME = 1.0
LNS_FIRST_SIZE = 600
LNS_GROW = 1.1
LNS_SHRINK = 0.7
# Shares of the members a neighbourhood frees (over as many days as its size allows).
MEMBER_SHARES = (1.0, 0.5, 0.3, 0.1)
# Time allowed to settle the slacks of a fixed roster (takes milliseconds).
SETTLE_SECONDS = 10.0


def _may_work(problem: Problem, member: Member, day: int, shift: ShiftType) -> bool:
    """Whether a member may work a shift on a day at all (the rules of one cell, no interplay)."""
    if day in member.days_off:
        return False
    if not shift.required_skills <= member.skills:
        return False
    if member.no_nights and shift.is_night:
        return False
    if member.max_shifts.get(shift.id, 1) <= 0:
        return False
    if problem.rules.max_minutes_per_day is not None and shift.worked_minutes > problem.rules.max_minutes_per_day:
        return False
    if member.max_minutes is not None and shift.worked_minutes > member.max_minutes:
        return False
    return member.max_minutes_per_week is None or shift.worked_minutes <= member.max_minutes_per_week


def _weekly_limit(problem: Problem, member: Member) -> int | None:
    limits = [member.max_minutes_per_week]
    if not problem.rules.average_weekly_over_period:
        limits.append(problem.rules.max_minutes_per_week)
    present = [x for x in limits if x is not None]
    return min(present) if present else None


def fairness_counts(problem: Problem) -> dict[str, list[int]]:
    """Day indices counted by each fairness category: holidays (days), weekends handled apart."""
    return {"holidays": sorted(d for d in problem.holidays if 0 <= d < problem.days)}


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, report: Callable[[ProgressInfo], None]) -> None:
        super().__init__()
        self._report = report
        self._count = 0

    def on_solution_callback(self) -> None:
        self._count += 1
        self._report(
            ProgressInfo(
                seconds=self.wall_time,
                objective=round(self.objective_value),
                bound=round(self.best_objective_bound),
                solutions=self._count,
            )
        )


class _Model:
    """The CP-SAT model of one problem."""

    def __init__(self, problem: Problem) -> None:
        self.p = problem
        self.m = cp_model.CpModel()
        self.x: dict[tuple[int, int, int], cp_model.IntVar] = {}
        self.work: dict[tuple[int, int], cp_model.LinearExprT] = {}
        self.terms: dict[str, list[tuple[int, cp_model.LinearExprT]]] = defaultdict(list)
        self.shift_index = {s.id: i for i, s in enumerate(problem.shift_types)}
        self.member_index = {m.id: i for i, m in enumerate(problem.members)}
        self.weekend_vars: dict[tuple[int, int], cp_model.IntVar] = {}
        self._build()

    # -- helpers ---------------------------------------------------------------------------------
    def cells(self, mi: int, d: int) -> list[cp_model.IntVar]:
        return [v for si in range(len(self.p.shift_types)) if (v := self.x.get((mi, d, si))) is not None]

    def worked(self, mi: int, d: int) -> cp_model.LinearExprT:
        return self.work.get((mi, d), 0)

    def _exact_max0(self, expr: cp_model.LinearExprT, lo: int, hi: int, name: str) -> cp_model.IntVar:
        """An integer variable equal to max(0, expr), where lo <= expr <= hi.

        Written as expr = pos - neg with pos, neg >= 0 and a Boolean choosing which one may be non-zero:
        all linear, so the LP relaxation keeps pos >= expr (an enforced equality would hide it).
        """
        pos = self.m.new_int_var(0, max(0, hi), name)
        if lo >= 0:
            self.m.add(pos == expr)
        elif hi <= 0:
            self.m.add(pos == 0)
        else:
            neg = self.m.new_int_var(0, -lo, name + "_neg")
            self.m.add(expr == pos - neg)
            sign = self.m.new_bool_var(name + "_sign")
            self.m.add(pos <= hi * sign)
            self.m.add(neg <= -lo * (1 - sign))
        return pos

    # -- the model -------------------------------------------------------------------------------
    def _build(self) -> None:
        p, m = self.p, self.m
        shifts = p.shift_types
        for mi, member in enumerate(p.members):
            for d in range(p.days):
                for si, shift in enumerate(shifts):
                    if _may_work(p, member, d, shift):
                        self.x[mi, d, si] = m.new_bool_var(f"x_{mi}_{d}_{si}")
                cells = self.cells(mi, d)
                if len(cells) > 1:
                    m.add_at_most_one(cells)
                if cells:
                    self.work[mi, d] = sum(cells)
        self._pins()
        self._successions()
        for mi, member in enumerate(p.members):
            self._member_limits(mi, member)
            self._consecutive(mi, member)
            self._weekends(mi, member)
            self._pairing(mi, member)
        self._coverage()
        self._wishes()
        self._fairness()
        self._contract()
        # The objective is the flat weighted sum, so presolve, the LP and core-based search see each term.
        m.minimize(sum(w * e for items in self.terms.values() for w, e in items))

    def _pins(self) -> None:
        for a in self.p.pinned:
            key = (self.member_index[a.member_id], a.day, self.shift_index[a.shift_id])
            var = self.x.get(key)
            if var is None:
                self.m.add_bool_or([])  # a pin the cell rules forbid: no roster keeps it
            else:
                self.m.add(var == 1)

    def _successions(self) -> None:
        p = self.p
        pairs = forbidden_successions(p.shift_types, p.rules)
        pairs_idx = [(self.shift_index[a], self.shift_index[b]) for a, b in pairs if b in self.shift_index]
        for mi, member in enumerate(p.members):
            last = member.history.last_shift_before
            for d in range(p.days):
                for s1, s2 in pairs_idx:
                    first = self.x.get((mi, d, s1))
                    second = self.x.get((mi, d + 1, s2))
                    if first is not None and second is not None:
                        self.m.add_bool_or([~first, ~second])
            if last is not None:
                for s1, s2 in pairs_idx:
                    if p.shift_types[s1].id == last and (v := self.x.get((mi, 0, s2))) is not None:
                        self.m.add(v == 0)

    def _member_limits(self, mi: int, member: Member) -> None:
        p = self.p
        minutes_by_day = [
            sum(
                p.shift_types[si].worked_minutes * v
                for si in range(len(p.shift_types))
                if (v := self.x.get((mi, d, si))) is not None
            )
            for d in range(p.days)
        ]
        total = sum(minutes_by_day)
        if member.max_minutes is not None:
            self.m.add(total <= member.max_minutes)
        if member.min_minutes:
            self.m.add(total >= member.min_minutes)
        if p.rules.average_weekly_over_period and p.rules.max_minutes_per_week is not None:
            self.m.add(total <= period_limit_minutes(p.rules.max_minutes_per_week, p.days))
        weekly = _weekly_limit(p, member)
        if weekly is not None:
            weeks: dict[int, list[int]] = defaultdict(list)
            for d in range(p.days):
                weeks[week_index(p.start_date, d, p.rules.week_starts_on)].append(d)
            for w, days in weeks.items():
                before = member.history.minutes_in_first_week_before if w == 0 else 0
                self.m.add(sum(minutes_by_day[d] for d in days) + before <= weekly)
        for shift_id, limit in member.max_shifts.items():
            si = self.shift_index.get(shift_id)
            if si is None:
                continue
            vars_ = [v for d in range(p.days) if (v := self.x.get((mi, d, si))) is not None]
            if len(vars_) > limit:
                self.m.add(sum(vars_) <= limit)

    def _consecutive(self, mi: int, member: Member) -> None:
        p, m = self.p, self.m
        days = p.days
        k = member.max_consecutive_days if member.max_consecutive_days is not None else p.rules.max_consecutive_days
        if k is not None:
            for start in range(days - k):
                m.add(sum(self.worked(mi, d) for d in range(start, start + k + 1)) <= k)
            lo_off_k = member.min_consecutive_days_off or 1
            if lo_off_k > 1:
                # Redundant, for the LP: any k + lo_off days in a row hold at most k worked. With more,
                # the days off would be fewer than lo_off: either a run of them lies inside the window
                # between worked days (too short) or they sit at its ends around a run of over k.
                span = k + lo_off_k
                for start in range(days - span + 1):
                    m.add(sum(self.worked(mi, d) for d in range(start, start + span)) <= k)
            before = min(member.history.consecutive_days_before, k)
            for j in range(-before, 0):
                # Window [j, j+k] holds -j worked days before the horizon.
                last = min(j + k, days - 1)
                if last >= 0:
                    m.add(sum(self.worked(mi, d) for d in range(0, last + 1)) <= k + j)
        lo = member.min_consecutive_days
        if lo is not None and lo > 1:
            # Forbid a run of 1..lo-1 worked days with a day off on each side, inside the horizon.
            for length in range(1, lo):
                for start in range(1, days - length):
                    self._forbid_run(mi, start, length, working=True)
        lo_off = member.min_consecutive_days_off
        if lo_off is not None and lo_off > 1:
            for length in range(1, lo_off):
                for start in range(1, days - length):
                    self._forbid_run(mi, start, length, working=False)

    def _literal(self, mi: int, d: int) -> cp_model.IntVar | None:
        """A literal true when the member works day d, or None when they cannot work it."""
        cells = self.cells(mi, d)
        if not cells:
            return None
        if len(cells) == 1:
            return cells[0]
        key = (mi, d)
        cache = self.__dict__.setdefault("_work_lits", {})
        if key not in cache:
            lit = self.m.new_bool_var(f"w_{mi}_{d}")
            self.m.add(lit == sum(cells))
            cache[key] = lit
        return cache[key]

    def _forbid_run(self, mi: int, start: int, length: int, *, working: bool) -> None:
        """Forbid: days start..start+length-1 in one state, the days either side in the other."""
        clause: list[cp_model.LiteralT] = []
        inside = range(start, start + length)
        for d in (start - 1, start + length):
            lit = self._literal(mi, d)
            if working:
                if lit is not None:  # the edge day must be off: a clause literal "works"
                    clause.append(lit)
            else:
                if lit is None:  # the edge day must be worked but cannot be: nothing to forbid
                    return
                clause.append(~lit)
        for d in inside:
            lit = self._literal(mi, d)
            if working:
                if lit is None:
                    return  # cannot work this day: the run cannot happen
                clause.append(~lit)
            else:
                if lit is not None:
                    clause.append(lit)
        self.m.add_bool_or(clause)

    def weekend(self, mi: int, k: int, days: Iterable[int]) -> cp_model.IntVar:
        key = (mi, k)
        if key not in self.weekend_vars:
            lits = [lit for d in days if (lit := self._literal(mi, d)) is not None]
            var = self.m.new_bool_var(f"we_{mi}_{k}")
            if lits:
                self.m.add_max_equality(var, lits)
            else:
                self.m.add(var == 0)
            self.weekend_vars[key] = var
        return self.weekend_vars[key]

    def weekends_of(self) -> dict[int, list[int]]:
        weekends: dict[int, list[int]] = defaultdict(list)
        for d in range(self.p.days):
            k = weekend_index(self.p.start_date, d)
            if k is not None:
                weekends[k].append(d)
        return weekends

    def _weekends(self, mi: int, member: Member) -> None:
        if member.max_weekends is None:
            return
        weekends = self.weekends_of()
        if len(weekends) <= member.max_weekends:
            return
        self.m.add(sum(self.weekend(mi, k, days) for k, days in weekends.items()) <= member.max_weekends)

    def _pairing(self, mi: int, member: Member) -> None:
        p = self.p
        for d in range(p.days):
            for si in range(len(p.shift_types)):
                v = self.x.get((mi, d, si))
                if v is None:
                    continue
                if member.mentor_id is not None:
                    mentor = self.x.get((self.member_index[member.mentor_id], d, si))
                    if mentor is None:
                        self.m.add(v == 0)
                    else:
                        self.m.add_implication(v, mentor)
                if member.partner_skill is not None:
                    partners = [
                        w
                        for oi, other in enumerate(p.members)
                        if oi != mi
                        and member.partner_skill in other.skills
                        and (w := self.x.get((oi, d, si))) is not None
                    ]
                    if partners:
                        self.m.add_bool_or(partners).only_enforce_if(v)
                    else:
                        self.m.add(v == 0)

    def _coverage(self) -> None:
        p = self.p
        for i, demand in enumerate(p.demands):
            si = self.shift_index[demand.shift_id]
            vars_ = [
                v
                for mi, member in enumerate(p.members)
                if (demand.skill is None or demand.skill in member.skills)
                and (v := self.x.get((mi, demand.day, si))) is not None
            ]
            count = sum(vars_)
            n = len(vars_)
            if demand.under_weight and demand.required > 0:
                under = self._exact_max0(demand.required - count, demand.required - n, demand.required, f"under_{i}")
                self.terms["under"].append((demand.under_weight, under))
            if demand.over_weight and n > demand.required:
                over = self._exact_max0(count - demand.required, -demand.required, n - demand.required, f"over_{i}")
                self.terms["over"].append((demand.over_weight, over))

    def _wishes(self) -> None:
        p = self.p
        for wish in p.wishes:
            mi = self.member_index[wish.member_id]
            if wish.shift_id is None or wish.kind == WishKind.DAY_OFF:
                expr: cp_model.LinearExprT = self.worked(mi, wish.day)
            else:
                expr = self.x.get((mi, wish.day, self.shift_index[wish.shift_id]), 0)
            if wish.kind == WishKind.WANT:
                self.terms["wishes"].append((wish.weight, 1 - expr))
            else:
                self.terms["wishes"].append((wish.weight, expr))

    def category_counts(self, category: str) -> dict[int, cp_model.LinearExprT]:
        """Per member index: the expression counting their nights, weekends or holidays this horizon."""
        p = self.p
        counts: dict[int, cp_model.LinearExprT] = {}
        for mi in range(len(p.members)):
            if category == "nights":
                counts[mi] = sum(
                    v
                    for d in range(p.days)
                    for si, s in enumerate(p.shift_types)
                    if s.is_night and (v := self.x.get((mi, d, si))) is not None
                )
            elif category == "weekends":
                counts[mi] = sum(self.weekend(mi, k, days) for k, days in self.weekends_of().items())
            else:
                counts[mi] = sum(self.worked(mi, d) for d in p.holidays if 0 <= d < p.days)
        return counts

    def _fairness(self) -> None:
        p = self.p
        for category in ("nights", "weekends", "holidays"):
            weight = getattr(p.weights, category)
            if not weight:
                continue
            # A member excused from nights is not measured on nights: their zero is an accommodation.
            eligible = [
                (mi, member)
                for mi, member in enumerate(p.members)
                if member.contracted_minutes + member.history.contracted_minutes > 0
                and not (category == "nights" and member.no_nights)
            ]
            if len(eligible) < 2:
                continue
            counts = self.category_counts(category)
            contracted = {mi: mb.contracted_minutes + mb.history.contracted_minutes for mi, mb in eligible}
            # Shares depend only on the ratios of contracted minutes: divide by their gcd to keep
            # the coefficients small (for a centre of full- and half-timers they become 2 and 1).
            common = math.gcd(*contracted.values())
            contracted = {mi: c // common for mi, c in contracted.items()}
            history = {mi: getattr(mb.history, category) for mi, mb in eligible}
            total_c = sum(contracted.values())
            total = sum(history.values()) + sum(counts[mi] for mi, _ in eligible)
            bound_n = sum(history.values()) + len(eligible) * (p.days + 1)
            for mi, _ in eligible:
                # dev >= SCALE * |n_i*C - T*c_i| / C: tenths of a shift from the fair share. The solver
                # minimises dev, and `solve` settles it to the ceiling exactly once the roster is fixed.
                diff = (history[mi] + counts[mi]) * total_c - total * contracted[mi]
                dev = self.m.new_int_var(0, FAIRNESS_SCALE * bound_n + 1, f"dev_{category}_{mi}")
                self.m.add(total_c * dev >= FAIRNESS_SCALE * diff)
                self.m.add(total_c * dev >= -FAIRNESS_SCALE * diff)
                self.terms[category].append((weight, dev))

    def _contract(self) -> None:
        p = self.p
        weight = p.weights.contract_shortfall_per_hour
        if not weight:
            return
        for mi, member in enumerate(p.members):
            if member.contracted_minutes <= 0:
                continue
            worked = sum(
                p.shift_types[si].worked_minutes * v
                for d in range(p.days)
                for si in range(len(p.shift_types))
                if (v := self.x.get((mi, d, si))) is not None
            )
            short = self._exact_max0(
                member.contracted_minutes - worked,
                member.contracted_minutes - sum(s.worked_minutes for s in p.shift_types) * p.days,
                member.contracted_minutes,
                f"short_{mi}",
            )
            hours = self.m.new_int_var(0, member.contracted_minutes // 60 + 1, f"short_h_{mi}")
            self.m.add(60 * hours >= short)  # settled to the ceiling by `solve` once the roster is fixed
            self.terms["contract"].append((weight, hours))


def _invalid(problem: Problem) -> list[Violation]:
    """Ids the problem refers to but does not define."""
    members = {m.id for m in problem.members}
    shifts = {s.id for s in problem.shift_types}
    found: list[Violation] = []
    for m in problem.members:
        for ref in (m.mentor_id,):
            if ref is not None and ref not in members:
                found.append(Violation(ViolationCode.UNKNOWN_MEMBER, member_id=m.id, params={"member": ref}))
    items: list[Demand | Wish | Assignment] = [*problem.demands, *problem.wishes, *problem.pinned]
    for item in items:
        shift_id = getattr(item, "shift_id", None)
        if shift_id is not None and shift_id not in shifts:
            found.append(Violation(ViolationCode.UNKNOWN_SHIFT, params={"shift": shift_id}))
        member_id = getattr(item, "member_id", None)
        if member_id is not None and member_id not in members:
            found.append(Violation(ViolationCode.UNKNOWN_MEMBER, params={"member": member_id}))
        if not 0 <= item.day < problem.days:
            found.append(Violation(ViolationCode.DAY_OUT_OF_RANGE, params={"day": item.day}))
    return found


def greedy(problem: Problem) -> list[Assignment]:
    """A quick roster filling demand in order while keeping every upper-limit rule; a hint, not a promise.

    Lower limits (minimum minutes, minimum runs) are not sought, so the roster may break them.
    """
    roster = checker.Roster(problem, problem.pinned)
    if checker.violations(problem, problem.pinned, partial=True):
        return []
    for demand in sorted(problem.demands, key=lambda dm: (dm.day, -dm.under_weight)):
        counted = sum(
            1
            for member_id in roster.on_shift[demand.day, demand.shift_id]
            if demand.skill is None or demand.skill in roster.members[member_id].skills
        )
        for member in problem.members:
            if counted >= demand.required:
                break
            if demand.skill is not None and demand.skill not in member.skills:
                continue
            if roster.by_member_day.get((member.id, demand.day)):
                continue
            candidate = Assignment(member.id, demand.day, demand.shift_id)
            roster.add(candidate)
            if roster.member_violations(member.id, partial=True):
                roster.remove(candidate)
            else:
                counted += 1
    return roster.assignments


class _Search:
    """Full CP-SAT search, then large neighbourhood search around the best roster.

    Nurse rostering relaxes badly (the LP bound of the compact model is far below the optimum), so
    after a first phase on the whole model the time goes to re-optimising parts of the roster with
    the rest fixed: a few members over the whole horizon (their own rules couple their days), or
    every member over a window of days (cover couples the members). Each part is solved exactly by
    CP-SAT when it can; the part grows when it is solved without gain and shrinks when it times out.
    Standard for staff rostering and not tied to any instance.
    """

    def __init__(
        self,
        problem: Problem,
        model: _Model,
        *,
        deadline: float,
        workers: int,
        seed: int,
        progress: Callable[[ProgressInfo], None] | None,
        started: float,
    ) -> None:
        self.p = problem
        self.model = model
        self.deadline = deadline
        self.workers = workers
        self.seed = seed
        self.progress = progress
        self.started = started
        self.values: list[int] | None = None
        self.objective: int | None = None
        self.bound: int | None = None
        self.solutions = 0
        self.status = cp_model.UNKNOWN

    def _params(self, solver: cp_model.CpSolver, limit: float, workers: int) -> None:
        solver.parameters.max_time_in_seconds = max(0.01, limit)
        solver.parameters.num_workers = max(1, workers)
        solver.parameters.random_seed = self.seed

    def _report(self) -> None:
        if self.progress is not None and self.objective is not None:
            self.progress(
                ProgressInfo(
                    seconds=time.monotonic() - self.started,
                    objective=self.objective,
                    bound=self.bound if self.bound is not None else 0,
                    solutions=self.solutions,
                )
            )

    def full(self, limit: float) -> None:
        solver = cp_model.CpSolver()
        self._params(solver, limit, self.workers)
        # The LP with every clause and at-most-one in it ("max_lp") bounds rostering objectives far
        # better than the default LP; it is the one full-model worker, the rest of CP-SAT's portfolio
        # (its own neighbourhood searches) shares the other threads.
        solver.parameters.linearization_level = 2
        solver.parameters.subsolvers.append("max_lp")
        self._last_improvement: float | None = None
        done = threading.Event()
        watchdog = threading.Thread(target=self._watch, args=(solver, done, limit), daemon=True)
        watchdog.start()
        try:
            status = solver.solve(self.model.m, _Progress(self._on_full_solution))
        finally:
            done.set()
            watchdog.join()
        self.status = status
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found = round(solver.objective_value)
            if self.objective is None or found <= self.objective:
                self.values = list(solver.response_proto.solution)
                self.objective = found
            self.bound = max(self.bound or 0, round(solver.best_objective_bound))
        elif status == cp_model.UNKNOWN and self.values is not None:
            self.status = cp_model.FEASIBLE  # the starting roster stands

    def first(self, limit: float) -> None:
        """Any roster that keeps every hard rule, found by CP-SAT as fast as it can (a start for the search)."""
        solver = cp_model.CpSolver()
        self._params(solver, limit, self.workers)
        solver.parameters.stop_after_first_solution = True
        status = solver.solve(self.model.m)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            self.values = list(solver.response_proto.solution)
            self.objective = round(solver.objective_value)
            self.status = cp_model.FEASIBLE
            self.hint_best()
        elif status == cp_model.INFEASIBLE:
            self.status = status

    def _watch(self, solver: cp_model.CpSolver, done: threading.Event, limit: float) -> None:
        """Hand over to the neighbourhood search when the whole-model search stops improving."""
        stall = max(FULL_SEARCH_MIN_STALL_SECONDS, limit * FULL_SEARCH_STALL_SHARE)
        while not done.wait(0.1):
            last = self._last_improvement
            if last is not None and time.monotonic() - last > stall:
                solver.stop_search()
                return

    def _on_full_solution(self, info: ProgressInfo) -> None:
        self._last_improvement = time.monotonic()
        self.solutions = info.solutions
        if self.progress is not None:
            self.progress(info)

    def complete(self, chosen: dict[int, int]) -> tuple[list[int], int] | None:
        """Every variable's value and the objective for a roster given by its x values, or None.

        With every assignment fixed, the slacks of the soft goals take their exact (least) value, so
        this also settles a roster found before the end of the search. Takes milliseconds.
        """
        sub = self.model.m.clone()
        sub.clear_hints()
        proto = sub.proto
        for var in self.model.x.values():
            domain = proto.variables[var.index].domain
            domain[0] = domain[1] = chosen.get(var.index, 0)
        solver = cp_model.CpSolver()
        self._params(solver, SETTLE_SECONDS, 1)
        if solver.solve(sub) != cp_model.OPTIMAL:
            return None
        return list(solver.response_proto.solution), round(solver.objective_value)

    def start_from(self, roster: Iterable[Assignment]) -> None:
        """Take a roster that keeps every hard rule as the first best roster and as the search's hint."""
        chosen = {
            self.model.x[key].index: 1
            for a in roster
            if (key := (self.model.member_index[a.member_id], a.day, self.model.shift_index[a.shift_id]))
            in self.model.x
        }
        completed = self.complete(chosen)
        if completed is None:
            return
        self.values, self.objective = completed
        self.hint_best()

    def settle(self) -> None:
        """Give the slacks of the best roster their exact value (see `complete`)."""
        assert self.values is not None
        completed = self.complete({var.index: self.values[var.index] for var in self.model.x.values()})
        if completed is not None:
            self.values, self.objective = completed

    def _short_cells(self, values: list[int]) -> list[tuple[int, int, str | None]]:
        """(day, shift index, skill) of each demand the roster leaves short."""
        p, x = self.p, self.model.x
        short = []
        for demand in p.demands:
            si = self.model.shift_index[demand.shift_id]
            count = sum(
                values[v.index]
                for mi, member in enumerate(p.members)
                if (demand.skill is None or demand.skill in member.skills)
                and (v := x.get((mi, demand.day, si))) is not None
            )
            if count < demand.required:
                short.append((demand.day, si, demand.skill))
        return short

    def _neighbourhood(self, size: float, rng: random.Random, values: list[int]) -> set[int]:
        """Proto indices of the x variables left free: about `size` of them, in one rectangle.

        The rectangle is a set of members over a window of days: every member over a few days (cover
        couples the members day by day), a share of them over more days, or a few members over the whole
        horizon (their own rules couple their days). Half the time it is aimed at a demand left short:
        the window holds its day and the members are first those who could work that shift and do not.
        """
        p = self.p
        n_members = len(p.members)
        per_member_day = max(1.0, len(self.model.x) / (n_members * p.days))
        share = rng.choice(MEMBER_SHARES)
        k = max(1, min(n_members, round(n_members * share)))
        width = max(1, min(p.days, round(size / (k * per_member_day))))
        if width == p.days:
            k = max(1, min(n_members, round(size / (p.days * per_member_day))))
        short = self._short_cells(values) if rng.random() < 0.5 else []
        members = list(range(n_members))
        rng.shuffle(members)
        if short:
            day, si, skill = rng.choice(short)
            able = {
                mi
                for mi, member in enumerate(p.members)
                if (skill is None or skill in member.skills)
                and (v := self.model.x.get((mi, day, si))) is not None
                and not values[v.index]
            }
            members.sort(key=lambda mi: mi not in able)  # stable: the able first, each group shuffled
            first = max(0, min(p.days - width, day - rng.randrange(width)))
        else:
            first = rng.randrange(0, p.days - width + 1)
        chosen = set(members[:k])
        return {var.index for (mi, d, _), var in self.model.x.items() if mi in chosen and first <= d < first + width}

    @property
    def optimal(self) -> bool:
        return self.status == cp_model.OPTIMAL or (self.objective is not None and self.objective == self.bound)

    def hint_best(self) -> None:
        """Make the best roster so far the whole-model search's hint."""
        assert self.values is not None
        self.model.m.clear_hints()
        proto = self.model.m.proto
        proto.solution_hint.vars.extend(range(len(self.values)))
        proto.solution_hint.values.extend(self.values)

    def lns(self, *, until: float) -> None:
        """Re-optimise neighbourhoods of the best roster until the deadline, one thread per worker.

        Each thread solves its own neighbourhood with one CP-SAT worker; a neighbourhood's solution is a
        whole roster (only domains were narrowed), so whichever thread finds a better one replaces the
        best roster outright.
        """
        assert self.values is not None and self.objective is not None
        base = self.model.m.clone()
        base.clear_hints()
        self._base = base
        self._x_indices = [var.index for var in self.model.x.values()]
        self._lock = threading.Lock()
        self._until = until
        threads = [
            threading.Thread(target=self._lns_thread, args=(random.Random(self.seed * 1000 + i),), daemon=True)
            for i in range(max(1, self.workers))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def _offer(self, found: list[int], objective: int, base: list[int], free: set[int]) -> None:
        """Take a part's better roster; if another thread improved the best roster meanwhile, apply the
        part's changes to that one instead, when the result keeps every rule and is better still."""
        with self._lock:
            assert self.objective is not None
            if self.values is base:
                if objective < self.objective:
                    self._accept(found, objective)
                return
            current = self.values
        assert current is not None
        chosen = {index: current[index] for index in self._x_indices}
        chosen.update({index: found[index] for index in free if found[index] != base[index]})
        completed = self.complete(chosen)
        if completed is None:
            return
        with self._lock:
            assert self.objective is not None
            if completed[1] < self.objective:
                self._accept(*completed)

    def _accept(self, values: list[int], objective: int) -> None:
        self.values = values
        self.objective = objective
        self.solutions += 1
        self._report()

    def _lns_thread(self, rng: random.Random) -> None:
        size = float(min(len(self.model.x), LNS_FIRST_SIZE))
        while True:
            remaining = self._until - time.monotonic()
            with self._lock:
                values, objective = self.values, self.objective
            assert values is not None and objective is not None
            if remaining < 0.05 or objective == self.bound:
                return
            free = self._neighbourhood(size, rng, values)
            sub = self._base.clone()
            proto = sub.proto
            for index in self._x_indices:
                if index not in free:
                    value = values[index]
                    domain = proto.variables[index].domain
                    domain[0] = value
                    domain[1] = value
            proto.solution_hint.vars.extend(range(len(values)))
            proto.solution_hint.values.extend(values)
            # Only a strictly better roster is of use: with the LP's bound most parts are settled at once.
            # The objective's domain bounds its terms without the constant offset.
            cutoff = objective - 1 - round(proto.objective.offset)
            domain = proto.objective.domain
            if len(domain) == 0:
                domain.extend([-(2**60), cutoff])
            else:
                domain[len(domain) - 1] = min(domain[len(domain) - 1], cutoff)
            solver = cp_model.CpSolver()
            self._params(solver, min(remaining, LNS_STEP_SECONDS), 1)
            solver.parameters.max_deterministic_time = LNS_STEP_DETERMINISTIC_TIME
            solver.parameters.random_seed = rng.randrange(1 << 30)
            # Clauses (runs, successions) and at-most-ones in the LP: small parts then close fast.
            solver.parameters.linearization_level = 2
            status = solver.solve(sub)
            logger.debug(
                "part of %d assignments: %s in %.2f s from %d",
                len(free),
                solver.status_name(status),
                solver.wall_time,
                objective,
            )
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and round(solver.objective_value) < objective:
                self._offer(list(solver.response_proto.solution), round(solver.objective_value), values, free)
            if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE):
                size = min(float(len(self.model.x)), size * LNS_GROW)  # solved to the end: look wider
            else:
                size = max(1.0, size * LNS_SHRINK)  # timed out: look narrower


def solve(
    problem: Problem,
    *,
    time_limit_s: float,
    workers: int = 2,
    progress: Callable[[ProgressInfo], None] | None = None,
    seed: int = 0,
    hint: Iterable[Assignment] | None = None,
    explain: bool = True,
) -> Solution:
    """The best roster found within the time limit, with what demand it leaves uncovered and why."""
    started = time.monotonic()
    invalid = _invalid(problem)
    if invalid:
        return Solution(status=Status.INVALID, violations=tuple(invalid), seconds=time.monotonic() - started)
    model = _Model(problem)
    deadline = started + time_limit_s
    search = _Search(problem, model, deadline=deadline, workers=workers, seed=seed, progress=progress, started=started)
    start = list(hint) if hint is not None else greedy(problem)
    weights = problem.weights
    if hint is None and (weights.nights or weights.weekends or weights.holidays):
        # Fairness ties every night and weekend of the month together, which slows the search for
        # cover; so cover and wishes are settled first, and fairness improves on that roster.
        plain = dataclasses.replace(problem, weights=dataclasses.replace(weights, nights=0, weekends=0, holidays=0))
        first = solve(
            plain,
            time_limit_s=time_limit_s * COVER_FIRST_SHARE,
            workers=workers,
            seed=seed,
            hint=start,
            explain=False,
        )
        if first.found:
            start = list(first.assignments)
    if start and not checker.violations(problem, start):
        search.start_from(start)
    elif not checker.violations(problem, []):
        search.start_from([])  # nobody rostered keeps every rule: a roster to return whatever happens
    if search.values is None:
        # No hint from a roster that breaks a rule: CP-SAT finds a first roster several times faster alone.
        search.first(deadline - time.monotonic())
    logger.debug("start: %s after %.1f s", search.objective, time.monotonic() - started)
    search.full(min(time_limit_s * FULL_SEARCH_SHARE, deadline - time.monotonic()))
    if search.status == cp_model.UNKNOWN and deadline - time.monotonic() > 0.05:
        search.full(deadline - time.monotonic())  # no roster yet: keep searching the whole model
    elif search.status == cp_model.FEASIBLE:
        logger.debug("whole model: %s after %.1f s", search.objective, time.monotonic() - started)
        search.lns(until=deadline - time_limit_s * FINAL_FULL_SEARCH_SHARE)
        logger.debug("parts: %s after %.1f s", search.objective, time.monotonic() - started)
        if not search.optimal and deadline - time.monotonic() > 0.05:
            # The whole model again, from the best roster: it may close the gap or prove the roster optimal.
            search.hint_best()
            search.full(deadline - time.monotonic())
        if not search.optimal and deadline - time.monotonic() > 0.05:
            search.lns(until=deadline)  # the whole-model search stalled: the rest of the time to parts
    if search.values is not None:
        search.settle()
    seconds = time.monotonic() - started
    if search.values is None:
        found = Status.INFEASIBLE if search.status == cp_model.INFEASIBLE else Status.UNKNOWN
        pin_problems = tuple(checker.violations(problem, list(problem.pinned), partial=True))
        return Solution(status=found, seconds=seconds, violations=pin_problems)
    values = search.values
    assignments = tuple(
        Assignment(problem.members[mi].id, d, problem.shift_types[si].id)
        for (mi, d, si), var in sorted(model.x.items(), key=lambda kv: kv[0])
        if values[var.index]
    )
    terms = {name: sum(w * _value(e, values) for w, e in items) for name, items in model.terms.items()}
    terms = {name: value for name, value in terms.items() if value}
    optimal = search.status == cp_model.OPTIMAL or search.objective == search.bound
    return Solution(
        status=Status.OPTIMAL if optimal else Status.FEASIBLE,
        assignments=assignments,
        objective=search.objective,
        bound=search.bound,
        seconds=seconds,
        shortfalls=tuple(checker.shortfalls(problem, list(assignments))) if explain else (),
        objective_terms=terms,
        fairness=fairness.report(problem, list(assignments)) if explain else None,
    )


def _value(expr: cp_model.LinearExprT, values: list[int]) -> int:
    """The value of a linear expression of the model under a full assignment of its variables."""
    if isinstance(expr, int):
        return expr
    flat = cp_model_helper.FlatIntExpr(expr)  # type: ignore[arg-type]
    return int(flat.offset) + sum(int(c) * values[v.index] for v, c in zip(flat.vars, flat.coeffs, strict=True))


__all__ = ["ShortfallReason", "greedy", "solve"]
