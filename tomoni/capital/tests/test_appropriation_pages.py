"""The appropriation pages: the officers' workflow, the auditor's reading, everyone else's 404, the CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from tomoni.capital.appropriation.services import article_text
from tomoni.capital.models import Appropriation, AppropriationStatus, DividendLine
from tomoni.capital.tests.appropriation_world import MEETING, approved, draft, work, year_fixture  # noqa: F401
from tomoni.core.models import AuditEvent, User
from tomoni.members.models import Membership, Person
from tomoni.testing import World

pytestmark = pytest.mark.django_db


def client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def url(name: str, world: World, **kwargs: object) -> str:
    return reverse(f"capital:{name}", kwargs={"code": world.cwc.code, **kwargs})


DRAFT_FORM = {
    "fiscal_year": "2014",
    "surplus_yen": "1000000",
    "carried_loss_yen": "0",
    "reserve_balance_yen": "",
    "total_capital_yen": "",
    "set_off_unpaid_capital": "on",
    "notes": "",
    "weight_worker": "1",
    "weight_user": "1",
    "weight_supporting": "1",
    "weight_consumer": "1",
}


def test_the_officer_drafts_from_the_list(year: World) -> None:
    officer = client(year.officer)

    page = officer.get(url("appropriations", year))
    response = officer.post(url("appropriations", year), DRAFT_FORM)

    assert page.status_code == 200
    assert 'name="surplus_yen"' in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == url("appropriation", year, fiscal_year=2014)
    assert Appropriation.objects.get().dividend_pool_yen == 825_000


def test_a_draft_form_with_no_work_that_year_shows_the_refusal(year: World) -> None:
    response = client(year.officer).post(url("appropriations", year), DRAFT_FORM | {"fiscal_year": "2011"})

    assert response.status_code == 400
    assert "2011" in response.content.decode()
    assert not Appropriation.objects.exists()


def test_the_document_shows_every_figure_with_its_article(year: World) -> None:
    draft(year)

    response = client(year.officer).get(url("appropriation", year, fiscal_year=2014))

    body = response.content.decode()
    assert response.status_code == 200
    articles = [article_text(a) for a in ("76(1)", "76(4)", "76(5)", "77(2)", "77(1)")]
    for figure in ("¥1,000,000", "¥75,000", "¥50,000", "¥825,000", *articles):
        assert figure in body, figure
    chart = json.loads(body.split('id="appropriation-chart" type="application/json">')[1].split("</script>")[0])
    assert chart["values"] == [75_000, 50_000, 50_000, 825_000, 0]
    assert "C0000001" in body and "C0000002" in body  # the planned dividend list


def test_the_auditor_reads_but_cannot_draft_or_post(year: World) -> None:
    approved(year)
    auditor = client(year.auditor)

    listing = auditor.get(url("appropriations", year))
    assert listing.status_code == 200
    assert 'name="surplus_yen"' not in listing.content.decode()
    assert auditor.get(url("appropriation", year, fiscal_year=2014)).status_code == 200
    assert auditor.post(url("appropriations", year), DRAFT_FORM).status_code == 403
    assert auditor.post(url("appropriation_post", year, fiscal_year=2014)).status_code == 403
    assert Appropriation.objects.get().status == AppropriationStatus.APPROVED


@pytest.mark.parametrize("persona", ["manager", "member", "support", "staff", "outsider"])
def test_no_one_else_reaches_the_appropriation(year: World, persona: str) -> None:
    draft(year)
    someone = client(getattr(year, persona))

    assert someone.get(url("appropriations", year)).status_code == 404
    assert someone.get(url("appropriation", year, fiscal_year=2014)).status_code == 404
    assert someone.post(url("appropriation_propose", year, fiscal_year=2014)).status_code == 404


def test_the_whole_workflow_through_the_pages(year: World) -> None:
    officer = client(year.officer)
    draft(year)

    assert officer.get(url("appropriation_propose", year, fiscal_year=2014)).status_code == 200
    officer.post(url("appropriation_propose", year, fiscal_year=2014))
    assert Appropriation.objects.get().status == AppropriationStatus.PROPOSED
    response = officer.post(
        url("appropriation_approve", year, fiscal_year=2014),
        {"meeting_held_on": MEETING.isoformat(), "minutes_reference": "第28回通常総会 第3号議案"},
    )
    assert response.status_code == 302
    assert officer.get(url("appropriation_post", year, fiscal_year=2014)).status_code == 200
    officer.post(url("appropriation_post", year, fiscal_year=2014))

    assert Appropriation.objects.get().status == AppropriationStatus.POSTED
    assert DividendLine.objects.count() == 2
    page = officer.get(url("appropriation", year, fiscal_year=2014)).content.decode()
    assert "payment-list.csv" in page


def test_an_approval_before_the_year_end_is_shown_on_the_form(year: World) -> None:
    draft(year)
    officer = client(year.officer)
    officer.post(url("appropriation_propose", year, fiscal_year=2014))

    response = officer.post(
        url("appropriation_approve", year, fiscal_year=2014),
        {"meeting_held_on": "2015-03-01", "minutes_reference": "議事録"},
    )

    assert response.status_code == 400
    assert Appropriation.objects.get().status == AppropriationStatus.PROPOSED


def test_revising_below_a_minimum_is_refused_on_the_form(year: World) -> None:
    draft(year)
    events = AuditEvent.objects.count()
    form = DRAFT_FORM | {
        "reserve_balance_yen": "0",
        "total_capital_yen": "150000",
        "reserve_fund_yen": "75000",
        "job_creation_yen": "10000",
        "education_yen": "50000",
        "dividend_pool_yen": "800000",
    }

    response = client(year.officer).post(url("appropriation_edit", year, fiscal_year=2014), form)

    assert response.status_code == 400
    assert article_text("76(4)") in response.content.decode()
    assert Appropriation.objects.get().job_creation_yen == 50_000
    assert AuditEvent.objects.count() == events


def test_the_payment_list_is_a_csv_with_a_bom_after_posting(year: World) -> None:
    from tomoni.capital.appropriation import services

    officer = client(year.officer)
    appropriation = approved(year)
    early = officer.get(url("appropriation_payment_list", year, fiscal_year=2014))
    services.appropriation_post(actor=year.officer, appropriation=appropriation)

    response = officer.get(url("appropriation_payment_list", year, fiscal_year=2014))

    assert early.status_code == 302  # not before posting
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert len(rows[0]) == 6
    assert rows[1] == ["C0000001", "小林 花子", "コバヤシ ハナコ", "275000", "70000", "205000"]
    assert rows[2][0] == "C0000002"


def test_the_dividend_list_is_paged(year: World) -> None:
    for n in range(60):
        person = Person.objects.create(coop=year.cwc, family_name="組合", given_name=f"員{n}")
        Membership.objects.create(
            coop=year.cwc, person=person, kind="worker", member_number=f"C1{n:06d}", joined_on=dt.date(2010, 4, 1)
        )
        work(year, person, dt.date(2014, 5, 1), 60 + n)
    draft(year)
    officer = client(year.officer)

    first = officer.get(url("appropriation", year, fiscal_year=2014)).content.decode()
    second = officer.get(url("appropriation", year, fiscal_year=2014) + "?page=2").content.decode()

    assert "C0000001" in first and "C1000059" not in first
    assert "C1000059" in second


def test_a_member_sees_their_own_dividend_on_their_capital_statement(year: World) -> None:
    from tomoni.capital.appropriation import services

    services.appropriation_post(actor=year.officer, appropriation=approved(year))

    mine = client(year.member).get(reverse("capital:me")).content.decode()
    officers_view = client(year.officer).get(
        reverse("capital:person", kwargs={"code": "cwc", "person_id": year.nara_person.pk})
    )

    assert "¥275,000" in mine and "¥205,000" in mine  # dividend, and payable after the ¥70,000 set-off
    assert "¥550,000" not in mine  # Nara's dividend is not hers to see
    assert "¥550,000" in officers_view.content.decode()
