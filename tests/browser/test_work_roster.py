"""Rosters in a real browser: the manager's board on a tablet (codes and colours, a refused hand edit with its
reason), the member's shifts on a 360-pixel phone, the fairness report; no WCAG 2.2 AA violation."""

from __future__ import annotations

import re
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
        # March 2015 by name: another test may have opened a newer month, listed first.
        page.locator("main table a", has_text="2015").first.click()
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


DESKTOP = {"width": 1280, "height": 800}
FOCUSED_CELL = (
    "(() => { const td = document.activeElement.closest('td[data-day]');"
    " return td && [td.parentElement.rowIndex, td.dataset.day]; })()"
)


def test_the_board_is_one_tab_stop_with_the_arrow_keys_inside(site: Site) -> None:
    """Tab enters the grid once, on its first cell; the arrows, Home and End move inside it; Tab leaves it, and
    Shift+Tab comes back to the cell last left. The focus ring is drawn inside the cell, never clipped."""
    page = board(site, "en", **DESKTOP)
    tab_stops = page.locator("table.board").evaluate(
        "t => [...t.querySelectorAll('a, [tabindex]')].filter(e => e.tabIndex >= 0).length"
    )
    assert tab_stops == 1
    page.locator("#board-keys").evaluate("e => { e.tabIndex = -1; e.focus(); }")

    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_CELL) == [1, "2015-03-01"]
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUSED_CELL) == [2, "2015-03-02"]
    page.keyboard.press("End")
    assert page.evaluate(FOCUSED_CELL) == [2, "2015-03-31"]
    page.keyboard.press("ArrowRight")  # the edge holds
    assert page.evaluate(FOCUSED_CELL) == [2, "2015-03-31"]
    page.keyboard.press("Home")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate(FOCUSED_CELL) == [1, "2015-03-01"]
    page.keyboard.press("ArrowDown")
    ring = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineOffset]; })()"
    )
    assert ring == ["solid", "-3px"]

    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_CELL) is None
    assert page.evaluate("document.activeElement.closest('table.board')") is None
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED_CELL) == [2, "2015-03-01"]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_day_off_reads_out_like_a_shift_date_person_shift(site: Site, language: str) -> None:
    page = board(site, language, **DESKTOP)
    names = page.locator("table.board tbody td[data-day] a").evaluate_all(
        "links => links.map(a => a.querySelector('.visually-hidden').textContent.trim())"
    )
    day_off = "day off" if language == "en" else "休み"
    pattern = (
        re.compile(r"^March \d{1,2} \((Mon|Tue|Wed|Thu|Fri|Sat|Sun)\), [^,]+, [^,]+(, set by hand)?$")
        if language == "en"
        else re.compile(r"^3月\d{1,2}日（[月火水木金土日]）、[^、]+、[^、]+(、手入力)?$")
    )
    assert len(names) > 300
    assert all(pattern.match(name) for name in names), [n for n in names if not pattern.match(n)][:3]
    rest = [n for n in names if day_off in n]
    work = [n for n in names if day_off not in n]
    assert rest and work


def test_the_whole_month_fits_at_1280_pixels(site: Site) -> None:
    page = board(site, "ja", **DESKTOP)
    wrap = page.locator(".board-wrap")

    assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth"), wrap.evaluate("w => [w.scrollWidth, w.clientWidth]")
    assert page.locator("#board-scroll-hint").is_hidden()
    screenshot(page, "roster-board-1280")
    # Narrower, the grid scrolls inside its region and the page says so.
    page.set_viewport_size(TABLET)
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth")
    assert page.locator("#board-scroll-hint").is_visible()


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
