"""Column generation over members' own rosters (列生成): a tight lower bound and a roster by diving.

When members are bound together only by cover (nobody works in pairs and no fairness goal is weighed),
a roster is one personal roster ("column") per member, each keeping that member's own rules, and the
cost is the sum of the columns' own costs (wishes, contracted hours) and of the cover deviations. The
linear relaxation of that choice (the master problem, solved by GLOP) bounds rostering objectives far
more tightly than the compact model's LP, because each member's rules are met exactly inside a column.

- Pricing: each member's best column for the master's dual prices is found by CP-SAT on the same model
  as the whole roster (model.RosterModel of a one-member problem), so the columns keep exactly the
  rules the checker checks.
- Bound: for any prices π of the cover rows with −over_weight ≤ π ≤ under_weight, the Lagrangian bound
  Σ π·required + Σ_members min_column(cost − π·cover) is at most the optimum. Each pricing's min is
  bounded from below by CP-SAT's proved bound, less the rounding of π to integers, so the bound holds
  at every round, not only when the generation has converged.
- Rosters: a dive fixes the members whose column the LP already chooses (or else the member with the
  most chosen column), generates columns again for the others, and repeats until every member is
  fixed. Then CP-SAT chooses one column per member among all generated (the restricted master as an
  integer programme) from the dive's roster; then more dives, each choosing among the few most chosen
  columns at random and taking back any step after which the LP leaves no roster better than the best
  (the "cutoff"); then CP-SAT over all the columns again until the deadline or the bound.

Branch and price is among the methods the Curtois & Qu optima were found with; this is its heuristic
side (price and dive), without the branching that would prove a roster optimal. Nothing in it refers
to an instance.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import random
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from tomoni.work import checker
from tomoni.work.budget import Budget
from tomoni.work.model import RosterModel
from tomoni.work.problem import Assignment, Problem, ProgressInfo

# Dual prices are scaled to integers for CP-SAT; the rounding costs at most days/(2·DUAL_SCALE) per
# member, which the bound subtracts.
DUAL_SCALE = 10**6
# Time limit of one member's pricing (they take milliseconds; a hard one is cut short, which only
# weakens that round's bound).
PRICING_SECONDS = 1.0
# A member whose column the LP chooses at least this much is fixed to it in the dive.
FIX_AT = 0.999
# Share of the column phase for the generation at the root, before diving.
ROOT_SHARE = 0.5
# Column generation rounds after each dive step at most.
DIVE_ROUNDS = 50
# Later dives choose among this many of the most chosen columns; a step whose LP leaves no roster
# better than the best is taken back (its column forbidden), DIVE_TRIES times in a row at most.
DIVE_CHOICES = 5
DIVE_TRIES = 10
# After the first dive, CP-SAT over all the columns until this share of the column phase; then more
# dives until the second share; then CP-SAT over all the columns again for the rest.
FIRST_CHOICE_SHARE = 0.25
DIVES_SHARE = 0.85

Cell = tuple[int, int]  # (day, shift index)

logger = logging.getLogger(__name__)


def applies(problem: Problem) -> bool:
    """Whether members are bound together only by cover, so that a roster is one column per member."""
    weights = problem.weights
    if weights.nights or weights.weekends or weights.holidays:
        return False  # fairness compares members with each other
    return all(m.mentor_id is None and m.partner_skill is None for m in problem.members)


@dataclasses.dataclass
class Result:
    roster: list[Assignment] | None  # every member's column: keeps every hard rule
    objective: int | None
    bound: int  # a lower bound on every roster's objective
    # How much the root LP works each (member index, day, shift index): a guide for later search.
    lp_cells: dict[tuple[int, int, int], float] = dataclasses.field(default_factory=dict)


class _LPFailed(Exception):
    """GLOP did not solve the master LP."""


@dataclasses.dataclass(frozen=True)
class _Column:
    cells: frozenset[Cell]
    cost: int  # the member's own terms: wishes, contracted hours


class _Pricer:
    """One member's rules as a CP-SAT model whose objective is set to the reduced cost each round."""

    def __init__(self, problem: Problem, mi: int) -> None:
        member = problem.members[mi]
        alone = dataclasses.replace(
            problem,
            members=(member,),
            demands=(),
            wishes=tuple(w for w in problem.wishes if w.member_id == member.id),
            pinned=tuple(a for a in problem.pinned if a.member_id == member.id),
        )
        self.alone = alone
        self.model = RosterModel(alone)
        self.cost: cp_model.LinearExprT = sum(w * e for items in self.model.terms.values() for w, e in items)
        self.cells: dict[Cell, cp_model.IntVar] = {(d, si): v for (_, d, si), v in self.model.x.items()}
        self.days = problem.days

    def price(
        self, prices: dict[Cell, float], budget: Budget, amount: float
    ) -> tuple[list[_Column], float | None, float]:
        """Columns found with a negative reduced cost (each improving one), a lower bound of
        min(cost − prices·cells) over all the member's columns (None when the member has none), and the
        deterministic time spent (charged by the caller, in members' order, so the sum is repeatable)."""
        reduced: list[cp_model.LinearExprT] = [DUAL_SCALE * self.cost]
        for cell, var in self.cells.items():
            if scaled := -round(DUAL_SCALE * prices.get(cell, 0.0)):
                reduced.append(scaled * var)
        self.model.m.minimize(sum(reduced))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        budget.limit_solver(solver, amount)
        found: list[frozenset[Cell]] = []
        cells = self.cells

        class Collect(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(inner) -> None:
                found.append(frozenset(cell for cell, v in cells.items() if inner.value(v)))

        status = solver.solve(self.model.m, Collect())
        work = solver.response_proto.deterministic_time
        if status == cp_model.INFEASIBLE:
            return [], None, work
        # CP-SAT's proved bound of the scaled objective, less the rounding of at most one price per day.
        bound = solver.best_objective_bound / DUAL_SCALE - self.days / (2 * DUAL_SCALE)
        return [_Column(chosen, self.own_cost(chosen)) for chosen in found], bound, work

    def own_cost(self, chosen: frozenset[Cell]) -> int:
        """The column's exact cost, recomputed by the checker: an intermediate solution's slacks (say,
        hours short of the contract) need not be at their least yet."""
        member_id = self.alone.members[0].id
        shifts = self.alone.shift_types
        return checker.objective(self.alone, [Assignment(member_id, day, shifts[si].id) for day, si in chosen])


class _Master:
    """The restricted master LP: a convex combination of columns per member, cover rows soft."""

    def __init__(self, problem: Problem, shift_index: dict[str, int]) -> None:
        self.p = problem
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        lp = self.lp
        self.rows_at: dict[Cell, list[int]] = defaultdict(list)
        self.cover: list[pywraplp.Constraint] = []
        # Prices must stay within [−over_weight, under_weight] for the Lagrangian bound.
        self.price_range: list[tuple[int, int]] = []
        # An artificial column per member at a cost no roster reaches, so the LP is feasible from the start.
        artificial = 1 + sum(
            d.under_weight * d.required + d.over_weight * len(problem.members) for d in problem.demands
        )
        weights = problem.weights
        most = max((s.worked_minutes for s in problem.shift_types), default=0) * problem.days
        per_hour = (
            weights.contract_shortfall_per_hour
            + weights.contract_overtime_per_hour
            + 2 * weights.contract_outside_tolerance_per_hour
        )
        artificial += sum(w.weight for w in problem.wishes) + per_hour * sum(
            (m.contracted_minutes + most) // 60 + 2 for m in problem.members
        )
        for i, demand in enumerate(problem.demands):
            row = lp.Constraint(demand.required, demand.required)
            under = lp.NumVar(0, lp.infinity(), f"under_{i}")
            over = lp.NumVar(0, lp.infinity(), f"over_{i}")
            row.SetCoefficient(under, 1)
            row.SetCoefficient(over, -1)
            lp.Objective().SetCoefficient(under, demand.under_weight)
            lp.Objective().SetCoefficient(over, demand.over_weight)
            self.cover.append(row)
            self.price_range.append((-demand.over_weight, demand.under_weight))
            self.rows_at[demand.day, shift_index[demand.shift_id]].append(i)
        self.convexity = []
        for mi in range(len(problem.members)):
            row = lp.Constraint(1, 1)
            slack = lp.NumVar(0, 1, f"artificial_{mi}")
            row.SetCoefficient(slack, 1)
            lp.Objective().SetCoefficient(slack, artificial)
            self.convexity.append(row)
        lp.Objective().SetMinimization()
        self.columns: list[list[tuple[_Column, pywraplp.Variable]]] = [[] for _ in problem.members]
        self._seen: list[set[frozenset[Cell]]] = [set() for _ in problem.members]
        self.forbidden: set[pywraplp.Variable] = set()

    def counted(self, mi: int, cell: Cell) -> list[int]:
        """The cover rows member mi counts towards when working the cell."""
        skills = self.p.members[mi].skills
        return [i for i in self.rows_at.get(cell, ()) if (skill := self.p.demands[i].skill) is None or skill in skills]

    def add(self, mi: int, column: _Column) -> bool:
        if column.cells in self._seen[mi]:
            return False
        self._seen[mi].add(column.cells)
        var = self.lp.NumVar(0, 1, "")
        self.lp.Objective().SetCoefficient(var, column.cost)
        self.convexity[mi].SetCoefficient(var, 1)
        for cell in column.cells:
            for i in self.counted(mi, cell):
                self.cover[i].SetCoefficient(var, 1)
        self.columns[mi].append((column, var))
        return True

    def solve(self) -> tuple[float, list[float], list[float]]:
        """The LP's value, the cover rows' prices (within their range) and the members' prices."""
        if self.lp.Solve() != pywraplp.Solver.OPTIMAL:
            raise _LPFailed  # numerical trouble (rare): the column phase ends with what it has
        prices = [
            min(hi, max(lo, row.dual_value())) for row, (lo, hi) in zip(self.cover, self.price_range, strict=True)
        ]
        return self.lp.Objective().Value(), prices, [row.dual_value() for row in self.convexity]

    def cell_prices(self, mi: int, prices: list[float]) -> dict[Cell, float]:
        return {cell: sum(prices[i] for i in self.counted(mi, cell)) for cell in self.rows_at}

    def cells(self) -> dict[tuple[int, int, int], float]:
        """The LP solution's value of each (member index, day, shift index) it works at all."""
        self.solve()
        values: dict[tuple[int, int, int], float] = defaultdict(float)
        for mi, columns in enumerate(self.columns):
            for column, var in columns:
                if (share := var.solution_value()) > 1e-9:
                    for day, si in column.cells:
                        values[mi, day, si] += share
        return dict(values)

    def chosen(self, mi: int) -> tuple[float, _Column, pywraplp.Variable]:
        column, var = max(self.columns[mi], key=lambda cv: cv[1].solution_value())
        return var.solution_value(), column, var

    def fix(self, mi: int, keep: pywraplp.Variable) -> None:
        for _, var in self.columns[mi]:
            if var is not keep:
                var.SetUb(0)

    def reset(self) -> None:
        """Every column allowed again (before another dive)."""
        self.forbidden.clear()
        for columns in self.columns:
            for _, var in columns:
                var.SetUb(1)

    def unfix(self, mi: int, *, forbid: pywraplp.Variable) -> None:
        self.forbidden.add(forbid)
        for _, var in self.columns[mi]:
            var.SetUb(0 if var in self.forbidden else 1)


def search(
    problem: Problem,
    *,
    budget: Budget,
    until: float,
    workers: int,
    seed: int,
    progress: Callable[[ProgressInfo], None] | None = None,
) -> Result:
    """Generate columns, dive to a roster, then choose among the columns until `until` in the budget.

    The roster is None when a member's own rules admit no roster, or when the time ran out before
    every member had a column; the bound holds whatever happens.
    """
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return _ColumnSearch(problem, budget, until, workers, seed, progress, pool).run()


class _ColumnSearch:
    def __init__(
        self,
        problem: Problem,
        budget: Budget,
        until: float,
        workers: int,
        seed: int,
        progress: Callable[[ProgressInfo], None] | None,
        pool: ThreadPoolExecutor,
    ) -> None:
        self.p = problem
        self.budget = budget
        self.started = budget.now()
        self.deadline = until
        self.workers = workers
        self.seed = seed
        self.progress = progress
        self.pool = pool
        self.shift_index = {s.id: i for i, s in enumerate(problem.shift_types)}
        self.members = range(len(problem.members))
        self.pricers = [_Pricer(problem, mi) for mi in self.members]
        self.master = _Master(problem, self.shift_index)
        self.bound = 0
        self.best: list[_Column] | None = None
        self.objective: int | None = None
        self.lp_cells: dict[tuple[int, int, int], float] = {}

    def at(self, share: float) -> float:
        """The moment this share of the column phase has passed."""
        return self.started + (self.deadline - self.started) * share

    def over(self, until: float) -> bool:
        return self.budget.over(until)

    def price_all(
        self, jobs: list[tuple[_Pricer, dict[Cell, float], float]]
    ) -> list[tuple[list[_Column], float | None]]:
        """Price members side by side; their work is charged in members' order."""
        priced = list(self.pool.map(lambda job: job[0].price(job[1], self.budget, job[2]), jobs))
        for _, _, work in priced:
            self.budget.charge(work, threads=self.workers)
        return [(found, bound) for found, bound, _ in priced]

    def run(self) -> Result:
        try:
            # The first columns: each member's cheapest roster on their own (cover priced at nothing).
            first = self.price_all([(pricer, {}, PRICING_SECONDS) for pricer in self.pricers])
            for mi, (found, bound) in zip(self.members, first, strict=True):
                if bound is None:
                    return Result(None, None, 0)  # a member's own rules admit no roster: the model says so
                for column in found:
                    self.master.add(mi, column)
            self.generate(self.at(ROOT_SHARE), 10**6, {})
            self.lp_cells = self.master.cells()
            if not all(self.master.columns):
                return self.result()  # a member's pricing found no roster in its time
            self.offer(self.dive(None, random.Random(self.seed)))
            self.choose(self.at(FIRST_CHOICE_SHARE))
            rng = random.Random(self.seed + 1)
            while not self.done() and not self.over(self.at(DIVES_SHARE)):
                # Dive again, varying the choices and giving up on any branch that cannot beat the best.
                self.master.reset()
                self.offer(self.dive(self.objective, rng))
            self.choose(self.deadline)
        except _LPFailed:
            logger.warning("the master LP failed; the column phase stops with its best roster")
        return self.result()

    def done(self) -> bool:
        return self.objective is not None and self.objective <= self.bound

    def result(self) -> Result:
        if self.best is None or self.objective is None:
            return Result(None, None, self.bound, self.lp_cells)
        return Result(self.roster(self.best), self.objective, min(self.bound, self.objective), self.lp_cells)

    def roster(self, columns: list[_Column]) -> list[Assignment]:
        return [
            Assignment(self.p.members[mi].id, day, self.p.shift_types[si].id)
            for mi, column in zip(self.members, columns, strict=True)
            for day, si in sorted(column.cells)
        ]

    def offer(self, columns: list[_Column] | None) -> None:
        if columns is None:
            return
        objective = checker.objective(self.p, self.roster(columns))  # exact: the checker's own count
        if self.objective is None or objective < self.objective:
            self.best, self.objective = columns, objective
            seconds = self.budget.seconds()
            logger.debug("columns: %d after %.1f s (bound %d)", objective, seconds, self.bound)
            if self.progress is not None:
                self.progress(ProgressInfo(seconds=seconds, objective=objective, bound=self.bound, solutions=1))

    def generate(self, until: float, rounds: int, fixed: dict[int, _Column]) -> None:
        """Rounds of pricing for the members not yet fixed, until no column improves the LP."""
        master, problem = self.master, self.p
        for _ in range(rounds):
            if self.over(until):
                return
            _, prices, member_prices = master.solve()
            todo = [mi for mi in self.members if mi not in fixed]
            amount = min(PRICING_SECONDS, max(0.01, self.budget.left(until)))
            jobs = [(self.pricers[mi], master.cell_prices(mi, prices), amount) for mi in todo]
            priced = self.price_all(jobs)
            added = 0
            for (_, cell_prices, _), mi, (found, _) in zip(jobs, todo, priced, strict=True):
                for column in found:
                    reduced = column.cost - sum(cell_prices.get(c, 0.0) for c in column.cells) - member_prices[mi]
                    if reduced < -1e-6 and master.add(mi, column):
                        added += 1
            if not fixed and all(bound is not None for _, bound in priced):
                lagrangian = sum(
                    price * demand.required for price, demand in zip(prices, problem.demands, strict=True)
                ) + sum(bound for _, bound in priced if bound is not None)
                self.bound = max(self.bound, math.ceil(lagrangian - 1e-6))
            if added == 0:
                return

    def dive(self, cutoff: int | None, rng: random.Random) -> list[_Column] | None:
        """Fix members to columns one by one, generating again after each, until all are fixed.

        Members whose column the LP already chooses are fixed to it at once; otherwise the member with
        the most chosen column (on later dives, one of the most chosen few, by how much each is chosen).
        Given a cutoff, a step whose LP leaves no roster below it is taken back and its column
        forbidden, DIVE_TRIES times in a row at most; then the dive is given up (None).
        """
        master = self.master
        fixed: dict[int, _Column] = {}
        value, _, _ = master.solve()
        tries = 0
        while len(fixed) < len(self.p.members):
            chosen = sorted(((*master.chosen(mi), mi) for mi in self.members if mi not in fixed), key=lambda c: -c[0])
            if self.over(self.deadline):
                # Out of time: every member's most chosen column (each keeps the member's rules).
                fixed.update((mi, column) for _, column, _var, mi in chosen)
                break
            decided = [c for c in chosen if c[0] >= FIX_AT]
            for _, column, var, mi in decided:
                fixed[mi] = column  # the LP's solution stands: its value does not change
                master.fix(mi, var)
            if decided:
                value, _, _ = master.solve()  # the same value; the solution is read again after a change
                continue
            few = chosen[: 1 if cutoff is None else DIVE_CHOICES]
            _, column, var, mi = rng.choices(few, weights=[max(c[0], 1e-6) for c in few])[0]
            fixed[mi] = column
            master.fix(mi, var)
            self.generate(self.deadline, DIVE_ROUNDS, fixed)
            value, _, _ = master.solve()
            if cutoff is not None and math.ceil(value - 1e-6) >= cutoff:
                if tries >= DIVE_TRIES or self.over(self.deadline):
                    logger.debug("dive given up with %d of %d fixed", len(fixed), len(self.p.members))
                    return None
                del fixed[mi]
                master.unfix(mi, forbid=var)
                tries += 1
                self.generate(self.deadline, DIVE_ROUNDS, fixed)
                value, _, _ = master.solve()
            else:
                tries = 0
        return [fixed[mi] for mi in self.members]

    def choose(self, until: float) -> None:
        """The restricted master as an integer programme: one generated column per member, chosen by
        CP-SAT from the best roster until the moment given or the bound."""
        if self.best is None or self.done() or self.over(until):
            return
        problem, master, start = self.p, self.master, self.best
        m = cp_model.CpModel()
        picks: list[list[tuple[_Column, cp_model.IntVar]]] = []
        covering: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for mi, columns in enumerate(master.columns):
            options = [(column, m.new_bool_var(f"c_{mi}_{k}")) for k, (column, _) in enumerate(columns)]
            m.add_exactly_one(v for _, v in options)
            for column, v in options:
                m.add_hint(v, column.cells == start[mi].cells)
                for cell in column.cells:
                    for i in master.counted(mi, cell):
                        covering[i].append(v)
            picks.append(options)
        terms: list[cp_model.LinearExprT] = [column.cost * v for options in picks for column, v in options]
        for i, demand in enumerate(problem.demands):
            under = m.new_int_var(0, demand.required, f"under_{i}")
            over = m.new_int_var(0, len(problem.members), f"over_{i}")
            m.add(sum(covering[i]) + under - over == demand.required)
            terms += [demand.under_weight * under, demand.over_weight * over]
        objective = sum(terms)
        m.add(objective >= self.bound)  # the column bound: CP-SAT stops as soon as a roster reaches it
        m.minimize(objective)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = max(1, self.workers)
        solver.parameters.random_seed = self.seed
        self.budget.limit_solver(solver, self.budget.left(until))
        status = solver.solve(m)
        self.budget.charge_solver(solver)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            self.offer([next(column for column, v in options if solver.value(v)) for options in picks])
