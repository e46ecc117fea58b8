"""The appropriation pages in a real browser: WCAG 2.2 AA in both languages, a 360-pixel phone without
sideways scrolling, the chart drawn beside its table, the payment list as CSV, and a member's own
dividend on their capital statement. The small replica holds CWC's posted FY2014 appropriation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Persona, Replica, Site, axe_violations, describe, screenshot

pytestmark = pytest.mark.browser

YEAR = 2014

PAGES: dict[str, tuple[Callable[[Replica], Persona], Callable[[Replica], str]]] = {
    "appropriations": (lambda r: r.officer, lambda r: f"/coops/{r.coop_code}/capital/appropriations/"),
    "appropriation": (lambda r: r.officer, lambda r: f"/coops/{r.coop_code}/capital/appropriations/{YEAR}/"),
    "appropriation (auditor)": (
        lambda r: r.auditor,
        lambda r: f"/coops/{r.coop_code}/capital/appropriations/{YEAR}/?page=2",
    ),
    "my capital": (lambda r: r.member, lambda r: "/me/capital/"),
}


def open_page(site: Site, name: str, language: str = "ja", **size: Any) -> Any:
    who, where = PAGES[name]
    page = site.page(who(site.replica), language=language, **size)
    response = page.goto(site.url + where(site.replica))
    assert response is not None and response.status == 200, f"{name} answered {response and response.status}"
    return page


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_has_no_wcag_22_aa_violation(site: Site, name: str, language: str) -> None:
    page = open_page(site, name, language)

    violations = axe_violations(page)

    assert not violations, f"{name} ({language}):\n{describe(violations)}"


@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_fits_a_360_pixel_phone(site: Site, name: str) -> None:
    page = open_page(site, name, width=360, height=740)

    scroll_width = page.evaluate("document.documentElement.scrollWidth")

    screenshot(page, f"capital-{name.replace(' ', '-').replace('(', '').replace(')', '')}-phone")
    assert scroll_width <= 360, f"{name} is {scroll_width}px wide on a 360px phone"


def test_the_split_is_drawn_as_a_chart_beside_its_table(site: Site) -> None:
    page = open_page(site, "appropriation")
    page.wait_for_function("() => window.Chart && window.Chart.getChart('chart-appropriation')")

    values = page.evaluate("() => window.Chart.getChart('chart-appropriation').data.datasets[0].data")
    document = page.locator("table.appropriation-document").inner_text()

    assert len(values) == 5 and all(isinstance(v, int) for v in values)
    for label in ("準備金", "就労創出等積立金", "教育繰越金", "従事分量配当", "第76条"):
        assert label in document
    screenshot(page, "capital-appropriation-desktop")


def test_the_payment_list_downloads_as_csv_with_a_bom(site: Site) -> None:
    page = open_page(site, "appropriation")

    with page.expect_download() as download:
        page.get_by_role("link", name="支払一覧（CSV）").click()
    path = download.value.path()
    assert path is not None
    content = Path(path).read_bytes()

    assert content.startswith(b"\xef\xbb\xbf")
    assert "組合員番号".encode() in content.splitlines()[0]


def test_a_member_sees_their_dividend_on_their_statement(site: Site) -> None:
    page = open_page(site, "my capital")

    assert page.get_by_role("heading", name="従事分量配当").is_visible()
    assert "2014年度" in page.locator("#my-dividends ~ div table, section:has(#my-dividends) table").first.inner_text()
