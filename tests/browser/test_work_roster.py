"""Rosters in a real browser: the manager's board on a tablet (codes and colours, a refused hand edit with its
reason), the member's shifts on a 360-pixel phone, the fairness report; no WCAG 2.2 AA violation."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Site, axe_violations, describe, screenshot

pytestmark = pytest.mark.browser

TABLET = {"width": 1024, "height": 768}
PHONE = {"width": 360, "height": 740}


def board(site: Site, language: str = "ja", **size: Any) -> Any:
    """The Ajisai manager opens March 2015 from the centre's rosters."""
    page = site.page(site.replica.manager, language=language, **size)
    page.goto(f"{site.url}/coops/{site.replica.coop_code}/centres/{site.replica.centre_code}/rosters/")
    with page.expect_navigation():
        page.locator("main table a").first.click()
    assert page.locator("table.board").count() == 1, page.inner_text("main")[:500]
    return page


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_board_on_a_tablet_has_no_wcag_22_aa_violation(site: Site, language: str) -> None:
    page = board(site, language, **TABLET)

    violations = axe_violations(page)

    screenshot(page, f"roster-board-{language}")
    assert not violations, describe(violations)
    assert page.locator("table.board tbody td a").count() > 300  # every cell can be edited
    # The page itself does not scroll sideways: the grid scrolls inside its own region.
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]


def test_a_hand_edit_that_breaks_a_rule_is_refused_with_the_reason(site: Site) -> None:
    page = board(site, "ja", **TABLET)
    # 渡辺 正男 holds no care worker certificate and works no nights.
    row = page.locator("table.board tbody tr", has=page.locator("th", has_text="渡辺"))
    with page.expect_navigation():
        row.locator("td a").nth(9).click()
    page.select_option("#id_shift_type", label="夜 夜勤")
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    summary = page.locator("#error-summary").inner_text()
    screenshot(page, "roster-cell-refused")
    assert "夜勤をしません" in summary or "介護福祉士" in summary
    assert not axe_violations(page)


def test_the_members_shifts_fit_a_phone(site: Site) -> None:
    page = site.page(site.replica.member, **PHONE)
    page.goto(f"{site.url}/me/roster/?from=2015-03-01")

    screenshot(page, "my-roster-phone")
    assert page.locator(".day-list li").count() > 5
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_the_wishes_page_fits_a_phone(site: Site) -> None:
    page = site.page(site.replica.member, **PHONE)
    page.goto(f"{site.url}/me/roster/wishes/")

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    violations = axe_violations(page)
    assert not violations, describe(violations)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_fairness_report_has_no_wcag_22_aa_violation(site: Site, language: str) -> None:
    page = board(site, language, **TABLET)
    with page.expect_navigation():
        page.locator("a[href$='/fairness/']").first.click()

    violations = axe_violations(page)

    screenshot(page, f"roster-fairness-{language}")
    assert page.locator("main table").count() == 2
    assert not violations, describe(violations)


def test_the_manager_checks_the_roster_and_confirms_before_publishing(site: Site) -> None:
    """A new month with one shift set by hand: the check lists hours against contracts and cover, publishing
    waits for the manager's tick, then the roster is published."""
    page = site.page(site.replica.manager, language="ja", **TABLET)
    page.goto(f"{site.url}/coops/{site.replica.coop_code}/centres/{site.replica.centre_code}/rosters/")
    page.fill("#id_month", "2015-04")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator("table.board").count() == 1, page.inner_text("main")[:500]
    with page.expect_navigation():
        page.locator("table.board tbody tr").first.locator("td a").nth(2).click()
    page.select_option("#id_shift_type", label="日 日勤")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator("table.board").count() == 1, page.inner_text("main")[:500]

    with page.expect_navigation():
        page.click("text=確認して組合員に公開する")
    assert page.locator("#hours-table tbody tr").count() > 5
    assert "契約時間と予定時間" in page.inner_text("main")
    assert "時間" in page.locator("#hours-table tbody td").first.inner_text()
    violations = axe_violations(page)
    screenshot(page, "roster-publish-check")
    assert not violations, describe(violations)

    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "チェックを入れてください" in page.inner_text("main")
    page.check("#id_confirm")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator("table.board").count() == 1
    assert "公開" in page.locator(".status").inner_text()


def test_my_shifts_run_to_the_end_of_the_roster(site: Site) -> None:
    """From 26 January the page's usual weeks end on 29 March; the March roster is listed to the 31st."""
    page = site.page(site.replica.member, language="ja", **PHONE)
    page.goto(f"{site.url}/me/roster/?from=2015-01-26")

    assert "3月31日まで" in page.locator("#days-title").inner_text()
    assert "時間" in page.locator(".day-list li").first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    violations = axe_violations(page)
    assert not violations, describe(violations)
