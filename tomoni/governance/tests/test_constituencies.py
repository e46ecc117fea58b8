"""Delegate constituencies: regions or centres, seats in proportion to members, and elections held by each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tomoni.core.errors import TomoniError
from tomoni.core.models import AuditEvent
from tomoni.governance.delegates import services as services_delegates
from tomoni.governance.models import Constituency, RollEntry
from tomoni.governance.tests.factories import add_members, close, meeting, open_motion
from tomoni.governance.voting import services
from tomoni.testing import World

pytestmark = pytest.mark.django_db


def _kanto_and_west_nara(world: World) -> tuple[Constituency, Constituency]:
    kanto = services_delegates.constituency_create(actor=world.officer, coop=world.cwc, region=world.region)
    nara = services_delegates.constituency_create(actor=world.officer, coop=world.cwc, centre=world.west_nara)
    return kanto, nara


def test_a_region_or_a_centre_becomes_a_constituency_named_after_it(world: World) -> None:
    kanto, nara = _kanto_and_west_nara(world)

    assert kanto.name == "関東事業本部選挙区" and kanto.region == world.region and kanto.seats == 0
    assert nara.name == "西奈良事業所選挙区" and nara.centre == world.west_nara
    assert AuditEvent.objects.filter(action="governance.constituency.created").count() == 2
    with pytest.raises(TomoniError):
        services_delegates.constituency_create(actor=world.officer, coop=world.cwc, region=world.region)
    with pytest.raises(TomoniError):
        services_delegates.constituency_create(
            actor=world.officer, coop=world.cwc, region=world.region, centre=world.ajisai
        )


def test_only_the_coops_officers_set_constituencies(world: World) -> None:
    with pytest.raises(TomoniError):
        services_delegates.constituency_create(actor=world.manager, coop=world.cwc, centre=world.ajisai)
    with pytest.raises(TomoniError):
        services_delegates.constituency_create(actor=world.outsider, coop=world.cwc, region=world.region)
    with pytest.raises(TomoniError):  # another coop's centre
        services_delegates.constituency_create(actor=world.officer, coop=world.cwc, centre=world.other_centre)
    assert not Constituency.objects.exists()


def test_seats_are_shared_in_proportion_to_members_and_sum_to_the_total(world: World) -> None:
    kanto, nara = _kanto_and_west_nara(world)
    add_members(world, 5)  # Ajisai, in Kanto: 6 members with 小林; West Nara: 奈良 alone

    services_delegates.constituencies_apportion(actor=world.officer, coop=world.cwc, total_seats=7)

    kanto.refresh_from_db()
    nara.refresh_from_db()
    assert (kanto.seats, nara.seats) == (6, 1)
    event = AuditEvent.objects.get(action="governance.constituencies.apportioned")
    assert event.data["total"] == 7
    assert event.data["members"] == {str(kanto.pk): 6, str(nara.pk): 1}


def test_a_minimum_seat_for_every_constituency_with_members(world: World) -> None:
    kanto, nara = _kanto_and_west_nara(world)
    add_members(world, 20)

    services_delegates.constituencies_apportion(actor=world.officer, coop=world.cwc, total_seats=3, minimum=1)

    assert dict(Constituency.objects.values_list("pk", "seats")) == {kanto.pk: 2, nara.pk: 1}
    with pytest.raises(TomoniError):
        services_delegates.constituencies_apportion(actor=world.officer, coop=world.cwc, total_seats=1, minimum=1)


def test_a_centre_of_its_own_is_left_out_of_its_regions_constituency(world: World) -> None:
    kanto = services_delegates.constituency_create(actor=world.officer, coop=world.cwc, region=world.region)
    today = timezone.localdate()
    assert services_delegates.member_count(kanto, today) == 1

    ajisai = services_delegates.constituency_create(actor=world.officer, coop=world.cwc, centre=world.ajisai)

    assert services_delegates.member_count(kanto, today) == 0
    assert services_delegates.member_count(ajisai, today) == 1


def test_seats_may_be_set_by_hand(world: World) -> None:
    kanto, _nara = _kanto_and_west_nara(world)

    services_delegates.constituency_seats_set(actor=world.officer, constituency=kanto, seats=4)

    kanto.refresh_from_db()
    assert kanto.seats == 4
    assert AuditEvent.objects.get(action="governance.constituency.seats_set").data == {"before": 0, "seats": 4}


def test_a_constituencys_election_has_its_members_alone_on_the_roll_and_as_candidates(world: World) -> None:
    _kanto, nara = _kanto_and_west_nara(world)
    services_delegates.constituency_seats_set(actor=world.officer, constituency=nara, seats=1)
    general = meeting(world)
    now = timezone.now()
    motion = services.motion_create(
        actor=world.officer,
        meeting=general,
        kind="election",
        title="総代選挙（西奈良事業所選挙区）",
        opens_at=now - dt.timedelta(minutes=5),
        closes_at=now + dt.timedelta(days=1),
        record_date=timezone.localdate(now),
        constituency=nara,
    )
    assert motion.seats == 1  # the constituency's

    with pytest.raises(TomoniError) as refused:
        services.candidate_add(actor=world.officer, motion=motion, person=world.member_person)
    assert "西奈良事業所選挙区" in refused.value.message
    services.candidate_add(actor=world.officer, motion=motion, person=world.nara_person)
    services.motion_open(actor=world.officer, motion=motion)

    assert list(RollEntry.objects.filter(roll=motion.roll).values_list("person", flat=True)) == [world.nara_person.pk]
    assert motion.roll is not None and motion.roll.constituency == nara
    with pytest.raises(TomoniError):  # 小林 of Ajisai is not on West Nara's roll
        services.vote_cast(actor=world.member, motion=motion, candidate_ids=[motion.candidates.get().pk])
    services.vote_record_paper(
        actor=world.officer,
        motion=motion,
        person=world.nara_person,
        channel="in_person",
        paper_reference="N-1",
        candidate_ids=[motion.candidates.get().pk],
    )
    counted = close(world, motion)
    assert counted.passed is True and counted.on_roll_count == 1

    [delegate] = services_delegates.delegates_record_elected(
        actor=world.officer, motion=counted, started_on=dt.date(2026, 6, 1)
    )
    assert delegate.person == world.nara_person and delegate.constituency == nara
    assert delegate.constituency_name == "西奈良事業所選挙区" and delegate.elected_by == counted
    with pytest.raises(TomoniError):
        services_delegates.delegates_record_elected(actor=world.officer, motion=counted, started_on=dt.date(2026, 6, 1))


def test_the_general_meetings_roll_and_a_constituencys_are_frozen_side_by_side(world: World) -> None:
    kanto, _nara = _kanto_and_west_nara(world)
    general = meeting(world)
    ordinary = open_motion(world, meeting_=general)
    election = open_motion(
        world, kind="election", meeting_=general, seats=1, candidates=[world.member_person], constituency=kanto
    )

    assert ordinary.roll is not None and election.roll is not None
    assert ordinary.roll.member_count == 2 and election.roll.member_count == 1
    assert ordinary.roll.sha256 != election.roll.sha256
    assert election.roll.sha256 == services.roll_digest(
        coop_code="cwc",
        meeting_id=general.pk,
        record_date=election.record_date,
        numbers=["C0000001"],
        constituency_id=kanto.pk,
    )


def test_constituency_elections_are_held_where_its_members_meet(world: World) -> None:
    kanto, nara = _kanto_and_west_nara(world)
    ajisai_meeting = meeting(world, kind="centre_all_member", centre=world.ajisai)
    board = meeting(world, kind="board")
    now = timezone.now()

    def election(at, constituency, kind: str = "election") -> None:
        services.motion_create(
            actor=world.officer,
            meeting=at,
            kind=kind,
            title="総代選挙",
            opens_at=now,
            closes_at=now + dt.timedelta(hours=1),
            seats=1,
            constituency=constituency,
        )

    for at, constituency in ((ajisai_meeting, nara), (ajisai_meeting, kanto), (board, nara)):
        with pytest.raises(TomoniError):
            election(at, constituency)
    with pytest.raises(TomoniError):
        election(meeting(world), nara, kind="ordinary")
    ajisai = services_delegates.constituency_create(actor=world.officer, coop=world.cwc, centre=world.ajisai)
    election(ajisai_meeting, ajisai)  # the centre's own constituency, at its all-member meeting


def test_members_read_the_constituencies_and_officers_share_the_seats(world: World) -> None:
    kanto, nara = _kanto_and_west_nara(world)
    member, officer = Client(), Client()
    member.force_login(world.member)
    officer.force_login(world.officer)
    url = reverse("governance:constituencies", args=["cwc"])

    page = member.get(url)
    assert page.status_code == 200
    assert "関東事業本部選挙区" in page.content.decode() and "議席を配分する" not in page.content.decode()
    assert member.post(url, {"action": "apportion", "apportion-total_seats": "2"}).status_code == 403

    response = officer.post(url, {"action": "apportion", "apportion-total_seats": "2"})
    assert response.status_code == 302
    assert dict(Constituency.objects.values_list("pk", "seats")) == {kanto.pk: 1, nara.pk: 1}
    refused = officer.post(url, {"action": "apportion", "apportion-total_seats": "1", "apportion-minimum": "1"})
    assert refused.status_code == 400 and "保存されていません" in refused.content.decode()
    assert "すべての選挙区に1議席ずつ配分できません" in refused.content.decode()

    detail = reverse("governance:constituency", args=["cwc", nara.pk])
    assert officer.post(detail, {"action": "seats", "seats-seats": "3"}).status_code == 302
    nara.refresh_from_db()
    assert nara.seats == 3
    assert member.post(detail, {"action": "seats", "seats-seats": "9"}).status_code == 403
    assert "西奈良事業所" in member.get(detail).content.decode()


def test_the_api_lists_constituencies_with_members_seats_and_delegates(world: World) -> None:
    kanto, nara = _kanto_and_west_nara(world)
    services_delegates.constituency_seats_set(actor=world.officer, constituency=nara, seats=1)
    services_delegates.delegate_add(
        actor=world.officer, coop=world.cwc, person=world.nara_person, started_on=dt.date(2014, 6, 1), constituency=nara
    )
    client = APIClient()
    client.force_authenticate(world.member)

    listing = client.get("/api/v1/coops/cwc/constituencies/").json()["results"]
    detail = client.get(f"/api/v1/coops/cwc/constituencies/{nara.pk}/").json()

    by_name = {row["name"]: row for row in listing}
    assert by_name["西奈良事業所選挙区"] == {
        "id": nara.pk,
        "name": "西奈良事業所選挙区",
        "region": None,
        "centre": "west-nara",
        "seats": 1,
        "members": 1,
        "delegates": 1,
    }
    assert by_name["関東事業本部選挙区"]["region"] == "kanto"
    assert [d["name"] for d in detail["delegates_in_office"]] == ["奈良 太郎"]
    outsider = APIClient()
    outsider.force_authenticate(world.outsider)
    assert outsider.get(f"/api/v1/coops/cwc/constituencies/{kanto.pk}/").status_code == 404
