"""Art 62, 64, 65: a coop's articles may make a resolution stricter than the Act, never looser."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tomoni.core.errors import TomoniError
from tomoni.governance import rules
from tomoni.governance.meetings import services as meetings
from tomoni.governance.models import GovernanceSettings
from tomoni.governance.tests.factories import add_members, close, meeting, open_motion
from tomoni.governance.voting import services

ACT = {
    "notice_days": 10,
    "ordinary_majority": Fraction(1, 2),
    "special_quorum": Fraction(1, 2),
    "special_majority": Fraction(2, 3),
}


def refused(**changes):
    return [r.setting for r in rules.looser_than_act(**{**ACT, **changes})]


# The rule at its edges ---------------------------------------------------------------------------------------


def test_the_acts_own_figures_are_lawful():
    assert refused() == []


def test_nine_days_notice_is_refused_and_ten_is_not():
    assert refused(notice_days=9) == ["notice_days"]
    assert refused(notice_days=10) == []


def test_an_ordinary_majority_just_under_half_is_refused():
    assert refused(ordinary_majority=Fraction(49, 100)) == ["ordinary_majority"]
    assert refused(ordinary_majority=Fraction(2, 3)) == []


def test_a_special_quorum_under_half_and_a_special_majority_under_two_thirds_are_refused():
    assert refused(special_quorum=Fraction(1, 10)) == ["special_quorum"]
    assert refused(special_majority=Fraction(1, 2)) == ["special_majority"]
    assert refused(special_majority=Fraction(666, 1000)) == ["special_majority"]
    assert refused(special_quorum=Fraction(2, 3), special_majority=Fraction(3, 4)) == []


def test_each_refusal_names_its_article():
    articles = {
        r.setting: r.article
        for r in rules.looser_than_act(
            notice_days=3,
            ordinary_majority=Fraction(1, 3),
            special_quorum=Fraction(1, 3),
            special_majority=Fraction(1, 3),
        )
    }
    assert articles == {
        "notice_days": "62",
        "ordinary_majority": "64",
        "special_quorum": "65",
        "special_majority": "65",
    }


fractions = st.builds(Fraction, st.integers(0, 100), st.integers(1, 100)).filter(lambda f: f <= 1)


@given(days=st.integers(0, 400), om=fractions, sq=fractions, sm=fractions)
def test_a_setting_is_refused_exactly_when_it_is_below_the_acts_floor(days, om, sq, sm):
    got = set(refused(notice_days=days, ordinary_majority=om, special_quorum=sq, special_majority=sm))
    expected = {
        name
        for name, below in (
            ("notice_days", days < 10),
            ("ordinary_majority", om < Fraction(1, 2)),
            ("special_quorum", sq < Fraction(1, 2)),
            ("special_majority", sm < Fraction(2, 3)),
        )
        if below
    }
    assert got == expected


@given(sq=fractions, sm=fractions)
def test_a_special_resolution_the_settings_allow_never_passes_below_the_acts_bar(sq, sm):
    """Whatever lawful settings say, a vote that fails the Act's own special bar fails the coop's too."""
    if refused(special_quorum=sq, special_majority=sm):
        return
    for present in range(0, 11):
        for votes_for in range(0, present + 1):
            coop = rules.resolution_result(
                on_roll=10,
                votes_for=votes_for,
                against=present - votes_for,
                abstaining=0,
                threshold=rules.special_threshold(quorum=sq, majority=sm),
            )
            act = rules.resolution_result(
                on_roll=10,
                votes_for=votes_for,
                against=present - votes_for,
                abstaining=0,
                threshold=rules.special_threshold(),
            )
            assert not (coop.passed and not act.passed)


# The service -------------------------------------------------------------------------------------------------


def test_a_special_majority_of_one_half_is_refused_citing_art_65(world):
    with pytest.raises(TomoniError) as e:
        meetings.governance_settings_update(
            actor=world.officer, coop=world.cwc, special_majority_numerator=1, special_majority_denominator=2
        )
    assert "65" in e.value.message and e.value.field == "special_majority_numerator"
    assert not GovernanceSettings.objects.filter(coop=world.cwc).exists()


def test_a_special_quorum_of_one_tenth_is_refused_so_a_dissolution_cannot_pass_with_three_of_ten(world):
    with pytest.raises(TomoniError) as e:
        meetings.governance_settings_update(
            actor=world.officer,
            coop=world.cwc,
            special_quorum_numerator=1,
            special_quorum_denominator=10,
            special_majority_numerator=1,
            special_majority_denominator=2,
        )
    assert "65" in e.value.message
    add_members(world, 7)
    motion = open_motion(world, kind="special")
    assert (motion.quorum_numerator, motion.quorum_denominator) == (1, 2)
    assert (motion.majority_numerator, motion.majority_denominator) == (2, 3)
    voters = list(motion.roll.entries.values_list("person__user", flat=True)[:3])
    from tomoni.core.models import User

    for user in User.objects.filter(pk__in=voters):
        services.vote_cast(actor=user, motion=motion, choice="for")
    assert close(world, motion).passed is False


def test_an_ordinary_majority_under_half_is_refused_citing_art_64(world):
    with pytest.raises(TomoniError) as e:
        meetings.governance_settings_update(
            actor=world.officer, coop=world.cwc, ordinary_majority_numerator=2, ordinary_majority_denominator=5
        )
    assert "64" in e.value.message


def test_a_notice_of_nine_days_is_refused_citing_art_62(world):
    with pytest.raises(TomoniError) as e:
        meetings.governance_settings_update(actor=world.officer, coop=world.cwc, notice_days=9)
    assert "62" in e.value.message and e.value.field == "notice_days"


def test_stricter_settings_are_accepted(world):
    saved = meetings.governance_settings_update(
        actor=world.officer,
        coop=world.cwc,
        notice_days=14,
        ordinary_majority_numerator=2,
        ordinary_majority_denominator=3,
        special_quorum_numerator=2,
        special_quorum_denominator=3,
        special_majority_numerator=3,
        special_majority_denominator=4,
    )
    assert saved.pk is not None and saved.special_majority_numerator == 3


def test_the_ordinary_quorum_and_the_boards_notice_are_the_articles_own(world):
    saved = meetings.governance_settings_update(
        actor=world.officer,
        coop=world.cwc,
        ordinary_quorum_numerator=1,
        ordinary_quorum_denominator=10,
        board_notice_days=1,
    )
    assert saved.ordinary_quorum_denominator == 10


def test_a_looser_row_saved_before_the_check_stops_new_motions_and_convocations(world):
    m = meeting(world)
    GovernanceSettings.objects.create(coop=world.cwc, special_quorum_numerator=1, special_quorum_denominator=10)
    with pytest.raises(TomoniError) as e:
        open_motion(world, kind="special", meeting_=m)
    assert "65" in e.value.message
    with pytest.raises(TomoniError):
        meeting(world)


def test_the_settings_page_shows_the_refusal_beside_the_field(world, client):
    from django.urls import reverse

    from tomoni.governance.tests.test_meeting_pages import login

    url = reverse("governance:settings", kwargs={"code": "cwc"})
    page = login(world.officer).get(url)
    form = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    form.update(special_quorum_numerator=1, special_quorum_denominator=10)
    answer = login(world.officer).post(url, form)
    assert answer.status_code == 400
    assert "65" in answer.content.decode()
    assert not GovernanceSettings.objects.filter(coop=world.cwc).exists()
