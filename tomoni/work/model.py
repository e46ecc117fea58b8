"""The CP-SAT model of a roster problem (勤務表のモデル): one Boolean per (member, day, shift) the member may
work at all, hard rules as constraints, soft goals as one weighted sum.

Every term of the objective is modelled exactly (slack variables are pinned to their true value), so the
objective CP-SAT reports is the one `checker.objective` recomputes from the roster alone.

Encodings are the standard ones for nurse rostering, not tuned to any instance:
- max consecutive days: one sliding window of k+1 days (at most k worked);
- min consecutive days / days off: a clause forbidding each too-short run enclosed by the horizon;
- forbidden successions (explicit or from rest rules): pairwise clauses on consecutive days;
- weekends: an exact indicator per Saturday/Sunday pair.

Used by the whole-roster search (solver.py) and, one member at a time, by the column generation
(columns.py), so both search the same rules.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from ortools.sat.python import cp_model, cp_model_helper

from tomoni.work.problem import Member, Problem, ShiftType, WishKind
from tomoni.work.rules import forbidden_successions, period_limit_minutes, week_index, weekend_index

# Tenths of a shift: the unit of the fairness deviation (see Weights).
FAIRNESS_SCALE = 10


def may_work(problem: Problem, member: Member, day: int, shift: ShiftType) -> bool:
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


def weekly_limit(problem: Problem, member: Member) -> int | None:
    limits = [member.max_minutes_per_week]
    if not problem.rules.average_weekly_over_period:
        limits.append(problem.rules.max_minutes_per_week)
    present = [x for x in limits if x is not None]
    return min(present) if present else None


class RosterModel:
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
                    if may_work(p, member, d, shift):
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
        weekly = weekly_limit(p, member)
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
        """Hours short of the contract, hours above it (overtime), and hours outside its tolerance band."""
        p = self.p
        w = p.weights
        if not (w.contract_shortfall_per_hour or w.contract_overtime_per_hour or w.contract_outside_tolerance_per_hour):
            return
        most = max((s.worked_minutes for s in p.shift_types), default=0) * p.days
        for mi, member in enumerate(p.members):
            c = member.contracted_minutes
            if c <= 0:
                continue
            worked = sum(
                p.shift_types[si].worked_minutes * v
                for d in range(p.days)
                for si in range(len(p.shift_types))
                if (v := self.x.get((mi, d, si))) is not None
            )
            self._hours_term("contract", w.contract_shortfall_per_hour, c - worked, c - most, c, f"short_{mi}")
            self._hours_term("overtime", w.contract_overtime_per_hour, worked - c, -c, most - c, f"ot_{mi}")
            tol = member.contract_tolerance_minutes
            if tol is not None and w.contract_outside_tolerance_per_hour:
                weight = w.contract_outside_tolerance_per_hour
                low, high = c - tol, c + tol
                self._hours_term("tolerance", weight, low - worked, low - most, low, f"below_{mi}")
                self._hours_term("tolerance", weight, worked - high, -high, most - high, f"above_{mi}")

    def _hours_term(self, term: str, weight: int, expr: cp_model.LinearExprT, lo: int, hi: int, name: str) -> None:
        """weight × ceil(max(0, expr) / 60): whole hours, as the checker counts them."""
        if not weight or hi <= 0:
            return
        minutes = self._exact_max0(expr, lo, hi, name)
        hours = self.m.new_int_var(0, hi // 60 + 1, name + "_h")
        self.m.add(60 * hours >= minutes)  # settled to the ceiling by `solve` once the roster is fixed
        self.terms[term].append((weight, hours))


def value_of(expr: cp_model.LinearExprT, values: list[int]) -> int:
    """The value of a linear expression of the model under a full assignment of its variables."""
    if isinstance(expr, int):
        return expr
    flat = cp_model_helper.FlatIntExpr(expr)  # type: ignore[arg-type]
    return int(flat.offset) + sum(int(c) * values[v.index] for v, c in zip(flat.vars, flat.coeffs, strict=True))
