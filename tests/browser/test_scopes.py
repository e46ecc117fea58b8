"""Four personas log in through the real login form in chromium and see exactly their scope."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Persona, Replica, Site, log_in, screenshot

pytestmark = pytest.mark.browser


def status(page: Any, url: str) -> int:
    response = page.goto(url)
    assert response is not None
    code: int = response.status
    return code


def coop(replica: Replica) -> str:
    return f"/coops/{replica.coop_code}/"


def centre(replica: Replica, code: str) -> str:
    return f"/coops/{replica.coop_code}/centres/{code}/"


def test_the_login_form_logs_a_member_in_and_out(site: Site) -> None:
    page = site.page()

    log_in(page, site.url, site.replica.member)
    assert page.url.endswith("/start/")  # each person lands on what needs them today
    page.click("header form[action='/accounts/logout/'] button")
    page.wait_for_load_state()

    assert status(page, site.url + "/me/") == 200
    assert "/accounts/login/" in page.url


def test_a_wrong_password_keeps_the_visitor_out_with_a_message(site: Site) -> None:
    page = site.page()
    member = site.replica.member

    log_in_attempt = Persona(member.key, member.login, member.password + "-wrong")
    page.goto(site.url + "/accounts/login/")
    page.fill("#id_login", log_in_attempt.login)
    page.fill("#id_password", log_in_attempt.password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()

    assert "/accounts/login/" in page.url
    assert page.locator("[role=alert]").count() == 1


def test_federation_staff_see_the_figures_and_the_overview_but_no_coop_page(site: Site) -> None:
    page = site.page(site.replica.staff)

    assert status(page, site.url + "/figures/") == 200
    assert status(page, site.url + "/federation/") == 200
    screenshot(page, "staff-federation-ja")
    assert status(page, site.url + coop(site.replica)) == 404
    assert status(page, site.url + centre(site.replica, site.replica.centre_code)) == 404


def test_the_cwc_officer_sees_the_coop_and_its_compliance_page(site: Site) -> None:
    page = site.page(site.replica.officer)

    assert status(page, site.url + coop(site.replica)) == 200
    screenshot(page, "officer-coop-ja")
    assert status(page, site.url + coop(site.replica) + "compliance/") == 200
    screenshot(page, "officer-compliance-ja")
    assert status(page, site.url + centre(site.replica, site.replica.centre_code)) == 200
    assert status(page, site.url + "/federation/") == 404


def test_the_ajisai_manager_sees_ajisai_but_not_west_nara_nor_the_coop(site: Site) -> None:
    page = site.page(site.replica.manager)

    assert status(page, site.url + centre(site.replica, site.replica.centre_code)) == 200
    screenshot(page, "manager-centre-ja")
    assert status(page, site.url + centre(site.replica, site.replica.other_centre_code)) == 404
    assert status(page, site.url + coop(site.replica)) == 404
    assert status(page, site.url + coop(site.replica) + "compliance/") == 404


def test_an_ajisai_member_sees_their_own_page_only(site: Site) -> None:
    page = site.page(site.replica.member)

    assert status(page, site.url + "/me/") == 200
    screenshot(page, "member-me-ja")
    assert status(page, site.url + centre(site.replica, site.replica.centre_code)) == 404
    assert status(page, site.url + coop(site.replica)) == 404
    assert status(page, site.url + "/federation/") == 404


def test_the_language_form_switches_the_page_to_english_and_back(site: Site) -> None:
    page = site.page()
    page.goto(site.url + "/figures/")
    assert page.locator("html").get_attribute("lang") == "ja"

    page.select_option("#language-select", "en")
    with page.expect_navigation():
        page.click("form.language button[type=submit]")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith("/figures/")

    page.select_option("#language-select", "ja")
    with page.expect_navigation():
        page.click("form.language button[type=submit]")
    assert page.locator("html").get_attribute("lang") == "ja"
