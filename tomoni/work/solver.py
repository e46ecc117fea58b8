"""The roster solver on OR-Tools CP-SAT (勤務表の自動作成).

The model (model.py) has one Boolean per (member, day, shift) the member may work at all; hard rules as
constraints; soft goals (coverage, wishes, fairness, contracted hours) as one weighted sum to minimise.
Coverage is always soft, so impossible demand gives a roster plus `Solution.shortfalls` saying what is
missing and why.

The search, in order:
- a greedy roster respecting the hard rules, or CP-SAT's first roster, as the start;
- a short CP-SAT search on the whole model (it proves small rosters optimal at once);
- when members are bound together only by cover (no pairing, no fairness goal), column generation over
  each member's own roster (columns.py): a lower bound far tighter than the model's LP, and rosters from
  diving on it;
- large neighbourhood search around the best roster (half the parts, after column generation, where the
  roster departs from the column LP's solution), then the whole model again from the best.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

from ortools.sat.python import cp_model

from tomoni.work import checker, columns, fairness
from tomoni.work.budget import Budget
from tomoni.work.model import RosterModel, value_of
from tomoni.work.problem import (
    Assignment,
    Demand,
    Problem,
    ProgressInfo,
    ShortfallReason,
    Solution,
    Status,
    Violation,
    ViolationCode,
    Wish,
)

logger = logging.getLogger(__name__)

# Share of the time limit by which column generation ends, when it applies (see columns.py).
COLUMN_SHARE = 0.8
# Share of the budget given to CP-SAT on the whole model, with its own default portfolio (the plain model's
# search), before column generation and the neighbourhood search. Whatever the plain model reaches early,
# the search starts from; on months where CP-SAT's own portfolio is strong it is not thrown away.
FULL_SEARCH_SHARE = 0.25
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
# Share of the neighbourhoods led by the column LP's solution, when there is one, and how far a cell's
# LP value may be from the roster's and still agree with it.
LP_GUIDED_SHARE = 0.5
LP_AGREES = 0.01
# Shares of the members a neighbourhood frees (over as many days as its size allows).
MEMBER_SHARES = (1.0, 0.5, 0.3, 0.1)
# Time allowed to settle the slacks of a fixed roster (takes milliseconds).
SETTLE_SECONDS = 10.0


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
        if not demand.under_weight:
            continue
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
        model: RosterModel,
        *,
        budget: Budget,
        workers: int,
        seed: int,
        progress: Callable[[ProgressInfo], None] | None,
    ) -> None:
        self.p = problem
        self.model = model
        self.budget = budget
        self.workers = workers
        self.seed = seed
        self.progress = progress
        self.values: list[int] | None = None
        self.objective: int | None = None
        self.bound: int | None = None
        self.solutions = 0
        self.status = cp_model.UNKNOWN
        # The column LP's solution, when there is one: parts where the best roster departs from it.
        self.lp_cells: dict[tuple[int, int, int], float] = {}

    def _params(self, solver: cp_model.CpSolver, limit: float, workers: int) -> None:
        self.budget.limit_solver(solver, limit)
        solver.parameters.num_workers = max(1, workers)
        solver.parameters.random_seed = self.seed

    def report_from_start(self) -> Callable[[ProgressInfo], None]:
        """The progress callback, with seconds counted from the solve's start (not a phase's)."""
        assert self.progress is not None
        report, budget = self.progress, self.budget
        return lambda info: report(dataclasses.replace(info, seconds=budget.seconds()))

    def _report(self) -> None:
        if self.progress is not None and self.objective is not None:
            self.progress(
                ProgressInfo(
                    seconds=self.budget.seconds(),
                    objective=self.objective,
                    bound=self.bound if self.bound is not None else 0,
                    solutions=self.solutions,
                )
            )

    def full_until_stalled(self, limit: float) -> None:
        """CP-SAT's own search on the whole model for up to `limit`.

        On the wall clock the watchdog hands over when a third of the limit passes without a better
        roster. Under a deterministic budget it has the whole limit: a stall cannot be measured in work
        from outside CP-SAT, and stopping and restarting it in slices throws away what its own search has
        built (each restart begins again from presolve).
        """
        self.full(limit, proving=False)

    def full(self, limit: float, *, proving: bool = True) -> None:
        solver = cp_model.CpSolver()
        self._params(solver, limit, self.workers)
        if proving:
            # The LP with every clause and at-most-one in it ("max_lp") bounds rostering objectives far
            # better than the default LP; it is the one full-model worker, the rest of CP-SAT's portfolio
            # (its own neighbourhood searches) shares the other threads.
            solver.parameters.linearization_level = 2
            solver.parameters.subsolvers.append("max_lp")
        self._last_improvement: float | None = None
        done = threading.Event()
        # The stall is measured on the wall clock, so it hands over only when the budget is in seconds.
        watchdog = threading.Thread(target=self._watch, args=(solver, done, limit), daemon=True)
        if not self.budget.deterministic:
            watchdog.start()
        try:
            status = solver.solve(self.model.m, _Progress(self._on_full_solution))
        finally:
            done.set()
            if watchdog.is_alive():
                watchdog.join()
        self.budget.charge_solver(solver)
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
        self.budget.charge_solver(solver)
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
        # Not from the budget: a fixed roster settles in milliseconds, and it must settle at the end too.
        solver.parameters.max_time_in_seconds = SETTLE_SECONDS
        solver.parameters.num_workers = 1
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
            if not demand.under_weight:
                continue
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
        if self.lp_cells and rng.random() < LP_GUIDED_SHARE and (guided := self._lp_neighbourhood(size, rng, values)):
            return guided
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

    def _lp_neighbourhood(self, size: float, rng: random.Random, values: list[int]) -> set[int]:
        """Free where the best roster departs from the column LP's solution (as RINS does): for members in
        random order, the days from their first departure to their last, up to size; the LP's
        whole-number choices elsewhere are kept."""
        departs: dict[int, list[int]] = {}
        for (mi, d, si), var in self.model.x.items():
            if abs(self.lp_cells.get((mi, d, si), 0.0) - values[var.index]) > LP_AGREES:
                departs.setdefault(mi, []).append(d)
        spans: dict[int, range] = {}
        members = list(departs)
        rng.shuffle(members)
        free_cells = 0
        per_day = len(self.p.shift_types)
        for mi in members:
            if spans and free_cells >= size:
                break
            spans[mi] = range(min(departs[mi]), max(departs[mi]) + 1)
            free_cells += len(spans[mi]) * per_day
        return {var.index for (mi, d, _), var in self.model.x.items() if mi in spans and d in spans[mi]}

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
        """Re-optimise parts of the best roster until `until` in the budget, in rounds of one part per worker.

        Each round draws one part per worker from the same best roster and solves them side by side, each
        with one CP-SAT thread; then, in the workers' order, a better part replaces the best roster, and a
        later one is applied to that new best when the result keeps every rule and is better still. The
        rounds make the search repeatable: under a deterministic budget, neither the machine's load nor
        which thread finishes first changes the roster.
        """
        assert self.values is not None and self.objective is not None
        base = self.model.m.clone()
        base.clear_hints()
        self._base = base
        self._x_indices = [var.index for var in self.model.x.values()]
        workers = max(1, self.workers)
        rngs = [random.Random(self.seed * 1000 + i) for i in range(workers)]
        sizes = [float(min(len(self.model.x), LNS_FIRST_SIZE))] * workers
        with ThreadPoolExecutor(max_workers=workers) as pool:
            while not self.budget.over(until) and self.objective != self.bound:
                values, objective = self.values, self.objective
                assert values is not None and objective is not None
                parts = [
                    (values, objective, self._neighbourhood(sizes[i], rngs[i], values), rngs[i].randrange(1 << 30))
                    for i in range(workers)
                ]
                left = self.budget.left(until)
                solved = list(pool.map(lambda part: self._solve_part(part[0], part[1], part[2], part[3], left), parts))  # noqa: B023
                for i, ((_, _, free, _), (status, found, found_objective, work)) in enumerate(
                    zip(parts, solved, strict=True)
                ):
                    self.budget.charge(work, threads=workers)
                    if found is not None and found_objective < objective:
                        self._offer(found, found_objective, values, free)
                    if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE):
                        sizes[i] = min(float(len(self.model.x)), sizes[i] * LNS_GROW)  # solved to the end: wider
                    else:
                        sizes[i] = max(1.0, sizes[i] * LNS_SHRINK)  # stopped by its limit: narrower

    def _solve_part(
        self, values: list[int], objective: int, free: set[int], seed: int, left: float
    ) -> tuple[cp_model.CpSolverStatus, list[int] | None, int, float]:
        """Solve one part with the rest of the roster fixed: status, the better roster if any, its objective,
        and the deterministic time spent."""
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
        solver.parameters.num_workers = 1
        if self.budget.deterministic:
            self.budget.limit_solver(solver, min(left, LNS_STEP_DETERMINISTIC_TIME))
        else:
            solver.parameters.max_time_in_seconds = max(0.01, min(left, LNS_STEP_SECONDS))
            solver.parameters.max_deterministic_time = LNS_STEP_DETERMINISTIC_TIME
        solver.parameters.random_seed = seed
        # Clauses (runs, successions) and at-most-ones in the LP: small parts then close fast.
        solver.parameters.linearization_level = 2
        status = solver.solve(sub)
        work = solver.response_proto.deterministic_time
        logger.debug(
            "part of %d assignments: %s in %.2f s from %d",
            len(free),
            solver.status_name(status),
            solver.wall_time,
            objective,
        )
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and round(solver.objective_value) < objective:
            return status, list(solver.response_proto.solution), round(solver.objective_value), work
        return status, None, objective, work

    def _offer(self, found: list[int], objective: int, base: list[int], free: set[int]) -> None:
        """Take a part's better roster; if an earlier part of the round already improved the best roster,
        apply this part's changes to that one instead, when the result keeps every rule and is better still."""
        assert self.objective is not None and self.values is not None
        if self.values is base:
            if objective < self.objective:
                self._accept(found, objective)
            return
        current = self.values
        chosen = {index: current[index] for index in self._x_indices}
        chosen.update({index: found[index] for index in free if found[index] != base[index]})
        completed = self.complete(chosen)
        if completed is not None and completed[1] < self.objective:
            self._accept(*completed)

    def _accept(self, values: list[int], objective: int) -> None:
        self.values = values
        self.objective = objective
        self.solutions += 1
        self._report()


def solve(
    problem: Problem,
    *,
    time_limit_s: float,
    work_limit: float | None = None,
    workers: int = 2,
    progress: Callable[[ProgressInfo], None] | None = None,
    seed: int = 0,
    hint: Iterable[Assignment] | None = None,
    explain: bool = True,
) -> Solution:
    """The best roster found within the budget, with what demand it leaves uncovered and why.

    With `work_limit`, the budget is CP-SAT's deterministic time (budget.py): the search does the same
    work on a busy machine as on a quiet one, and `time_limit_s` is only the wall-clock safety limit.
    Without it, the budget is `time_limit_s` seconds of the wall clock.
    """
    budget = Budget(
        time_limit_s if work_limit is None else work_limit,
        wall_limit_s=time_limit_s,
        deterministic=work_limit is not None,
    )
    return _solve(
        problem, budget, end=budget.limit, workers=workers, progress=progress, seed=seed, hint=hint, explain=explain
    )


def _solve(
    problem: Problem,
    budget: Budget,
    *,
    end: float,
    workers: int,
    progress: Callable[[ProgressInfo], None] | None,
    seed: int,
    hint: Iterable[Assignment] | None,
    explain: bool,
) -> Solution:
    """`solve` within the budget up to the point `end` in it."""
    invalid = _invalid(problem)
    if invalid:
        return Solution(status=Status.INVALID, violations=tuple(invalid), seconds=budget.seconds())
    model = RosterModel(problem)
    search = _Search(problem, model, budget=budget, workers=workers, seed=seed, progress=progress)
    begin = budget.now()
    start = list(hint) if hint is not None else greedy(problem)
    weights = problem.weights
    if hint is None and (weights.nights or weights.weekends or weights.holidays):
        # Fairness ties every night and weekend of the month together, which slows the search for
        # cover; so cover and wishes are settled first, and fairness improves on that roster.
        plain = dataclasses.replace(problem, weights=dataclasses.replace(weights, nights=0, weekends=0, holidays=0))
        first = _solve(
            plain,
            budget,
            end=begin + (end - begin) * COVER_FIRST_SHARE,
            workers=workers,
            progress=None,
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
        search.first(budget.left(end))
    logger.debug("start: %s after %.1f s", search.objective, budget.seconds())
    _improve(search, begin=begin, end=end, by_columns=hint is None)
    if search.values is not None:
        search.settle()
    seconds = budget.seconds()
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
    terms = {name: sum(w * value_of(e, values) for w, e in items) for name, items in model.terms.items()}
    terms = {name: total for name, total in terms.items() if total}
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


def _improve(search: _Search, *, begin: float, end: float, by_columns: bool) -> None:
    """The whole model; column generation where it applies; parts of the roster; the whole model again."""
    budget = search.budget

    def at(share: float) -> float:
        return begin + (end - begin) * share

    search.full_until_stalled(min((end - begin) * FULL_SEARCH_SHARE, budget.left(end)))
    if search.status == cp_model.UNKNOWN and not budget.over(end):
        search.full(budget.left(end))  # no roster yet: keep searching the whole model
        return
    if search.optimal or search.status != cp_model.FEASIBLE:
        return
    if by_columns and columns.applies(search.p):
        generated = columns.search(
            search.p,
            budget=budget,
            until=at(COLUMN_SHARE),
            workers=search.workers,
            seed=search.seed,
            progress=None if search.progress is None else search.report_from_start(),
        )
        search.bound = max(search.bound or 0, generated.bound)
        search.lp_cells = generated.lp_cells
        assert search.objective is not None
        if generated.roster is not None and generated.objective is not None and generated.objective < search.objective:
            search.start_from(generated.roster)
        if search.optimal:
            return  # the roster reaches the column bound
    logger.debug("whole model: %s after %.1f s", search.objective, budget.seconds())
    search.lns(until=at(1 - FINAL_FULL_SEARCH_SHARE))
    logger.debug("parts: %s after %.1f s", search.objective, budget.seconds())
    if not search.optimal and not budget.over(end):
        # The whole model again, from the best roster: it may close the gap or prove the roster optimal.
        search.hint_best()
        search.full(budget.left(end))
    if not search.optimal and not budget.over(end):
        search.lns(until=end)  # the whole-model search stalled: the rest of the time to parts


__all__ = ["ShortfallReason", "greedy", "solve"]
