"""The Act's rules as pure functions: every boundary, and properties over random coops (no database)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tomoni.members import rules
from tomoni.members.rules import AT_LEAST, AT_MOST, MORE_THAN, CoopFacts, RuleResult

EMPTY: frozenset[int] = frozenset()


def ids(count: int, start: int = 0) -> frozenset[int]:
    return frozenset(range(start, start + count))


def coop(
    *,
    members: Iterable[int] = EMPTY,
    engaged: Iterable[int] = EMPTY,
    contracted: Iterable[int] = EMPTY,
    directors: Iterable[int] = EMPTY,
    auditors: Iterable[int] = EMPTY,
    contract_exempt: Iterable[int] = EMPTY,
    member_audit_board: bool = False,
    delegate_meeting: bool = False,
) -> CoopFacts:
    return CoopFacts(
        members=frozenset(members),
        engaged=frozenset(engaged),
        contracted=frozenset(contracted),
        directors=frozenset(directors),
        auditors=frozenset(auditors),
        contract_exempt=frozenset(contract_exempt),
        member_audit_board=member_audit_board,
        delegate_meeting=delegate_meeting,
    )


def healthy_coop(size: int = 10) -> CoopFacts:
    """Every member works under contract; directors 0-2 (0 the representative); an outside auditor."""
    members = ids(size)
    outside_auditor = 1000
    return coop(
        members=members,
        engaged=members,
        contracted=members,
        directors=ids(3),
        auditors=frozenset({outside_auditor}),
        contract_exempt=frozenset({0, outside_auditor}),
    )


def by_code(facts: CoopFacts) -> dict[str, RuleResult]:
    return {result.code: result for result in rules.compliance(facts)}


def test_a_healthy_coop_passes_every_rule() -> None:
    results = rules.compliance(healthy_coop())
    assert [r.code for r in results if not r.passed] == []
    assert {r.code for r in results} == {
        "members_engaged",
        "engaged_are_members",
        "labour_contracts",
        "contracted_majority",
        "directors",
        "directors_are_members",
        "auditors",
        "auditor_independence",
        "delegate_meeting",
    }


# Art 8(1): at least 4/5 of the members engaged ------------------------------------------------------


def test_exactly_four_fifths_of_members_engaged_passes() -> None:
    result = rules.members_engaged(coop(members=ids(5), engaged=ids(4)))
    assert result.passed
    assert (result.numerator, result.denominator, result.ratio) == (4, 5, Fraction(4, 5))
    assert result.article == "8(1)"
    assert result.threshold == Fraction(4, 5) and result.comparison == AT_LEAST


def test_one_engaged_member_short_of_four_fifths_fails_and_names_who_is_not_engaged() -> None:
    result = rules.members_engaged(coop(members=ids(5), engaged=ids(3)))
    assert not result.passed
    assert result.concerns == {3, 4}


@pytest.mark.parametrize(
    ("members", "engaged", "passed"), [(10, 8, True), (10, 7, False), (100, 80, True), (100, 79, False)]
)
def test_four_fifths_holds_at_every_size(members: int, engaged: int, passed: bool) -> None:
    assert rules.members_engaged(coop(members=ids(members), engaged=ids(engaged))).passed is passed


def test_engaged_people_who_are_not_members_do_not_count_towards_members_engaged() -> None:
    result = rules.members_engaged(coop(members=ids(5), engaged=ids(3) | ids(5, start=100)))
    assert (result.numerator, result.passed) == (3, False)


def test_officers_exempt_from_the_contract_count_as_engaged_members() -> None:
    # Art 20(1) counts the representative director, full-time directors and auditors among the working members.
    facts = coop(
        members=ids(5),
        engaged=ids(3),
        directors=frozenset({3}),
        auditors=frozenset({4}),
        contract_exempt=frozenset({3, 4}),
    )
    assert rules.members_engaged(facts).passed


def test_an_exempt_officer_who_is_not_a_member_does_not_count_as_an_engaged_member() -> None:
    facts = coop(members=ids(5), engaged=ids(3), auditors=frozenset({99}), contract_exempt=frozenset({99}))
    result = rules.members_engaged(facts)
    assert (result.numerator, result.passed) == (3, False)
    assert 99 not in rules.engaged_in_business(facts)


# Art 8(2): at least 3/4 of those engaged are members ------------------------------------------------


def test_exactly_three_quarters_of_the_engaged_being_members_passes() -> None:
    result = rules.engaged_are_members(coop(members=ids(3), engaged=ids(4)))
    assert result.passed
    assert (result.numerator, result.denominator, result.article) == (3, 4, "8(2)")


def test_one_member_short_of_three_quarters_of_the_engaged_fails_and_names_the_non_members() -> None:
    result = rules.engaged_are_members(coop(members=ids(5), engaged=ids(5) | ids(2, start=50)))
    assert (result.numerator, result.denominator) == (5, 7)
    assert not result.passed
    assert result.concerns == {50, 51}


@pytest.mark.parametrize(
    ("engaged", "members", "passed"), [(8, 6, True), (8, 5, False), (400, 300, True), (400, 299, False)]
)
def test_three_quarters_holds_at_every_size(engaged: int, members: int, passed: bool) -> None:
    facts = coop(members=ids(members), engaged=ids(engaged))
    assert rules.engaged_are_members(facts).passed is passed


# Art 20(1): a labour contract with every working member, bar the exempt officers -------------------


def test_a_working_member_without_a_contract_fails_the_labour_contract_rule() -> None:
    result = rules.labour_contracts(coop(members=ids(4), engaged=ids(4), contracted=ids(3)))
    assert not result.passed
    assert result.concerns == {3}
    assert (result.numerator, result.denominator, result.article) == (3, 4, "20(1)")


def test_the_representative_full_time_directors_and_auditors_need_no_contract() -> None:
    exempt = frozenset({0, 1, 2})  # representative director, full-time director, auditor
    facts = coop(
        members=ids(5),
        engaged=ids(5),
        contracted=ids(2, start=3),
        directors=ids(2),
        auditors={2},
        contract_exempt=exempt,
    )
    result = rules.labour_contracts(facts)
    assert result.passed
    assert result.denominator == 2


def test_an_ordinary_director_who_works_needs_a_contract() -> None:
    facts = coop(members=ids(4), engaged=ids(4), contracted=ids(3), directors=frozenset({3}))
    assert rules.labour_contracts(facts).concerns == {3}


def test_a_member_who_does_not_work_needs_no_contract() -> None:
    assert rules.labour_contracts(coop(members=ids(5), engaged=ids(4), contracted=ids(4))).passed


def test_a_non_member_employee_is_outside_the_labour_contract_rule() -> None:
    facts = coop(members=ids(3), engaged=ids(3) | {9}, contracted=ids(3))
    assert rules.labour_contracts(facts).passed


# Art 3(2)(iv): members with contracts hold more than half of the votes ------------------------------


def test_exactly_half_of_members_contracted_is_not_a_majority() -> None:
    result = rules.contracted_majority(coop(members=ids(4), contracted=ids(2)))
    assert not result.passed
    assert result.concerns == {2, 3}
    assert (result.article, result.threshold, result.comparison) == ("3(2)(iv)", Fraction(1, 2), MORE_THAN)


def test_one_more_contracted_member_than_half_is_a_majority() -> None:
    assert rules.contracted_majority(coop(members=ids(4), contracted=ids(3))).passed


@pytest.mark.parametrize(
    ("members", "contracted", "passed"), [(5, 3, True), (5, 2, False), (201, 101, True), (200, 100, False)]
)
def test_the_majority_holds_at_every_size(members: int, contracted: int, passed: bool) -> None:
    assert rules.contracted_majority(coop(members=ids(members), contracted=ids(contracted))).passed is passed


def test_contracts_of_non_members_carry_no_votes() -> None:
    result = rules.contracted_majority(coop(members=ids(4), contracted=ids(2) | ids(5, start=100)))
    assert (result.numerator, result.passed) == (2, False)


def test_exempt_officers_without_contracts_count_against_the_majority() -> None:
    # Five members; three are exempt officers without contracts: only 2 of 5 votes are contracted.
    facts = coop(
        members=ids(5), engaged=ids(5), contracted={3, 4}, directors=ids(2), auditors={2}, contract_exempt=ids(3)
    )
    assert rules.labour_contracts(facts).passed
    assert not rules.contracted_majority(facts).passed


# Art 32: directors and auditors ---------------------------------------------------------------------


def test_three_directors_pass() -> None:
    result = rules.directors(coop(members=ids(5), directors=ids(3)))
    assert (result.passed, result.figure, result.article) == (True, 3, "32(2)")


def test_two_directors_fail() -> None:
    result = rules.directors(coop(members=ids(5), directors=ids(2)))
    assert (result.passed, result.figure, result.threshold) == (False, 2, 3)


def test_a_director_who_is_not_a_member_fails_and_is_named() -> None:
    result = rules.directors_are_members(coop(members=ids(5), directors=ids(2) | {77}))
    assert not result.passed
    assert result.concerns == {77}
    assert result.article == "32(4)"


def test_directors_who_are_all_members_pass() -> None:
    assert rules.directors_are_members(coop(members=ids(5), directors=ids(3))).passed


def test_one_auditor_passes_and_none_fails() -> None:
    assert rules.auditors(coop(members=ids(5), auditors={9})).passed
    result = rules.auditors(coop(members=ids(5)))
    assert result is not None and not result.passed and result.article == "32(3)"


def test_an_auditor_who_is_also_a_director_fails_independence() -> None:
    result = rules.auditor_independence(coop(members=ids(5), directors=ids(3), auditors={2}))
    assert not result.passed
    assert result.concerns == {2}
    assert (result.article, result.comparison) == ("43", AT_MOST)


def test_an_auditor_who_is_also_an_employee_fails_independence() -> None:
    result = rules.auditor_independence(coop(members=ids(5), contracted=ids(5), directors=ids(3), auditors={4}))
    assert (result.passed, result.concerns) == (False, {4})


def test_an_auditor_who_is_a_member_but_neither_director_nor_employee_is_independent() -> None:
    facts = coop(members=ids(5), engaged=ids(5), contracted=ids(4), directors=ids(3), auditors={4}, contract_exempt={4})
    assert rules.auditor_independence(facts).passed
    assert rules.members_engaged(facts).passed


def test_an_independent_auditor_does_not_excuse_a_conflicted_one() -> None:
    facts = coop(members=ids(5), directors=ids(3), auditors={0, 50})
    assert rules.auditors(facts).passed
    assert rules.auditor_independence(facts).concerns == {0}


# Art 54: the member audit board ----------------------------------------------------------------------


def test_a_member_audit_board_with_20_members_passes_and_replaces_the_auditor() -> None:
    facts = coop(members=ids(20), directors=ids(3), member_audit_board=True)
    results = by_code(facts)
    assert results["member_audit_board"].passed
    assert results["member_audit_board"].article == "54(1)"
    assert results["member_audit_board_size"].passed
    assert "auditors" not in results
    assert rules.auditors(facts) is None


def test_a_member_audit_board_with_21_members_fails() -> None:
    result = rules.member_audit_board(coop(members=ids(21), directors=ids(3), member_audit_board=True))
    assert result is not None
    assert (result.passed, result.figure, result.threshold, result.comparison) == (False, 21, 20, AT_MOST)


def test_a_member_audit_board_needs_three_members_who_are_not_directors() -> None:
    assert rules.member_audit_board_size(coop(members=ids(6), directors=ids(3), member_audit_board=True)).passed
    result = rules.member_audit_board_size(coop(members=ids(5), directors=ids(3), member_audit_board=True))
    assert result is not None
    assert (result.passed, result.figure, result.article) == (False, 2, "54(2)")


def test_without_a_member_audit_board_its_rules_do_not_apply() -> None:
    results = by_code(healthy_coop())
    assert "member_audit_board" not in results and "member_audit_board_size" not in results


# Art 71: the delegate meeting ------------------------------------------------------------------------


def test_a_delegate_meeting_with_200_members_fails() -> None:
    result = rules.delegate_meeting(coop(members=ids(200), delegate_meeting=True))
    assert not result.passed
    assert (result.threshold, result.comparison, result.article) == (200, MORE_THAN, "71")


def test_a_delegate_meeting_with_201_members_passes() -> None:
    assert rules.delegate_meeting(coop(members=ids(201), delegate_meeting=True)).passed


def test_a_small_coop_holding_a_general_meeting_passes_the_delegate_rule() -> None:
    assert rules.delegate_meeting(coop(members=ids(5))).passed


# Edge cases ------------------------------------------------------------------------------------------


def test_an_empty_coop_does_not_crash_and_fails_through_its_officers() -> None:
    results = by_code(coop())
    for code in ("members_engaged", "engaged_are_members", "labour_contracts", "contracted_majority"):
        assert results[code].passed, code
        assert results[code].ratio is None and results[code].figure is None
    assert not results["directors"].passed
    assert not results["auditors"].passed


def test_an_empty_coop_with_a_member_audit_board_does_not_crash() -> None:
    results = by_code(coop(member_audit_board=True, delegate_meeting=True))
    assert results["member_audit_board"].passed
    assert not results["member_audit_board_size"].passed
    assert not results["delegate_meeting"].passed


def test_ratios_are_exact_fractions() -> None:
    result = rules.members_engaged(coop(members=ids(3), engaged=ids(2)))
    assert isinstance(result.figure, Fraction) and result.figure == Fraction(2, 3)


def test_an_unknown_comparison_is_refused() -> None:
    with pytest.raises(ValueError, match="comparison"):
        rules.meets(1, 1, "roughly")


def test_three_founders_are_enough_and_two_are_not() -> None:
    assert rules.founders_enough(3)
    assert not rules.founders_enough(2)


# Properties over random coops ------------------------------------------------------------------------

PEOPLE = st.frozensets(st.integers(min_value=0, max_value=40), max_size=40)


@st.composite
def random_coops(draw: st.DrawFn) -> CoopFacts:
    """Random people in random overlapping roles, realistic or not: the rules must hold for all."""
    members = draw(PEOPLE)
    directors = draw(PEOPLE)
    auditors = draw(PEOPLE)
    return coop(
        members=members,
        engaged=draw(PEOPLE),
        contracted=draw(PEOPLE),
        directors=directors,
        auditors=auditors,
        contract_exempt=draw(
            st.frozensets(st.sampled_from(sorted(directors | auditors))) if directors | auditors else st.just(EMPTY)
        ),
        member_audit_board=draw(st.booleans()),
        delegate_meeting=draw(st.booleans()),
    )


@given(random_coops())
def test_every_result_passes_exactly_when_its_figure_meets_the_threshold(facts: CoopFacts) -> None:
    for result in rules.compliance(facts):
        if result.code == "delegate_meeting" and not facts.delegate_meeting:
            assert result.passed
            continue
        figure = result.figure
        expected = True if figure is None else rules.meets(figure, result.threshold, result.comparison)
        assert result.passed is expected, result


@given(random_coops())
def test_ratio_rules_agree_with_integer_cross_multiplication(facts: CoopFacts) -> None:
    engaged = facts.engaged | (facts.contract_exempt & facts.members)
    engaged_members = len(facts.members & engaged)
    assert rules.members_engaged(facts).passed is (5 * engaged_members >= 4 * len(facts.members))
    assert rules.engaged_are_members(facts).passed is (4 * engaged_members >= 3 * len(engaged))
    contracted = len(facts.members & facts.contracted)
    assert rules.contracted_majority(facts).passed is (not facts.members or 2 * contracted > len(facts.members))


@given(random_coops())
def test_concerns_are_drawn_from_the_right_people(facts: CoopFacts) -> None:
    results = by_code(facts)
    engaged = rules.engaged_in_business(facts)
    assert results["members_engaged"].concerns <= facts.members - engaged
    assert not results["engaged_are_members"].concerns & facts.members
    assert results["engaged_are_members"].concerns <= engaged
    assert results["labour_contracts"].concerns <= facts.members - facts.contracted - facts.contract_exempt
    assert results["contracted_majority"].concerns <= facts.members - facts.contracted
    assert results["directors_are_members"].concerns <= facts.directors - facts.members
    assert results["auditor_independence"].concerns <= facts.auditors
    for code in ("directors", "delegate_meeting", "auditors", "member_audit_board", "member_audit_board_size"):
        if code in results:
            assert results[code].concerns == EMPTY


@given(random_coops())
def test_the_concerned_and_the_counted_make_up_the_whole(facts: CoopFacts) -> None:
    results = by_code(facts)
    for code in ("members_engaged", "engaged_are_members", "labour_contracts", "contracted_majority"):
        result = results[code]
        assert result.numerator + len(result.concerns) == result.denominator, code


NAMING_RULES = {
    "members_engaged",
    "engaged_are_members",
    "labour_contracts",
    "contracted_majority",
    "directors_are_members",
    "auditor_independence",
}


@given(random_coops())
def test_a_failing_share_rule_always_names_someone(facts: CoopFacts) -> None:
    for result in rules.compliance(facts):
        if result.code in NAMING_RULES and not result.passed:
            assert result.concerns


@given(random_coops())
def test_the_auditor_and_the_member_audit_board_exclude_each_other(facts: CoopFacts) -> None:
    codes = {result.code for result in rules.compliance(facts)}
    assert ("auditors" in codes) is not facts.member_audit_board
    assert ("member_audit_board" in codes) is facts.member_audit_board
    assert ("member_audit_board_size" in codes) is facts.member_audit_board


NEWCOMER = 10_000  # an id no strategy draws


@given(random_coops())
def test_adding_an_engaged_member_never_breaks_members_engaged(facts: CoopFacts) -> None:
    grown = replace(facts, members=facts.members | {NEWCOMER}, engaged=facts.engaged | {NEWCOMER})
    if rules.members_engaged(facts).passed:
        assert rules.members_engaged(grown).passed
    if rules.engaged_are_members(facts).passed:
        assert rules.engaged_are_members(grown).passed


@given(random_coops())
def test_adding_a_member_who_does_not_work_never_mends_members_engaged(facts: CoopFacts) -> None:
    grown = replace(facts, members=facts.members | {NEWCOMER})
    if not rules.members_engaged(facts).passed:
        assert not rules.members_engaged(grown).passed


@given(random_coops())
def test_adding_a_non_member_worker_never_mends_engaged_are_members(facts: CoopFacts) -> None:
    grown = replace(facts, engaged=facts.engaged | {NEWCOMER})
    if not rules.engaged_are_members(facts).passed:
        assert not rules.engaged_are_members(grown).passed


@given(random_coops())
def test_adding_a_contracted_member_never_breaks_the_majority(facts: CoopFacts) -> None:
    grown = replace(facts, members=facts.members | {NEWCOMER}, contracted=facts.contracted | {NEWCOMER})
    if rules.contracted_majority(facts).passed:
        assert rules.contracted_majority(grown).passed


@given(random_coops())
def test_signing_a_contract_never_breaks_the_contract_rules(facts: CoopFacts) -> None:
    for person in facts.members:
        signed = replace(facts, contracted=facts.contracted | {person})
        if rules.labour_contracts(facts).passed:
            assert rules.labour_contracts(signed).passed
        if rules.contracted_majority(facts).passed:
            assert rules.contracted_majority(signed).passed


@given(random_coops(), st.data())
def test_the_rules_depend_on_who_holds_which_role_not_on_their_ids(facts: CoopFacts, data: st.DataObject) -> None:
    everyone = sorted(facts.members | facts.engaged | facts.contracted | facts.directors | facts.auditors)
    shuffled = data.draw(st.permutations(everyone))
    relabel = dict(zip(everyone, shuffled, strict=True))

    def moved(people: frozenset[int]) -> frozenset[int]:
        return frozenset(relabel[p] for p in people)

    renamed = replace(
        facts,
        members=moved(facts.members),
        engaged=moved(facts.engaged),
        contracted=moved(facts.contracted),
        directors=moved(facts.directors),
        auditors=moved(facts.auditors),
        contract_exempt=moved(facts.contract_exempt),
    )
    before = [(r.code, r.numerator, r.denominator, r.passed, moved(r.concerns)) for r in rules.compliance(facts)]
    after = [(r.code, r.numerator, r.denominator, r.passed, r.concerns) for r in rules.compliance(renamed)]
    assert before == after


def test_the_contract_exempt_roles_are_officer_roles_of_the_register() -> None:
    from tomoni.members.models import OfficerRole

    assert {
        OfficerRole.REPRESENTATIVE_DIRECTOR,
        OfficerRole.FULL_TIME_DIRECTOR,
        OfficerRole.AUDITOR,
    } == rules.CONTRACT_EXEMPT_ROLES
