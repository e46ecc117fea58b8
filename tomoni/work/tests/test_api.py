"""The work API: scoped like the pages; a hand edit that breaks a rule is a 400 with every reason."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from tomoni.core import clock
from tomoni.testing import World
from tomoni.work import mapping, services, testing
from tomoni.work.models import Roster, SwapRequest

MARCH = dt.date(2015, 3, 1)


def api(user: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)  # type: ignore[arg-type]
    return client


@pytest.fixture
def staffed(world: World) -> testing.Staffed:
    return testing.staffed_centre(world)


def test_the_manager_opens_and_lists_a_month(world: World, staffed: testing.Staffed) -> None:
    url = "/api/v1/coops/cwc/centres/ajisai/rosters/"
    created = api(world.manager).post(url, {"month": "2015-03"}, format="json")
    assert created.status_code == 201 and created.json()["month"] == "2015-03"
    assert [r["month"] for r in api(world.officer).get(url).json()["results"]] == ["2015-03"]
    assert api(world.auditor).post(url, {"month": "2015-04"}, format="json").status_code == 403
    assert api(world.outsider).get(url).status_code == 404


def test_a_hand_edit_breaking_a_rule_is_a_400_with_the_reason(world: World, staffed: testing.Staffed) -> None:
    roster = services.roster_create(actor=world.manager, centre=world.ajisai, month=MARCH)
    url = f"/api/v1/coops/cwc/rosters/{roster.pk}/assignments/"

    refused = api(world.manager).post(
        url, {"person": staffed.people[1].pk, "date": "2015-03-01", "shift": "夜"}, format="json"
    )
    assert refused.status_code == 400
    assert any("介護福祉士" in reason for reason in refused.json()["errors"]["__all__"])

    saved = api(world.manager).post(
        url, {"person": staffed.people[1].pk, "date": "2015-03-01", "shift": "日"}, format="json"
    )
    assert saved.status_code == 200 and saved.json()["hand_edited"]
    assert api(world.manager).get(url).json()["count"] == 1
    cleared = api(world.manager).post(
        url, {"person": staffed.people[1].pk, "date": "2015-03-01", "shift": None}, format="json"
    )
    assert cleared.status_code == 204


def test_the_roster_explains_its_shortfalls(world: World, staffed: testing.Staffed) -> None:
    roster = services.roster_create(actor=world.manager, centre=world.ajisai, month=MARCH)
    Roster.objects.filter(pk=roster.pk).update(
        status="solved",
        shortfalls=[
            {"date": "2015-03-02", "shift_type": staffed.shifts.night.pk, "skill": "caregiver", "required": 2,
             "assigned": 1, "qualified": 3, "unavailable": {"day_off": 1, "rest": 1}, "free": 0}
        ],
    )  # fmt: skip
    detail = api(world.officer).get(f"/api/v1/coops/cwc/rosters/{roster.pk}/").json()

    [shortfall] = detail["shortfalls"]
    assert shortfall["date"] == "2015-03-02" and "介護福祉士" in shortfall["explanation"]


def test_a_member_reads_their_own_roster_and_states_wishes(world: World, staffed: testing.Staffed) -> None:
    month = mapping.add_months(clock.today().replace(day=1), 1)
    roster = services.roster_create(actor=world.manager, centre=world.ajisai, month=month)
    mine = services.assignment_set(
        actor=world.manager, roster=roster, person=world.member_person, on_date=month, shift_type=staffed.shifts.day
    )
    theirs = services.assignment_set(
        actor=world.manager, roster=roster, person=staffed.people[1], on_date=month + dt.timedelta(days=1),
        shift_type=staffed.shifts.day,
    )  # fmt: skip
    member = api(world.member)
    assert member.get("/api/v1/me/roster/").json()["count"] == 0  # not published yet
    services.roster_publish(actor=world.manager, roster=roster)

    shifts = member.get("/api/v1/me/roster/").json()["results"]
    assert [s["id"] for s in shifts] == [mine.pk]
    assert member.post("/api/v1/me/wishes/", {"date": str(month), "kind": "day_off"}, format="json").status_code == 201
    assert member.post("/api/v1/me/wishes/", {"date": str(month), "kind": "nap"}, format="json").status_code == 400
    assert (
        member.post("/api/v1/me/availability/", {"date": str(month), "available": False}, format="json").status_code
        == 200
    )
    swap = member.post(
        "/api/v1/me/swaps/",
        {"assignment": mine.pk, "counterpart": staffed.people[1].pk, "counterpart_assignment": theirs.pk},
        format="json",
    )
    assert swap.status_code == 201
    # Their colleague's shift is not theirs to give away.
    assert (
        member.post("/api/v1/me/swaps/", {"assignment": theirs.pk, "counterpart": 1}, format="json").status_code == 404
    )
    decided = api(world.manager).post(
        f"/api/v1/coops/cwc/rosters/{roster.pk}/swaps/{swap.json()['id']}/decision/", {"decision": "decline"},
        format="json",
    )  # fmt: skip
    assert decided.status_code == 200 and SwapRequest.objects.get().status == "declined"


def test_the_coop_routes_are_404_for_a_member_and_for_federation_staff(world: World, staffed: testing.Staffed) -> None:
    roster = services.roster_create(actor=world.manager, centre=world.ajisai, month=MARCH)
    for user in (world.member, world.staff, world.outsider):
        assert api(user).get(f"/api/v1/coops/cwc/rosters/{roster.pk}/").status_code == 404
        assert api(user).post(f"/api/v1/coops/cwc/rosters/{roster.pk}/solve/", {}, format="json").status_code == 404
