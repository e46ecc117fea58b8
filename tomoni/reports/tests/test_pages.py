"""The registry pages: who sees which page, what each shows, bad input, and queries that do not grow."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tomoni.core import crypto
from tomoni.core.models import User
from tomoni.federation.models import Centre, CentreBusinessLine, Region
from tomoni.members.models import (
    LabourContract,
    Membership,
    OfficerTerm,
    Person,
    SpecialCareRecord,
    Volunteer,
    WorkRecord,
)
from tomoni.members.selectors import CONCERNS_SHOWN
from tomoni.testing import World

FIGURES = reverse("federation:figures")
OVERVIEW = reverse("federation:overview")
COOP = reverse("federation:coop", args=["cwc"])
COMPLIANCE = reverse("federation:compliance", args=["cwc"])
AJISAI = reverse("federation:centre", args=["cwc", "ajisai"])
WEST_NARA = reverse("federation:centre", args=["cwc", "west-nara"])

_numbers = itertools.count(1000)


def get(client: Client, user: User | None, url: str, **params: str) -> HttpResponse:
    if user is not None:
        client.force_login(user)
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")


def add_member(world: World, centre: Centre, *, born: dt.date | None = None, contract: bool = True) -> Person:
    """Another worker member of CWC at a centre, with a contract and a day of work in March 2015."""
    n = next(_numbers)
    person = Person.objects.create(
        coop=world.cwc,
        family_name=f"山田{n}",
        given_name="一郎",
        family_name_kana="ヤマダ",
        given_name_kana="イチロウ",
        birth_date=born,
    )
    Membership.objects.create(
        coop=world.cwc,
        person=person,
        kind="worker",
        member_number=f"C{n:07d}",
        centre=centre,
        joined_on=dt.date(2012, 4, 1),
    )
    if contract:
        LabourContract.objects.create(
            coop=world.cwc,
            person=person,
            centre=centre,
            started_on=dt.date(2012, 4, 1),
            contracted_minutes_per_week=1800,
        )
        WorkRecord.objects.create(
            coop=world.cwc,
            person=person,
            centre=centre,
            business_line=world.care,
            worked_on=dt.date(2015, 3, 10),
            worked_minutes=425,
        )
    return person


def add_centre(world: World, code: str, region: Region | None = None) -> Centre:
    centre = Centre.objects.create(
        coop=world.cwc,
        region=region or world.region,
        code=code,
        name=f"事業所{code}",
        prefecture_code="13",
        municipality="豊島区",
        opened_on=dt.date(2008, 4, 1),
    )
    CentreBusinessLine.objects.create(coop=world.cwc, centre=centre, business_line=world.care)
    return centre


def grow(world: World) -> None:
    """More regions, centres, members, officers, contracts, work and volunteers than the world had."""
    region = Region.objects.create(coop=world.cwc, code="kinki", name="近畿事業本部", opened_on=dt.date(1995, 1, 1))
    for i in range(4):
        centre = add_centre(world, f"grown-{i}", region if i % 2 else None)
        for _ in range(3):
            add_member(world, centre)
    for born in (dt.date(1940, 1, 1), dt.date(1990, 1, 1), None):
        person = add_member(world, world.ajisai, born=born)
        SpecialCareRecord.objects.create(
            coop=world.cwc,
            person=person,
            payload_encrypted=crypto.encrypt_json({"category": "mental_disability", "note": ""}),
            recorded_on=dt.date(2014, 4, 1),
        )
        Volunteer.objects.create(coop=world.cwc, person=person, centre=world.ajisai, started_on=dt.date(2014, 1, 1))
        OfficerTerm.objects.create(coop=world.cwc, person=person, role="director", started_on=dt.date(2013, 6, 1))
    for _ in range(4):
        add_member(world, world.ajisai, contract=False)


def queries_for(client: Client, url: str, **params: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


def person_url(world: World, person: Person) -> str:
    return reverse("members:person", args=[world.cwc.code, person.pk])


# The published figures --------------------------------------------------------------------------------


def test_the_figures_page_is_public_and_shows_the_figures(world, client):
    response = get(client, None, FIGURES, as_of="2015-03-31")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Member societies" in page
    assert response.context["figures"].member_societies == 1
    assert response.context["figures"].individual_members == 3
    assert response.context["direct_coop"] == world.cwc
    assert 'value="2015-03-31"' in page


def test_the_figures_page_has_a_chart_with_a_text_alternative_and_the_same_numbers_in_a_table(world, client):
    page = get(client, None, FIGURES, as_of="2015-03-31").content.decode()
    assert 'role="img"' in page
    assert 'aria-label="Bar chart of individual members by kind. Worker member: 3;' in page
    assert '<th scope="row">Worker member</th><td class="num">3</td>' in page
    assert "vendor/chart-4.6.1.umd.min.js" in page
    assert 'id="figures-charts"' in page


def test_the_figures_page_shows_no_personal_data(world, client):
    page = get(client, None, FIGURES, as_of="2015-03-31").content.decode()
    for person in (world.member_person, world.nara_person, world.other_person):
        assert person.family_name not in page


def test_the_figures_page_counts_as_of_the_chosen_day(world, client):
    response = get(client, None, FIGURES, as_of="1999-03-31")
    assert response.context["figures"].individual_members == 0
    assert response.context["as_of"] == dt.date(1999, 3, 31)


@pytest.mark.parametrize("bad", ["2015-02-30", "yesterday", "31/03/2015", "0001-01-01", "2015-03-31x"])
def test_an_invalid_as_of_date_gets_a_message_not_an_error(world, client, bad):
    response = get(client, None, FIGURES, as_of=bad)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert 'role="alert"' in page
    assert "Showing the figures as of" in page


def test_the_figures_page_is_japanese_by_default(world, client):
    page = client.get(FIGURES).content.decode()
    assert '<html lang="ja">' in page


def test_the_figures_page_lists_partnerships_and_related_institutions(world, client):
    world.federation.partnerships.create(organisation="ICA", organisation_en="ICA", scope="global")
    world.federation.related_institutions.create(
        name="協同総合研究所", name_en="Japan Institute of Co-operative Research"
    )
    page = get(client, None, FIGURES).content.decode()
    assert "ICA" in page
    assert "Japan Institute of Co-operative Research" in page


# The federation overview ------------------------------------------------------------------------------


def test_federation_staff_see_every_coop_in_counts(world, client):
    response = get(client, world.staff, OVERVIEW, as_of="2015-03-31")
    assert response.status_code == 200
    rows = {row.coop.code: row for row in response.context["rows"]}
    assert rows["cwc"].members == 2
    assert rows["cwc"].centres == 2
    assert rows["other"].members == 1
    page = response.content.decode()
    assert world.member_person.family_name not in page


@pytest.mark.parametrize("persona", ["officer", "auditor", "manager", "member", "outsider"])
def test_only_federation_staff_see_the_overview(world, client, persona):
    assert get(client, getattr(world, persona), OVERVIEW).status_code == 404


def test_the_overview_asks_an_anonymous_visitor_to_log_in(world, client):
    response = client.get(OVERVIEW)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


# The coop page ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["officer", "auditor"])
def test_officers_and_auditors_see_the_coop_page(world, client, persona):
    OfficerTerm.objects.create(
        coop=world.cwc, person=world.member_person, role="auditor", started_on=dt.date(2013, 6, 1)
    )
    response = get(client, getattr(world, persona), COOP, as_of="2015-03-31")
    assert response.status_code == 200
    page = response.content.decode()
    assert world.cwc.name_en in page
    assert reverse("federation:centre", args=["cwc", "ajisai"]) in page
    assert reverse("federation:compliance", args=["cwc"]) in page
    assert "奈良 太郎" in page  # a current director
    assert response.context["profile"].members == 2
    assert response.context["profile"].centres_open == 2


@pytest.mark.parametrize("persona", ["staff", "manager", "support", "member", "outsider"])
def test_the_coop_page_is_404_without_a_coop_grant(world, client, persona):
    assert get(client, getattr(world, persona), COOP).status_code == 404


def test_the_coop_page_of_an_unknown_coop_is_404(world, client):
    assert get(client, world.officer, reverse("federation:coop", args=["nope"])).status_code == 404


def test_the_coop_page_groups_centres_by_regional_head_office(world, client):
    response = get(client, world.officer, COOP, as_of="2015-03-31")
    groups = {
        (row.region.code if row.region else None): [c.code for c in row.centres]
        for row in response.context["profile"].regions
    }
    assert groups == {"kanto": ["ajisai"], None: ["west-nara"]}
    ajisai = response.context["profile"].regions[0].centres[0]
    assert ajisai.member_count == 1


def test_the_coop_page_links_the_member_register(world, client):
    page = get(client, world.officer, COOP).content.decode()
    assert reverse("members:register", args=["cwc"]) in page


# The compliance page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["officer", "auditor"])
def test_officers_and_auditors_see_compliance(world, client, persona):
    response = get(client, getattr(world, persona), COMPLIANCE, as_of="2015-03-31")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Article 8(1)" in page
    assert "2 of 2 members engage in the business (100.0%)." in page
    assert "At least 4/5 (80%)." in page
    # The empty coop has one director: the rule of three fails, in words and not by colour alone.
    assert "Not met" in page
    assert "Met" in page


@pytest.mark.parametrize("persona", ["staff", "manager", "support", "member", "outsider"])
def test_the_compliance_page_is_404_without_a_coop_grant(world, client, persona):
    assert get(client, getattr(world, persona), COMPLIANCE).status_code == 404


def test_compliance_names_whom_a_failing_rule_concerns_and_counts_the_rest(world, client):
    people = [add_member(world, world.west_nara, contract=False) for _ in range(CONCERNS_SHOWN + 5)]
    response = get(client, world.officer, COMPLIANCE, as_of="2015-03-31")
    rows = {row.code: row for row in response.context["rows"]}
    engaged = rows["members_engaged"]
    assert not engaged.passed
    assert len(engaged.concerns) == CONCERNS_SHOWN
    assert engaged.more == 5
    page = response.content.decode()
    assert "and 5 more people." in page
    assert people[0].full_name in page
    assert person_url(world, people[0]) in page


def test_an_invalid_as_of_on_the_compliance_page_gets_a_message(world, client):
    response = get(client, world.officer, COMPLIANCE, as_of="2015-13-01")
    assert response.status_code == 200
    assert "Enter a date as year-month-day" in response.content.decode()


# The centre page --------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["officer", "auditor", "manager", "support"])
def test_those_granted_on_the_centre_see_its_page(world, client, persona):
    response = get(client, getattr(world, persona), AJISAI, month="2015-03")
    assert response.status_code == 200
    page = response.content.decode()
    assert "小林 花子" in page
    assert person_url(world, world.member_person) in page
    assert "松戸市" in page
    assert "Elderly care" in page
    assert "4:00" in page  # 240 minutes worked in March 2015
    assert "20:00" in page  # 1,200 contracted minutes a week


@pytest.mark.parametrize("persona", ["staff", "member", "outsider"])
def test_the_centre_page_is_404_for_others(world, client, persona):
    assert get(client, getattr(world, persona), AJISAI).status_code == 404


def test_a_centre_manager_gets_404_for_another_centre(world, client):
    assert get(client, world.manager, WEST_NARA).status_code == 404


def test_a_centre_manager_is_not_linked_to_the_coop_page_they_cannot_see(world, client):
    page = get(client, world.manager, AJISAI).content.decode()
    assert f'href="{COOP}"' not in page


def test_the_centre_page_shows_counts_from_special_care_data_never_who(world, client):
    grow(world)
    response = get(client, world.manager, AJISAI, month="2015-03")
    page = response.content.decode()
    summary = response.context["summary"]
    assert summary.special_care_mental_or_social == 3
    members = response.context["member_count"]
    assert members == 8
    assert f"3 of {members} members have mental disabilities or difficulties in social participation." in page
    assert f"2 of {members} members are aged 60 or over." in page
    assert "3 local residents volunteer at the centre." in page
    assert "Mental disability" not in page
    assert "mental_disability" not in page


def test_the_centre_page_totals_the_hours_of_the_month(world, client):
    add_member(world, world.ajisai)
    response = get(client, world.officer, AJISAI, month="2015-03")
    assert response.context["summary"].total_minutes_this_month == 240 + 425
    assert "11:05" in response.content.decode()


def test_the_centre_page_shows_another_month(world, client):
    response = get(client, world.officer, AJISAI, month="2015-02")
    assert response.context["summary"].total_minutes_this_month == 0
    assert response.context["as_of"] == dt.date(2015, 2, 28)


@pytest.mark.parametrize("bad", ["2015-13", "March", "2015-3", "0999-01"])
def test_an_invalid_month_gets_a_message_not_an_error(world, client, bad):
    response = get(client, world.officer, AJISAI, month=bad)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a month as year-month" in page
    assert 'aria-invalid="true"' in page


# Layout -----------------------------------------------------------------------------------------------


def test_the_navigation_leads_each_persona_to_the_pages_they_can_reach(world, client):
    officer_page = get(client, world.officer, FIGURES).content.decode()
    assert f'href="{COOP}"' in officer_page
    assert "Log out" in officer_page
    staff_page = get(client, world.staff, FIGURES).content.decode()
    assert f'href="{OVERVIEW}"' in staff_page
    assert f'href="{COOP}"' not in staff_page
    manager_page = get(client, world.manager, FIGURES).content.decode()
    assert f'href="{AJISAI}"' in manager_page
    assert f'href="{COOP}"' not in manager_page
    client.logout()
    anonymous_page = get(client, None, FIGURES).content.decode()
    assert reverse("account_login") in anonymous_page


def test_the_login_page_uses_tomonis_layout(world, client):
    page = client.get(reverse("account_login")).content.decode()
    assert 'class="skip-link"' in page
    assert 'id="language-select"' in page


# Queries do not grow with the data ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "url", "params"),
    [
        (None, FIGURES, {"as_of": "2015-03-31"}),
        ("staff", OVERVIEW, {"as_of": "2015-03-31"}),
        ("officer", COOP, {"as_of": "2015-03-31"}),
        ("officer", COMPLIANCE, {"as_of": "2015-03-31"}),
        ("officer", AJISAI, {"month": "2015-03"}),
        ("manager", AJISAI, {"month": "2015-03"}),
    ],
)
def test_queries_do_not_grow_with_the_data(world, client, django_assert_max_num_queries, persona, url, params):
    if persona is not None:
        client.force_login(getattr(world, persona))
    before = queries_for(client, url, **params)
    grow(world)
    with django_assert_max_num_queries(before):
        assert client.get(url, params).status_code == 200
