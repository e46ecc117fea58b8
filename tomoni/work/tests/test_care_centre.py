"""Acceptance: a 25-member care centre month gives a feasible roster whose fairness spread is reported.

The test keeps a short time limit; benchmarks/rostering.py --care-centre measures the full run.
"""

from tomoni.work import checker, scenario, solver
from tomoni.work.problem import Status


def test_the_month_is_the_one_the_issue_describes():
    problem = scenario.care_centre_month()
    members = problem.members
    assert len(members) == 25
    assert len(problem.shift_types) == 3 and any(s.is_night for s in problem.shift_types)
    assert {skill for m in members for skill in m.skills} == {"caregiver", "nurse"}
    assert sum(1 for m in members if m.mentor_id or m.partner_skill) == 3
    assert sum(1 for m in members if m.max_minutes_per_week) == 4
    assert problem.holidays  # Golden Week


def test_the_month_is_the_same_for_the_same_seed():
    assert scenario.care_centre_month(seed=3) == scenario.care_centre_month(seed=3)


def test_a_feasible_month_with_every_hard_rule_kept_and_fairness_reported():
    problem = scenario.care_centre_month()
    result = solver.solve(problem, time_limit_s=600, work_limit=10, workers=2, seed=0)
    assert result.status in (Status.OPTIMAL, Status.FEASIBLE)
    assert checker.violations(problem, result.assignments) == []
    assert result.objective == checker.objective(problem, result.assignments)
    # A night without a caregiver is never silent: it is among the shortfalls, with its reasons.
    short = {(f.day, f.shift_id, f.skill) for f in result.shortfalls}
    for day in range(problem.days):
        on_night = [a.member_id for a in result.assignments if a.day == day and a.shift_id == "night"]
        if not any("caregiver" in problem.member(m).skills for m in on_night):
            assert (day, "night", "caregiver") in short
    report = result.fairness
    assert report is not None and len(report.members) == 25
    for spread in (report.nights, report.weekends, report.holidays):
        assert spread.max_minus_min >= 0
        assert 0 <= spread.gini < 1
    # Pairs worked only with their mentor or a caregiver beside them (the checker said so too).
    trainee_days = [a for a in result.assignments if a.member_id == "m25"]
    assert all(
        any(b.member_id == "m03" and b.day == a.day and b.shift_id == a.shift_id for b in result.assignments)
        for a in trainee_days
    )
