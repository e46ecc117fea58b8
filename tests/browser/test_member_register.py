"""Registering a member in a real browser: the home centre is found by typing in the search box before the
grouped list, and the page has no WCAG 2.2 AA violation."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Site, axe_violations, describe

pytestmark = pytest.mark.browser

VISIBLE = """(id) => [...document.getElementById(id).querySelectorAll('optgroup:not([hidden]) option:not([hidden])')]
  .map(o => o.textContent)"""


def test_the_officer_finds_the_home_centre_by_typing_part_of_its_place(site: Site) -> None:
    page = site.page(site.replica.officer, language="ja")
    page.goto(f"{site.url}/coops/{site.replica.coop_code}/people/new/")
    everything = page.evaluate(VISIBLE, "id_centre")
    assert page.locator("#id_centre optgroup").count() >= 2

    page.get_by_label("事業所を名前か地名で探す").fill("松戸")

    found = page.evaluate(VISIBLE, "id_centre")
    assert found and len(found) < len(everything)
    assert all("松戸" in text for text in found)
    violations = axe_violations(page)
    assert not violations, describe(violations)
