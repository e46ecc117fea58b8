"""The dividend's tie-break reads member numbers in natural order; the ledger refuses dates outside the window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from tomoni.capital.ledger import services
from tomoni.capital.models import CapitalEntry
from tomoni.capital.rules import WorkShare, dividend_split, natural_key
from tomoni.core.errors import TomoniError
from tomoni.testing import World


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_a9_comes_before_a10_in_natural_order() -> None:
    assert sorted(["A10", "A9", "A100", "A1"], key=natural_key) == ["A1", "A9", "A10", "A100"]
    assert sorted(["C0000010", "C0000009"], key=natural_key) == ["C0000009", "C0000010"]


def test_a_tied_yen_goes_to_member_a9_before_member_a10() -> None:
    parts = dividend_split(1, [WorkShare(1, "A10", 60), WorkShare(2, "A9", 60)])

    assert {part.member_number: part.dividend_yen for part in parts} == {"A9": 1, "A10": 0}


@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=30, unique=True))
def test_numbers_with_one_prefix_sort_as_their_numbers(values: list[int]) -> None:
    assert sorted((f"A{v}" for v in values), key=natural_key) == [f"A{v}" for v in sorted(values)]


@pytest.mark.django_db
@pytest.mark.parametrize("day", [dt.date(9999, 12, 31), dt.date(1, 1, 1), dt.date(2101, 1, 1), dt.date(1899, 12, 31)])
def test_a_capital_entry_dated_outside_1900_to_2100_is_refused_and_never_written(world: World, day: dt.date) -> None:
    with pytest.raises(TomoniError, match=r"between .*1900 and .*2100") as refused:
        services.capital_subscribe(actor=world.officer, person=world.member_person, shares=1, effective_on=day)

    assert refused.value.field == "effective_on"
    assert not CapitalEntry.objects.exists()


@pytest.mark.django_db
def test_a_capital_entry_on_the_last_day_of_the_window_is_accepted(world: World) -> None:
    entry = services.capital_subscribe(
        actor=world.officer, person=world.member_person, shares=1, effective_on=dt.date(2100, 12, 31)
    )

    assert entry.effective_on == dt.date(2100, 12, 31)
