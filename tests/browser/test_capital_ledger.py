"""The capital ledger's pages in a real browser: WCAG 2.2 AA in both languages, a 360-pixel phone without
sideways scrolling, the federation's chart beside its table, and a refused form that says why.

The small replica gives every worker member shares; the Ajisai member is one of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.conftest import Persona, Replica, Site, axe_violations, describe, screenshot

pytestmark = pytest.mark.browser

PAGES: dict[str, tuple[Callable[[Replica], Persona], Callable[[Replica], str]]] = {
    "my capital": (lambda r: r.member, lambda r: "/me/capital/?as_of=2015-03-31"),
    "register": (lambda r: r.officer, lambda r: f"/coops/{r.coop_code}/capital/?as_of=2015-03-31"),
    "settings": (lambda r: r.officer, lambda r: f"/coops/{r.coop_code}/capital/settings/"),
    "import": (lambda r: r.officer, lambda r: f"/coops/{r.coop_code}/capital/import/"),
    "federation": (lambda r: r.staff, lambda r: "/federation/capital/?as_of=2015-03-31"),
}


def open_page(site: Site, name: str, language: str = "ja", **size: Any) -> Any:
    who, where = PAGES[name]
    page = site.page(who(site.replica), language=language, **size)
    response = page.goto(site.url + where(site.replica))
    assert response is not None and response.status == 200, f"{name} answered {response and response.status}"
    return page


def member_ledger(site: Site, language: str = "ja", **size: Any) -> Any:
    """The register's first member's ledger page, as the officer reaches it."""
    page = open_page(site, "register", language, **size)
    link = page.locator("table.register tbody th a").first
    href = link.get_attribute("href")
    assert href
    page.goto(site.url + href + "?as_of=2015-03-31")
    return page


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_has_no_wcag_22_aa_violation(site: Site, name: str, language: str) -> None:
    page = open_page(site, name, language)

    violations = axe_violations(page)

    assert not violations, f"{name} ({language}):\n{describe(violations)}"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_members_ledger_and_its_forms_have_no_violation(site: Site, language: str) -> None:
    page = member_ledger(site, language)
    assert not (violations := axe_violations(page)), describe(violations)
    page.click("a[href$='/pay/']")
    assert not (violations := axe_violations(page)), describe(violations)


@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_fits_a_360_pixel_phone(site: Site, name: str) -> None:
    page = open_page(site, name, width=360, height=740)

    scroll_width = page.evaluate("document.documentElement.scrollWidth")

    screenshot(page, f"capital-ledger-{name.replace(' ', '-')}-phone")
    assert scroll_width <= 360, f"{name} is {scroll_width}px wide on a 360px phone"


def test_capital_by_coop_is_drawn_as_a_chart_beside_its_table(site: Site) -> None:
    page = open_page(site, "federation")
    page.wait_for_function("() => window.Chart && window.Chart.getChart('capital-chart')")
    bars = page.evaluate("() => window.Chart.getChart('capital-chart').data.labels.length")
    rows = page.locator("table tbody tr").count()
    assert bars == rows and rows > 1


def test_a_refund_beyond_holdings_is_refused_with_a_message_on_the_form(site: Site) -> None:
    page = member_ledger(site, "en")
    held = page.locator(".cards .card .figure").first.inner_text()
    page.click("a[href$='/refund/']")
    page.fill("#id_shares", "999")
    page.fill("#id_effective_on", "2015-03-31")
    page.click("main form button[type=submit]")
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert "holds only" in summary.inner_text()
    assert not (violations := axe_violations(page)), describe(violations)
    page.go_back()
    page.go_back()
    page.reload()
    assert page.locator(".cards .card .figure").first.inner_text() == held


def test_the_statement_pdf_downloads_from_my_capital(site: Site) -> None:
    page = open_page(site, "my capital")
    link = page.locator("a[href*='statement.pdf']")
    href = link.get_attribute("href")
    assert href
    response = page.request.get(site.url + href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
