"""Large text, high contrast and plain Japanese, switched on a page and tested as a member would use them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import Site, axe_violations, describe, log_in, screenshot

pytestmark = pytest.mark.browser

MEMBER_PAGES = ["/me/", "/me/capital/", "/me/roster/"]
KANJI = "[\u3005\u3006\u4e00-\u9fff\u3400-\u4dbf]"

CLIPPED_CONTROLS = """(width) => [...document.querySelectorAll('a, button, input, select, textarea, summary')]
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
  .filter(el => !el.closest('.visually-hidden, .skip-link'))
  .filter(el => {
    const box = el.getBoundingClientRect();
    return box.left < -1 || box.right > width + 1 || el.scrollWidth > el.clientWidth + 2;
  })
  .map(el => el.outerHTML.slice(0, 120))"""


@pytest.fixture
def member_page(site: Site, browser: Any) -> Iterator[Any]:
    """A page logged in as the Ajisai member through the form, in a context of its own; the switches reset after."""
    contexts: list[Any] = []

    def open_at(width: int, height: int) -> Any:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="ja-JP")
        contexts.append(context)
        page = context.new_page()
        log_in(page, site.url, site.replica.member)
        return page

    yield open_at
    if contexts:
        page = contexts[0].new_page()
        page.goto(site.url + "/me/")
        page.evaluate(
            """async () => {
              const token = document.querySelector('.display-switches input[name=csrfmiddlewaretoken]').value;
              for (const body of ['text_size=normal', 'high_contrast=0', 'language=ja']) {
                const form = new URLSearchParams(body + '&csrfmiddlewaretoken=' + token);
                await fetch('/preferences/display/', {method: 'POST', body: form});
              }
            }"""
        )
    for context in contexts:
        context.close()


def open_menu_if_folded(page: Any) -> None:
    toggle = page.locator(".nav-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()


@pytest.mark.parametrize("width,height", [(360, 740), (1280, 900)])
def test_large_text_has_no_sideways_scroll_and_no_clipped_control(
    member_page: Any, site: Site, width: int, height: int
) -> None:
    page = member_page(width, height)
    page.goto(site.url + "/me/")
    base_size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    open_menu_if_folded(page)
    page.get_by_role("button", name="文字を大きく").click()
    page.wait_for_load_state()

    large_size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert large_size >= 1.85 * base_size
    for path in MEMBER_PAGES:
        page.goto(site.url + path)
        assert page.locator("html.text-large").count() == 1, path
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        open_menu_if_folded(page)  # the menu's controls must fit too
        assert page.evaluate(CLIPPED_CONTROLS, width) == [], path
        screenshot(page, f"large-text{path.replace('/', '-')}{width}")
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_high_contrast_is_remembered_and_passes_axe(member_page: Any, site: Site) -> None:
    page = member_page(1280, 900)
    page.goto(site.url + "/me/")
    page.get_by_role("button", name="コントラストを高く").click()

    page.goto(site.url + "/me/capital/")

    assert page.locator("html.contrast-high").count() == 1
    assert page.get_by_role("button", name="コントラストを高く").get_attribute("aria-pressed") == "true"
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_plain_japanese_puts_ruby_over_every_kanji_run_of_the_member_pages(member_page: Any, site: Site) -> None:
    page = member_page(360, 740)
    page.goto(site.url + "/me/")
    open_menu_if_folded(page)
    page.get_by_role("button", name=re.compile("やさしい日本語")).click()

    for path in MEMBER_PAGES:
        page.goto(site.url + path)
        bare = page.evaluate(
            """(kanji) => {
              const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
              const bare = [];
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (node.parentElement.closest('ruby, script, style, option, select, textarea')) continue;
                if (new RegExp(kanji).test(node.textContent)) bare.push(node.textContent.trim().slice(0, 40));
              }
              return bare;
            }""",
            KANJI,
        )
        assert bare == [], f"{path}: kanji without furigana: {bare[:5]}"
        assert page.locator("main ruby rt").count() > 0, path
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        violations = axe_violations(page)
        assert not violations, f"{path}:\n{describe(violations)}"
    screenshot(page, "plain-japanese-roster-phone")
