"""The generator of unshared Curtois & Qu instances (benchmarks/curtois_generate.py)."""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tomoni.work import checker, curtois, solver

SCRIPT = Path(__file__).resolve().parents[3] / "benchmarks" / "curtois_generate.py"


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("curtois_generate", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def test_the_same_seed_gives_the_same_bytes(generator, tmp_path):
    first = generator.write(tmp_path / "a", seed=7, staff=24, days=28, shift_types=3)
    second = generator.write(tmp_path / "b", seed=7, staff=24, days=28, shift_types=3)
    assert first.read_bytes() == second.read_bytes()
    other = generator.generate(seed=8, staff=24, days=28, shift_types=3)
    assert other != first.read_text(encoding="utf-8")


def test_the_file_says_it_is_generated_and_how(generator):
    text = generator.generate(seed=7, staff=24, days=28, shift_types=3)
    header = [line for line in text.splitlines() if line.startswith("#")][:4]
    assert "NOT one of the Curtois & Qu instances" in header[0]
    assert any("seed=7" in line and "staff=24 days=28 shift_types=3" in line for line in header)


@pytest.mark.parametrize(("staff", "days", "shift_types"), [(12, 14, 2), (24, 28, 3), (30, 28, 4), (20, 42, 5)])
def test_the_reader_parses_every_section(generator, staff, days, shift_types):
    problem = curtois.parse(generator.generate(seed=3, staff=staff, days=days, shift_types=shift_types))
    assert (len(problem.members), problem.days, len(problem.shift_types)) == (staff, days, shift_types)
    assert len(problem.demands) == days * shift_types
    assert all(d.required >= 1 and (d.under_weight, d.over_weight) == (100, 1) for d in problem.demands)
    assert all(1 <= w.weight <= 3 for w in problem.wishes)
    assert problem.wishes, "members ask for shifts on and off"
    for member in problem.members:
        assert len(member.days_off) == max(1, days // 14)
        assert member.max_minutes is not None and member.min_minutes < member.max_minutes
        assert member.max_minutes % generator.BASE_SHIFT_MINUTES == 0
        assert member.min_minutes % generator.BASE_SHIFT_MINUTES == 0
        assert any(limit > 0 for limit in member.max_shifts.values())


def test_no_shift_follows_one_that_starts_later(generator):
    problem = curtois.parse(generator.generate(seed=3, staff=10, days=14, shift_types=4))
    forbidden = {s.id: s.forbidden_next for s in problem.shift_types}
    assert forbidden == {
        "E": frozenset(),
        "D": frozenset({"E"}),
        "L": frozenset({"E", "D"}),
        "N": frozenset({"E", "D", "L"}),
    }


def test_the_generators_own_roster_keeps_every_hard_rule(generator):
    text = generator.generate(seed=5, staff=40, days=28, shift_types=5)
    sub_seed = int(text.split("sub_seed=")[1].split()[0])
    instance = generator._draw(generator.Random(sub_seed), staff=40, days=28, shift_types=5)
    assert text.endswith(generator.render(instance, []))
    roster = generator.feasible_roster(instance)
    assert roster is not None
    assert checker.violations(curtois.parse(text), roster) == []


def test_a_small_generated_instance_solves_to_a_roster_the_checker_accepts(generator):
    problem = curtois.parse(generator.generate(seed=1, staff=8, days=14, shift_types=1), name="gen-s1-8x14x1")
    result = solver.solve(problem, time_limit_s=600, work_limit=3, explain=False)
    assert result.found
    assert checker.violations(problem, result.assignments) == []
    assert result.objective == checker.objective(problem, result.assignments)


def test_impossible_arguments_are_refused(generator):
    with pytest.raises(ValueError, match="whole number of weeks"):
        generator.generate(seed=1, staff=8, days=10, shift_types=2)
    with pytest.raises(ValueError, match="shift types"):
        generator.generate(seed=1, staff=8, days=14, shift_types=max(generator.SHIFT_SETS) + 1)


def test_the_large_size_classes_have_five_fixed_seeds_each(generator):
    classes = generator.LARGE_CLASSES
    assert {staff for staff, _, _ in classes} <= set(range(30, 61)) and max(s for s, _, _ in classes) == 60
    assert {types for _, _, types in classes} >= {5, 11}
    assert {days // 7 for _, days, _ in classes} >= {4, 12}
    assert len(generator.LARGE_SEEDS) >= 5
    assert len(generator.large_suite()) == len(classes) * len(generator.LARGE_SEEDS)


def test_a_large_class_instance_is_feasible_and_checked(generator, tmp_path):
    path = generator.write(tmp_path, seed=generator.LARGE_SEEDS[0], staff=30, days=28, shift_types=5)
    problem = curtois.read(path)
    assert len(problem.members) == 30 and len(problem.shift_types) == 5
    assert generator.feasible_roster
