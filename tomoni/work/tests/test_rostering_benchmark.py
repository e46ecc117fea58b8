"""benchmarks/rostering.py --suite: the solver against plain CP-SAT on the same instance, and a
non-zero exit when the solver and the checker disagree (issue 13 item 20, issue 14 item 4)."""

import dataclasses
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[3]


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load("rostering")


def test_the_suite_prints_both_objectives_the_bound_and_the_spread(bench, tmp_path, capsys):
    generator = load("curtois_generate")
    generator.write(tmp_path, seed=1, staff=6, days=14, shift_types=2)
    code = bench.main(["--suite", str(tmp_path), "--time-limit", "4", "--seeds", "2"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    runs, summary = lines[:2], lines[-1]
    assert code == 0
    for run in runs:
        assert {"solver", "plain_cp_sat", "bound", "solver_gap", "plain_gap", "disagree"} <= set(run)
        found = [value for value in (run["solver"], run["plain_cp_sat"]) if value is not None]
        assert all(run["bound"] <= value for value in found)
        assert run["disagree"] is False
    assert summary["runs"] == 2
    if summary["solver_min"] is not None:
        assert summary["solver_min"] <= summary["solver_median"] <= summary["solver_max"]


def test_a_disagreement_between_solver_and_checker_exits_non_zero(bench, tmp_path, monkeypatch):
    generator = load("curtois_generate")
    generator.write(tmp_path, seed=1, staff=6, days=14, shift_types=2)
    real = bench.solver.solve

    def off_by_one(*args, **kwargs):
        result = real(*args, **kwargs)
        assert result.objective is not None
        return dataclasses.replace(result, objective=result.objective + 1)

    monkeypatch.setattr(bench.solver, "solve", off_by_one)
    assert bench.main(["--suite", str(tmp_path), "--time-limit", "3"]) == 1
