"""Compliance with the Act from the register: the facts of a coop on a date, and the rules applied to them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tomoni.federation.models import BusinessLine, Centre, Coop
from tomoni.members.models import LabourContract, Membership, OfficerTerm, Person, WorkRecord
from tomoni.members.selectors import (
    CONCERNS_SHOWN,
    ENGAGED_LOOKBACK_DAYS,
    ComplianceLine,
    coop_compliance,
    coop_facts,
)
from tomoni.testing import World

AS_OF = dt.date(2015, 3, 31)


@dataclass
class Tiny:
    """A small coop built by hand, one centre, one business line."""

    coop: Coop
    centre: Centre
    line: BusinessLine
    counter: int = 0

    def person(
        self,
        *,
        joined: dt.date | None = dt.date(2014, 4, 1),
        left: dt.date | None = None,
        contract: dt.date | None = None,
        contract_ended: dt.date | None = None,
        worked: Iterable[dt.date] = (),
        role: str | None = None,
        role_started: dt.date = dt.date(2014, 6, 1),
        role_ended: dt.date | None = None,
    ) -> Person:
        """A person, with a membership, a contract, days of work and an office as asked."""
        self.counter += 1
        person = Person.objects.create(coop=self.coop, family_name="試験", given_name=f"{self.counter:03d}")
        if joined is not None:
            Membership.objects.create(
                coop=self.coop,
                person=person,
                kind="worker",
                member_number=f"T{self.counter:05d}",
                centre=self.centre,
                joined_on=joined,
                left_on=left,
                status="withdrawn" if left else "active",
            )
        if contract is not None:
            LabourContract.objects.create(
                coop=self.coop,
                person=person,
                centre=self.centre,
                started_on=contract,
                ended_on=contract_ended,
                contracted_minutes_per_week=1200,
            )
        for day in worked:
            WorkRecord.objects.create(
                coop=self.coop,
                person=person,
                centre=self.centre,
                business_line=self.line,
                worked_on=day,
                worked_minutes=240,
            )
        if role is not None:
            OfficerTerm.objects.create(
                coop=self.coop, person=person, role=role, started_on=role_started, ended_on=role_ended
            )
        return person


@pytest.fixture
def tiny(world: World) -> Tiny:
    coop = Coop.objects.create(
        federation=world.federation,
        code="tiny",
        name="ちいさな労協",
        kind="worker_coop",
        legal_form="worker_coop_act",
        prefecture_code="13",
        joined_federation_on=dt.date(2014, 1, 1),
    )
    centre = Centre.objects.create(
        coop=coop,
        code="t1",
        name="小さな事業所",
        prefecture_code="13",
        municipality="豊島区",
        opened_on=dt.date(2014, 1, 1),
    )
    return Tiny(coop=coop, centre=centre, line=world.cleaning)


def lines_by_code(coop: Coop, as_of: dt.date = AS_OF) -> dict[str, ComplianceLine]:
    return {line.result.code: line for line in coop_compliance(coop=coop, as_of=as_of)}


# The world fixture -------------------------------------------------------------------------------------


def test_the_facts_of_cwc_on_the_fiscal_year_end(world: World) -> None:
    facts = coop_facts(coop=world.cwc, as_of=AS_OF)

    both = {world.member_person.pk, world.nara_person.pk}
    assert facts.members == both
    assert facts.contracted == both
    assert facts.engaged == both
    assert facts.directors == {world.nara_person.pk}
    assert facts.auditors == frozenset()
    assert facts.contract_exempt == frozenset()
    assert not facts.member_audit_board and not facts.delegate_meeting


def test_the_facts_of_a_coop_hold_none_of_another_coops_people(world: World) -> None:
    facts = coop_facts(coop=world.cwc, as_of=AS_OF)
    other = coop_facts(coop=world.other, as_of=AS_OF)

    assert world.other_person.pk not in facts.members | facts.engaged | facts.contracted
    assert other.members == {world.other_person.pk}


def test_before_anyone_joined_cwc_has_no_members(world: World) -> None:
    facts = coop_facts(coop=world.cwc, as_of=dt.date(2000, 3, 31))

    assert facts.members == frozenset() and facts.contracted == frozenset()


def test_a_member_counts_from_the_day_they_joined(world: World) -> None:
    facts = coop_facts(coop=world.cwc, as_of=dt.date(2000, 4, 1))

    assert facts.members == {world.nara_person.pk}
    assert facts.contracted == {world.nara_person.pk}


def test_cwc_in_the_world_passes_the_work_rules_and_fails_the_officer_rules(world: World) -> None:
    lines = lines_by_code(world.cwc)

    for code in ("members_engaged", "engaged_are_members", "labour_contracts", "contracted_majority"):
        assert lines[code].result.passed, code
        assert lines[code].concerns == [] and lines[code].concerns_total == 0
    assert not lines["directors"].result.passed  # one director of the three required
    assert lines["directors"].result.figure == 1
    assert lines["directors_are_members"].result.passed
    assert not lines["auditors"].result.passed
    assert lines["delegate_meeting"].result.passed


# Engagement: by contract, or by work within the lookback ---------------------------------------------


def test_a_member_with_an_open_contract_is_engaged_without_any_work_record(tiny: Tiny) -> None:
    person = tiny.person(contract=dt.date(2014, 4, 1))

    facts = coop_facts(coop=tiny.coop, as_of=AS_OF)
    assert person.pk in facts.engaged and person.pk in facts.contracted


def test_work_exactly_30_days_before_counts_as_engaged(tiny: Tiny) -> None:
    assert ENGAGED_LOOKBACK_DAYS == 30
    person = tiny.person(worked=[AS_OF - dt.timedelta(days=30)])

    facts = coop_facts(coop=tiny.coop, as_of=AS_OF)
    assert person.pk in facts.engaged
    assert person.pk not in facts.contracted


def test_work_31_days_before_does_not_count_as_engaged(tiny: Tiny) -> None:
    person = tiny.person(worked=[AS_OF - dt.timedelta(days=31)])

    assert person.pk not in coop_facts(coop=tiny.coop, as_of=AS_OF).engaged


def test_work_on_the_day_itself_counts_and_work_after_it_does_not(tiny: Tiny) -> None:
    today = tiny.person(worked=[AS_OF])
    later = tiny.person(worked=[AS_OF + dt.timedelta(days=1)])

    facts = coop_facts(coop=tiny.coop, as_of=AS_OF)
    assert today.pk in facts.engaged
    assert later.pk not in facts.engaged


def test_a_non_member_who_works_is_engaged_but_not_a_member(tiny: Tiny) -> None:
    hired = tiny.person(joined=None, contract=dt.date(2014, 4, 1))

    facts = coop_facts(coop=tiny.coop, as_of=AS_OF)
    assert hired.pk in facts.engaged and hired.pk not in facts.members


# As of a date: joins, departures, contracts and terms ---------------------------------------------------


def test_a_membership_counts_until_the_day_before_it_ended(tiny: Tiny) -> None:
    person = tiny.person(joined=dt.date(2014, 4, 1), left=dt.date(2015, 3, 31))

    assert person.pk in coop_facts(coop=tiny.coop, as_of=dt.date(2015, 3, 30)).members
    assert person.pk not in coop_facts(coop=tiny.coop, as_of=dt.date(2015, 3, 31)).members


def test_a_membership_does_not_count_before_the_day_it_began(tiny: Tiny) -> None:
    person = tiny.person(joined=dt.date(2015, 4, 1))

    assert person.pk not in coop_facts(coop=tiny.coop, as_of=AS_OF).members
    assert person.pk in coop_facts(coop=tiny.coop, as_of=dt.date(2015, 4, 1)).members


def test_a_contract_counts_from_its_start_until_the_day_before_its_end(tiny: Tiny) -> None:
    person = tiny.person(contract=dt.date(2014, 4, 1), contract_ended=dt.date(2015, 3, 31))

    assert person.pk not in coop_facts(coop=tiny.coop, as_of=dt.date(2014, 3, 31)).contracted
    assert person.pk in coop_facts(coop=tiny.coop, as_of=dt.date(2014, 4, 1)).contracted
    assert person.pk in coop_facts(coop=tiny.coop, as_of=dt.date(2015, 3, 30)).contracted
    assert person.pk not in coop_facts(coop=tiny.coop, as_of=dt.date(2015, 3, 31)).contracted


def test_officers_are_counted_during_their_term_only(tiny: Tiny) -> None:
    director = tiny.person(role="director", role_started=dt.date(2014, 6, 1), role_ended=dt.date(2015, 6, 1))

    assert director.pk not in coop_facts(coop=tiny.coop, as_of=dt.date(2014, 5, 31)).directors
    assert director.pk in coop_facts(coop=tiny.coop, as_of=dt.date(2015, 5, 31)).directors
    assert director.pk not in coop_facts(coop=tiny.coop, as_of=dt.date(2015, 6, 1)).directors


def test_the_representative_full_time_directors_and_auditors_are_exempt_from_the_contract(tiny: Tiny) -> None:
    representative = tiny.person(role="representative_director")
    full_time = tiny.person(role="full_time_director")
    ordinary = tiny.person(role="director")
    auditor = tiny.person(joined=None, role="auditor")

    facts = coop_facts(coop=tiny.coop, as_of=AS_OF)
    assert facts.directors == {representative.pk, full_time.pk, ordinary.pk}
    assert facts.auditors == {auditor.pk}
    assert facts.contract_exempt == {representative.pk, full_time.pk, auditor.pk}


def test_the_coops_articles_decide_the_audit_board_and_the_delegate_meeting(tiny: Tiny) -> None:
    tiny.coop.member_audit_board = True
    tiny.coop.delegate_meeting = True
    tiny.coop.save()

    facts = coop_facts(coop=tiny.coop, as_of=AS_OF)
    assert facts.member_audit_board and facts.delegate_meeting


# The rules applied to the register ------------------------------------------------------------------


def compliant_tiny(tiny: Tiny, members: int = 5) -> list[Person]:
    """A coop that meets every rule: contracted workers, three directors (one representative), an outside auditor."""
    people = [tiny.person(contract=dt.date(2014, 4, 1)) for _ in range(members)]
    for person, role in zip(people, ("representative_director", "director", "director"), strict=False):
        OfficerTerm.objects.create(coop=tiny.coop, person=person, role=role, started_on=dt.date(2014, 6, 1))
    tiny.person(joined=None, role="auditor")
    return people


def test_a_compliant_small_coop_passes_every_rule(tiny: Tiny) -> None:
    compliant_tiny(tiny)

    failing = [line.result.code for line in coop_compliance(coop=tiny.coop, as_of=AS_OF) if not line.result.passed]
    assert failing == []


def test_four_of_five_members_engaged_pass_and_three_fail_naming_who(tiny: Tiny) -> None:
    people = compliant_tiny(tiny, members=4)
    idle = tiny.person()  # a member with no contract and no work

    line = lines_by_code(tiny.coop)["members_engaged"]
    assert line.result.passed and (line.result.numerator, line.result.denominator) == (4, 5)

    LabourContract.objects.filter(person=people[3]).update(ended_on=dt.date(2015, 1, 1))
    line = lines_by_code(tiny.coop)["members_engaged"]
    assert not line.result.passed
    assert {p.pk for p in line.concerns} == {people[3].pk, idle.pk}


def test_an_employee_who_is_not_a_member_tips_engaged_are_members_below_three_quarters(tiny: Tiny) -> None:
    compliant_tiny(tiny, members=3)  # three engaged members
    first = tiny.person(joined=None, contract=dt.date(2014, 4, 1))

    assert lines_by_code(tiny.coop)["engaged_are_members"].result.passed
    second = tiny.person(joined=None, worked=[AS_OF])
    line = lines_by_code(tiny.coop)["engaged_are_members"]
    assert not line.result.passed
    assert {p.pk for p in line.concerns} == {first.pk, second.pk}


def test_a_member_who_works_without_a_contract_is_named_by_the_contract_rule(tiny: Tiny) -> None:
    compliant_tiny(tiny)
    casual = tiny.person(worked=[AS_OF - dt.timedelta(days=3)])

    line = lines_by_code(tiny.coop)["labour_contracts"]
    assert not line.result.passed
    assert [p.pk for p in line.concerns] == [casual.pk]


def test_exactly_half_of_members_contracted_fails_the_majority_of_votes(tiny: Tiny) -> None:
    compliant_tiny(tiny, members=3)
    for _ in range(3):
        tiny.person(worked=[AS_OF])  # members who work without contracts

    line = lines_by_code(tiny.coop)["contracted_majority"]
    assert not line.result.passed and line.result.figure == Fraction(1, 2)
    assert line.concerns_total == 3


def test_a_member_audit_board_replaces_the_auditor_in_a_coop_of_twenty(tiny: Tiny) -> None:
    compliant_tiny(tiny, members=20)
    tiny.coop.member_audit_board = True
    tiny.coop.save()

    lines = lines_by_code(tiny.coop)
    assert "auditors" not in lines
    assert lines["member_audit_board"].result.passed
    tiny.person(contract=dt.date(2014, 4, 1))
    assert not lines_by_code(tiny.coop)["member_audit_board"].result.passed


def test_concerns_are_people_listed_up_to_a_limit_with_the_total(tiny: Tiny) -> None:
    compliant_tiny(tiny, members=3)
    for _ in range(CONCERNS_SHOWN + 5):
        tiny.person()  # members who neither work nor hold a contract

    line = lines_by_code(tiny.coop)["members_engaged"]
    assert not line.result.passed
    assert len(line.concerns) == CONCERNS_SHOWN
    assert line.concerns_total == CONCERNS_SHOWN + 5
    assert all(isinstance(p, Person) and p.coop_id == tiny.coop.pk for p in line.concerns)


def test_an_empty_coop_is_reported_without_crashing(tiny: Tiny) -> None:
    lines = lines_by_code(tiny.coop)

    assert lines["members_engaged"].result.ratio is None
    assert not lines["directors"].result.passed


def compliance_queries(coop: Coop) -> int:
    with CaptureQueriesContext(connection) as queries:
        coop_compliance(coop=coop, as_of=AS_OF)
    return len(queries)


def test_the_queries_of_coop_compliance_do_not_grow_with_the_members(tiny: Tiny) -> None:
    compliant_tiny(tiny, members=3)
    tiny.person()  # one member who does not work: a failing rule with concerns to fetch
    small = compliance_queries(tiny.coop)

    for _ in range(80):
        tiny.person(worked=[AS_OF])
    for _ in range(40):
        tiny.person(joined=None, contract=dt.date(2014, 4, 1))

    assert compliance_queries(tiny.coop) == small
    assert small <= 5


# Officers' terms (Art 36) ------------------------------------------------------------------------------


def test_a_director_is_flagged_from_the_day_after_the_two_years_the_act_allows(tiny: Tiny) -> None:
    director = tiny.person(role="director", role_started=dt.date(2013, 4, 1))
    assert lines_by_code(tiny.coop, dt.date(2015, 3, 31))["officer_terms"].result.passed  # the term's last day
    line = lines_by_code(tiny.coop, dt.date(2015, 4, 1))["officer_terms"]
    assert not line.result.passed
    assert line.concerns == [director]


def test_an_auditor_is_flagged_only_after_four_years(tiny: Tiny) -> None:
    tiny.person(role="auditor", role_started=dt.date(2011, 4, 1))
    assert lines_by_code(tiny.coop, dt.date(2015, 3, 31))["officer_terms"].result.passed
    assert not lines_by_code(tiny.coop, dt.date(2015, 4, 1))["officer_terms"].result.passed


def test_the_articles_may_set_a_shorter_term_but_never_a_longer_one(tiny: Tiny) -> None:
    tiny.person(role="director", role_started=dt.date(2014, 4, 1))
    tiny.coop.director_term_months = 12
    tiny.coop.save()
    assert lines_by_code(tiny.coop, dt.date(2015, 3, 31))["officer_terms"].result.passed
    assert not lines_by_code(tiny.coop, dt.date(2015, 4, 1))["officer_terms"].result.passed
    tiny.coop.director_term_months = 36  # beyond the Act: the Act's two years still bind
    assert not lines_by_code(tiny.coop, dt.date(2016, 4, 1))["officer_terms"].result.passed


def test_a_term_that_ended_in_time_is_not_flagged(tiny: Tiny) -> None:
    tiny.person(role="director", role_started=dt.date(2013, 4, 1), role_ended=dt.date(2015, 4, 1))
    tiny.person(role="director", role_started=dt.date(2015, 4, 1))  # re-elected: a new term
    assert lines_by_code(tiny.coop, dt.date(2015, 4, 1))["officer_terms"].result.passed


def test_the_term_knows_its_last_day_from_the_articles(tiny: Tiny) -> None:
    tiny.person(role="director", role_started=dt.date(2013, 6, 22))
    term = OfficerTerm.objects.select_related("coop").get(coop=tiny.coop)
    assert term.term_last_day == dt.date(2015, 6, 21)
    assert term.term_ends_on == dt.date(2015, 6, 22)
