"""Each person lands on what needs them: the member their vote and shifts, the manager the swaps, the board the Act."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tomoni.governance import testing as governance_testing
from tomoni.members.models import OfficerTerm
from tomoni.testing import World
from tomoni.work import testing as work_testing
from tomoni.work.models import Roster, RosterStatus

pytestmark = pytest.mark.django_db


def _start(client: Client, user: object) -> str:
    client.force_login(user)  # type: ignore[arg-type]
    response = client.get(reverse("reports:start"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_signed_in_person_lands_on_the_start_page(client: Client, world: World) -> None:
    client.force_login(world.member)
    assert client.get(reverse("home")).url == reverse("reports:start")


def test_the_start_page_needs_a_login(client: Client, world: World) -> None:
    response = client.get(reverse("reports:start"))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_a_member_sees_the_open_vote_and_this_weeks_shift(client: Client, world: World) -> None:
    governance_testing.url_values(world)
    work_testing.url_values(world)
    page = _start(client, world.member)
    assert "2015年度事業計画" in page
    assert reverse("governance:vote", args=["cwc", _open_motion_id()]) in page
    assert "日勤" in page  # today's published shift (work's hooks put one on today)


def test_a_vote_already_cast_is_no_longer_asked_for(client: Client, world: World) -> None:
    from tomoni.governance.models import Motion, Participation

    governance_testing.url_values(world)
    motion = Motion.objects.get(pk=_open_motion_id())
    Participation.objects.create(coop=world.cwc, motion=motion, person=world.member_person, channel="online")
    assert "2015年度事業計画" not in _start(client, world.member)


def test_the_manager_sees_the_swap_to_decide_and_the_solved_roster_to_publish(client: Client, world: World) -> None:
    work_testing.url_values(world)
    month = timezone.localdate().replace(day=1) + dt.timedelta(days=40)
    Roster.objects.create(
        coop=world.cwc, centre=world.west_nara, month=month.replace(day=1), status=RosterStatus.SOLVED
    )
    page = _start(client, world.manager)
    assert "佐藤" in page  # the swap asks for the colleague 佐藤 一郎
    # The manager of Ajisai is not asked to publish West Nara's roster; an officer of CWC is.
    west_nara = reverse("work:roster", args=["cwc", world.west_nara.code, Roster.objects.get(status="solved").pk])
    assert west_nara not in page
    assert west_nara in _start(Client(), world.officer)


def test_a_member_of_another_coop_sees_nothing_of_cwc(client: Client, world: World) -> None:
    governance_testing.url_values(world)
    work_testing.url_values(world)
    page = _start(client, world.outsider)
    assert "2015年度事業計画" not in page
    assert "佐藤" not in page
    assert world.member_person.family_name not in page


def test_the_board_is_reminded_of_an_officer_term_ending(client: Client, world: World) -> None:
    today = timezone.localdate()
    OfficerTerm.objects.create(
        coop=world.cwc,
        person=world.nara_person,
        role="director",
        started_on=today - dt.timedelta(days=700),
        ended_on=today + dt.timedelta(days=30),
    )
    page = _start(client, world.officer)
    assert world.nara_person.family_name in page
    assert world.nara_person.family_name not in _start(Client(), world.member)


def test_federation_staff_see_counts_not_names(client: Client, world: World) -> None:
    page = _start(client, world.staff)
    assert world.member_person.family_name not in page
    assert reverse("federation:overview") in page


def test_the_start_page_query_count_does_not_grow_with_the_records(
    client: Client, world: World, django_assert_max_num_queries: object
) -> None:
    governance_testing.url_values(world)
    work_testing.url_values(world)
    client.force_login(world.officer)
    client.get(reverse("reports:start"))
    for index in range(5):
        work_testing.add_worker(world, f"追加{index}", "さん")
    with django_assert_max_num_queries(40):  # type: ignore[operator]
        assert client.get(reverse("reports:start")).status_code == 200


def _open_motion_id() -> int:
    from tomoni.governance.models import Motion

    return Motion.objects.get(title="2015年度事業計画").pk


def test_the_trainee_is_asked_to_read_their_plan_and_the_support_worker_sees_the_follow_up(
    client: Client, world: World
) -> None:
    from tomoni.inclusion import testing as inclusion_testing

    values = inclusion_testing.url_values(world)  # the Ajisai member as a trainee with a draft plan, placed
    page = _start(client, world.member)
    assert reverse("inclusion:my_plan", args=[values["support_plan_id"]]) in page
    caseload = _start(Client(), world.support)
    case_file = reverse("inclusion:case_file", args=["cwc", values["participant_id"]])
    assert case_file in caseload  # the 6-month follow-up after the August 2014 placement is overdue
    assert case_file not in _start(Client(), world.manager)  # not the manager's case
    assert "通院" not in caseload  # names and dates only, never the special-care content


def _director_until(world: World, last_day: dt.date) -> None:
    """Nara as a director whose two years (the Act's and the articles' term) run until `last_day`."""
    OfficerTerm.objects.filter(person=world.nara_person).delete()
    for back in range(700, 800):
        term = OfficerTerm(
            coop=world.cwc, person=world.nara_person, role="director", started_on=last_day - dt.timedelta(days=back)
        )
        if term.term_last_day == last_day:
            term.save()
            return
    raise AssertionError(last_day)


@pytest.mark.parametrize(("days_left", "reminded"), [(0, True), (61, True), (62, False), (-1, False)])
def test_the_board_is_reminded_two_months_before_the_term_the_articles_allow_runs_out(
    client: Client, world: World, days_left: int, reminded: bool
) -> None:
    _director_until(world, timezone.localdate() + dt.timedelta(days=days_left))
    page = _start(client, world.officer)
    assert (world.nara_person.full_name in page) is reminded


def test_the_articles_shorter_term_brings_the_reminder_forward(client: Client, world: World) -> None:
    today = timezone.localdate()
    OfficerTerm.objects.filter(person=world.nara_person).delete()
    OfficerTerm.objects.create(
        coop=world.cwc, person=world.nara_person, role="director", started_on=today - dt.timedelta(days=340)
    )
    assert world.nara_person.full_name not in _start(client, world.officer)
    world.cwc.director_term_months = 12
    world.cwc.save()
    assert world.nara_person.full_name in _start(Client(), world.officer)
