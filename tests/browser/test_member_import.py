"""The register's import in a real browser: a file with a bad row is checked and previewed, row by row, and
nothing is saved; the import page lists the codes and the templates. WCAG 2.2 AA in both languages."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Site, axe_violations, describe, screenshot

pytestmark = pytest.mark.browser

# Row 2 is a person who is not a member (valid); row 3 has no given name. Japanese headers, UTF-8 with a BOM.
PEOPLE = "\ufeff姓,名,生年月日\r\n山田,花子,1950-05-01\r\n小川,,1948-07-07\r\n".encode()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_import_page_lists_the_codes_and_has_no_violation(site: Site, language: str) -> None:
    page = site.page(site.replica.officer, language=language)
    response = page.goto(f"{site.url}/coops/{site.replica.coop_code}/import/")
    assert response is not None and response.status == 200
    assert page.locator(f"code:text-is('{site.replica.centre_code}')").count() == 1
    assert not (violations := axe_violations(page)), describe(violations)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_file_with_a_bad_row_is_previewed_with_its_problem_and_nothing_is_saved(site: Site, language: str) -> None:
    page = site.page(site.replica.officer, language=language)
    page.goto(f"{site.url}/coops/{site.replica.coop_code}/import/")
    page.check("input[name=kind][value=people]")
    page.set_input_files("input[name=file]", files=[{"name": "people.csv", "mimeType": "text/csv", "buffer": PEOPLE}])
    page.click("form.register-form button[type=submit]")
    page.wait_for_url("**/import/*/")

    problems = page.locator("#problems-caption").locator("xpath=..")
    assert problems.locator("tbody th").all_inner_texts() == ["3"]
    assert "given_name" in problems.locator("tbody").inner_text()
    rows = page.locator("table.import-rows tbody tr")
    assert rows.count() == 2 and "山田" in rows.nth(0).inner_text()
    assert page.locator("#preview").count() == 0  # no button to import a file with problems
    screenshot(page, f"import-preview-bad-row-{language}")
    assert not (violations := axe_violations(page)), describe(violations)
