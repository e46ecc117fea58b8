"""The audit log page: the coop's auditor reads every write and every reading of special-care data."""

from __future__ import annotations

from django.test import Client

from tomoni.core.audit import audit_record
from tomoni.members import selectors as member_selectors
from tomoni.testing import World

URL = "/coops/cwc/audit-log/"


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_the_auditor_reads_the_coops_audit_log(world: World) -> None:
    audit_record(actor=world.officer, action="members.person.updated", coop_id=world.cwc.pk, target=world.nara_person)
    response = _client(world.auditor).get(URL)
    assert response.status_code == 200
    assert b"members.person.updated" in response.content


def test_the_log_can_show_only_readings_of_special_care_data(world: World) -> None:
    audit_record(actor=world.officer, action="members.person.updated", coop_id=world.cwc.pk, target=world.nara_person)
    member_selectors.special_care_for(user=world.support, person=world.member_person)
    response = _client(world.auditor).get(URL, {"special_care": "1"})
    assert b"members.special_care.viewed" in response.content
    assert b"members.person.updated" not in response.content
    assert b"support" in response.content  # who read it


def test_another_coops_events_are_not_in_the_log(world: World) -> None:
    audit_record(
        actor=world.outsider, action="members.person.updated", coop_id=world.other.pk, target=world.other_person
    )
    assert b"outsider" not in _client(world.auditor).get(URL).content


def test_officers_managers_members_and_outsiders_get_404(world: World) -> None:
    for user in (world.officer, world.manager, world.support, world.member, world.staff, world.outsider):
        assert _client(user).get(URL).status_code == 404, user.username


def test_only_the_auditor_sees_the_link_on_the_coop_page(world: World) -> None:
    assert URL.encode() in _client(world.auditor).get("/coops/cwc/").content
    assert URL.encode() not in _client(world.officer).get("/coops/cwc/").content


def test_the_log_page_queries_do_not_grow_with_events(world: World, django_assert_max_num_queries) -> None:
    client = _client(world.auditor)
    client.get(URL)
    for i in range(30):
        audit_record(actor=world.officer, action=f"test.event.{i}", coop_id=world.cwc.pk)
    with django_assert_max_num_queries(12):
        client.get(URL)
