"""On the demo's day (20 March 2015) the replica's Ajisai member finds the budget vote and the coming meeting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tomoni.core import clock
from tomoni.governance.replica import load_into_replica
from tomoni.governance.tests.test_replica_governance import _members, _personas
from tomoni.testing import World

pytestmark = pytest.mark.django_db

DEMO_DAY = dt.date(2015, 3, 20)


def test_the_clock_gives_the_demos_day_at_the_time_of_day_now() -> None:
    with override_settings(TOMONI_TODAY=DEMO_DAY):
        assert clock.today() == DEMO_DAY
        assert clock.now().date() == DEMO_DAY


def test_on_the_demos_day_the_member_is_asked_to_vote_on_the_centres_budget(client: Client, world: World) -> None:
    _personas(world)
    _members(world, 12, world.ajisai, 100)
    load_into_replica(federation=world.federation, scale="small", progress=None)
    client.force_login(world.member)
    with override_settings(TOMONI_TODAY=DEMO_DAY):
        page = client.get(reverse("reports:start")).content.decode()
    assert "2015年度 あじさいの事業計画と予算" in page
    assert "あじさい 3月全体会議" in page
    with override_settings(TOMONI_TODAY=dt.date(2015, 3, 28)):  # after the meeting: the vote is over
        assert "2015年度 あじさいの事業計画と予算" not in client.get(reverse("reports:start")).content.decode()
