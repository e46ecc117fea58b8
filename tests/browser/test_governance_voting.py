"""Meetings and voting in a real browser: the officer convenes a meeting and opens a motion, and an elderly
member votes on a 360-pixel phone without help (one question, big buttons, the receipt code); the meeting,
ballot, receipt and results pages have no WCAG 2.2 AA violation and no sideways scroll."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

import pytest

from tests.browser.conftest import Site, axe_violations, describe, screenshot

pytestmark = pytest.mark.browser

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
RECEIPT = re.compile(r"^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$")


def local(when: dt.datetime) -> str:
    return when.astimezone(TOKYO).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture(scope="module")
def voting(browser: Any, server: str, replica: Any, sessions: dict[str, Any]) -> dict[str, str]:
    """Through the pages, as the CWC officer: a convened general meeting with an open ordinary motion."""
    site = Site(browser, server, replica, sessions)
    try:
        page = site.page(replica.officer, language="en")
        code = replica.coop_code
        page.goto(f"{server}/coops/{code}/meetings/new/")
        page.select_option("#id_kind", "general")
        page.fill("#id_title", "Extraordinary general meeting (browser test)")
        page.fill("#id_starts_at", local(dt.datetime.now(dt.UTC) + dt.timedelta(days=40)))
        page.fill("#id_place", "Head office")
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        meeting_path = page.evaluate("location.pathname")
        assert re.search(r"/meetings/\d+/$", meeting_path), page.inner_text("main")[:500]
        with page.expect_navigation():
            page.get_by_role("button", name="Convene the meeting").click()
        page.goto(server + meeting_path + "agenda/new/")
        page.fill("#id_title", "A community café")
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        page.goto(server + meeting_path + "motions/new/")
        page.select_option("#id_agenda_item", index=1)
        page.select_option("#id_kind", "ordinary")
        page.fill("#id_title", "Open a community café at the centre")
        page.fill("#id_body", "The centre opens a café for users and neighbours on Saturdays.")
        now = dt.datetime.now(dt.UTC)
        page.fill("#id_opens_at", local(now - dt.timedelta(minutes=5)))
        page.fill("#id_closes_at", local(now + dt.timedelta(days=2)))
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        with page.expect_navigation():
            page.get_by_role("button", name="Open voting").click()
        motion_path = page.locator("main a[href$='/results/']").first.evaluate("a => a.pathname")
        return {"meeting": meeting_path, "motion": str(motion_path).removesuffix("results/")}
    finally:
        site.close()


def test_an_elderly_member_votes_on_a_phone_and_gets_a_receipt(site: Site, voting: dict[str, str]) -> None:
    page = site.page(site.replica.member, language="ja", width=360, height=740)
    page.goto(site.url + voting["meeting"])
    page.get_by_role("link", name="この議案に投票する").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    agree = page.get_by_role("button", name="賛成する")
    box = agree.bounding_box()
    assert box is not None and box["height"] >= 56 and box["width"] >= 300  # big enough for an unsteady finger
    assert not axe_violations(page), describe(axe_violations(page))
    screenshot(page, "governance-ballot-phone")
    agree.click()
    # Nothing is cast until the member confirms the choice on the next screen.
    page.wait_for_selector(".confirm-choice")
    assert "賛成" in page.inner_text(".confirm-choice")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.get_by_role("button", name="この内容で投票する").click()
    page.wait_for_selector(".receipt-code")
    receipt = page.inner_text(".receipt-code").strip()
    assert RECEIPT.match(receipt), receipt
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    violations = axe_violations(page)
    assert not violations, describe(violations)
    screenshot(page, "governance-receipt-phone")
    # The copy button puts the code on the clipboard and says so.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    page.get_by_role("button", name="番号をコピー").click()
    page.wait_for_function("document.querySelector('.copy-done').textContent.length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == receipt
    # Voting again is refused in Japanese, and the meeting page says the member has voted.
    page.goto(site.url + voting["motion"] + "vote/")
    assert "最初の投票が有効です" in page.inner_text("main")
    page.goto(site.url + voting["meeting"])
    assert "投票済み" in page.inner_text("main")


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("where", ["meetings", "meeting", "results"])
def test_the_voting_pages_have_no_wcag_violation_and_fit_a_phone(
    site: Site, voting: dict[str, str], where: str, language: str
) -> None:
    paths = {
        "meetings": f"/coops/{site.replica.coop_code}/meetings/",
        "meeting": voting["meeting"],
        "results": voting["motion"] + "results/",
    }
    for persona in (site.replica.member, site.replica.officer):
        page = site.page(persona, language=language, width=360, height=740)
        response = page.goto(site.url + paths[where])
        assert response is not None and response.status == 200
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, f"{where} scrolls sideways"
        violations = axe_violations(page)
        assert not violations, f"{where} ({language}):\n{describe(violations)}"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_centre_meeting_is_ticked_present_in_one_submit(site: Site, voting: dict[str, str], language: str) -> None:
    """The officer ticks the first members of the roll on one page and records them with one button; the
    check-list page has no WCAG violation in either language."""
    page = site.page(site.replica.officer, language=language)
    response = page.goto(site.url + voting["meeting"] + "attendance/")
    assert response is not None and response.status == 200
    violations = axe_violations(page)
    assert not violations, describe(violations)
    boxes = page.locator("table.roll-check input[type=checkbox]")
    ticked = min(20, boxes.count())
    assert ticked > 0
    for i in range(ticked):
        boxes.nth(i).check()
    with page.expect_navigation():
        page.locator("main form.attendance-list button[type=submit]").click()
    assert page.locator("table.roll-check .done").count() >= ticked
    html = page.content()
    assert len(html.encode()) < 200_000  # a page of the roll, never the whole coop
