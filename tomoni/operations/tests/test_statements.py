"""The statements from the books: the invariants with hypothesis, and the replica's books on the test world."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tomoni.core.errors import TomoniError
from tomoni.operations import replica, rules, selectors, services
from tomoni.operations.models import JournalEntry, JournalLine
from tomoni.testing import World, build_world

ACCOUNTS = [a.code for a in rules.STANDARD_CHART]


@st.composite
def entries(draw: st.DrawFn) -> services.EntryInput:
    amount = draw(st.integers(1, 10**9))
    debit, credit = draw(st.lists(st.sampled_from(ACCOUNTS), min_size=2, max_size=2, unique=True))
    department = draw(st.sampled_from(["ajisai", "west-nara", services.HEAD_OFFICE]))
    day = draw(st.dates(dt.date(2014, 4, 1), dt.date(2016, 3, 31)))
    return services.EntryInput(
        entry_on=day,
        lines=[rules.Line(debit, department, debit_yen=amount), rules.Line(credit, department, credit_yen=amount)],
    )


class BooksInvariants(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.world = build_world()
        services.chart_install(actor=None, coop=cls.world.cwc)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(entries(), min_size=1, max_size=12))
    def test_trial_balance_sums_to_zero_and_the_balance_sheet_balances(self, batch: list[services.EntryInput]) -> None:
        coop = self.world.cwc
        services.journal_post_many(actor=None, coop=coop, entries=batch, source="manual")
        for entry in JournalEntry.objects.filter(coop=coop):
            lines = JournalLine.objects.filter(entry=entry)
            assert sum(ln.debit_yen for ln in lines) == sum(ln.credit_yen for ln in lines) == entry.total_yen
        for year in (2014, 2015):
            rows = selectors.trial_balance(coop=coop, fiscal_year=year)
            assert sum(r.debit_yen for r in rows) == sum(r.credit_yen for r in rows)
            statements = selectors.statements_of(coop=coop, fiscal_year=year)
            assert statements.bs.balances
            departments = selectors.pl_by_department(coop=coop, fiscal_year=year)
            assert sum(d.surplus_yen for d in departments) == statements.pl.surplus_yen


@pytest.mark.django_db
def test_the_replica_books_give_the_seed_turnover_exactly_and_balance(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tomoni.core.progress import Progress

    monkeypatch.setenv("REPLICA_BOOKS_YEARS", "2")
    counts = replica.load_into_replica(federation=world.federation, scale="small", progress=Progress(1, enabled=False))
    assert counts["journal_entries"] > 0
    found = selectors.federation_turnover(world.federation, 2015)
    assert found is not None
    assert (found.total_yen, found.direct_yen) == (33_500_000_000, 19_000_000_000)
    for coop in (world.cwc, world.other):
        for year in (2014, 2015):
            statements = selectors.statements_of(coop=coop, fiscal_year=year)
            assert statements.bs.balances
            rows = selectors.trial_balance(coop=coop, fiscal_year=year)
            assert sum(r.debit_yen for r in rows) == sum(r.credit_yen for r in rows)
    # FY2014 is closed by the officers once approved; FY2015 is still open.
    with pytest.raises(TomoniError):
        services.journal_post(
            actor=None,
            coop=world.cwc,
            entry_on=dt.date(2015, 3, 31),
            lines=[rules.Line("1110", "ajisai", debit_yen=1), rules.Line("4110", "ajisai", credit_yen=1)],
        )


@pytest.mark.django_db
def test_the_surplus_in_the_profit_and_loss_is_the_surplus_capital_appropriates(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tomoni.capital.appropriation import services as capital
    from tomoni.core.progress import Progress

    appropriation = capital.appropriation_draft(
        actor=None, coop=world.cwc, fiscal_year=2014, surplus_yen=9_876_000, carried_loss_yen=0, amounts={}
    )
    appropriation = capital.appropriation_propose(actor=None, appropriation=appropriation)
    capital.appropriation_approve(
        actor=None,
        appropriation=appropriation,
        meeting_held_on=dt.date(2015, 6, 27),
        minutes_reference="第28回通常総代会",
    )
    monkeypatch.setenv("REPLICA_BOOKS_YEARS", "2")
    replica.load_into_replica(federation=world.federation, scale="small", progress=Progress(1, enabled=False))
    assert selectors.profit_and_loss_of(coop=world.cwc, fiscal_year=2014).surplus_yen == 9_876_000
    statements = selectors.statements_of(coop=world.cwc, fiscal_year=2015)
    assert statements.bs.balances
    assert statements.bs_accounts["reserves"]  # the appropriation was posted to the reserves


@pytest.mark.django_db
def test_the_federation_figures_api_gains_the_turnover(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from tomoni.core.progress import Progress

    response = Client().get("/api/v1/federation/figures/?fiscal_year=2015")
    assert response.status_code == 200 and response.json()["turnover_yen"] is None
    monkeypatch.setenv("REPLICA_BOOKS_YEARS", "1")
    replica.load_into_replica(federation=world.federation, scale="small", progress=Progress(1, enabled=False))
    body = Client().get("/api/v1/federation/figures/?fiscal_year=2015").json()
    assert body["turnover_yen"] == 33_500_000_000 and body["cwc_turnover_yen"] == 19_000_000_000
    assert body["turnover_fiscal_year"] == 2015
    page = Client().get("/figures/?as_of=2016-04-01")
    assert "¥33,500,000,000" in page.content.decode()
