"""The compliance page's words come from the table beside the rules: every rule has its row, and a row reads right."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.utils import translation

from tomoni.members import rules
from tomoni.members.rule_texts import RULE_TEXTS
from tomoni.members.selectors import ComplianceLine
from tomoni.reports.registry.selectors import compliance_row

PEOPLE = frozenset(range(1, 31))


def every_rule_applying(*, member_audit_board: bool) -> list[rules.RuleResult]:
    facts = rules.CoopFacts(
        members=PEOPLE,
        engaged=PEOPLE,
        contracted=PEOPLE,
        directors=frozenset({1, 2, 3}),
        auditors=frozenset({4}),
        contract_exempt=frozenset({1, 4}),
        member_audit_board=member_audit_board,
    )
    return rules.compliance(facts)


def test_every_rule_of_the_act_has_its_words_in_the_table():
    codes = {r.code for board in (False, True) for r in every_rule_applying(member_audit_board=board)}
    assert codes <= set(RULE_TEXTS), codes - set(RULE_TEXTS)


def test_a_ratio_rule_reads_its_figure_and_threshold():
    result = rules.RuleResult("members_engaged", "8(1)", 24, 30, Fraction(4, 5), True)
    with translation.override("en"):
        row = compliance_row(ComplianceLine(result=result, concerns=[], concerns_total=0), delegate_meeting=False)
    assert row.title == "Members who do the work"
    assert row.figure == "24 of 30 members engage in the business (80.0%)."
    assert row.threshold == "At least 4/5 (80%)."
    assert row.concerns_heading == "Members not engaged in the business"


@pytest.mark.parametrize(("n", "words"), [(1, "1 director."), (2, "2 directors.")])
def test_a_count_rule_reads_its_count_in_the_singular_or_plural(n, words):
    result = rules.RuleResult("directors", "32(2)", n, n, 3, False)
    with translation.override("en"):
        row = compliance_row(ComplianceLine(result=result, concerns=[], concerns_total=0), delegate_meeting=False)
    assert row.figure == words
    assert row.threshold == "At least 3 directors."
    assert row.concerns_heading == "Whom it concerns"


def test_the_delegate_meeting_rule_says_which_meeting_the_coop_holds():
    result = rules.RuleResult("delegate_meeting", "71", 250, 250, 200, True, comparison=rules.MORE_THAN)
    line = ComplianceLine(result=result, concerns=[], concerns_total=0)
    with translation.override("en"):
        with_delegates = compliance_row(line, delegate_meeting=True)
        without = compliance_row(line, delegate_meeting=False)
    assert with_delegates.figure == "250 members; the articles provide for a delegate meeting."
    assert without.figure == "250 members; the co-operative holds general meetings of all members."
    assert with_delegates.threshold == "More than 200 members, if there is a delegate meeting."


def test_a_rule_without_words_yet_shows_its_code_and_bare_figures():
    result = rules.RuleResult("a_new_rule", "99", 1, 2, Fraction(1, 2), True)
    with translation.override("en"):
        row = compliance_row(ComplianceLine(result=result, concerns=[], concerns_total=0), delegate_meeting=False)
    assert (row.title, row.figure) == ("a_new_rule", "1 of 2.")


def test_the_officers_terms_rule_reads_in_japanese_with_whom_it_concerns():
    result = rules.RuleResult("officer_terms", "36", 1, 4, 0, False, frozenset({7}), rules.AT_MOST)
    with translation.override("ja"):
        row = compliance_row(ComplianceLine(result=result, concerns=[], concerns_total=1), delegate_meeting=False)
    assert row.title == "役員の任期"
    assert row.figure == "役員4人のうち1人が任期を過ぎています。"
    assert row.concerns_heading == "任期を過ぎている役員"
