"""The independent checker: each hard rule, the objective, and why demand is short."""

import datetime as dt

from tomoni.work import checker
from tomoni.work.problem import (
    Assignment,
    Demand,
    History,
    LabourRules,
    Member,
    Problem,
    ShiftType,
    Weights,
    Wish,
    WishKind,
)
from tomoni.work.rules import default_labour_rules

SUNDAY = dt.date(2026, 3, 1)
EARLY = ShiftType(id="early", start_minute=7 * 60, length_minutes=9 * 60, break_minutes=60)
LATE = ShiftType(id="late", start_minute=11 * 60, length_minutes=9 * 60, break_minutes=60)
NIGHT = ShiftType(
    id="night",
    start_minute=22 * 60,
    length_minutes=9 * 60,
    break_minutes=60,
    is_night=True,
    required_skills=frozenset({"caregiver"}),
)


def centre(*members, **kwargs):
    kwargs.setdefault("rules", default_labour_rules())
    return Problem(start_date=SUNDAY, days=14, shift_types=(EARLY, LATE, NIGHT), members=members, **kwargs)


def codes(problem, roster):
    return [v.code for v in checker.violations(problem, roster)]


def test_a_clean_roster_has_no_violations():
    problem = centre(Member("a", skills=frozenset({"caregiver"})))
    assert codes(problem, [Assignment("a", 1, "early"), Assignment("a", 2, "late")]) == []


def test_two_shifts_on_one_day():
    problem = centre(Member("a"))
    assert "two_shifts_one_day" in codes(problem, [Assignment("a", 1, "early"), Assignment("a", 1, "late")])


def test_unknown_member_shift_or_day():
    problem = centre(Member("a"))
    found = codes(problem, [Assignment("zz", 1, "early"), Assignment("a", 2, "brunch"), Assignment("a", 40, "early")])
    assert {"unknown_member", "unknown_shift", "day_out_of_range"} <= set(found)


def test_day_off_skill_and_no_nights():
    problem = centre(Member("a", days_off=frozenset({3}), no_nights=True))
    found = codes(problem, [Assignment("a", 3, "early"), Assignment("a", 5, "night")])
    assert found.count("day_off") == 1
    assert "lacks_skill" in found and "no_nights" in found


def test_rest_between_shifts():
    problem = centre(Member("a", skills=frozenset({"caregiver"})))
    # Night 22:00–07:00, then early at 07:00 the next day: no rest at all.
    violations = checker.violations(problem, [Assignment("a", 1, "night"), Assignment("a", 2, "early")])
    assert [v.code for v in violations] == ["forbidden_succession"]
    assert violations[0].params["rest_minutes"] == 0
    assert violations[0].day == 2


def test_rest_across_the_start_of_the_horizon():
    problem = centre(Member("a", history=History(last_shift_before="late")))
    assert codes(problem, [Assignment("a", 0, "early")]) == []
    problem = centre(Member("a", skills=frozenset({"caregiver"}), history=History(last_shift_before="night")))
    assert codes(problem, [Assignment("a", 0, "early")]) == ["forbidden_succession"]


def test_daily_limit_article_32_2():
    long = ShiftType(id="long", start_minute=8 * 60, length_minutes=10 * 60, break_minutes=60)
    problem = Problem(
        start_date=SUNDAY, days=7, shift_types=(long,), members=(Member("a"),), rules=default_labour_rules()
    )
    assert codes(problem, [Assignment("a", 1, "long")]) == ["daily_limit"]


def test_weekly_limit_by_calendar_week_from_sunday():
    problem = centre(Member("a"), rules=LabourRules(max_consecutive_days=None))
    six_days = [Assignment("a", d, "early") for d in range(0, 6)]  # Sunday to Friday: 48 h
    violations = checker.violations(problem, six_days)
    assert [v.code for v in violations] == ["weekly_limit"]
    assert violations[0].params == {"week_start_day": 0, "minutes": 2880, "limit": 2400}
    # Thursday to Tuesday spans two weeks: 3 + 3 days, 24 h each.
    assert codes(problem, [Assignment("a", d, "early") for d in range(4, 10)]) == []


def test_weekly_limit_counts_minutes_worked_before_the_horizon():
    problem = centre(Member("a", history=History(minutes_in_first_week_before=2000)))
    assert codes(problem, [Assignment("a", 0, "early")]) == ["weekly_limit"]


def test_reduced_hours_accommodation():
    problem = centre(Member("a", max_minutes_per_week=1200))
    assert codes(problem, [Assignment("a", d, "early") for d in (1, 2)]) == []
    assert codes(problem, [Assignment("a", d, "early") for d in (1, 2, 3)]) == ["weekly_limit"]


def test_period_average_under_variable_hours():
    rules = LabourRules(max_minutes_per_day=None, average_weekly_over_period=True, max_consecutive_days=None)
    problem = centre(Member("a"), rules=rules)  # 14 days: 80 h
    roster = [Assignment("a", d, "early") for d in range(11)]  # 88 h, 48 h in the first week: allowed
    assert codes(problem, roster) == ["period_average_limit"]
    assert codes(problem, roster[:10]) == []


def test_consecutive_days_with_history():
    problem = centre(Member("a"), rules=LabourRules(max_minutes_per_week=None))
    assert codes(problem, [Assignment("a", d, "early") for d in range(6)]) == []
    assert codes(problem, [Assignment("a", d, "early") for d in range(7)]) == ["max_consecutive_days"]
    carried = centre(
        Member("a", history=History(consecutive_days_before=4)), rules=LabourRules(max_minutes_per_week=None)
    )
    assert codes(carried, [Assignment("a", d, "early") for d in range(2)]) == []
    assert codes(carried, [Assignment("a", d, "early") for d in range(3)]) == ["max_consecutive_days"]


def test_max_shifts_minutes_and_weekends():
    problem = centre(
        Member("a", max_shifts={"late": 1}, max_minutes=960, max_weekends=1),
        rules=LabourRules(max_minutes_per_week=None),
    )
    roster = [Assignment("a", 6, "late"), Assignment("a", 7, "late"), Assignment("a", 13, "early")]
    assert sorted(codes(problem, roster)) == ["max_minutes", "max_shifts_of_type", "max_weekends"]


def test_min_minutes_is_skipped_while_a_roster_is_being_built():
    problem = centre(Member("a", min_minutes=960))
    assert codes(problem, [Assignment("a", 1, "early")]) == ["min_minutes"]
    assert checker.violations(problem, [Assignment("a", 1, "early")], partial=True) == []


def test_mentor_must_be_on_the_same_shift():
    problem = centre(Member("mentor"), Member("trainee", mentor_id="mentor"))
    assert codes(problem, [Assignment("trainee", 1, "early"), Assignment("mentor", 1, "late")]) == ["missing_mentor"]
    assert codes(problem, [Assignment("trainee", 1, "early"), Assignment("mentor", 1, "early")]) == []


def test_partner_with_the_skill_must_be_on_the_same_shift():
    problem = centre(Member("a", partner_skill="caregiver"), Member("b"), Member("c", skills=frozenset({"caregiver"})))
    assert codes(problem, [Assignment("a", 1, "early"), Assignment("b", 1, "early")]) == ["missing_partner"]
    assert codes(problem, [Assignment("a", 1, "early"), Assignment("c", 1, "early")]) == []


def test_pins_must_be_kept():
    problem = centre(Member("a"), pinned=(Assignment("a", 2, "late"),))
    assert codes(problem, []) == ["pin_broken"]
    assert codes(problem, [Assignment("a", 2, "late")]) == []


def test_objective_counts_cover_wishes_and_fairness():
    problem = centre(
        Member("a", contracted_minutes=2400),
        Member("b", contracted_minutes=2400),
        demands=(
            Demand(day=1, shift_id="early", required=2, under_weight=100, over_weight=7),
            Demand(day=2, shift_id="early", required=0, over_weight=7),
        ),
        wishes=(Wish("a", 1, WishKind.DAY_OFF, weight=5), Wish("b", 3, WishKind.WANT, "late", weight=3)),
        weights=Weights(weekends=1),
    )
    roster = [Assignment("a", 1, "early"), Assignment("a", 2, "early"), Assignment("b", 7, "early")]
    terms = checker.objective_terms(problem, roster)
    # Cover: day 1 one short (100), day 2 one over (7). Wishes: a's day off (5), b's late (3).
    # Weekends: b worked one (day 7, Saturday), a none; fair share 0.5 each: 5 tenths off each.
    assert terms == {"under": 100, "over": 7, "wishes": 8, "weekends": 10}
    assert checker.objective(problem, roster) == 125


def test_shortfall_says_why_members_are_not_available():
    caregivers = frozenset({"caregiver"})
    problem = centre(
        Member("off", skills=caregivers, days_off=frozenset({3})),
        Member("no_nights", skills=caregivers, no_nights=True),
        Member("busy", skills=caregivers),
        Member("tired", skills=caregivers),
        Member("free", skills=caregivers),
        Member("untrained"),
        demands=(Demand(day=3, shift_id="night", required=3, skill="caregiver"),),
    )
    roster = [Assignment("busy", 3, "early"), Assignment("tired", 4, "early")]  # night on day 3 ends 07:00 day 4
    (shortfall,) = checker.shortfalls(problem, roster)
    assert (shortfall.day, shortfall.shift_id, shortfall.skill) == (3, "night", "caregiver")
    assert (shortfall.required, shortfall.assigned, shortfall.qualified) == (3, 0, 5)
    assert shortfall.unavailable == {"day_off": 1, "no_nights": 1, "on_other_shift": 1, "rest": 1}
    assert shortfall.free == 1
