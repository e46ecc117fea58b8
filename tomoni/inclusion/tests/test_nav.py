"""The main navigation links to the work-integration pages only for those who may use them: the support
worker's caseload, the programmes (and their cohort boards) for those who run them, the participant's own page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tomoni.core.models import User
from tomoni.inclusion.testing import caregiver_course, trainee
from tomoni.testing import World

pytestmark = pytest.mark.django_db

ME = reverse("inclusion:me")
CASELOAD = reverse("inclusion:caseload")


def _nav(user: User) -> str:
    client = Client()
    client.force_login(user)
    page = client.get(reverse("members:me")).content.decode()
    return page[page.index('class="site-nav"') : page.index("</nav>")]


def _programmes(world: World) -> str:
    return reverse("inclusion:programmes", args=[world.cwc.code])


@pytest.fixture
def participant(world: World) -> None:
    trainee(world, caregiver_course(world), world.member_person)


def test_the_participant_finds_their_own_page_and_nothing_else(world: World, participant: None) -> None:
    nav = _nav(world.member)

    assert ME in nav and CASELOAD not in nav and _programmes(world) not in nav


def test_a_member_who_is_no_participant_has_no_link(world: World) -> None:
    nav = _nav(world.member)

    assert ME not in nav and CASELOAD not in nav and _programmes(world) not in nav


def test_the_support_worker_finds_their_caseload_and_the_programmes(world: World, participant: None) -> None:
    nav = _nav(world.support)

    assert CASELOAD in nav and _programmes(world) in nav and ME not in nav


@pytest.mark.parametrize("who", ["manager", "officer"])
def test_those_who_run_programmes_find_them_but_no_caseload(world: World, participant: None, who: str) -> None:
    nav = _nav(getattr(world, who))

    assert _programmes(world) in nav and CASELOAD not in nav


@pytest.mark.parametrize("who", ["auditor", "staff"])
def test_others_find_no_link_to_work_integration(world: World, participant: None, who: str) -> None:
    nav = _nav(getattr(world, who))

    assert "/caseload/" not in nav and "/programmes/" not in nav and ME not in nav


def test_an_officer_of_another_coop_finds_only_their_own_coops_programmes(world: World, participant: None) -> None:
    nav = _nav(world.outsider)

    assert reverse("inclusion:programmes", args=[world.other.code]) in nav
    assert _programmes(world) not in nav and CASELOAD not in nav and ME not in nav


@pytest.mark.parametrize("who", ["member", "support", "manager", "officer"])
def test_every_link_offered_opens(world: World, participant: None, who: str) -> None:
    user = getattr(world, who)
    nav = _nav(user)
    client = Client()
    client.force_login(user)

    offered = [url for url in (ME, CASELOAD, _programmes(world)) if url in nav]

    assert offered
    assert [client.get(url).status_code for url in offered] == [200] * len(offered)
