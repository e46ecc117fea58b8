"""The roster solver on Curtois & Qu shift scheduling instances (any file of that format).

    .venv/bin/python benchmarks/rostering.py [--time-limit S] [--cores N] [--solutions DIR] FILE…
    .venv/bin/python benchmarks/rostering.py --care-centre [--time-limit S]
    .venv/bin/python benchmarks/rostering.py --suite DIR [--time-limit S] [--seeds N]
    … [--work W]: the budget in CP-SAT's deterministic time instead (the same work on a busy machine as
    on a quiet one); --time-limit is then only the wall-clock safety limit.

With --suite, each *.txt instance of DIR is solved by the solver and, in the same run with the same time,
workers and seed, by a plain CP-SAT model of the same rules (tomoni.work.model.RosterModel alone, no
search strategy of ours). Both rosters are checked; each line prints both objectives, the better proved
bound, and each one's gap to it; the last lines give, per size class (the file name without its seed),
the median, smallest and largest objective and gap over the seeds. --seeds N solves each instance with
N solver seeds and reports their spread.

Solves each file with tomoni.work.solver, checks the roster with the independent checker (every hard
rule, and the objective recomputed from the roster alone), and prints one JSON line per instance:
{"instance", "objective", "feasible", "seconds", "time_limit_s", "cores", "status", "bound",
"checked_objective", "violations"} plus "reference" and "gap" where a best known value is recorded
below. The last line is a JSON summary. With --solutions, each roster is written as
DIR/<instance>.csv with lines `employee_id,day_index,shift_id`.

With --care-centre it solves the 25-member care centre month of tomoni.work.scenario instead and
prints its objective, shortfalls and fairness spread (max − min and Gini per 40-hour week).

Gap = (objective − reference) / reference. Reference values are the best known objectives published
with the data set (schedulingbenchmarks.org; ../shared/benchmarks/rostering/README.md) for the
instances shared here; other instances are solved and reported without a gap.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ortools.sat.python import cp_model

from tomoni.work import checker, curtois, scenario, solver
from tomoni.work.model import RosterModel
from tomoni.work.problem import Assignment, Problem

# Best known objectives from the shared README (the instances kept out are not listed on purpose).
REFERENCE = {
    "Instance1": 607,
    "Instance3": 1001,
    "Instance5": 1143,
    "Instance7": 1056,
    "Instance9": 439,
    "Instance11": 3443,
}


def run(
    path: Path, *, time_limit_s: float, cores: int, solutions: Path | None, seed: int, work: float | None = None
) -> dict[str, object]:
    """Solve one instance file and return its JSON row."""
    started = time.monotonic()
    problem = curtois.read(path)
    result = solver.solve(problem, time_limit_s=time_limit_s, work_limit=work, workers=cores, seed=seed, explain=False)
    seconds = time.monotonic() - started
    row: dict[str, object] = {
        "instance": path.stem,
        "objective": result.objective,
        "feasible": result.found,
        "seconds": round(seconds, 2),
        "time_limit_s": time_limit_s,
        "work": work,
        "cores": cores,
        "seed": seed,
        "status": str(result.status),
        "bound": result.bound,
    }
    if result.found:
        broken = checker.violations(problem, result.assignments)
        row["violations"] = len(broken)
        row["checked_objective"] = checker.objective(problem, result.assignments)
        if broken:
            row["feasible"] = False
            row["first_violation"] = str(broken[0])
        if solutions is not None:
            solutions.mkdir(parents=True, exist_ok=True)
            lines = [f"{a.member_id},{a.day},{a.shift_id}" for a in result.assignments]
            (solutions / f"{path.stem}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    reference = REFERENCE.get(path.stem)
    if reference is not None:
        row["reference"] = reference
        if result.objective is not None:
            row["gap"] = round((result.objective - reference) / reference, 4)
    return row


def _plain_cp_sat(
    problem: Problem, *, time_limit_s: float, cores: int, seed: int, work: float | None = None
) -> tuple[list[Assignment], int]:
    """The model alone under CP-SAT's own search: the roster found (empty if none) and its proved bound."""
    model = RosterModel(problem)
    cp = cp_model.CpSolver()
    cp.parameters.max_time_in_seconds = time_limit_s
    if work is not None:
        cp.parameters.max_deterministic_time = work
    cp.parameters.num_workers = cores
    cp.parameters.random_seed = seed
    status = cp.solve(model.m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return [], int(cp.best_objective_bound) if status != cp_model.MODEL_INVALID else 0
    roster = [
        Assignment(problem.members[mi].id, d, problem.shift_types[si].id)
        for (mi, d, si), var in model.x.items()
        if cp.value(var)
    ]
    return roster, math.ceil(cp.best_objective_bound - 1e-6)


def _gap(objective: int | None, bound: int) -> float | None:
    if objective is None:
        return None
    return round((objective - bound) / objective, 4) if objective else 0.0


def suite_row(
    path: Path, *, time_limit_s: float, cores: int, seed: int, work: float | None = None
) -> dict[str, object]:
    """One instance solved by the solver and by plain CP-SAT, both checked; disagreement is flagged."""
    problem = curtois.read(path)
    started = time.monotonic()
    result = solver.solve(problem, time_limit_s=time_limit_s, work_limit=work, workers=cores, seed=seed, explain=False)
    solver_seconds = time.monotonic() - started
    started = time.monotonic()
    plain, plain_bound = _plain_cp_sat(problem, time_limit_s=time_limit_s, cores=cores, seed=seed, work=work)
    plain_seconds = time.monotonic() - started
    row: dict[str, object] = {
        "instance": path.stem,
        "class": re.sub(r"^gen-s\d+-", "", path.stem),
        "seed": seed,
        "time_limit_s": time_limit_s,
        "work": work,
        "cores": cores,
        "solver_seconds": round(solver_seconds, 1),
        "plain_seconds": round(plain_seconds, 1),
        "solver": None,
        "plain_cp_sat": None,
        "disagree": False,
    }
    if result.found:
        row["solver"] = checker.objective(problem, result.assignments)
        row["solver_violations"] = len(checker.violations(problem, result.assignments))
        row["disagree"] = row["solver"] != result.objective or bool(row["solver_violations"])
    if plain:
        row["plain_cp_sat"] = checker.objective(problem, plain)
        row["plain_violations"] = len(checker.violations(problem, plain))
        row["disagree"] = bool(row["disagree"]) or bool(row["plain_violations"])
    bound = max(result.bound or 0, plain_bound)
    row["bound"] = bound
    row["solver_gap"] = _gap(row["solver"], bound)  # type: ignore[arg-type]
    row["plain_gap"] = _gap(row["plain_cp_sat"], bound)  # type: ignore[arg-type]
    row["solver_not_worse"] = row["solver"] is not None and (
        row["plain_cp_sat"] is None or row["solver"] <= row["plain_cp_sat"]  # type: ignore[operator]
    )
    return row


def suite(directory: Path, *, time_limit_s: float, cores: int, seeds: int, work: float | None = None) -> int:
    rows = []
    paths = sorted(directory.glob("*.txt")) if directory.is_dir() else [directory]
    for path in paths:
        for seed in range(seeds):
            row = suite_row(path, time_limit_s=time_limit_s, cores=cores, seed=seed, work=work)
            rows.append(row)
            print(json.dumps(row), flush=True)
    classes: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        classes.setdefault(str(row["class"]), []).append(row)
    for name, members in sorted(classes.items()):
        objectives = sorted(int(r["solver"]) for r in members if r["solver"] is not None)  # type: ignore[call-overload]
        gaps = sorted(float(r["solver_gap"]) for r in members if r["solver_gap"] is not None)  # type: ignore[arg-type]
        summary = {
            "class": name,
            "runs": len(members),
            "solver_median": statistics.median(objectives) if objectives else None,
            "spread": round((objectives[-1] - objectives[0]) / objectives[0], 4)
            if objectives and objectives[0]
            else None,
            "solver_min": objectives[0] if objectives else None,
            "solver_max": objectives[-1] if objectives else None,
            "gap_median": statistics.median(gaps) if gaps else None,
            "gap_max": gaps[-1] if gaps else None,
            "not_worse_than_plain": sum(1 for r in members if r["solver_not_worse"]),
            "cpu_count": os.cpu_count(),
        }
        print(json.dumps(summary), flush=True)
    return 1 if any(r["disagree"] for r in rows) else 0


def care_centre(*, time_limit_s: float, cores: int, seed: int) -> dict[str, object]:
    """Solve the 25-member care centre month and return its figures."""
    problem = scenario.care_centre_month(seed=seed)
    result = solver.solve(problem, time_limit_s=time_limit_s, workers=cores, seed=seed)
    row: dict[str, object] = {
        "instance": problem.name,
        "members": len(problem.members),
        "days": problem.days,
        "objective": result.objective,
        "bound": result.bound,
        "feasible": result.found,
        "status": str(result.status),
        "seconds": round(result.seconds, 2),
        "time_limit_s": time_limit_s,
        "cores": cores,
        "terms": dict(result.objective_terms),
        "shortfalls": len(result.shortfalls),
    }
    if result.found:
        row["violations"] = len(checker.violations(problem, result.assignments))
        row["checked_objective"] = checker.objective(problem, result.assignments)
    if result.fairness is not None:
        for name in ("nights", "weekends", "holidays", "wishes_honoured"):
            spread = getattr(result.fairness, name)
            row[name] = {"max_minus_min": round(float(spread.max_minus_min), 3), "gini": round(float(spread.gini), 3)}
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE")
    parser.add_argument("--care-centre", action="store_true", help="solve the 25-member care centre month")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per instance (default 60)")
    parser.add_argument("--cores", type=int, default=2, help="CP-SAT workers (default 2)")
    parser.add_argument("--solutions", type=Path, default=None, help="directory for <instance>.csv rosters")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--suite", type=Path, default=None, metavar="DIR", help="solver against plain CP-SAT")
    parser.add_argument("--seeds", type=int, default=1, help="with --suite: solver seeds per instance")
    parser.add_argument(
        "--work", type=float, default=None, help="budget in CP-SAT deterministic time; --time-limit is then the safety"
    )
    args = parser.parse_args(argv)
    if args.suite is not None:
        return suite(args.suite, time_limit_s=args.time_limit, cores=args.cores, seeds=args.seeds, work=args.work)
    if args.care_centre:
        row = care_centre(time_limit_s=args.time_limit, cores=args.cores, seed=args.seed)
        print(json.dumps(row), flush=True)
        return 0 if row["feasible"] and not row.get("violations") else 1
    if not args.files:
        parser.error("give at least one instance FILE, or --care-centre")
    rows = []
    for path in args.files:
        row = run(
            path,
            time_limit_s=args.time_limit,
            cores=args.cores,
            solutions=args.solutions,
            seed=args.seed,
            work=args.work,
        )
        rows.append(row)
        print(json.dumps(row), flush=True)
    gaps = [gap for r in rows if isinstance(gap := r.get("gap"), float)]
    summary = {
        "summary": True,
        "instances": len(rows),
        "feasible": sum(1 for r in rows if r["feasible"]),
        "max_gap": max(gaps) if gaps else None,
        "time_limit_s": args.time_limit,
        "cores": args.cores,
        "cpu_count": os.cpu_count(),
    }
    print(json.dumps(summary), flush=True)
    disagree = [r for r in rows if r.get("checked_objective") not in (None, r["objective"])]
    return 0 if all(r["feasible"] for r in rows) and not disagree else 1


if __name__ == "__main__":
    sys.exit(main())
