"""A participant's disclosure request (APPI Art 33): everything kept about them as PDF and as JSON, for the
participant themself and their caseworker, a 404 for everyone else, each disclosure in the audit log."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from tomoni.core.models import AuditEvent, User
from tomoni.inclusion import services
from tomoni.inclusion.models import Participant
from tomoni.inclusion.testing import START, caregiver_course, plan_for, trainee
from tomoni.testing import World

pytestmark = pytest.mark.django_db

HOSTILE = '<a href="https://evil.example/">押す</a> & <b>'


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def participant(world: World) -> Participant:
    course = caregiver_course(world)
    found = trainee(world, course, world.member_person)
    plan = plan_for(found)
    services.plan_agree(actor=world.member, plan=plan)
    services.assessment_record(
        actor=world.support, participant=found, assessed_on=START, health="通院中", needs=HOSTILE
    )
    session = services.training_session_create(
        actor=None, cohort=course.cohort, unit=course.theory, on_date=START, starts_at=dt.time(10), length_minutes=120
    )
    services.attendance_enter(actor=None, session=session, minutes_by_participant={found.pk: 90})
    services.certificate_award(
        actor=None, participant=found, name="介護職員初任者研修", number="C-7", issued_on=dt.date(2014, 8, 5)
    )
    return found


def _urls(world: World, participant: Participant) -> list[str]:
    args = [world.cwc.code, participant.pk]
    return [reverse("inclusion:disclosure_pdf", args=args), reverse("inclusion:disclosure_json", args=args)]


@pytest.mark.parametrize("who", ["member", "support"])
def test_the_participant_and_their_caseworker_get_the_whole_file_as_json(
    world: World, participant: Participant, who: str
) -> None:
    response = _client(getattr(world, who)).get(_urls(world, participant)[1])

    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["person"]["family_name"] == world.member_person.family_name
    assert data["participation"]["started_on"] == START.isoformat()
    assert data["assessments"][0]["health"] == "通院中" and data["assessments"][0]["needs"] == HOSTILE
    assert data["plans"][0]["wishes"] == "介護の仕事で自立したい" and data["plans"][0]["status"] == "agreed"
    assert [g["term"] for g in data["plans"][0]["goals"]] == ["long", "short"]
    assert data["training_attendance"] == [
        {"on_date": START.isoformat(), "unit": "講義", "session_minutes": 120, "attended_minutes": 90}
    ]
    assert data["certificates"] == [{"name": "介護職員初任者研修", "number": "C-7", "issued_on": "2014-08-05"}]
    assert [c["purpose"] for c in data["consents"]] == ["support"]
    assert "通院中".encode() in response.content  # Japanese as written, not \u escapes


@pytest.mark.parametrize("who", ["member", "support"])
def test_the_pdf_is_in_japanese_fonts_and_prints_a_hostile_value_as_written(
    world: World, participant: Participant, who: str
) -> None:
    response = _client(getattr(world, who)).get(_urls(world, participant)[0], HTTP_ACCEPT_LANGUAGE="ja")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = _pdf_text(response.content)
    assert "介護の仕事で自立したい" in text and "C-7" in text
    assert "<b>" in text and "evil.example" in text  # the markup is printed, not obeyed
    assert sum(len(page.get("/Annots") or []) for page in reader.pages) == 0  # no live link
    fonts = {str(f) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts


@pytest.mark.parametrize("who", ["officer", "auditor", "manager", "staff", "outsider"])
def test_everyone_else_gets_a_404_and_nothing_is_disclosed(world: World, participant: Participant, who: str) -> None:
    client = _client(getattr(world, who))

    responses = [client.get(url) for url in _urls(world, participant)]

    assert [r.status_code for r in responses] == [404, 404]
    assert not AuditEvent.objects.filter(action="inclusion.file.disclosed").exists()


def test_another_member_of_the_coop_gets_a_404(world: World, participant: Participant) -> None:
    from tomoni.testing import make_user

    colleague = make_user("colleague")
    world.nara_person.user = colleague
    world.nara_person.save()

    responses = [_client(colleague).get(url) for url in _urls(world, participant)]

    assert [r.status_code for r in responses] == [404, 404]


def test_each_disclosure_is_in_the_audit_log_naming_who_asked_and_what_was_read(
    world: World, participant: Participant
) -> None:
    pdf, as_json = _urls(world, participant)
    _client(world.member).get(pdf)
    _client(world.support).get(as_json)

    events = list(AuditEvent.objects.filter(action="inclusion.file.disclosed").order_by("pk"))
    assert [(e.actor, e.data["reason"]) for e in events] == [(world.member, "own"), (world.support, "caseworker")]
    assert all(e.object_id == str(participant.pk) and len(e.data["assessments"]) == 1 for e in events)


def test_the_participant_and_the_caseworker_find_the_links(world: World, participant: Participant) -> None:
    pdf, as_json = _urls(world, participant)

    mine = _client(world.member).get(reverse("inclusion:me")).content.decode()
    file = _client(world.support).get(reverse("inclusion:case_file", args=[world.cwc.code, participant.pk]))

    assert pdf in mine and as_json in mine
    assert pdf in file.content.decode() and as_json in file.content.decode()
