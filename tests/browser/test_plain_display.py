"""Large text, high contrast and plain Japanese, switched on a page and tested as a member would use them."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import Site, axe_violations, describe, log_in, on_server, screenshot

pytestmark = pytest.mark.browser

MEMBER_PAGES = ["/me/", "/me/capital/", "/me/roster/"]
# My page, my capital, my shifts, my hours (the report of a shift's hours); voting and my plan have tests of their own.
PLAIN_PAGES = [*MEMBER_PAGES, "/me/roster/hours/"]
KANJI = "[\u3005\u3006\u4e00-\u9fff\u3400-\u4dbf]"
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
RECEIPT = re.compile(r"^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$")

BARE_KANJI = """(kanji) => {
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  const bare = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('ruby, script, style, option, select, textarea')) continue;
    if (new RegExp(kanji).test(node.textContent)) bare.push(node.textContent.trim().slice(0, 40));
  }
  return bare;
}"""

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


def assert_plain_page(page: Any, where: str) -> None:
    """Ruby over every kanji run of the main content, no sideways scroll on a phone, no axe violation."""
    bare = page.evaluate(BARE_KANJI, KANJI)
    assert bare == [], f"{where}: kanji without furigana: {bare[:5]}"
    assert page.locator("main ruby rt").count() > 0, where
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, where
    violations = axe_violations(page)
    assert not violations, f"{where}:\n{describe(violations)}"


def switch_to_plain(page: Any, site: Site) -> None:
    page.goto(site.url + "/me/")
    open_menu_if_folded(page)
    page.get_by_role("button", name=re.compile("やさしい日本語")).click()
    page.wait_for_load_state()


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

    for path in PLAIN_PAGES:
        page.goto(site.url + path)
        assert_plain_page(page, path)
    screenshot(page, "plain-japanese-roster-phone")


def local(when: dt.datetime) -> str:
    return when.astimezone(TOKYO).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture(scope="module")
def plain_motion(browser: Any, server: str, replica: Any, sessions: dict[str, Any]) -> dict[str, str]:
    """Through the pages, as the CWC officer: a convened general meeting with an open motion written in kanji."""
    site = Site(browser, server, replica, sessions)
    try:
        page = site.page(replica.officer, language="en")
        page.goto(f"{server}/coops/{replica.coop_code}/meetings/new/")
        page.select_option("#id_kind", "general")
        page.fill("#id_title", "臨時総会（やさしい日本語の試験）")
        page.fill("#id_starts_at", local(dt.datetime.now(dt.UTC) + dt.timedelta(days=40)))
        page.fill("#id_place", "本部会議室")
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        meeting_path = page.evaluate("location.pathname")
        assert re.search(r"/meetings/\d+/$", meeting_path), page.inner_text("main")[:500]
        with page.expect_navigation():
            page.get_by_role("button", name="Convene the meeting").click()
        page.goto(server + meeting_path + "agenda/new/")
        page.fill("#id_title", "地域食堂の開設")
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        page.goto(server + meeting_path + "motions/new/")
        page.select_option("#id_agenda_item", index=1)
        page.select_option("#id_kind", "ordinary")
        page.fill("#id_title", "事業所で地域食堂を開く")
        page.fill("#id_body", "毎週土曜日に、利用者と近所の人のための食堂を開きます。")
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


def test_plain_japanese_puts_ruby_over_every_kanji_run_while_a_member_casts_a_ballot(
    member_page: Any, site: Site, plain_motion: dict[str, str]
) -> None:
    page = member_page(360, 740)
    switch_to_plain(page, site)

    page.goto(site.url + plain_motion["meeting"])
    assert_plain_page(page, "meeting")
    page.goto(site.url + plain_motion["motion"] + "vote/")
    assert page.locator("main ruby", has_text="食堂").count() > 0  # the motion's title, data, has readings too
    assert_plain_page(page, "ballot")
    page.locator("main button.vote-for").click()
    page.wait_for_selector(".confirm-choice")
    assert_plain_page(page, "confirmation")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_selector(".receipt-code")
    assert RECEIPT.match(page.inner_text(".receipt-code").strip())
    assert_plain_page(page, "receipt")
    screenshot(page, "plain-japanese-receipt-phone")


@pytest.fixture(scope="module")
def plain_support_plan(server: str, replica: Any) -> int:
    """The Ajisai member as a participant of the caregiver course with a draft plan to read and agree.

    The pages refer only someone new (not a member with a login), so the support worker's steps are taken
    through the inclusion services, as its tests' setup does.
    """
    printed = on_server(
        f"""
import datetime as dt
from tomoni.core import clock
from tomoni.federation.models import Centre
from tomoni.inclusion import services
from tomoni.inclusion.models import Programme
from tomoni.members.models import Person
person = Person.objects.get(user__username={replica.member.login!r})
centre = Centre.objects.get(code={replica.centre_code!r}, coop__code={replica.coop_code!r})
programme = Programme.objects.get(coop__code={replica.coop_code!r}, code="ajisai-caregiver")
today = clock.today()
participant = services.participant_refer(
    actor=None, person=person, programme=programme, centre=centre, referral_source="welfare_office",
    referred_on=today - dt.timedelta(days=30),
)
services.consent_give(actor=None, participant=participant, purpose="support", given_on=today - dt.timedelta(days=30))
services.participant_start(actor=None, participant=participant, started_on=today - dt.timedelta(days=20))
plan = services.plan_draw_up(
    actor=None, participant=participant, drawn_up_on=today - dt.timedelta(days=10),
    wishes="介護の仕事で自立したい", family_wishes="無理なく続けてほしい", issues="朝起きるのがつらい日がある",
    goals=[
        services.GoalInput("long", today + dt.timedelta(days=365), "介護職員として働く", "職場実習", "支援員"),
        services.GoalInput("short", today + dt.timedelta(days=90), "研修に毎回出席する", "朝の電話", "支援員"),
    ],
)
print(plan.pk)
"""
    )
    return int(printed.strip().splitlines()[-1])


def test_plain_japanese_puts_ruby_over_every_kanji_run_of_my_support_plan(
    member_page: Any, site: Site, plain_support_plan: int
) -> None:
    page = member_page(360, 740)
    switch_to_plain(page, site)

    page.goto(site.url + "/me/path/")
    assert_plain_page(page, "my path")
    page.goto(site.url + f"/me/path/plans/{plain_support_plan}/")
    assert page.locator("main ruby", has_text="自立").count() > 0  # the plan's own words have readings too
    assert_plain_page(page, "my plan")
    page.locator("#agree").check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.evaluate("location.pathname") == "/me/path/"
    assert_plain_page(page, "my path, agreed")
    screenshot(page, "plain-japanese-support-plan-phone")
