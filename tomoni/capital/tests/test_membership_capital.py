"""Joining and leaving: admission completes with payment, withdrawal waits for the fiscal year end, the
refund follows the articles, and the member's history stays."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import translation

from tomoni.capital import rules
from tomoni.capital.ledger import selectors, services
from tomoni.capital.tests.factories import capital
from tomoni.core.errors import TomoniError
from tomoni.testing import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The refusals are matched by their English text (the Japanese catalogue is checked elsewhere)."""
    with translation.override("en"):
        yield


def test_admission_per_the_articles_may_complete_with_a_first_payment(world: World) -> None:
    capital(world.member_person, 1, 10_000)
    day = dt.date(2015, 3, 31)
    assert not selectors.admission_complete(person=world.member_person, as_of=day)
    services.capital_settings_update(actor=world.officer, coop=world.cwc, admission_requires_full_payment=False)
    assert selectors.admission_complete(person=world.member_person, as_of=day)


def test_instalments_may_be_forbidden_by_the_articles(world: World) -> None:
    services.capital_settings_update(actor=world.officer, coop=world.cwc, instalments_allowed=False)
    capital(world.member_person, 2, 0)
    with pytest.raises(TomoniError, match="one sum"):
        services.capital_pay(
            actor=None, person=world.member_person, amount_yen=50_000, method="instalment",
            effective_on=dt.date(2015, 3, 31),
        )  # fmt: skip


@pytest.mark.parametrize(
    ("notice_on", "effective_on"),
    [
        (dt.date(2014, 12, 31), dt.date(2015, 3, 31)),  # 90 days later is 31 March: this year end
        (dt.date(2015, 1, 1), dt.date(2016, 3, 31)),  # 90 days later is 1 April: the next one
        (dt.date(2015, 4, 1), dt.date(2016, 3, 31)),
    ],
)
def test_withdrawal_waits_for_the_first_year_end_after_the_notice(
    world: World, notice_on: dt.date, effective_on: dt.date
) -> None:
    capital(world.member_person, 1, day=dt.date(2014, 4, 1))
    notice = services.capital_withdrawal_notify(actor=None, person=world.member_person, notice_on=notice_on)
    assert notice.effective_on == effective_on


def test_the_articles_may_let_withdrawal_take_effect_after_the_notice_alone(world: World) -> None:
    services.capital_settings_update(actor=world.officer, coop=world.cwc, withdrawal_at_fiscal_year_end=False)
    assert rules.withdrawal_effective_on(notice_on=dt.date(2015, 1, 1), notice_days=90, at_fiscal_year_end=False) == (
        dt.date(2015, 4, 1)
    )
    capital(world.member_person, 1, day=dt.date(2014, 4, 1))
    notice = services.capital_withdrawal_notify(actor=None, person=world.member_person, notice_on=dt.date(2015, 1, 1))
    assert notice.effective_on == dt.date(2015, 4, 1)


def test_a_notice_shorter_than_the_articles_is_refused(world: World) -> None:
    capital(world.member_person, 1, day=dt.date(2014, 4, 1))
    with pytest.raises(TomoniError, match="90"):
        services.capital_withdrawal_notify(
            actor=None, person=world.member_person, notice_on=dt.date(2015, 1, 1), effective_on=dt.date(2015, 3, 1)
        )


def test_refund_at_par_or_less_and_partial_refunds_keep_the_minimum(world: World) -> None:
    capital(world.member_person, 3, 120_000, day=dt.date(2014, 4, 1))
    with pytest.raises(TomoniError, match="notice of withdrawal"):
        services.capital_refund(actor=None, person=world.member_person, shares=3, effective_on=dt.date(2015, 3, 31))
    services.capital_settings_update(actor=world.officer, coop=world.cwc, minimum_shares=2)
    with pytest.raises(TomoniError, match="at least 2"):
        services.capital_refund(actor=None, person=world.member_person, shares=2, effective_on=dt.date(2015, 3, 31))
    entry = services.capital_refund(actor=None, person=world.member_person, shares=1, effective_on=dt.date(2015, 3, 31))
    # The share that leaves is paid up first: it takes ¥50,000 of the ¥120,000 paid.
    assert (entry.paid_yen, entry.refund_yen) == (-50_000, 50_000)
    holding = selectors.holding_of(person=world.member_person, as_of=dt.date(2015, 3, 31))
    assert holding == rules.Holding(2, 100_000, 70_000)


def test_a_refund_before_the_withdrawal_takes_effect_is_refused(world: World) -> None:
    capital(world.member_person, 1, day=dt.date(2014, 4, 1))
    services.capital_withdrawal_notify(actor=None, person=world.member_person, notice_on=dt.date(2015, 1, 10))
    with pytest.raises(TomoniError):
        services.capital_refund(actor=None, person=world.member_person, shares=1, effective_on=dt.date(2015, 3, 31))
