"""The main pages pass axe-core's WCAG 2.2 A/AA rules in Japanese and English, and fit a 360-pixel phone."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.conftest import Persona, Replica, Site, axe_violations, describe, screenshot

pytestmark = pytest.mark.browser

PERSON_LINK = re.compile(r"/coops/[\w-]+/people/\d+/$")


def person_path(site: Site) -> str:
    """The page of an Ajisai member, found the way the officer would: from the centre page."""
    page = site.page(site.replica.officer)
    page.goto(f"{site.url}/coops/{site.replica.coop_code}/centres/{site.replica.centre_code}/")
    for href in page.locator("main a[href*='/people/']").evaluate_all("links => links.map(a => a.pathname)"):
        if PERSON_LINK.search(href):
            return str(href)
    pytest.fail("the Ajisai centre page links to no person page")


# name -> (who looks, where)
PAGES: dict[str, tuple[Callable[[Replica], Persona | None], Callable[[Site], str]]] = {
    "figures": (lambda r: None, lambda s: "/figures/"),
    "login": (lambda r: None, lambda s: "/accounts/login/"),
    "federation": (lambda r: r.staff, lambda s: "/federation/"),
    "federation books": (lambda r: r.staff, lambda s: "/federation/books/?year=2015"),
    "coop": (lambda r: r.officer, lambda s: f"/coops/{s.replica.coop_code}/"),
    "compliance": (lambda r: r.officer, lambda s: f"/coops/{s.replica.coop_code}/compliance/"),
    "audit log": (lambda r: r.auditor, lambda s: f"/coops/{s.replica.coop_code}/audit-log/"),
    "audit log filtered": (lambda r: r.auditor, lambda s: f"/coops/{s.replica.coop_code}/audit-log/?kind=members"),
    # Each role's start page: what needs the person now.
    "start (member)": (lambda r: r.member, lambda s: "/start/"),
    "start (manager)": (lambda r: r.manager, lambda s: "/start/"),
    "start (officer)": (lambda r: r.officer, lambda s: "/start/"),
    "start (auditor)": (lambda r: r.auditor, lambda s: "/start/"),
    "start (federation staff)": (lambda r: r.staff, lambda s: "/start/"),
    "centre": (lambda r: r.manager, lambda s: f"/coops/{s.replica.coop_code}/centres/{s.replica.centre_code}/"),
    "person": (lambda r: r.officer, person_path),
    "me": (lambda r: r.member, lambda s: "/me/"),
    "security": (lambda r: r.officer, lambda s: "/accounts/2fa/"),
}


def open_page(site: Site, name: str, language: str, **size: Any) -> Any:
    who, where = PAGES[name]
    path = where(site)
    page = site.page(who(site.replica), language=language, **size)
    response = page.goto(site.url + path)
    assert response is not None and response.status == 200, f"{name}: {path} answered {response and response.status}"
    assert page.locator("html").get_attribute("lang") == language
    return page


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_has_no_wcag_22_aa_violation(site: Site, name: str, language: str) -> None:
    page = open_page(site, name, language)

    violations = axe_violations(page)

    if name in {"figures", "centre", "person"}:
        screenshot(page, f"{name}-{language}")
    assert not violations, f"{name} ({language}):\n{describe(violations)}"


@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_fits_a_360_pixel_phone_without_sideways_scrolling(site: Site, name: str) -> None:
    page = open_page(site, name, "ja", width=360, height=740)

    scroll_width = page.evaluate("document.documentElement.scrollWidth")

    if name in {"figures", "me", "centre"}:
        screenshot(page, f"{name}-phone")
    assert scroll_width <= 360, f"{name} is {scroll_width}px wide on a 360px phone"


def test_a_person_can_log_in_on_a_phone(site: Site) -> None:
    page = site.page(width=360, height=740)
    member = site.replica.member
    page.goto(site.url + "/accounts/login/")

    box = page.locator("main form button[type=submit]").bounding_box()
    screenshot(page, "login-phone")
    page.fill("#id_login", member.login)
    page.fill("#id_password", member.password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    assert box is not None and box["height"] >= 44 and box["width"] >= 44  # WCAG 2.5.8, our 44px rule
    assert page.url.endswith("/start/")  # each person lands on what needs them today
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.parametrize("language", ["ja", "en"])
def test_turning_on_the_authenticator_app_has_no_wcag_22_aa_violation(site: Site, language: str) -> None:
    officer = site.replica.officer
    page = site.page(officer, language=language)
    page.goto(site.url + "/accounts/2fa/")
    with page.expect_navigation():
        page.click("a[href='/accounts/2fa/totp/activate/']")
    if "/accounts/reauthenticate/" in page.url:  # a sensitive change asks for the password again (once)
        violations = axe_violations(page)
        assert not violations, describe(violations)
        page.fill("#id_password", officer.password)
        with page.expect_navigation():
            page.click("main form button[type=submit]")

    assert page.url.endswith("/accounts/2fa/totp/activate/")
    assert page.locator("main img").count() == 1  # the QR code
    violations = axe_violations(page)
    screenshot(page, f"totp-activate-{language}")
    assert not violations, describe(violations)
