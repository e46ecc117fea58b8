"""Daily records from a phone and budgets made by the members: the pages, their refusals, their audit events."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tomoni.core.models import AuditEvent
from tomoni.governance.tests.factories import in_session, meeting, open_motion
from tomoni.governance.voting import services as governance
from tomoni.operations import rules, selectors, services
from tomoni.operations.models import Budget, BudgetLine, ProductionLog, ServiceRecord
from tomoni.testing import World

pytestmark = pytest.mark.django_db


def _client(user: object, language: str = "ja") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_manager_records_a_days_visits_and_it_is_audited(books: World) -> None:
    client = _client(books.manager)
    today = timezone.localdate()
    page = client.get("/coops/cwc/records/ajisai/")
    assert page.status_code == 200 and 'name="viewport"' in page.content.decode()
    response = client.post(
        "/coops/cwc/records/ajisai/service/",
        {"s-day": today.isoformat(), "s-kind": "care_visit", "s-count": "7", "s-minutes": "420"},
    )
    assert response.status_code == 302
    record = ServiceRecord.objects.get()
    assert (record.count, record.minutes, record.centre_id) == (7, 420, books.ajisai.pk)
    assert AuditEvent.objects.filter(action="operations.service.recorded").count() == 1
    assert "7" in client.get("/coops/cwc/records/ajisai/").content.decode()


def test_bad_service_input_is_refused_in_the_users_language_and_nothing_is_saved(books: World) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    ja = _client(books.manager).post(
        "/coops/cwc/records/ajisai/service/", {"s-day": tomorrow.isoformat(), "s-kind": "care_visit", "s-count": "3"}
    )
    assert ja.status_code == 400 and "当日以降" in ja.content.decode()
    en = _client(books.manager, "en").post(
        "/coops/cwc/records/ajisai/service/", {"s-day": "2015-04-01", "s-kind": "care_visit", "s-count": "0"}
    )
    assert en.status_code == 400 and "Nothing was saved" in en.content.decode()
    assert not ServiceRecord.objects.exists()


def test_a_plant_logs_litres_and_timber_in_cubic_metres_once_a_day(books: World) -> None:
    client = _client(books.manager, "en")
    day = "2015-06-01"
    ok = client.post("/coops/cwc/records/ajisai/production/", {"p-day": day, "p-kind": "timber", "p-quantity": "12.5"})
    assert ok.status_code == 302 and ProductionLog.objects.get().litres == 12_500
    again = client.post("/coops/cwc/records/ajisai/production/", {"p-day": day, "p-kind": "timber", "p-quantity": "1"})
    assert again.status_code == 400 and "already recorded" in again.content.decode()
    half = client.post(
        "/coops/cwc/records/ajisai/production/", {"p-day": day, "p-kind": "oil_collected", "p-quantity": "400.5"}
    )
    assert half.status_code == 400 and "whole numbers" in half.content.decode()
    assert ProductionLog.objects.count() == 1


def test_a_member_without_a_centre_to_record_gets_404(books: World) -> None:
    client = _client(books.member)
    assert client.get("/coops/cwc/records/").status_code == 404
    assert client.get("/coops/cwc/records/ajisai/").status_code == 404
    assert client.post("/coops/cwc/records/ajisai/service/", {}).status_code == 404
    assert _client(books.outsider).get("/coops/cwc/records/ajisai/").status_code == 404


def test_timber_quantities_are_read_to_the_litre() -> None:
    from decimal import Decimal

    assert rules.litres_from_quantity(Decimal("0.001"), timber=True) == 1
    with pytest.raises(ValueError):
        rules.litres_from_quantity(Decimal("0.0005"), timber=True)
    with pytest.raises(ValueError):
        rules.litres_from_quantity(Decimal("-1"), timber=False)


def _passed_motion(world: World) -> int:
    m = meeting(world, kind="centre_all_member", centre=world.ajisai)
    motion = open_motion(world, meeting_=m)
    governance.vote_cast(actor=world.member, motion=motion, choice="for")
    in_session(world, motion)
    governance.motion_close(actor=world.officer, motion=motion)
    return governance.motion_tally(actor=world.officer, motion=motion).pk


def test_a_centres_budget_is_drafted_put_to_its_meeting_approved_and_read_against_actual(books: World) -> None:
    services.journal_post(
        actor=None,
        coop=books.cwc,
        entry_on=dt.date(2015, 4, 30),
        lines=[rules.Line("1130", "ajisai", debit_yen=100_000), rules.Line("4110", "ajisai", credit_yen=100_000)],
    )
    manager = _client(books.manager, "en")
    url = "/coops/cwc/books/centres/ajisai/budget/2015/"
    assert manager.get(url).status_code == 200
    refused = manager.post(url, {"action": "draft", "a4110": "-5"})
    assert refused.status_code == 400 and not Budget.objects.exists()
    assert manager.post(url, {"action": "draft", "a4110": "1200001", "a5110": "840000"}).status_code == 302
    budget = Budget.objects.get()
    assert sum(BudgetLine.objects.filter(account__code="4110").values_list("amount_yen", flat=True)) == 1_200_001
    assert manager.post(url, {"action": "propose"}).status_code == 302
    motion_id = _passed_motion(books)
    assert selectors.budget_motions(budget=Budget.objects.get())[0][0] == motion_id
    assert manager.post(url, {"action": "approve", "motion": str(motion_id)}).status_code == 302
    budget.refresh_from_db()
    assert budget.status == "approved" and budget.motion_id == motion_id
    rows = selectors.budget_by_account_and_month(budget=budget)
    revenue = next(r for r in rows if r.account.code == "4110")
    assert revenue.actual[0] == 100_000 and revenue.budget_yen == 1_200_001 and revenue.budget[0] == 100_001
    page = _client(books.member, "en").get(url)  # open books: every member reads it, but cannot draft
    assert (
        page.status_code == 200
        and "¥1,200,001" in page.content.decode()
        and 'name="action"' not in page.content.decode()
    )
    assert _client(books.member).post(url, {"action": "propose"}).status_code == 404
    assert set(AuditEvent.objects.filter(action__startswith="operations.budget").values_list("action", flat=True)) == {
        "operations.budget.drafted",
        "operations.budget.proposed",
        "operations.budget.approved",
    }


def test_a_general_meeting_motion_does_not_approve_a_centres_budget(books: World) -> None:
    services.budget_draft(
        actor=books.manager, department=selectors.department_get(coop=books.cwc, code="ajisai"), fiscal_year=2015,
        yearly_yen={"4110": 12},
    )  # fmt: skip
    budget = services.budget_propose(actor=books.manager, budget=Budget.objects.get())
    general = open_motion(books)
    assert selectors.budget_motions(budget=budget) == []
    response = _client(books.manager, "en").post(
        "/coops/cwc/books/centres/ajisai/budget/2015/", {"action": "approve", "motion": str(general.pk)}
    )
    assert response.status_code == 400
    assert Budget.objects.get().status == "proposed"


def test_the_summaries_rebuilt_from_the_lines_equal_those_kept_by_posting(books: World) -> None:
    from tomoni.operations.models import MonthlySummary

    for day, amount in ((dt.date(2015, 4, 30), 500), (dt.date(2015, 5, 31), 700), (dt.date(2016, 1, 31), 900)):
        services.journal_post(
            actor=None,
            coop=books.cwc,
            entry_on=day,
            lines=[rules.Line("1130", "ajisai", debit_yen=amount), rules.Line("4110", "ajisai", credit_yen=amount)],
        )
    fields = ("period", "fiscal_year", "account_id", "department_id", "section", "debit_yen", "credit_yen")
    before = sorted(MonthlySummary.objects.filter(coop=books.cwc).values_list(*fields))
    assert services.summaries_rebuild(actor=books.officer, coop=books.cwc) == len(before)
    assert sorted(MonthlySummary.objects.filter(coop=books.cwc).values_list(*fields)) == before
    dashboard = selectors.federation_dashboard(federation=books.cwc.federation, fiscal_year=2015)
    assert dashboard.turnover_yen == 2_100 and dashboard.months[0] == 500 and dashboard.months[9] == 900


def test_the_officers_start_page_reminds_them_of_the_art_124_filing_until_it_is_filed(books: World) -> None:
    from tomoni.reports.selectors import start_page

    services.journal_post(
        actor=None,
        coop=books.cwc,
        entry_on=dt.date(2015, 4, 30),
        lines=[rules.Line("1130", "ajisai", debit_yen=1_000), rules.Line("4110", "ajisai", credit_yen=1_000)],
    )
    year_end = services.year_end_draw_up(actor=books.officer, coop=books.cwc, fiscal_year=2015)
    year_end = services.year_end_audit(actor=books.auditor, year_end=year_end, opinion="適正と認める。")
    held = dt.date(2016, 6, 25)
    year_end = services.year_end_approve(
        actor=books.officer, year_end=year_end, meeting_held_on=held, minutes_reference="第30回通常総会議事録"
    )
    now = timezone.make_aware(dt.datetime(2016, 7, 1, 9))
    needs = [n for n in start_page(user=books.officer, now=now).needs if n.reminder.kind == "filing"]
    assert len(needs) == 1 and needs[0].reminder.due == dt.date(2016, 7, 9) and needs[0].reminder.must_act
    assert "/coops/cwc/books/years/2015/" in needs[0].url
    late = [
        n for n in start_page(user=books.officer, now=now + dt.timedelta(days=9)).needs if n.reminder.kind == "filing"
    ]
    assert len(late) == 1 and late[0].title != needs[0].title
    assert not [n for n in start_page(user=books.member, now=now).needs if n.reminder.kind == "filing"]
    services.year_end_file(actor=books.officer, year_end=year_end, filed_on=dt.date(2016, 7, 8))
    assert not [n for n in start_page(user=books.officer, now=now).needs if n.reminder.kind == "filing"]


OUTBOX = {"HTTP_X_TOMONI_OUTBOX": "1"}


def test_the_records_page_works_offline_and_a_record_sent_twice_is_stored_once(books: World) -> None:
    import uuid

    from tomoni.core.models import ClientSubmission
    from tomoni.core.offline import OFFLINE_READY_HEADER

    client = _client(books.manager, "en")
    page = client.get("/coops/cwc/records/ajisai/")
    assert page[OFFLINE_READY_HEADER] == "1" and page.content.decode().count("novalidate data-offline=") == 2
    key = str(uuid.uuid4())
    sent = {"s-day": "2015-06-01", "s-kind": "care_visit", "s-count": "7", "s-minutes": "420", "client_key": key}
    first = client.post("/coops/cwc/records/ajisai/service/", sent, **OUTBOX)
    again = client.post("/coops/cwc/records/ajisai/service/", sent, **OUTBOX)  # a retry after a lost answer
    assert (first.json()["status"], again.json()["status"]) == ("stored", "replayed")
    assert ServiceRecord.objects.count() == 1 and ClientSubmission.objects.count() == 1
    assert AuditEvent.objects.filter(action="operations.service.recorded").count() == 1
    # The same key with other values is a conflicting edit: refused in plain words, nothing changed.
    edited = client.post("/coops/cwc/records/ajisai/service/", {**sent, "s-count": "8"}, **OUTBOX)
    assert edited.status_code == 409 and "already sent with other values" in edited.json()["message"]
    assert ServiceRecord.objects.get().count == 7
    # Without a script (no key) each post is its own record, as before.
    plain = {k: v for k, v in sent.items() if k != "client_key"}
    assert client.post("/coops/cwc/records/ajisai/service/", plain).status_code == 302
    assert ServiceRecord.objects.count() == 2


def test_a_production_log_sent_twice_is_answered_not_refused_as_the_same_day(books: World) -> None:
    import uuid

    client = _client(books.manager, "en")
    key = str(uuid.uuid4())
    sent = {"p-day": "2015-06-01", "p-kind": "oil_collected", "p-quantity": "640", "client_key": key}
    assert client.post("/coops/cwc/records/ajisai/production/", sent, **OUTBOX).json()["status"] == "stored"
    again = client.post("/coops/cwc/records/ajisai/production/", sent, **OUTBOX)
    assert again.status_code == 200 and again.json()["status"] == "replayed"
    assert ProductionLog.objects.get().litres == 640
    conflicting = client.post("/coops/cwc/records/ajisai/production/", {**sent, "p-quantity": "641"}, **OUTBOX)
    assert conflicting.status_code == 409 and ProductionLog.objects.get().litres == 640
    # A new record (its own key) for the same day and kind is still refused on its field.
    other = client.post("/coops/cwc/records/ajisai/production/", {**sent, "client_key": str(uuid.uuid4())}, **OUTBOX)
    assert other.status_code == 409 and "already recorded" in other.json()["message"]
    bad = client.post("/coops/cwc/records/ajisai/production/", {**sent, "p-quantity": "0.5"}, **OUTBOX)
    assert bad.status_code == 400 and bad.json()["status"] == "invalid"
    assert ProductionLog.objects.count() == 1


def test_the_same_key_from_another_user_is_not_taken_as_theirs(books: World) -> None:
    import uuid

    from tomoni.core.errors import TomoniError

    key = uuid.uuid4()
    day = dt.date(2015, 6, 1)
    services.service_record_add(actor=books.manager, centre=books.ajisai, kind="care_visit", day=day, count=3,
                                client_key=key)  # fmt: skip
    with pytest.raises(TomoniError):
        services.service_record_add(actor=books.officer, centre=books.ajisai, kind="care_visit", day=day, count=3,
                                    client_key=key)  # fmt: skip
    assert ServiceRecord.objects.count() == 1
