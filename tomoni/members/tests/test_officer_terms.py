"""Art 36: officers' terms — a director's at most two years, an auditor's at most four, as the articles set within
that; the compliance rule flags an officer in office past the end of their term (no database for the rule)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from tomoni.members import rules
from tomoni.members.rules import CoopFacts, TermFact

START = dt.date(2013, 6, 22)


def facts(*terms: TermFact, as_of: dt.date | None, director_months: int = 24, auditor_months: int = 48) -> CoopFacts:
    officers = frozenset(t.person_id for t in terms)
    return CoopFacts(
        members=officers,
        engaged=officers,
        contracted=frozenset(),
        directors=frozenset(t.person_id for t in terms if t.role != "auditor"),
        auditors=frozenset(t.person_id for t in terms if t.role == "auditor"),
        contract_exempt=officers,
        as_of=as_of,
        terms=terms,
        director_term_months=director_months,
        auditor_term_months=auditor_months,
    )


def result(f: CoopFacts) -> rules.RuleResult:
    out = rules.officer_terms(f)
    assert out is not None
    return out


def test_a_director_is_in_term_on_the_last_day_of_two_years_and_past_it_the_day_after() -> None:
    director = TermFact(1, "director", START)

    assert result(facts(director, as_of=dt.date(2015, 6, 21))).passed
    past = result(facts(director, as_of=dt.date(2015, 6, 22)))

    assert not past.passed
    assert past.concerns == frozenset({1})
    assert (past.numerator, past.denominator, past.article) == (1, 1, "36")


def test_an_auditor_may_serve_four_years() -> None:
    auditor = TermFact(2, "auditor", START)

    assert result(facts(auditor, as_of=dt.date(2017, 6, 21))).passed
    assert not result(facts(auditor, as_of=dt.date(2017, 6, 22))).passed


def test_the_articles_may_set_a_shorter_term_never_a_longer_one() -> None:
    director = TermFact(1, "representative_director", START)

    assert not result(facts(director, as_of=dt.date(2014, 6, 22), director_months=12)).passed
    assert result(facts(director, as_of=dt.date(2014, 6, 21), director_months=12)).passed
    # Articles asking for three years are held to the Act's two.
    assert not result(facts(director, as_of=dt.date(2015, 6, 22), director_months=36)).passed


def test_a_term_begun_on_the_31st_ends_on_the_shorter_months_last_day() -> None:
    assert rules.add_months(dt.date(2015, 1, 31), 1) == dt.date(2015, 2, 28)
    assert rules.add_months(dt.date(2014, 2, 28), 24) == dt.date(2016, 2, 28)
    assert rules.add_months(dt.date(2016, 2, 29), 12) == dt.date(2017, 2, 28)


def test_without_a_date_the_rule_is_left_out() -> None:
    assert "officer_terms" not in {r.code for r in rules.compliance(facts(as_of=None))}
    assert "officer_terms" in {r.code for r in rules.compliance(facts(as_of=START))}


@given(
    started=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
    days=st.integers(0, 2000),
    role=st.sampled_from(["representative_director", "full_time_director", "director", "auditor"]),
    months=st.integers(1, 60),
)
def test_an_officer_is_flagged_exactly_from_the_day_their_term_ends(
    started: dt.date, days: int, role: str, months: int
) -> None:
    as_of = started + dt.timedelta(days=days)
    ends = rules.term_ends_on(started, role, director_months=months, auditor_months=months)

    flagged = not result(
        facts(TermFact(7, role, started), as_of=as_of, director_months=months, auditor_months=months)
    ).passed

    assert flagged is (as_of >= ends)
    limit = rules.AUDITOR_TERM_MONTHS_MAX if role == "auditor" else rules.DIRECTOR_TERM_MONTHS_MAX
    assert ends <= rules.add_months(started, limit)
    assert ends > started
