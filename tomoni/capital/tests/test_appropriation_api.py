"""The appropriation API: scoped like the pages, the same services, the one error shape."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tomoni.capital.appropriation.services import article_text
from tomoni.capital.models import Appropriation, AppropriationStatus
from tomoni.capital.tests.appropriation_world import MEETING, draft, year_fixture  # noqa: F401
from tomoni.core.models import User
from tomoni.testing import World

pytestmark = pytest.mark.django_db

BASE = "/api/v1/coops/cwc/appropriations/"


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    cache.clear()


def api(user: User) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_the_officer_drafts_revises_proposes_approves_and_posts(year: World) -> None:
    officer = api(year.officer)

    created = officer.post(BASE, {"fiscal_year": 2014, "surplus_yen": 1_000_000}, format="json")
    revised = officer.patch(f"{BASE}2014/", {"job_creation_yen": 60_000, "dividend_pool_yen": 800_000}, format="json")
    proposed = officer.post(f"{BASE}2014/propose/", {}, format="json")
    early_list = officer.get(f"{BASE}2014/payment-list/")
    approved = officer.post(
        f"{BASE}2014/approve/", {"meeting_held_on": MEETING.isoformat(), "minutes_reference": "議事録"}, format="json"
    )
    posted = officer.post(f"{BASE}2014/post/", {}, format="json")
    payments = officer.get(f"{BASE}2014/payment-list/")

    assert created.status_code == 201, created.json()
    assert created.json()["dividend_pool_yen"] == 825_000
    assert revised.json()["carried_forward_yen"] == 15_000
    assert proposed.json()["status"] == "proposed"
    assert early_list.status_code == 400
    assert approved.json()["status"] == "approved"
    assert posted.json()["status"] == "posted"
    results = payments.json()["results"]
    assert [r["member_number"] for r in results] == ["C0000001", "C0000002"]
    assert sum(r["dividend_yen"] for r in results) == 800_000


def test_a_draft_below_a_minimum_is_refused_naming_the_article(year: World) -> None:
    response = api(year.officer).post(
        BASE, {"fiscal_year": 2014, "surplus_yen": 1_000_000, "education_yen": 1}, format="json"
    )

    assert response.status_code == 400
    assert article_text("76(5)") in response.json()["detail"]
    assert response.json()["errors"] == {"education_yen": [response.json()["detail"]]}
    assert not Appropriation.objects.exists()


def test_posting_twice_is_refused(year: World) -> None:
    officer = api(year.officer)
    draft(year)
    officer.post(f"{BASE}2014/propose/", {}, format="json")
    officer.post(
        f"{BASE}2014/approve/", {"meeting_held_on": MEETING.isoformat(), "minutes_reference": "x"}, format="json"
    )
    officer.post(f"{BASE}2014/post/", {}, format="json")

    again = officer.post(f"{BASE}2014/post/", {}, format="json")

    assert again.status_code == 400


def test_the_auditor_reads_and_may_not_write(year: World) -> None:
    draft(year)
    auditor = api(year.auditor)

    assert auditor.get(BASE).json()["results"][0]["fiscal_year"] == 2014
    assert auditor.get(f"{BASE}2014/dividends/").status_code == 200
    assert auditor.post(f"{BASE}2014/propose/", {}, format="json").status_code == 403
    assert Appropriation.objects.get().status == AppropriationStatus.DRAFT


@pytest.mark.parametrize("persona", ["member", "manager", "staff", "outsider"])
def test_anyone_else_gets_404(year: World, persona: str) -> None:
    draft(year)
    someone = api(getattr(year, persona))

    assert someone.get(BASE).status_code == 404
    assert someone.get(f"{BASE}2014/").status_code == 404
    assert someone.post(f"{BASE}2014/post/", {}, format="json").status_code == 404
