"""A member reports their hours from the field, perhaps much later: each record is stored exactly once."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tomoni.core import clock
from tomoni.core.errors import TomoniError
from tomoni.core.models import AuditEvent, ClientSubmission, User
from tomoni.testing import World, make_user
from tomoni.work import services, testing
from tomoni.work.models import Assignment

OUTBOX = {"HTTP_X_TOMONI_OUTBOX": "1", "HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def shift(world: World) -> Assignment:
    staffed = testing.staffed_centre(world)
    person = staffed.people[0]
    person.user = make_user("field")
    person.save()
    day = clock.today() - dt.timedelta(days=1)  # yesterday's shift, offered on the page
    roster = services.roster_create(actor=world.manager, centre=world.ajisai, month=day.replace(day=1))
    assignment = services.assignment_set(
        actor=world.manager, roster=roster, person=person, on_date=day,
        shift_type=staffed.shifts.day,
    )  # fmt: skip
    services.roster_publish(actor=world.manager, roster=roster)
    return assignment


def worker(shift: Assignment) -> User:
    user = shift.person.user
    assert user is not None
    return user


def reports() -> int:
    return AuditEvent.objects.filter(action="work.hours.reported").count()


def test_a_report_is_stored_once_and_a_replay_answers_with_the_first_result(shift: Assignment) -> None:
    key = uuid.uuid4()
    first = services.hours_report(actor=worker(shift), assignment=shift, reported_minutes=450, client_key=key)
    again = services.hours_report(actor=worker(shift), assignment=shift, reported_minutes=450, client_key=key)
    assert (first, again) == (False, True)
    shift.refresh_from_db()
    assert shift.reported_minutes == 450
    assert reports() == 1
    assert ClientSubmission.objects.filter(key=key).count() == 1


def test_the_same_key_with_other_values_is_a_conflict_and_changes_nothing(shift: Assignment) -> None:
    key = uuid.uuid4()
    services.hours_report(actor=worker(shift), assignment=shift, reported_minutes=450, client_key=key)
    with translation.override("en"), pytest.raises(TomoniError, match="already sent with other values"):
        services.hours_report(actor=worker(shift), assignment=shift, reported_minutes=480, client_key=key)
    shift.refresh_from_db()
    assert shift.reported_minutes == 450
    assert reports() == 1


def test_a_new_report_contradicting_confirmed_hours_is_refused_with_what_was_confirmed(
    world: World, shift: Assignment
) -> None:
    services.actual_minutes_confirm(actor=world.manager, assignment=shift, actual_minutes=420)
    with translation.override("en"), pytest.raises(TomoniError, match="7 h 00 min"):
        services.hours_report(actor=worker(shift), assignment=shift, reported_minutes=450, client_key=uuid.uuid4())
    assert reports() == 0
    assert not ClientSubmission.objects.exists()


def test_a_refused_record_leaves_its_key_free(shift: Assignment) -> None:
    key = uuid.uuid4()
    with pytest.raises(TomoniError):
        services.hours_report(actor=worker(shift), assignment=shift, reported_minutes=0, client_key=key)
    assert not ClientSubmission.objects.exists()
    services.hours_report(actor=worker(shift), assignment=shift, reported_minutes=30, client_key=key)
    assert reports() == 1


def test_only_the_member_reports_their_own_shift(world: World, shift: Assignment) -> None:
    for actor in (world.member, world.manager):
        with pytest.raises(TomoniError):
            services.hours_report(actor=actor, assignment=shift, reported_minutes=450, client_key=uuid.uuid4())
    assert reports() == 0


def test_the_page_answers_the_outbox_in_json_and_a_replay_is_not_stored_twice(
    client: Client, shift: Assignment
) -> None:
    client.force_login(worker(shift))
    url = reverse("work:my_hours_report")
    data = {"assignment": shift.pk, "hours": 7, "minutes": 30, "client_key": str(uuid.uuid4())}
    assert client.post(url, data, **OUTBOX).json()["status"] == "stored"
    assert client.post(url, data, **OUTBOX).json()["status"] == "replayed"
    conflict = client.post(url, {**data, "hours": 8}, **OUTBOX)
    assert conflict.status_code == 409 and "other values" in conflict.json()["message"]
    assert reports() == 1


def test_another_members_shift_is_a_404(client: Client, world: World, shift: Assignment) -> None:
    client.force_login(world.member)
    url = reverse("work:my_hours_report")
    response = client.post(url, {"assignment": shift.pk, "hours": 7, "client_key": str(uuid.uuid4())}, **OUTBOX)
    assert response.status_code in {400, 404}
    assert reports() == 0


def test_the_manifest_and_the_service_worker_are_served_from_the_root(client: Client) -> None:
    manifest = client.get("/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    assert manifest.json()["start_url"] == "/me/"
    worker_script = client.get("/sw.js")
    assert worker_script["Content-Type"].startswith("text/javascript")
    assert worker_script["Service-Worker-Allowed"] == "/"
    assert b"importScripts" in worker_script.content
