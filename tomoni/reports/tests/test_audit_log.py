"""The audit log page: the coop's auditor reads every event in words, filters it, and takes it away as CSV or PDF."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.utils import timezone

from tomoni.core.audit import audit_record
from tomoni.core.models import AuditEvent, ImportJob, ImportStatus
from tomoni.members import selectors as member_selectors
from tomoni.members.models import LabourContract, Person
from tomoni.testing import World

pytestmark = pytest.mark.django_db

URL = "/coops/cwc/audit-log/"


def _client(user, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def _nara_contract_registered_by_the_member(world: World) -> AuditEvent:
    contract = LabourContract.objects.get(person=world.nara_person)
    return audit_record(
        actor=world.member, action="members.labour_contract.created", coop_id=world.cwc.pk, target=contract
    )


def test_each_event_reads_as_a_sentence_naming_people_with_their_numbers(world: World) -> None:
    _nara_contract_registered_by_the_member(world)
    page = _client(world.auditor, "ja").get(URL).content.decode()
    assert "小林 花子（組合員番号 C0000001）が奈良 太郎（組合員番号 C0000002）の労働契約を登録しました。" in page
    assert "members.labour_contract.created" not in page  # no internal code on the page
    english = _client(world.auditor).get(URL).content.decode()
    assert (
        "小林 花子 (member number C0000001) registered the labour contract of 奈良 太郎 (member number C0000002)."
        in english
    )


def test_an_action_missing_from_the_table_reads_by_its_kind(world: World) -> None:
    audit_record(actor=None, action="capital.something.new", coop_id=world.cwc.pk)
    page = _client(world.auditor).get(URL).content.decode()
    assert "The system changed the capital ledger or its settings." in page


def test_the_log_can_show_only_readings_of_special_care_data(world: World) -> None:
    audit_record(actor=world.officer, action="members.person.updated", coop_id=world.cwc.pk, target=world.nara_person)
    member_selectors.special_care_for(user=world.support, person=world.member_person)
    page = _client(world.auditor).get(URL, {"special_care": "on"}).content.decode()
    assert "support read the special-care information of 小林 花子 (member number C0000001)." in page
    assert "updated the details of" not in page


def test_another_coops_events_are_not_in_the_log(world: World) -> None:
    audit_record(
        actor=world.outsider, action="members.person.updated", coop_id=world.other.pk, target=world.other_person
    )
    page = _client(world.auditor).get(URL).content.decode()
    assert "outsider" not in page
    assert "大阪" not in page


@pytest.mark.parametrize("path", [URL, URL + "export.csv", URL + "export.pdf"])
def test_officers_managers_members_and_outsiders_get_404(world: World, path: str) -> None:
    for user in (world.officer, world.manager, world.support, world.member, world.staff, world.outsider):
        assert _client(user).get(path).status_code == 404, user.username


def test_only_the_auditor_sees_the_link_on_the_coop_page(world: World) -> None:
    assert URL.encode() in _client(world.auditor).get("/coops/cwc/").content
    assert URL.encode() not in _client(world.officer).get("/coops/cwc/").content


def test_filters_by_actor_kind_person_and_dates(world: World) -> None:
    _nara_contract_registered_by_the_member(world)
    audit_record(actor=world.officer, action="members.person.updated", coop_id=world.cwc.pk, target=world.member_person)
    audit_record(actor=world.officer, action="work.roster.published", coop_id=world.cwc.pk)
    client = _client(world.auditor)

    def sentences(**query: str) -> str:
        return client.get(URL, query).content.decode()

    by_actor = sentences(actor="C0000001")
    assert "registered the labour contract" in by_actor
    assert "published a roster" not in by_actor
    assert "published a roster" in sentences(actor="officer")
    by_kind = sentences(kind="work")
    assert "published a roster" in by_kind
    assert "labour contract" not in by_kind
    by_person = sentences(person="C0000002")  # Nara: the event on Nara's contract, not the one on Kobayashi
    assert "registered the labour contract" in by_person
    assert "updated the details of" not in by_person
    today = timezone.localdate()
    assert "published a roster" in sentences(since=today.isoformat(), until=today.isoformat())
    assert "published a roster" not in sentences(until=(today - dt.timedelta(days=1)).isoformat())
    assert "No one in the register has the member number or login name Z999." in sentences(person="Z999")


def test_the_csv_is_the_selection_in_words_with_a_bom_and_no_formula(world: World) -> None:
    evil = Person.objects.create(coop=world.cwc, family_name='=HYPERLINK("http://x")', given_name="太郎")
    audit_record(actor=world.member, action="members.person.created", coop_id=world.cwc.pk, target=evil)
    evil.user = world.officer
    evil.save()
    audit_record(actor=world.officer, action="work.roster.published", coop_id=world.cwc.pk)
    response = _client(world.auditor).get(URL + "export.csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:3] == ["When", "Who", "What"]
    assert any(row[2].startswith("'=HYPERLINK") for row in rows[1:])  # the officer's person: a formula, quoted
    assert any(row[2].startswith("小林 花子 (member number C0000001) registered") for row in rows[1:])
    assert all(not cell.startswith("=") for row in rows for cell in row)


def test_the_pdf_prints_the_selection_with_values_escaped(world: World) -> None:
    tag = Person.objects.create(coop=world.cwc, family_name='<img src="/etc/passwd">', given_name="花")
    audit_record(actor=world.member, action="members.person.created", coop_id=world.cwc.pk, target=tag)
    response = _client(world.auditor, "ja").get(URL + "export.pdf", {"kind": "members"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_an_import_event_links_to_what_it_imported(world: World) -> None:
    job = ImportJob.objects.create(
        coop=world.cwc,
        kind="people",
        filename="people.csv",
        started_by=world.member,
        status=ImportStatus.DONE,
        rows_total=1,
        rows_saved=1,
        shown_rows=[{"row": 2, "cells": ["山田", "一郎"], "problems": []}],
    )
    writer_event = audit_record(actor=world.member, action="members.people.imported", coop_id=world.cwc.pk)
    audit_record(actor=world.member, action="core.import.saved", coop_id=world.cwc.pk, target=job)
    assert writer_event.lane == AuditEvent.objects.get(action="core.import.saved").lane
    page = _client(world.auditor).get(URL).content.decode()
    link = f"/coops/cwc/audit-log/imports/{job.pk}/"
    assert page.count(link) == 2  # the writer's event and the import's own
    detail = _client(world.auditor).get(link)
    assert detail.status_code == 200
    assert "people.csv" in detail.content.decode()
    assert "山田" in detail.content.decode()
    for user in (world.officer, world.member, world.outsider):
        assert _client(user).get(link).status_code == 404


def test_the_log_page_queries_do_not_grow_with_events(world: World, django_assert_max_num_queries) -> None:
    client = _client(world.auditor)
    client.get(URL)
    contract = LabourContract.objects.get(person=world.nara_person)
    for i in range(30):
        audit_record(
            actor=world.member, action="members.labour_contract.updated", coop_id=world.cwc.pk, target=contract
        )
        audit_record(actor=world.officer, action=f"test.event.{i}", coop_id=world.cwc.pk, target=world.member_person)
    with django_assert_max_num_queries(16):
        client.get(URL)
