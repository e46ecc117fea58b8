"""The CP-SAT roster solver: hard rules kept, soft goals weighed, shortfalls explained."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tomoni.work import checker, solver
from tomoni.work.problem import (
    Assignment,
    Demand,
    History,
    LabourRules,
    Member,
    Problem,
    ShiftType,
    Status,
    Weights,
    Wish,
    WishKind,
)
from tomoni.work.rules import default_labour_rules, variable_month_labour_rules

MONDAY = dt.date(2026, 3, 2)
EARLY = ShiftType(id="early", start_minute=7 * 60, length_minutes=9 * 60, break_minutes=60)
LATE = ShiftType(id="late", start_minute=11 * 60, length_minutes=9 * 60, break_minutes=60)
NIGHT = ShiftType(id="night", start_minute=16 * 60, length_minutes=18 * 60, break_minutes=120, is_night=True)
CAREGIVER = frozenset({"caregiver"})


def deterministic(problem, limit, **options):
    """The solver with its budget in CP-SAT's deterministic time: one thread and a fixed seed give the same
    roster however busy the machine is; the wall clock is only a safety limit far beyond it."""
    return solver.solve(problem, time_limit_s=600, work_limit=limit, **options)


def solve(problem, limit=5.0):
    result = deterministic(problem, limit, workers=1, seed=1)
    if result.found:
        assert checker.violations(problem, result.assignments) == []
        assert result.objective == checker.objective(problem, result.assignments)
    return result


def test_it_covers_demand_when_it_can():
    problem = Problem(
        start_date=MONDAY,
        days=7,
        shift_types=(EARLY, LATE),
        members=tuple(Member(f"m{i}") for i in range(4)),
        demands=tuple(Demand(day=d, shift_id=s, required=1) for d in range(7) for s in ("early", "late")),
        rules=default_labour_rules(),
    )
    result = solve(problem)
    assert result.status == Status.OPTIMAL
    assert result.objective == 0
    assert result.shortfalls == ()
    assert len(result.assignments) == 14


def test_impossible_demand_is_explained_not_an_error():
    problem = Problem(
        start_date=MONDAY,
        days=3,
        shift_types=(EARLY, NIGHT),
        members=(
            Member("a", skills=CAREGIVER),
            Member("b", skills=CAREGIVER, no_nights=True),
            Member("c", skills=CAREGIVER, days_off=frozenset({1})),
            Member("d"),
        ),
        demands=(Demand(day=1, shift_id="night", skill="caregiver", required=2),),
        rules=variable_month_labour_rules(),
    )
    result = solve(problem)
    assert result.found
    (shortfall,) = result.shortfalls
    assert (shortfall.day, shortfall.shift_id, shortfall.skill, shortfall.required) == (1, "night", "caregiver", 2)
    assert shortfall.assigned == 1 and shortfall.qualified == 3
    assert shortfall.unavailable == {"no_nights": 1, "day_off": 1}
    assert result.objective_terms["under"] == 1000


def test_night_then_rest_day_and_no_nights():
    problem = Problem(
        start_date=MONDAY,
        days=4,
        shift_types=(EARLY, NIGHT),
        members=(Member("a"), Member("b", no_nights=True)),
        demands=tuple(Demand(day=d, shift_id=s, required=1) for d in range(4) for s in ("early", "night")),
        rules=LabourRules(max_minutes_per_day=None, max_minutes_per_week=None),
    )
    result = solve(problem)
    nights = [a for a in result.assignments if a.shift_id == "night"]
    assert all(a.member_id == "a" for a in nights)
    # a cannot work nights on consecutive days (6 h rest), so two of the four nights stay uncovered.
    assert len(nights) == 2
    assert sum(1 for s in result.shortfalls if s.shift_id == "night") == 2


def test_pairs_work_together():
    problem = Problem(
        start_date=MONDAY,
        days=7,
        shift_types=(EARLY, LATE),
        members=(
            Member("mentor"),
            Member("trainee", mentor_id="mentor"),
            Member("partnered", partner_skill="caregiver"),
            Member("carer", skills=CAREGIVER),
            Member("other"),
        ),
        demands=tuple(Demand(day=d, shift_id=s, required=2) for d in range(7) for s in ("early", "late")),
        wishes=tuple(Wish(m, d, WishKind.WANT, weight=50) for m in ("trainee", "partnered") for d in range(5)),
        rules=default_labour_rules(),
    )
    result = solve(problem)
    on = {(a.member_id, a.day): a.shift_id for a in result.assignments}
    trainee_days = [d for d in range(7) if ("trainee", d) in on]
    assert trainee_days
    for d in trainee_days:
        assert on.get(("mentor", d)) == on[("trainee", d)]
    for d in range(7):
        if ("partnered", d) in on:
            assert on.get(("carer", d)) == on[("partnered", d)]


def test_pins_are_kept_and_an_impossible_pin_is_reported():
    base = dict(
        start_date=MONDAY,
        days=3,
        shift_types=(EARLY,),
        members=(Member("a", days_off=frozenset({2})), Member("b")),
        demands=tuple(Demand(day=d, shift_id="early", required=1) for d in range(3)),
        rules=default_labour_rules(),
    )
    kept = solve(Problem(**base, pinned=(Assignment("a", 1, "early"),)))
    assert Assignment("a", 1, "early") in kept.assignments
    impossible = deterministic(Problem(**base, pinned=(Assignment("a", 2, "early"),)), 2)
    assert impossible.status == Status.INFEASIBLE
    assert [v.code for v in impossible.violations] == ["day_off"]


def test_unknown_ids_are_an_invalid_problem():
    problem = Problem(
        start_date=MONDAY,
        days=2,
        shift_types=(EARLY,),
        members=(Member("a", mentor_id="ghost"),),
        demands=(Demand(day=0, shift_id="brunch", required=1),),
    )
    result = deterministic(problem, 1)
    assert result.status == Status.INVALID
    assert {v.code for v in result.violations} == {"unknown_member", "unknown_shift"}


def test_wishes_are_weighed():
    problem = Problem(
        start_date=MONDAY,
        days=2,
        shift_types=(EARLY, LATE),
        members=(Member("a"), Member("b")),
        demands=(Demand(day=0, shift_id="early", required=1), Demand(day=0, shift_id="late", required=1)),
        wishes=(Wish("a", 0, WishKind.WANT, "late", weight=3), Wish("b", 0, WishKind.AVOID, "late", weight=1)),
        rules=default_labour_rules(),
    )
    result = solve(problem)
    assert set(result.assignments) == {Assignment("a", 0, "late"), Assignment("b", 0, "early")}
    assert result.objective == 0


def test_nights_are_shared_by_contracted_hours_with_history():
    members = (
        Member("full", contracted_minutes=9600, history=History(nights=0, contracted_minutes=9600)),
        Member("half", contracted_minutes=4800, history=History(nights=0, contracted_minutes=4800)),
        Member("veteran", contracted_minutes=9600, history=History(nights=6, contracted_minutes=9600)),
    )
    problem = Problem(
        start_date=MONDAY,
        days=14,
        shift_types=(NIGHT,),
        members=members,
        demands=tuple(Demand(day=d, shift_id="night", required=1 - d % 2, over_weight=100) for d in range(14)),
        rules=LabourRules(max_minutes_per_day=None, max_minutes_per_week=None),
        weights=Weights(nights=10),
    )
    result = solve(problem, limit=10)
    nights = {m.id: sum(1 for a in result.assignments if a.member_id == m.id) for m in members}
    assert sum(nights.values()) == 7
    # 13 nights in all over contracted 2 : 1 : 2 → shares 5.2, 2.6, 5.2; the veteran already had 6.
    # 5, 2, 0 leaves 2 + 6 + 8 tenths of a night from the shares; 4, 3, 0 would leave 12 + 4 + 8.
    assert nights == {"full": 5, "half": 2, "veteran": 0}
    assert result.objective_terms == {"nights": 10 * 16}


def test_progress_is_reported():
    seen = []
    problem = Problem(
        start_date=MONDAY,
        days=7,
        shift_types=(EARLY,),
        members=(Member("a"), Member("b")),
        demands=tuple(Demand(day=d, shift_id="early", required=1) for d in range(7)),
        rules=default_labour_rules(),
    )
    deterministic(problem, 2, progress=seen.append)
    assert seen and seen[-1].objective == 0


@st.composite
def small_centres(draw):
    days = draw(st.integers(min_value=3, max_value=10))
    shifts = (EARLY, LATE, NIGHT)[: draw(st.integers(min_value=1, max_value=3))]
    n = draw(st.integers(min_value=2, max_value=6))
    ids = [f"m{i}" for i in range(n)]
    members = []
    for i, member_id in enumerate(ids):
        mentor = draw(st.sampled_from([None, *ids[:i]])) if i else None
        members.append(
            Member(
                id=member_id,
                skills=frozenset(draw(st.sets(st.sampled_from(["caregiver", "nurse"])))),
                contracted_minutes=draw(st.sampled_from([0, 2400, 4800])),
                max_minutes_per_week=draw(st.sampled_from([None, 1200, 1920])),
                no_nights=draw(st.booleans()),
                days_off=frozenset(draw(st.sets(st.integers(min_value=0, max_value=days - 1), max_size=3))),
                max_weekends=draw(st.sampled_from([None, 0, 1])),
                min_consecutive_days_off=draw(st.sampled_from([None, 2])),
                mentor_id=mentor,
                partner_skill=draw(st.sampled_from([None, None, "caregiver"])),
                history=History(
                    nights=draw(st.integers(min_value=0, max_value=3)),
                    contracted_minutes=draw(st.sampled_from([0, 4800])),
                    last_shift_before=draw(st.sampled_from([None, *[s.id for s in shifts]])),
                    consecutive_days_before=draw(st.integers(min_value=0, max_value=6)),
                ),
            )
        )
    demands = [
        Demand(
            day=d,
            shift_id=s.id,
            required=draw(st.integers(min_value=0, max_value=2)),
            skill=draw(st.sampled_from([None, "caregiver"])),
            under_weight=draw(st.sampled_from([10, 1000])),
            over_weight=draw(st.sampled_from([0, 1])),
        )
        for d in range(days)
        for s in shifts
        if draw(st.booleans())
    ]
    wishes = [
        Wish(
            member_id=draw(st.sampled_from(ids)),
            day=draw(st.integers(min_value=0, max_value=days - 1)),
            kind=draw(st.sampled_from(list(WishKind))),
            shift_id=draw(st.sampled_from([None, *[s.id for s in shifts]])),
            weight=draw(st.integers(min_value=1, max_value=20)),
        )
        for _ in range(draw(st.integers(min_value=0, max_value=5)))
    ]
    rules = draw(st.sampled_from([default_labour_rules(), variable_month_labour_rules()]))
    return Problem(
        start_date=MONDAY + dt.timedelta(days=draw(st.integers(min_value=0, max_value=6))),
        days=days,
        shift_types=shifts,
        members=tuple(members),
        demands=tuple(demands),
        wishes=tuple(wishes),
        rules=rules,
        holidays=frozenset(draw(st.sets(st.integers(min_value=0, max_value=days - 1), max_size=2))),
        weights=Weights(
            nights=draw(st.integers(min_value=0, max_value=3)),
            weekends=draw(st.integers(min_value=0, max_value=3)),
            holidays=draw(st.integers(min_value=0, max_value=3)),
            contract_shortfall_per_hour=draw(st.integers(min_value=0, max_value=2)),
        ),
    )


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_centres())
def test_every_roster_passes_the_independent_checker(problem):
    result = deterministic(problem, 1, workers=1, seed=0)
    # Without pins the hard rules always admit the empty roster, so a roster is always found.
    assert result.found
    assert checker.violations(problem, result.assignments) == []
    assert result.objective == checker.objective(problem, result.assignments)
    assert dict(result.objective_terms) == checker.objective_terms(problem, result.assignments)
    assert result.bound is not None and result.bound <= result.objective
    for shortfall in result.shortfalls:
        assert shortfall.assigned < shortfall.required
        assert sum(shortfall.unavailable.values()) + shortfall.free + shortfall.assigned <= shortfall.qualified


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_centres())
def test_a_deterministic_budget_gives_the_same_roster_twice(problem):
    """Under a budget of deterministic time with one worker, every phase (whole model, parts in rounds,
    columns) ends on work done, not on the clock: the same problem and seed give the same roster."""
    first = deterministic(problem, 0.5, workers=1, seed=3, explain=False)
    again = deterministic(problem, 0.5, workers=1, seed=3, explain=False)
    assert (first.objective, first.assignments) == (again.objective, again.assignments)


def test_the_budget_counts_work_not_seconds():
    from tomoni.work.budget import LEAST_CALL_WORK, Budget

    budget = Budget(1.0, wall_limit_s=600, deterministic=True)
    assert budget.now() == 0 and budget.left() == 1.0
    budget.charge(0.3, threads=2)
    budget.charge(0.0)  # a call that settles at once still costs its overhead
    assert budget.now() == 0.15 + LEAST_CALL_WORK
    assert not budget.over()
    budget.charge(2.0)
    assert budget.over()
    expired = Budget(10.0, wall_limit_s=0, deterministic=True)
    assert expired.over()  # the wall clock stays the outer limit
