"""Proposals, the decision register, minutes and the calendar page: WCAG 2.2 AA in both languages, and a
360-pixel phone without sideways scrolling; a member raises a proposal on a phone."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.conftest import Persona, Replica, Site, axe_violations, describe, screenshot

pytestmark = pytest.mark.browser

MINUTES_LINK = re.compile(r"/meetings/\d+/minutes/$")


def minutes_path(site: Site) -> str:
    """The minutes of a meeting, found the way a member would: from a decision of the register."""
    page = site.page(site.replica.member)
    page.goto(f"{site.url}/coops/{site.replica.coop_code}/decisions/")
    first = page.locator("main .decision-card a").first.evaluate("a => a.pathname")
    page.goto(site.url + str(first))
    for href in page.locator("main a[href*='/minutes/']").evaluate_all("links => links.map(a => a.pathname)"):
        if MINUTES_LINK.search(href):
            return str(href)
    pytest.fail("no decision links to its meeting's minutes")


def proposal_path(site: Site) -> str:
    page = site.page(site.replica.member)
    page.goto(f"{site.url}/coops/{site.replica.coop_code}/proposals/")
    return str(page.locator("main .proposal-card a").first.evaluate("a => a.pathname"))


PAGES: dict[str, tuple[Callable[[Replica], Persona | None], Callable[[Site], str]]] = {
    "proposals": (lambda r: r.member, lambda s: f"/coops/{s.replica.coop_code}/proposals/"),
    "proposal": (lambda r: r.member, proposal_path),
    "proposal form": (lambda r: r.member, lambda s: f"/coops/{s.replica.coop_code}/proposals/new/"),
    "decisions": (lambda r: r.manager, lambda s: f"/coops/{s.replica.coop_code}/decisions/"),
    "minutes": (lambda r: r.member, minutes_path),
    "minutes index": (lambda r: r.officer, lambda s: f"/coops/{s.replica.coop_code}/minutes/"),
    "opinion report": (lambda r: r.officer, lambda s: f"/coops/{s.replica.coop_code}/opinion-report/"),
    "calendar": (lambda r: r.member, lambda s: "/me/calendar/"),
}


def open_page(site: Site, name: str, language: str, **size: Any) -> Any:
    who, where = PAGES[name]
    path = where(site)
    page = site.page(who(site.replica), language=language, **size)
    response = page.goto(site.url + path)
    assert response is not None and response.status == 200, f"{name}: {path} answered {response and response.status}"
    return page


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_has_no_wcag_22_aa_violation(site: Site, name: str, language: str) -> None:
    page = open_page(site, name, language)

    violations = axe_violations(page)

    assert not violations, f"{name} ({language}):\n{describe(violations)}"


@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_fits_a_360_pixel_phone(site: Site, name: str) -> None:
    page = open_page(site, name, "ja", width=360, height=740)

    scroll_width = page.evaluate("document.documentElement.scrollWidth")

    screenshot(page, f"governance-{name.replace(' ', '-')}-phone")
    assert scroll_width <= 360, f"{name} is {scroll_width}px wide on a 360px phone"


def test_a_member_raises_a_proposal_on_a_phone(site: Site) -> None:
    page = open_page(site, "proposal form", "ja", width=360, height=740)

    page.get_by_label("件名").fill("玄関にベンチを置きたい")
    page.get_by_label("提案・質問の内容").fill("送迎を待つ間に座れる場所がほしいです。")
    page.get_by_role("button", name="提案を出す").click()

    assert page.get_by_role("heading", name="玄関にベンチを置きたい").is_visible()
    assert "提案を出しました" in page.locator("main").inner_text()
