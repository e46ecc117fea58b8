"""The federation's published figures gain the work-integration figures: counted from the records of every coop's
programmes, of people consenting to statistics, a count under 5 shown as "—" and never as the count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tomoni.inclusion import services
from tomoni.inclusion.impact import STEP_NAMES
from tomoni.inclusion.models import Consent
from tomoni.inclusion.testing import caregiver_course
from tomoni.inclusion.tests.test_impact import _cohort_of
from tomoni.reports.registry.selectors import federation_figures
from tomoni.testing import World

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2015, 9, 30)


def _figures(world: World) -> dict[str, int | None]:
    found = federation_figures(as_of=AS_OF, federation=world.federation)
    return {figure.key: figure.value for figure in found.work_integration}


def test_the_figures_count_each_step_from_records_and_suppress_those_under_five(world: World) -> None:
    _cohort_of(world, caregiver_course(world), 12, certified=9, placed=4)

    figures = _figures(world)

    assert list(figures) == list(STEP_NAMES)
    assert figures["referred"] == 12 and figures["started"] == 12 and figures["completed"] == 12
    assert figures["certified"] == 9
    assert figures["placed"] is None and figures["employed"] is None  # 4 people: "—", never 4
    assert figures["in_work_12m"] is None and figures["members"] is None  # none at all: "—" too


def test_a_withdrawn_consent_to_statistics_takes_the_person_out_of_the_figures(world: World) -> None:
    people = _cohort_of(world, caregiver_course(world), 6, certified=5)
    consent = Consent.objects.get(participant=people[0], purpose="statistics")
    services.consent_withdraw(actor=None, consent=consent, withdrawn_on=dt.date(2015, 1, 5))

    figures = _figures(world)

    assert figures["referred"] == 5 and figures["certified"] is None  # 4 certified left: "—"


def test_before_any_referral_every_figure_is_a_dash(world: World) -> None:
    caregiver_course(world)

    assert set(_figures(world).values()) == {None}


LANGUAGES = [("ja", "就労への道", "紹介"), ("en", "Into work", "Referred")]


@pytest.mark.parametrize(("language", "heading", "step"), LANGUAGES)
def test_the_public_figures_page_shows_them_in_both_languages(
    world: World, client: Client, language: str, heading: str, step: str
) -> None:
    people = _cohort_of(world, caregiver_course(world), 7, certified=7, placed=2)
    person = people[0].person
    assert person is not None
    person.family_name = "秘密野"
    person.save()
    client.cookies.load({"django_language": language})

    response = client.get(reverse("federation:figures"), {"as_of": AS_OF.isoformat()}, HTTP_ACCEPT_LANGUAGE=language)

    page = response.content.decode()
    section = page[page.index('id="work-integration"') :]
    assert response.status_code == 200
    assert heading in section and step in section
    assert '<td class="num">7</td>' in section and '<td class="num">—</td>' in section
    assert '<td class="num">2</td>' not in section
    assert "秘密野" not in page  # counts only, never a name
