"""Pages: the member's ballot on a phone, the chair's meeting page, paper votes, results."""

from django.test import Client
from django.urls import reverse

from tomoni.governance.models import Ballot, Participation
from tomoni.governance.tests.factories import add_members, close, open_motion


def login(user):
    c = Client()
    c.force_login(user)
    return c


def test_member_votes_with_one_button_and_sees_the_receipt_once(world):
    motion = open_motion(world)
    c = login(world.member)
    page = c.get(reverse("governance:meeting", kwargs={"code": "cwc", "meeting_id": motion.meeting_id}))
    assert reverse("governance:vote", kwargs={"code": "cwc", "motion_id": motion.pk}) in page.content.decode()
    url = reverse("governance:vote", kwargs={"code": "cwc", "motion_id": motion.pk})
    form = c.get(url).content.decode()
    assert 'value="for"' in form and 'value="against"' in form and 'value="abstain"' in form
    check = c.post(url, {"choice": "for"})
    assert check.status_code == 200 and 'name="confirm"' in check.content.decode()
    assert Ballot.objects.count() == 0  # nothing is cast before the member confirms
    done = c.post(url, {"choice": "for", "confirm": "1"})
    assert done.status_code == 200 and "receipt-code" in done.content.decode()
    assert "no-store" in done["Cache-Control"] or "no-cache" in done["Cache-Control"]
    again = c.post(url, {"choice": "against", "confirm": "1"})
    assert again.status_code == 400 and Ballot.objects.count() == 1


def test_chair_sees_live_quorum_and_enters_paper_votes(world):
    people = [p for p, _u in add_members(world, 2)]
    motion = open_motion(world)
    c = login(world.officer)
    page = c.get(
        reverse("governance:meeting", kwargs={"code": "cwc", "meeting_id": motion.meeting_id})
    ).content.decode()
    assert "quorum-title" in page and motion.roll.sha256 in page
    url = reverse("governance:paper_vote", kwargs={"code": "cwc", "motion_id": motion.pk})
    number = people[0].memberships.get().member_number
    r = c.post(url, {"person": number, "channel": "written", "paper_reference": "書面-7", "choice": "against"})
    assert r.status_code == 302
    assert Participation.objects.get().paper_reference == "書面-7"


def test_member_cannot_enter_paper_votes(world):
    motion = open_motion(world)
    r = login(world.member).get(reverse("governance:paper_vote", kwargs={"code": "cwc", "motion_id": motion.pk}))
    assert r.status_code == 403


def test_results_page_and_receipt_check(world):
    motion = open_motion(world)
    c = login(world.member)
    body = c.post(
        reverse("governance:vote", kwargs={"code": "cwc", "motion_id": motion.pk}), {"choice": "for", "confirm": "1"}
    )
    receipt = body.context["receipt"]
    close(world, motion)
    url = reverse("governance:results", kwargs={"code": "cwc", "motion_id": motion.pk})
    r = c.post(url, {"receipt": receipt})
    assert r.context["answer"]["counted"] is True
    csv = c.get(reverse("governance:results_csv", kwargs={"code": "cwc", "motion_id": motion.pk})).content.decode()
    assert csv.startswith("\ufeff")


def test_officer_creates_and_convenes_a_meeting_through_the_pages(world):
    c = login(world.officer)
    r = c.post(
        reverse("governance:meeting_create", kwargs={"code": "cwc"}),
        {"kind": "general", "title": "臨時総会", "starts_at": "2099-01-10T10:00", "place": "本部"},
    )
    assert r.status_code == 302
    meeting_url = r["Location"]
    meeting_id = int(meeting_url.rstrip("/").split("/")[-1])
    r = c.post(
        reverse("governance:meeting_action", kwargs={"code": "cwc", "meeting_id": meeting_id}), {"action": "convene"}
    )
    assert r.status_code == 302
    assert "convened" in c.get(meeting_url).content.decode() or "招集" in c.get(meeting_url).content.decode()


def test_settings_page_is_for_officers(world):
    assert login(world.officer).get(reverse("governance:settings", kwargs={"code": "cwc"})).status_code == 200
    assert login(world.member).get(reverse("governance:settings", kwargs={"code": "cwc"})).status_code == 403
    assert login(world.outsider).get(reverse("governance:settings", kwargs={"code": "cwc"})).status_code == 404
