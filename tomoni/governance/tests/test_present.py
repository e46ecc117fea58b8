"""Who is present (出席者): those attending (in person, online, in writing, by proxy) count for quorum and majority."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tomoni.governance import rules
from tomoni.governance.meetings import services as meetings
from tomoni.governance.tests.factories import add_members, close, meeting, open_motion
from tomoni.governance.tests.test_meeting_pages import login
from tomoni.governance.voting import services

MODES = ["in_person", "online", "written", "proxy"]


def attend(world, m, people):
    """Record each person's attendance, cycling through the four modes (a proxy held by the first person)."""
    holder_uses = 0
    for i, person in enumerate(people):
        mode = MODES[i % 4]
        extra = {}
        if mode in ("written", "proxy"):
            extra["paper_reference"] = f"紙-{i}"
        if mode == "proxy":
            if holder_uses >= 1:  # the articles' limit of one proxy each: vary the holder
                mode, extra = "in_person", {}
            else:
                extra["proxy_holder"] = people[0]
                holder_uses += 1
        meetings.attendance_record(actor=world.officer, meeting=m, person=person, mode=mode, **extra)


def test_the_worked_case_120_attending_55_for_45_against_20_without_a_ballot_fails(world):
    members = add_members(world, 118)  # 120 on the roll with the world's two
    m = meeting(world)
    motion = open_motion(world, meeting_=m)
    people = [p for p, _u in members]
    attend(world, m, [*people[:118], world.member_person, world.nara_person])
    users = [u for _p, u in members]
    for user in users[:55]:
        services.vote_cast(actor=user, motion=motion, choice="for")
    for user in users[55:100]:
        services.vote_cast(actor=user, motion=motion, choice="against")
    result = close(world, motion)
    assert (result.on_roll_count, result.present_count) == (120, 120)
    assert (result.for_count, result.against_count, result.abstain_count, result.no_ballot_count) == (55, 45, 0, 20)
    assert result.quorum_met and result.passed is False  # 55 of 120 is not more than half


def test_those_attending_make_the_quorum_even_if_some_cast_no_ballot(world):
    members = add_members(world, 8)  # 10 on the roll
    m = meeting(world)
    motion = open_motion(world, meeting_=m)
    attend(world, m, [p for p, _u in members[:5]])
    for _p, user in members[:3]:
        services.vote_cast(actor=user, motion=motion, choice="for")
    result = close(world, motion)
    # 5 of 10 present meets the half; 3 of the 5 is more than half.
    assert result.present_count == 5 and result.quorum_met and result.passed is True


def test_a_vote_held_online_with_no_attendance_counts_those_who_took_part(world):
    members = add_members(world, 8)
    motion = open_motion(world)
    for (_p, user), choice in zip(members[:6], ["for"] * 4 + ["against", "abstain"], strict=True):
        services.vote_cast(actor=user, motion=motion, choice=choice)
    result = close(world, motion)
    assert (result.present_count, result.no_ballot_count) == (6, 0) and result.passed is True


def test_a_voter_not_recorded_as_attending_is_present_once_and_an_attender_voting_is_not_counted_twice(world):
    members = add_members(world, 8)
    m = meeting(world)
    motion = open_motion(world, meeting_=m)
    attend(world, m, [p for p, _u in members[:3]])
    for _p, user in members[2:5]:  # one attending voter, two who voted without attendance recorded
        services.vote_cast(actor=user, motion=motion, choice="for")
    assert close(world, motion).present_count == 5


def test_the_results_page_and_the_api_show_who_was_present_without_a_ballot(world):
    members = add_members(world, 8)
    m = meeting(world)
    motion = open_motion(world, meeting_=m)
    attend(world, m, [p for p, _u in members[:6]])
    for _p, user in members[:2]:
        services.vote_cast(actor=user, motion=motion, choice="for")
    close(world, motion)
    c = login(world.officer)
    page = c.get(reverse("governance:results", kwargs={"code": "cwc", "motion_id": motion.pk}))
    assert page.status_code == 200
    assert "出席・投票なし" in page.content.decode()
    data = c.get(f"/api/v1/coops/cwc/motions/{motion.pk}/results/").json()
    assert (data["present"], data["no_ballot"], data["passed"]) == (6, 4, False)


def test_an_attender_without_a_ballot_weighs_like_an_abstention():
    with_attender = rules.resolution_result(
        on_roll=200, votes_for=55, against=45, abstaining=0, no_ballot=20, threshold=rules.ordinary_threshold()
    )
    abstaining = rules.resolution_result(
        on_roll=200, votes_for=55, against=45, abstaining=20, threshold=rules.ordinary_threshold()
    )
    assert with_attender.present == abstaining.present == 120
    assert with_attender.passed is abstaining.passed is False


@given(
    roll=st.integers(1, 300),
    f=st.integers(0, 100),
    a=st.integers(0, 100),
    ab=st.integers(0, 100),
    nb=st.integers(0, 100),
)
def test_a_ballot_not_cast_never_helps_a_motion(roll, f, a, ab, nb):
    if f + a + ab + nb > roll:
        with pytest.raises(ValueError):
            rules.resolution_result(
                on_roll=roll, votes_for=f, against=a, abstaining=ab, no_ballot=nb, threshold=rules.ordinary_threshold()
            )
        return
    for threshold in (rules.ordinary_threshold(), rules.special_threshold()):
        more = rules.resolution_result(
            on_roll=roll, votes_for=f, against=a, abstaining=ab, no_ballot=nb, threshold=threshold
        )
        assert more.present == f + a + ab + nb
        # Turning the silent attenders into votes against changes nothing: both are "not in favour".
        same = rules.resolution_result(on_roll=roll, votes_for=f, against=a + nb, abstaining=ab, threshold=threshold)
        assert (more.passed, more.quorum_met, more.tie) == (same.passed, same.quorum_met, same.tie)
