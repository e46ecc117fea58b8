"""The appropriation services: draft, revise, propose, approve, post; refusals record nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext

from tomoni.capital.appropriation import selectors as appropriation_selectors
from tomoni.capital.appropriation import services
from tomoni.capital.appropriation.services import article_text
from tomoni.capital.ledger import selectors
from tomoni.capital.models import (
    Appropriation,
    AppropriationStatus,
    CapitalEntry,
    DividendLine,
    EntryKind,
    ReserveKind,
)
from tomoni.capital.tests.appropriation_world import MEETING, approved, draft, work, year_fixture  # noqa: F401
from tomoni.core.errors import TomoniError
from tomoni.core.models import AuditEvent
from tomoni.members.models import Membership, Person
from tomoni.testing import World

pytestmark = pytest.mark.django_db

# Draft -------------------------------------------------------------------------------------------------------


def test_a_draft_takes_the_minimums_and_the_ledgers_figures(year: World) -> None:
    appropriation = draft(year)

    # Total capital ¥150,000 subscribed: the reserve target is ¥75,000, less than 1/10 of the surplus.
    assert appropriation.total_capital_yen == 150_000
    assert appropriation.reserve_balance_yen == 0
    assert appropriation.reserve_target_yen == 75_000
    assert appropriation.reserve_fund_min_yen == 75_000
    assert (appropriation.job_creation_min_yen, appropriation.education_min_yen) == (50_000, 50_000)
    assert appropriation.dividend_pool_yen == 825_000
    assert appropriation.carried_forward_yen == 0
    assert appropriation.status == AppropriationStatus.DRAFT
    assert (appropriation.total_minutes, appropriation.members_with_work) == (1_800, 2)
    assert AuditEvent.objects.filter(action="capital.appropriation.drafted", object_id=str(appropriation.pk)).exists()


def test_a_draft_covers_carried_losses_first(year: World) -> None:
    appropriation = draft(year, carried_loss_yen=400_000)

    assert appropriation.loss_covered_yen == 400_000
    assert appropriation.surplus_after_losses_yen == 600_000
    assert appropriation.job_creation_min_yen == 30_000


def test_a_draft_below_a_legal_minimum_is_refused_and_nothing_recorded(year: World) -> None:
    events = AuditEvent.objects.count()

    with pytest.raises(TomoniError) as refused:
        draft(year, amounts={"job_creation_yen": 49_999})

    assert article_text("76(4)") in refused.value.message
    assert refused.value.field == "job_creation_yen"
    assert not Appropriation.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_draft_beyond_the_surplus_is_refused(year: World) -> None:
    with pytest.raises(TomoniError) as refused:
        draft(year, amounts={"dividend_pool_yen": 900_000})

    assert article_text("77(1)") in refused.value.message


def test_a_year_with_no_work_records_is_refused(year: World) -> None:
    events = AuditEvent.objects.count()

    with pytest.raises(TomoniError) as refused:
        draft(year, fiscal_year=2012)

    assert refused.value.field == "fiscal_year"
    assert not Appropriation.objects.exists()
    assert AuditEvent.objects.count() == events


def test_one_appropriation_per_year(year: World) -> None:
    draft(year)

    with pytest.raises(TomoniError):
        draft(year)
    assert Appropriation.objects.count() == 1


@pytest.mark.parametrize("persona", ["auditor", "manager", "outsider", "member"])
def test_only_the_coops_officers_draft(year: World, persona: str) -> None:
    with pytest.raises(TomoniError):
        draft(year, actor=getattr(year, persona))
    assert not Appropriation.objects.exists()


def test_weights_must_be_whole_numbers_for_known_kinds(year: World) -> None:
    with pytest.raises(TomoniError):
        draft(year, dividend_weights={"worker": 1.5})
    with pytest.raises(TomoniError):
        draft(year, dividend_weights={"capital": 2})


# Revise and propose ------------------------------------------------------------------------------------------


def test_a_draft_is_revised_with_more_than_the_minimums(year: World) -> None:
    appropriation = draft(year)

    revised = services.appropriation_revise(
        actor=year.officer,
        appropriation=appropriation,
        amounts={"reserve_fund_yen": 100_000, "dividend_pool_yen": 700_000},
    )

    assert revised.reserve_fund_yen == 100_000
    assert revised.carried_forward_yen == 100_000
    assert AuditEvent.objects.filter(action="capital.appropriation.revised").count() == 1


def test_revising_the_surplus_keeps_amounts_that_still_hold(year: World) -> None:
    appropriation = services.appropriation_revise(
        actor=year.officer, appropriation=draft(year), amounts={"dividend_pool_yen": 500_000}
    )

    revised = services.appropriation_revise(actor=year.officer, appropriation=appropriation, surplus_yen=1_200_000)

    assert revised.dividend_pool_yen == 500_000
    assert revised.job_creation_min_yen == 60_000
    assert revised.job_creation_yen == 60_000
    assert revised.carried_forward_yen == 1_200_000 - 75_000 - 60_000 - 60_000 - 500_000


def test_revising_a_proposal_takes_it_back_to_draft(year: World) -> None:
    proposed = services.appropriation_propose(actor=year.officer, appropriation=draft(year))

    revised = services.appropriation_revise(actor=year.officer, appropriation=proposed, notes="見直し")

    assert revised.status == AppropriationStatus.DRAFT
    assert revised.proposed_at is None


def test_only_a_draft_is_proposed(year: World) -> None:
    proposed = services.appropriation_propose(actor=year.officer, appropriation=draft(year))

    with pytest.raises(TomoniError):
        services.appropriation_propose(actor=year.officer, appropriation=proposed)


# Approve ----------------------------------------------------------------------------------------------------


def test_the_meeting_approves_after_the_year_end(year: World) -> None:
    proposed = services.appropriation_propose(actor=year.officer, appropriation=draft(year))

    with pytest.raises(TomoniError) as early:
        services.appropriation_approve(
            actor=year.officer, appropriation=proposed, meeting_held_on=dt.date(2015, 3, 31), minutes_reference="x"
        )
    with pytest.raises(TomoniError) as unminuted:
        services.appropriation_approve(
            actor=year.officer, appropriation=proposed, meeting_held_on=MEETING, minutes_reference="  "
        )

    assert early.value.field == "meeting_held_on"
    assert unminuted.value.field == "minutes_reference"
    assert Appropriation.objects.get().status == AppropriationStatus.PROPOSED


def test_a_draft_cannot_be_approved_without_being_proposed(year: World) -> None:
    with pytest.raises(TomoniError):
        services.appropriation_approve(
            actor=year.officer, appropriation=draft(year), meeting_held_on=MEETING, minutes_reference="議事録"
        )


def test_an_approved_appropriation_cannot_be_revised(year: World) -> None:
    with pytest.raises(TomoniError):
        services.appropriation_revise(actor=year.officer, appropriation=approved(year), notes="x")


# Post -------------------------------------------------------------------------------------------------------


def test_posting_puts_reserves_on_the_ledger_sets_off_unpaid_capital_and_fixes_the_list(year: World) -> None:
    appropriation = services.appropriation_post(actor=year.officer, appropriation=approved(year))

    assert appropriation.status == AppropriationStatus.POSTED
    assert appropriation.posted_at is not None
    balances = selectors.reserve_balances(coop=year.cwc, as_of=MEETING)
    assert balances[ReserveKind.RESERVE_FUND] == 75_000
    assert balances[ReserveKind.JOB_CREATION] == 50_000
    assert balances[ReserveKind.EDUCATION] == 50_000
    lines = {line.member_number: line for line in DividendLine.objects.filter(appropriation=appropriation)}
    # 825,000 × 600/1,800 = 275,000 and × 1,200/1,800 = 550,000.
    assert lines["C0000001"].dividend_yen == 275_000
    assert lines["C0000002"].dividend_yen == 550_000
    # Kobayashi owed ¥70,000: it is set off first (Art 78).
    assert (lines["C0000001"].set_off_yen, lines["C0000001"].payable_yen) == (70_000, 205_000)
    assert (lines["C0000002"].set_off_yen, lines["C0000002"].payable_yen) == (0, 550_000)
    assert lines["C0000001"].set_off_entry is not None
    assert lines["C0000001"].set_off_entry.kind == EntryKind.DIVIDEND_SET_OFF
    assert selectors.unpaid_capital_by_person(coop=year.cwc, as_of=MEETING) == {}
    assert sum(line.dividend_yen for line in lines.values()) == appropriation.dividend_pool_yen
    assert AuditEvent.objects.filter(action="capital.appropriation.posted").count() == 1


def test_posting_twice_is_refused_and_records_nothing(year: World) -> None:
    posted = services.appropriation_post(actor=year.officer, appropriation=approved(year))
    entries, events = CapitalEntry.objects.count(), AuditEvent.objects.count()

    with pytest.raises(TomoniError) as refused:
        services.appropriation_post(actor=year.officer, appropriation=posted)

    assert refused.value.message == gettext("This appropriation is already posted; it cannot be posted twice.")
    assert (CapitalEntry.objects.count(), AuditEvent.objects.count()) == (entries, events)
    assert DividendLine.objects.count() == 2


def test_a_proposal_not_yet_approved_cannot_be_posted(year: World) -> None:
    proposed = services.appropriation_propose(actor=year.officer, appropriation=draft(year))

    with pytest.raises(TomoniError):
        services.appropriation_post(actor=year.officer, appropriation=proposed)
    assert not DividendLine.objects.exists()


def test_posting_is_refused_when_the_years_work_changed_after_the_proposal(year: World) -> None:
    appropriation = approved(year)
    work(year, year.nara_person, dt.date(2014, 11, 1), 60)
    entries = CapitalEntry.objects.count()

    with pytest.raises(TomoniError) as refused:
        services.appropriation_post(actor=year.officer, appropriation=appropriation)

    assert "2014" in refused.value.message
    assert CapitalEntry.objects.count() == entries
    assert not DividendLine.objects.exists()


def test_only_members_minutes_count_and_only_while_a_member(year: World) -> None:
    # An employee who is not a member, and a member who joined in January: only her minutes since then count.
    employee = Person.objects.create(coop=year.cwc, family_name="雇用", given_name="者")
    newcomer = Person.objects.create(coop=year.cwc, family_name="新人", given_name="さん")
    Membership.objects.create(
        coop=year.cwc, person=newcomer, kind="worker", member_number="C0000003", joined_on=dt.date(2015, 1, 5)
    )
    work(year, employee, dt.date(2014, 12, 1), 480)
    work(year, newcomer, dt.date(2014, 12, 1), 480)
    work(year, newcomer, dt.date(2015, 1, 5), 300)

    minutes = appropriation_selectors.member_minutes_in_year(coop=year.cwc, fiscal_year=2014)

    assert minutes == {year.member_person.pk: 600, year.nara_person.pk: 1_200, newcomer.pk: 300}
    assert employee.pk not in minutes


def test_set_off_may_be_turned_off_by_the_articles(year: World) -> None:
    appropriation = services.appropriation_post(
        actor=year.officer, appropriation=approved(year, set_off_unpaid_capital=False)
    )

    assert not DividendLine.objects.filter(appropriation=appropriation, set_off_yen__gt=0).exists()
    assert not CapitalEntry.objects.filter(kind=EntryKind.DIVIDEND_SET_OFF).exists()


def test_a_posted_appropriation_and_its_lines_refuse_raw_changes(year: World) -> None:
    appropriation = services.appropriation_post(actor=year.officer, appropriation=approved(year))
    line = DividendLine.objects.filter(appropriation=appropriation).first()
    assert line is not None

    for sql, params in (
        ("UPDATE capital_appropriation SET dividend_pool_yen = 1 WHERE id = %s", [appropriation.pk]),
        ("DELETE FROM capital_appropriation WHERE id = %s", [appropriation.pk]),
        ("UPDATE capital_dividendline SET payable_yen = 0 WHERE id = %s", [line.pk]),
        ("DELETE FROM capital_dividendline WHERE id = %s", [line.pk]),
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)

    assert Appropriation.objects.get().dividend_pool_yen == 825_000


def test_a_draft_can_still_change_in_the_database(year: World) -> None:
    appropriation = draft(year)

    Appropriation.objects.filter(pk=appropriation.pk).update(notes="ok")

    assert Appropriation.objects.get().notes == "ok"


def test_a_member_sees_their_own_posted_dividend(year: World) -> None:
    services.appropriation_post(actor=year.officer, appropriation=approved(year))

    own = list(appropriation_selectors.dividend_lines_for_person(user=year.member, person=year.member_person))
    other = list(appropriation_selectors.dividend_lines_for_person(user=year.member, person=year.nara_person))
    outsider = list(appropriation_selectors.dividend_lines_for_person(user=year.outsider, person=year.member_person))

    assert [line.dividend_yen for line in own] == [275_000]
    assert other == [] and outsider == []


def test_a_loss_year_is_drafted_with_nothing_to_share(year: World) -> None:
    appropriation = draft(year, surplus_yen=-300_000, carried_loss_yen=100_000)

    assert appropriation.carried_loss_after_yen == 400_000
    assert appropriation.dividend_pool_yen == 0
    posted = services.appropriation_post(actor=year.officer, appropriation=approved_from(year, appropriation))
    assert DividendLine.objects.filter(appropriation=posted, dividend_yen__gt=0).count() == 0


def approved_from(world: World, appropriation: Appropriation) -> Appropriation:
    proposed = services.appropriation_propose(actor=world.officer, appropriation=appropriation)
    return services.appropriation_approve(
        actor=world.officer, appropriation=proposed, meeting_held_on=MEETING, minutes_reference="議事録"
    )


def test_a_fiscal_year_not_yet_begun_is_refused(year: World) -> None:
    from tomoni.core import clock
    from tomoni.core.money import fiscal_year_of

    with pytest.raises(TomoniError) as refused:
        draft(year, fiscal_year=fiscal_year_of(clock.today()) + 1)

    assert refused.value.field == "fiscal_year"


def test_weights_multiply_the_minutes_of_each_kind(year: World) -> None:
    Membership.objects.filter(person=year.nara_person).update(kind="user")
    appropriation = draft(year, dividend_weights={"worker": 2, "user": 1})
    posted = services.appropriation_post(actor=year.officer, appropriation=approved_from(year, appropriation))

    lines = {line.member_number: line for line in DividendLine.objects.filter(appropriation=posted)}

    # Kobayashi: 600 minutes × 2 = 1,200 units; Nara 1,200 × 1: an even split of ¥825,000.
    assert (lines["C0000001"].weight, lines["C0000002"].weight) == (2, 1)
    assert lines["C0000001"].dividend_yen == lines["C0000002"].dividend_yen == 412_500


def test_a_dividend_is_refused_when_no_members_work_weighs(year: World) -> None:
    with pytest.raises(TomoniError) as refused:
        draft(year, dividend_weights={"worker": 0})

    assert refused.value.field == "dividend_pool_yen"
    assert draft(year, dividend_weights={"worker": 0}, amounts={"dividend_pool_yen": 0}).dividend_pool_yen == 0
