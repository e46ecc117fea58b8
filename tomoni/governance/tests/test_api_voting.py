"""The voting API: a member reads meetings, casts once, checks a receipt; outsiders get 404."""

from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tomoni.governance.models import Ballot, Participation
from tomoni.governance.tests.factories import add_members, close, open_motion


def client_for(user):
    cache.clear()
    c = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    c.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return c


def test_member_lists_meetings_and_votes_once(world):
    motion = open_motion(world)
    c = client_for(world.member)
    meetings = c.get("/api/v1/coops/cwc/meetings/").json()["results"]
    assert [m["id"] for m in meetings] == [motion.meeting_id]
    detail = c.get(f"/api/v1/coops/cwc/meetings/{motion.meeting_id}/").json()
    assert detail["quorum"]["on_roll"] == 2 and len(detail["quorum"]["roll_sha256"]) == 64
    r = c.post(f"/api/v1/coops/cwc/motions/{motion.pk}/vote/", {"choice": "for"}, format="json")
    assert r.status_code == 201 and len(r.json()["receipt"]) == 14
    again = c.post(
        f"/api/v1/coops/cwc/motions/{motion.pk}/vote/", {"choice": "against"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert again.status_code == 400 and "first vote stands" in again.json()["detail"]
    assert Ballot.objects.count() == Participation.objects.count() == 1


def test_refusal_comes_in_the_members_language(world):
    motion = open_motion(world)
    c = client_for(world.member)
    c.post(f"/api/v1/coops/cwc/motions/{motion.pk}/vote/", {"choice": "for"}, format="json")
    again = c.post(
        f"/api/v1/coops/cwc/motions/{motion.pk}/vote/", {"choice": "for"}, format="json", HTTP_ACCEPT_LANGUAGE="ja"
    )
    assert "既に" in again.json()["detail"]


def test_bad_choice_is_a_400_and_nothing_recorded(world):
    motion = open_motion(world)
    r = client_for(world.member).post(f"/api/v1/coops/cwc/motions/{motion.pk}/vote/", {"choice": "x"}, format="json")
    assert r.status_code == 400 and Ballot.objects.count() == 0


def test_outsider_gets_404_and_cannot_vote(world):
    motion = open_motion(world)
    c = client_for(world.outsider)
    assert c.get("/api/v1/coops/cwc/meetings/").status_code == 404
    assert c.get(f"/api/v1/coops/cwc/motions/{motion.pk}/").status_code == 404
    r = c.post(f"/api/v1/coops/cwc/motions/{motion.pk}/vote/", {"choice": "for"}, format="json")
    assert r.status_code == 404 and Ballot.objects.count() == 0
    # Through the other coop's code, too.
    assert c.post(f"/api/v1/coops/other/motions/{motion.pk}/vote/", {"choice": "for"}, format="json").status_code == 404


def test_receipt_and_results_after_close(world):
    users = [u for _p, u in add_members(world, 2)]
    motion = open_motion(world)
    receipts = [
        client_for(u)
        .post(f"/api/v1/coops/cwc/motions/{motion.pk}/vote/", {"choice": "for"}, format="json")
        .json()["receipt"]
        for u in users
    ]
    c = client_for(users[0])
    early = c.post(f"/api/v1/coops/cwc/motions/{motion.pk}/receipt/", {"receipt": receipts[0]}, format="json")
    assert early.json()["counted"] is False
    assert c.get(f"/api/v1/coops/cwc/motions/{motion.pk}/results/").json()["votes_for"] is None
    close(world, motion)
    ok = c.post(f"/api/v1/coops/cwc/motions/{motion.pk}/receipt/", {"receipt": receipts[0]}, format="json").json()
    assert ok["counted"] is True
    results = c.get(f"/api/v1/coops/cwc/motions/{motion.pk}/results/").json()
    assert (results["on_roll"], results["present"], results["votes_for"], results["passed"]) == (4, 2, 2, True)
