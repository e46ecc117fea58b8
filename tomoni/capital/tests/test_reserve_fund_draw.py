"""Art 76(3): the reserve fund is drawn on only to cover a loss the general meeting approved, never beyond it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from tomoni.capital.ledger import selectors, services
from tomoni.capital.models import CapitalEntry, ReserveKind
from tomoni.capital.rules import reserve_fund_draw_allowed
from tomoni.capital.tests.appropriation_world import approved, draft, year_fixture  # noqa: F401
from tomoni.core.errors import TomoniError
from tomoni.core.models import AuditEvent
from tomoni.testing import World

DAY = dt.date(2015, 7, 1)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def fund(world: World, amount: int = 1_000_000) -> None:
    services.capital_reserve_post(
        actor=world.officer, coop=world.cwc, effective_on=dt.date(2014, 6, 1), memo="FY2013",
        postings=[services.ReservePosting(ReserveKind.RESERVE_FUND, amount)],
    )  # fmt: skip


def draw(world: World, amount: int, **kwargs: object) -> list[CapitalEntry]:
    return services.capital_reserve_post(
        actor=world.officer, coop=world.cwc, effective_on=DAY,
        postings=[services.ReservePosting(ReserveKind.RESERVE_FUND, -amount)], **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip


# The rule ----------------------------------------------------------------------------------------------------


def test_a_draw_up_to_the_loss_left_is_allowed_and_a_yen_more_is_not() -> None:
    assert reserve_fund_draw_allowed(draw_yen=400_000, loss_yen=400_000, drawn_yen=0)
    assert not reserve_fund_draw_allowed(draw_yen=400_001, loss_yen=400_000, drawn_yen=0)
    assert reserve_fund_draw_allowed(draw_yen=100_000, loss_yen=400_000, drawn_yen=300_000)
    assert not reserve_fund_draw_allowed(draw_yen=100_001, loss_yen=400_000, drawn_yen=300_000)


def test_a_draw_with_no_loss_to_cover_is_never_allowed() -> None:
    assert not reserve_fund_draw_allowed(draw_yen=100_000, loss_yen=0, drawn_yen=0)
    assert not reserve_fund_draw_allowed(draw_yen=1, loss_yen=0, drawn_yen=0)
    assert not reserve_fund_draw_allowed(draw_yen=0, loss_yen=400_000, drawn_yen=0)


@settings(deadline=None)
@given(loss=st.integers(0, 10**12), draws=st.lists(st.integers(1, 10**12), max_size=20))
def test_the_draws_allowed_one_after_another_never_cover_more_than_the_loss(loss: int, draws: list[int]) -> None:
    drawn = 0
    for amount in draws:
        if reserve_fund_draw_allowed(draw_yen=amount, loss_yen=loss, drawn_yen=drawn):
            drawn += amount
    assert 0 <= drawn <= loss


# The service -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_draw_with_no_loss_to_cover_is_refused_and_records_nothing(year: World) -> None:
    fund(year)

    with pytest.raises(TomoniError, match=r"only to cover a loss \(Art 76\(3\)\)"):
        draw(year, 100_000)

    assert selectors.reserve_balances(coop=year.cwc, as_of=DAY)[ReserveKind.RESERVE_FUND] == 1_000_000
    assert AuditEvent.objects.filter(action="capital.reserve.posted").count() == 1


@pytest.mark.django_db
def test_a_draw_naming_a_year_with_a_surplus_is_refused(year: World) -> None:
    fund(year)
    profit_year = approved(year)

    with pytest.raises(TomoniError, match="Art 76"):
        draw(year, 100_000, covers_loss_of=profit_year)


@pytest.mark.django_db
def test_a_draw_naming_a_loss_the_general_meeting_has_not_approved_is_refused(year: World) -> None:
    fund(year)
    loss_year = draft(year, surplus_yen=-300_000, carried_loss_yen=100_000)

    with pytest.raises(TomoniError, match="general meeting approved"):
        draw(year, 100_000, covers_loss_of=loss_year)


@pytest.mark.django_db
def test_draws_cover_an_approved_loss_up_to_what_is_left_of_it(year: World) -> None:
    fund(year)
    loss_year = approved(year, surplus_yen=-300_000, carried_loss_yen=100_000)  # ¥400,000 still to cover

    entries = draw(year, 300_000, covers_loss_of=loss_year)
    with pytest.raises(TomoniError, match="more than the ¥100,000 of the losses of fiscal year 2014"):
        draw(year, 100_001, covers_loss_of=loss_year)
    draw(year, 100_000, covers_loss_of=loss_year)

    assert entries[0].reference == "loss:2014"
    assert selectors.reserve_fund_drawn_for(coop=year.cwc, fiscal_year=2014) == 400_000
    assert selectors.reserve_balances(coop=year.cwc, as_of=DAY)[ReserveKind.RESERVE_FUND] == 600_000
    assert AuditEvent.objects.filter(action="capital.reserve.posted", data__covers_loss_of=2014).count() == 2


@pytest.mark.django_db
def test_a_reversed_draw_leaves_its_part_of_the_loss_to_cover_again(year: World) -> None:
    fund(year)
    loss_year = approved(year, surplus_yen=-300_000, carried_loss_yen=100_000)
    entry = draw(year, 400_000, covers_loss_of=loss_year)[0]

    services.capital_reverse(actor=year.officer, entry=entry, effective_on=DAY, memo="wrong year")

    assert selectors.reserve_fund_drawn_for(coop=year.cwc, fiscal_year=2014) == 0
    draw(year, 400_000, covers_loss_of=loss_year)


@pytest.mark.django_db
def test_a_draw_is_posted_on_its_own_not_beside_other_reserves(year: World) -> None:
    fund(year)
    loss_year = approved(year, surplus_yen=-300_000)

    with pytest.raises(TomoniError, match="on its own"):
        services.capital_reserve_post(
            actor=year.officer, coop=year.cwc, effective_on=DAY, covers_loss_of=loss_year,
            postings=[services.ReservePosting(ReserveKind.RESERVE_FUND, -100_000),
                      services.ReservePosting(ReserveKind.EDUCATION, 100_000)],
        )  # fmt: skip
