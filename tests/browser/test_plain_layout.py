"""Phones and zoom: the menu folds into one button, wide tables become cards, focus shows, errors are the site's own."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Site, axe_violations, describe, screenshot

pytestmark = pytest.mark.browser


def scroll_width(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def test_the_navigation_is_one_menu_button_on_a_360_pixel_phone(site: Site) -> None:
    # A worker member: an officer's page also carries the two-factor reminder above it, which is not navigation.
    page = site.page(site.replica.member, width=360, height=740)
    page.goto(site.url + "/me/")
    toggle = page.get_by_role("button", name="メニュー")
    menu = page.locator("#site-menu")

    assert toggle.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible()
    assert page.locator("main h1").bounding_box()["y"] < 200  # the page starts on the first screen

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("link", name="マイページ").is_visible()
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.evaluate("el => el === document.activeElement")


def test_the_navigation_folds_at_200_percent_zoom_of_a_1280_pixel_screen(site: Site) -> None:
    # Zooming a 1280-pixel window to 200% leaves a 640-pixel layout viewport.
    page = site.page(site.replica.officer, width=640, height=450)
    page.goto(site.url + "/me/")

    assert page.get_by_role("button", name="メニュー").is_visible()
    assert not page.locator("#site-menu").is_visible()
    assert scroll_width(page) <= 640


def test_the_navigation_is_open_at_1280_pixels_with_no_menu_button(site: Site) -> None:
    page = site.page(site.replica.officer)
    page.goto(site.url + "/me/")

    assert not page.locator(".nav-toggle").is_visible()
    assert page.get_by_role("link", name="マイページ").is_visible()


def test_without_javascript_the_whole_navigation_stays_usable_on_a_phone(site: Site, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False, locale="ja-JP")
    try:
        page = context.new_page()
        page.goto(site.url + "/figures/")

        assert not page.locator(".nav-toggle").is_visible()
        assert page.get_by_role("link", name="ログイン").first.is_visible()
    finally:
        context.close()


WIDE_TABLES = {
    "federation": (lambda r: r.staff, lambda r: "/federation/"),
    "register": (lambda r: r.officer, lambda r: f"/coops/{r.coop_code}/people/"),
    "my capital": (lambda r: r.member, lambda r: "/me/capital/"),
}


@pytest.mark.parametrize("name", list(WIDE_TABLES))
def test_a_wide_table_becomes_cards_with_labelled_cells_on_a_phone(site: Site, name: str) -> None:
    who, where = WIDE_TABLES[name]
    page = site.page(who(site.replica), width=360, height=740)
    page.goto(site.url + where(site.replica))
    table = page.locator("main table.stack").first

    assert table.get_attribute("class") and "stack-ready" in str(table.get_attribute("class"))
    assert page.locator("main table.stack td[data-label]").count() > 0
    assert table.evaluate("t => getComputedStyle(t.tBodies[0].rows[0]).display") == "block"
    assert scroll_width(page) <= 360
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('main table.stack td, main table.stack th')]
             .filter(c => c.getClientRects().length && c.getBoundingClientRect().right > 361).length"""
    )
    assert clipped == 0
    screenshot(page, f"stack-{name.replace(' ', '-')}-phone")
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_the_compliance_page_fits_a_phone(site: Site) -> None:
    page = site.page(site.replica.officer, width=360, height=740)
    page.goto(f"{site.url}/coops/{site.replica.coop_code}/compliance/")

    assert scroll_width(page) <= 360


def test_the_focus_outline_contrasts_at_least_3_to_1_with_the_page(site: Site) -> None:
    page = site.page(width=1280)
    page.goto(site.url + "/accounts/login/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    colours = page.evaluate(
        """() => {
          const el = document.activeElement, style = getComputedStyle(el);
          return [style.outlineColor, style.outlineWidth, getComputedStyle(document.body).backgroundColor];
        }"""
    )

    def lum(css: str) -> float:
        r, g, b = (int(x) / 255 for x in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((lum(colours[0]), lum(colours[2])), reverse=True)
    assert colours[1] == "3px"
    assert (high + 0.05) / (low + 0.05) >= 3


def test_the_403_page_is_in_japanese_with_a_way_back(site: Site) -> None:
    page = site.page(site.replica.manager)
    response = page.goto(f"{site.url}/coops/{site.replica.coop_code}/governance-settings/")

    assert response is not None and response.status == 403
    assert page.locator("h1").inner_text() == "このページは開けません"
    assert page.get_by_role("link", name="マイページへ").is_visible()
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_the_404_page_is_in_english_for_an_english_reader(site: Site) -> None:
    page = site.page(language="en")
    response = page.goto(site.url + "/no-such-page/")

    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
