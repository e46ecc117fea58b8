"""Members ask to swap shifts; the manager approves (checked again against every hard rule) or declines."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tomoni.core import clock
from tomoni.core.errors import TomoniError
from tomoni.testing import World
from tomoni.work import mapping, services, testing
from tomoni.work.models import Assignment, Roster, RosterStatus, SwapStatus

Published = tuple[testing.Staffed, Roster, Assignment, Assignment]


@pytest.fixture
def published(world: World) -> Published:
    """Next month's roster of Ajisai, published: the Ajisai member on a day shift, a colleague on another day."""
    staffed = testing.staffed_centre(world)
    month = mapping.add_months(clock.today().replace(day=1), 1)
    roster = services.roster_create(actor=world.manager, centre=world.ajisai, month=month)
    colleague = staffed.people[1]
    mine = services.assignment_set(
        actor=world.manager, roster=roster, person=world.member_person, on_date=month + dt.timedelta(days=2),
        shift_type=staffed.shifts.day,
    )  # fmt: skip
    theirs = services.assignment_set(
        actor=world.manager, roster=roster, person=colleague, on_date=month + dt.timedelta(days=4),
        shift_type=staffed.shifts.day,
    )  # fmt: skip
    services.roster_publish(actor=world.manager, roster=roster)
    roster.refresh_from_db()
    return staffed, roster, mine, theirs


def test_a_member_asks_and_the_manager_approves_a_swap(world: World, published: Published) -> None:
    _staffed, _roster, mine, theirs = published
    colleague = theirs.person

    swap = services.swap_request(
        actor=world.member, assignment=mine, counterpart=colleague, counterpart_assignment=theirs
    )
    services.swap_approve(actor=world.manager, swap=swap)

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.person_id == colleague.pk and theirs.person_id == world.member_person.pk
    swap.refresh_from_db()
    assert swap.status == SwapStatus.APPROVED and swap.decided_by == world.manager


def test_a_member_may_not_ask_to_swap_someone_elses_shift(world: World, published: Published) -> None:
    _staffed, _roster, _mine, theirs = published
    with pytest.raises(TomoniError):
        services.swap_request(actor=world.member, assignment=theirs, counterpart=world.member_person)


def test_a_swap_that_would_break_a_rule_is_refused_when_asked(world: World, published: Published) -> None:
    staffed, roster, mine, _theirs = published
    night = services.assignment_set(
        actor=world.manager, roster=roster, person=staffed.caregivers[0], on_date=mine.on_date,
        shift_type=staffed.shifts.night,
    )  # fmt: skip
    # The member holds no caregiver certificate: taking the night is refused, naming it.
    with pytest.raises(TomoniError) as caught:
        services.swap_request(
            actor=world.member, assignment=mine, counterpart=night.person, counterpart_assignment=night
        )
    assert "介護福祉士" in caught.value.message


def test_approval_checks_the_rules_again(world: World, published: Published) -> None:
    _staffed, _roster, mine, theirs = published
    swap = services.swap_request(actor=world.member, assignment=mine, counterpart=theirs.person)  # hand over
    # Meanwhile the colleague said they cannot work that day.
    services.availability_set(
        actor=world.manager, person=theirs.person, on_date=mine.on_date, available=False, centre=world.ajisai
    )
    with pytest.raises(TomoniError):
        services.swap_approve(actor=world.manager, swap=swap)
    swap.refresh_from_db()
    assert swap.status == SwapStatus.PENDING


def test_the_manager_declines_and_the_member_withdraws(world: World, published: Published) -> None:
    _staffed, _roster, mine, theirs = published
    swap = services.swap_request(actor=world.member, assignment=mine, counterpart=theirs.person)
    swap = services.swap_decline(actor=world.manager, swap=swap, reason="人手が足りません")
    assert swap.status == SwapStatus.DECLINED
    with pytest.raises(TomoniError):
        services.swap_withdraw(actor=world.member, swap=swap)
    again = services.swap_request(actor=world.member, assignment=mine, counterpart=theirs.person)
    assert services.swap_withdraw(actor=world.member, swap=again).status == SwapStatus.WITHDRAWN


def test_only_the_centres_writers_decide(world: World, published: Published) -> None:
    _staffed, _roster, mine, theirs = published
    swap = services.swap_request(actor=world.member, assignment=mine, counterpart=theirs.person)
    for actor in (world.member, world.auditor, world.outsider):
        with pytest.raises(TomoniError):
            services.swap_approve(actor=actor, swap=swap)


def test_the_member_asks_on_their_phone_and_the_manager_decides_on_the_board(
    world: World, published: Published
) -> None:
    _staffed, roster, mine, theirs = published
    member = Client()
    member.force_login(world.member)
    page = member.get(reverse("work:my_swap_new") + f"?assignment={mine.pk}")
    assert page.status_code == 200
    sent = member.post(reverse("work:my_swap_new"), {"assignment": mine.pk, "offer": str(theirs.pk), "note": ""})
    assert sent.status_code == 302
    swap = roster.swaps.get()
    manager = Client()
    manager.force_login(world.manager)
    assert (
        swap.requester.full_name
        in manager.get(reverse("work:roster", args=["cwc", "ajisai", roster.pk])).content.decode()
    )
    decided = manager.post(
        reverse("work:swap_decide", args=["cwc", "ajisai", roster.pk, swap.pk]), {"decision": "approve"}
    )
    assert decided.status_code == 302
    swap.refresh_from_db()
    assert swap.status == SwapStatus.APPROVED
    assert roster.status == RosterStatus.PUBLISHED
