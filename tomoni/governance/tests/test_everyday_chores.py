"""Issue 15 items 10 and 11: attendance ticked on the roll in one submit, and the voting chores (a confirmation
before a ballot is cast, the quorum not met said as such, an election that elects, a motion under an agenda
item, no close or count before the session, the notice actually given, the roll's hash for the auditor only)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tomoni.core.errors import TomoniError
from tomoni.core.models import AuditEvent
from tomoni.governance.meetings import selectors
from tomoni.governance.meetings import services as meetings
from tomoni.governance.models import Attendance, Ballot
from tomoni.governance.tests.factories import add_members, close, in_session, meeting, open_motion
from tomoni.governance.voting import services
from tomoni.members.models import Membership


def login(user):
    c = Client()
    c.force_login(user)
    return c


def test_twenty_members_are_ticked_present_in_one_submit(world):
    people = [p for p, _u in add_members(world, 20)]
    m = meeting(world, kind="centre_all_member", centre=world.ajisai)
    url = reverse("governance:attendance", kwargs={"code": "cwc", "meeting_id": m.pk})
    c = login(world.officer)
    page = c.get(url)
    assert page.status_code == 200
    assert all(f'value="{p.pk}"' in page.content.decode() for p in people)
    events = AuditEvent.objects.filter(action="governance.attendance.recorded").count()
    r = c.post(url, {"mode": "in_person", "present": [p.pk for p in people]})
    assert r.status_code == 302
    assert Attendance.objects.filter(meeting=m, mode="in_person").count() == 20
    assert AuditEvent.objects.filter(action="governance.attendance.recorded").count() == events + 20
    # Ticked again (a second page, a double click): those recorded stay as they are, none twice.
    assert c.post(url, {"mode": "online", "present": [people[0].pk]}).status_code == 302
    assert Attendance.objects.filter(meeting=m).count() == 20
    assert "Recorded" in c.get(url).content.decode() or "記録済み" in c.get(url).content.decode()


def test_the_roll_is_filtered_by_centre_and_paged(world):
    add_members(world, selectors.ROLL_PAGE_SIZE + 5)
    m = meeting(world)
    c = login(world.officer)
    url = reverse("governance:attendance", kwargs={"code": "cwc", "meeting_id": m.pk})
    first = c.get(url)
    assert len(first.context["page"].object_list) == selectors.ROLL_PAGE_SIZE
    assert first.context["page"].has_next()
    nara = c.get(url, {"centre": world.west_nara.pk})
    numbers = {p.member_number for p in nara.context["page"].object_list}
    assert numbers == set(
        Membership.objects.filter(coop=world.cwc, centre=world.west_nara, left_on__isnull=True).values_list(
            "member_number", flat=True
        )
    )
    found = c.get(url, {"q": "C0000104"})
    assert [p.member_number for p in found.context["page"].object_list] == ["C0000104"]


def test_bulk_attendance_takes_only_in_person_or_online_and_saves_nothing_otherwise(world):
    people = [p for p, _u in add_members(world, 3)]
    m = meeting(world)
    with pytest.raises(TomoniError):
        meetings.attendance_record_many(actor=world.officer, meeting=m, mode="proxy", people=people)
    with pytest.raises(TomoniError):
        meetings.attendance_record_many(actor=world.member, meeting=m, mode="in_person", people=people)
    assert Attendance.objects.filter(meeting=m).count() == 0


def test_a_member_and_an_outsider_cannot_tick_attendance(world):
    m = meeting(world)
    url = reverse("governance:attendance", kwargs={"code": "cwc", "meeting_id": m.pk})
    assert login(world.member).get(url).status_code == 403
    assert login(world.outsider).get(url).status_code == 404


def test_the_single_attendance_form_names_the_member_by_number_not_a_list_of_everyone(world):
    people = [p for p, _u in add_members(world, 30)]
    m = meeting(world)
    c = login(world.officer)
    url = reverse("governance:attendance_create", kwargs={"code": "cwc", "meeting_id": m.pk})
    assert "<option" not in c.get(url).content.decode().split('name="person"')[1].split("</div>")[0]
    number = people[3].memberships.get().member_number
    r = c.post(url, {"person": number, "mode": "written", "paper_reference": "W-9"})
    assert r.status_code == 302 and Attendance.objects.get(meeting=m).person == people[3]
    r = c.post(url, {"person": "C9999999", "mode": "written", "paper_reference": "W-10"})
    assert r.status_code == 400 and Attendance.objects.filter(meeting=m).count() == 1


def test_a_ballot_is_cast_only_after_the_member_confirms_it(world):
    motion = open_motion(world)
    c = login(world.member)
    url = reverse("governance:vote", kwargs={"code": "cwc", "motion_id": motion.pk})
    check = c.post(url, {"choice": "against"})
    body = check.content.decode()
    assert check.status_code == 200 and 'name="confirm"' in body and 'value="against"' in body
    assert Ballot.objects.count() == 0
    done = c.post(url, {"choice": "against", "confirm": "1"})
    assert "receipt-code" in done.content.decode() and "copy-receipt" in done.content.decode()
    assert Ballot.objects.get().choice == "against"


def test_a_motion_cannot_be_closed_or_counted_before_the_session_is_opened(world):
    motion = open_motion(world)
    for step in (services.motion_close, services.motion_tally):
        with translation.override("en"), pytest.raises(TomoniError) as refused:
            step(actor=world.officer, motion=motion)
        assert "session" in refused.value.message
    page = login(world.officer).get(
        reverse("governance:meeting", kwargs={"code": "cwc", "meeting_id": motion.meeting_id})
    )
    assert 'value="tally"' not in page.content.decode()
    in_session(world, motion)
    assert services.motion_close(actor=world.officer, motion=motion).status == "closed"


def test_a_quorum_not_met_is_said_so_not_rejected(world):
    add_members(world, 10)
    motion = open_motion(world)
    result = close(world, motion)  # no one attends nor votes
    assert result.quorum_met is False
    page = login(world.member).get(reverse("governance:results", kwargs={"code": "cwc", "motion_id": motion.pk}))
    with translation.override("ja"):
        assert page.context["outcome"] == selectors.outcome_text(result)
    with translation.override("en"):
        assert "quorum" in selectors.outcome_text(result).lower()


def test_an_election_says_elected(world):
    motion = open_motion(world, kind="election", seats=1, candidates=[world.member_person])
    c = login(world.member)
    url = reverse("governance:vote", kwargs={"code": "cwc", "motion_id": motion.pk})
    candidate = motion.candidates.get().pk
    c.post(url, {"candidates": [candidate], "confirm": "1"})
    meetings.attendance_record(actor=world.officer, meeting=motion.meeting, mode="in_person", person=world.nara_person)
    result = close(world, motion)
    assert result.passed is True
    with translation.override("en"):
        assert selectors.outcome_text(result) == "Elected as shown below."
    page = c.get(reverse("governance:results", kwargs={"code": "cwc", "motion_id": motion.pk}))
    with translation.override("ja"):
        assert page.context["outcome"] == selectors.outcome_text(result)
    assert "<td><strong>" in page.content.decode()  # the elected candidate's row says so


def test_a_motion_is_put_under_an_agenda_item(world):
    m = meeting(world)
    c = login(world.officer)
    url = reverse("governance:motion_create", kwargs={"code": "cwc", "meeting_id": m.pk})
    r = c.get(url)
    assert r.status_code == 302 and "agenda" in r["Location"]
    item = meetings.agenda_item_add(actor=world.officer, meeting=m, title="事業計画", body="")
    now = timezone.localtime()
    fields = {
        "kind": "ordinary",
        "title": "第1号議案",
        "opens_at": (now + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "secret": "on",
        "seats": "0",
    }
    assert c.post(url, fields).status_code == 400  # no agenda item chosen: refused, nothing saved
    assert not m.motions.exists()
    assert c.post(url, fields | {"agenda_item": item.pk}).status_code == 302
    assert m.motions.get().agenda_item == item


def test_the_notice_shown_is_the_one_given(world):
    m = meeting(world, days_ahead=20)
    page = login(world.member).get(reverse("governance:meeting", kwargs={"code": "cwc", "meeting_id": m.pk}))
    given = (timezone.localdate(m.starts_at) - timezone.localdate(m.convened_at)).days
    assert page.context["notice_given"] == given
    assert f"{given} days before the meeting" in page.content.decode() or f"{given}日前" in page.content.decode()


def test_the_rolls_hash_is_shown_to_the_auditor_not_to_members(world):
    motion = open_motion(world)
    close(world, motion)
    results = reverse("governance:results", kwargs={"code": "cwc", "motion_id": motion.pk})
    meeting_url = reverse("governance:meeting", kwargs={"code": "cwc", "meeting_id": motion.meeting_id})
    csv = reverse("governance:results_csv", kwargs={"code": "cwc", "motion_id": motion.pk})
    sha = motion.roll.sha256
    member, officer, auditor = login(world.member), login(world.officer), login(world.auditor)
    for url in (results, meeting_url, csv):
        assert sha not in member.get(url).content.decode()
        assert sha in officer.get(url).content.decode()
        assert sha in auditor.get(url).content.decode()
