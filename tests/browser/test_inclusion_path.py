"""One person the whole way into work, in a real browser: referral → consent → assessment → plan agreed by the
person on their phone → training attendance → certificate → placement with a mentor → labour contract →
membership → 6-month follow-up. Each step is a page of the person who does it (the Ajisai support worker, the
centre manager, the coop's officer, the trainee), each page has no WCAG 2.2 AA violation, and every step is in
the audit log in the name of who did it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Persona, Site, axe_violations, describe, screenshot

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 360, "height": 740}
TRAINEE_LOGIN = "path-trainee"

# The participant's person, the Ajisai centre and the last audit event before the path starts, as JSON.
LOOKUP = """
import json
from tomoni.core.models import AuditEvent
from tomoni.inclusion.models import Participant
found = Participant.objects.select_related("centre").get(pk={participant_id})
print(json.dumps({{"person": found.person_id, "centre": found.centre_id}}))
"""
LAST_EVENT = """
from django.db.models import Max
from tomoni.core.models import AuditEvent
print(AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0)
"""
# A login for the trainee (issuing logins is not part of this path): the demo's operator service.
LOGIN = """
from tomoni.demo import personas, services
from tomoni.members.models import Person
person = Person.objects.get(pk={person_id})
services.persona_users_create(
    actor=None,
    personas=[
        services.PersonaSpec("{login}", "{login}@example.jp", person.given_name, person.family_name, person=person)
    ],
    password=personas.DEMO_PASSWORD,
)
"""
# The audit events since the path started: action, actor's login, and the data's participant if any.
EVENTS = """
import json
from tomoni.core.models import AuditEvent
rows = AuditEvent.objects.filter(pk__gt={after}).select_related("actor").order_by("pk")
print(json.dumps([[e.action, e.actor.username if e.actor else None, e.object_type, e.object_id] for e in rows]))
"""


def _shell(database: Path, code: str) -> str:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DEBUG": "0"}
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def _accessible(page: Any, name: str) -> None:
    violations = axe_violations(page)
    screenshot(page, f"inclusion-path-{name}")
    assert not violations, f"{name}: " + describe(violations)


def _submit(page: Any, name: str) -> None:
    """Check the form page, send it, and see it accepted (a refused form stays with its error summary)."""
    _accessible(page, name)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator(".error-summary, .problems").count() == 0, f"{name}: " + page.inner_text("main")[:800]


def _select_first(page: Any, selector: str) -> None:
    """Choose the first real option of a select (the first may be the empty "---------")."""
    values = page.locator(f"{selector} option").evaluate_all("options => options.map(o => o.value).filter(v => v)")
    assert values, f"{selector} offers nothing"
    page.select_option(selector, values[0])


def test_one_person_the_whole_way_into_work(site: Site, tmp_path_factory: pytest.TempPathFactory) -> None:
    database = next(tmp_path_factory.getbasetemp().glob("browser-server*/browser.sqlite3"))
    after = int(_shell(database, LAST_EVENT))
    code = site.replica.coop_code
    coop_url = f"{site.url}/coops/{code}"
    support = site.page(site.replica.support)
    manager = site.page(site.replica.manager)
    officer = site.page(site.replica.officer)

    # 1. The support worker refers a newcomer to Ajisai's caregiver course (the FY2014 cohort).
    support.goto(f"{coop_url}/programmes/")
    support.locator("main section", has_text="あじさい").locator("a[href$='/refer/']").first.click()
    support.fill("#id_family_name", "道野")
    support.fill("#id_given_name", "歩")
    support.fill("#id_family_name_kana", "ミチノ")
    support.fill("#id_given_name_kana", "アユミ")
    support.select_option("#id_cohort", label="2014年度 初任者研修")
    support.select_option("#id_referral_source", "hello_work")
    support.fill("#id_referred_on", "2014-03-20")
    _submit(support, "refer")
    found = re.search(r"/participants/(\d+)/$", support.url)
    assert found, support.url
    participant_id = int(found.group(1))
    participant_url = f"{coop_url}/participants/{participant_id}"
    ids = json.loads(_shell(database, LOOKUP.format(participant_id=participant_id)))
    _accessible(support, "participant")

    # 2. Consent to support, as the person signed it; 3. intake.
    support.goto(f"{participant_url}/consents/new/")
    support.select_option("#id_purpose", "support")
    support.fill("#id_given_on", "2014-03-20")
    _submit(support, "consent")
    support.goto(f"{participant_url}/start/")
    support.fill("#id_started_on", "2014-04-07")
    _submit(support, "start")

    # 4. The assessment and the support plan (special-care data: the caseworker only).
    support.goto(f"{participant_url}/assessment/")
    support.fill("#id_assessed_on", "2014-04-07")
    support.fill("#id_strengths", "人と話すのが好き")
    support.fill("#id_needs", "朝の通所の支え")
    _submit(support, "assessment")
    support.goto(f"{participant_url}/plan/")
    support.fill("#id_drawn_up_on", "2014-04-10")
    support.fill("#id_wishes", "介護の仕事で働きたい")
    support.fill("#id_long_text", "あじさいで介護職員として働く")
    support.fill("#id_long_target_on", "2015-03-31")
    support.fill("#id_short_text", "研修に毎回出席する")
    support.fill("#id_short_target_on", "2014-07-31")
    _submit(support, "plan")

    # 5. The person reads their plan on their phone and agrees to it.
    _shell(database, LOGIN.format(person_id=ids["person"], login=TRAINEE_LOGIN))
    trainee = site.page(Persona("path-trainee", TRAINEE_LOGIN, site.replica.member.password), **PHONE)
    trainee.goto(f"{site.url}/me/path/")
    _accessible(trainee, "my-path")
    trainee.locator("a[href*='/me/path/plans/']").first.click()
    trainee.check("#agree")
    _submit(trainee, "my-plan")
    assert trainee.url.endswith("/me/path/")

    # 6. The manager timetables a session of the cohort and enters the attendance on the tablet.
    manager.goto(f"{coop_url}/programmes/")
    manager.locator("main a", has_text="2014年度 初任者研修").first.click()
    manager.locator("a[href$='/sessions/new/']").click()
    manager.select_option("#id_unit", label="講義")
    manager.fill("#id_on_date", "2014-04-14")
    manager.fill("#id_starts_at", "10:00")
    manager.fill("#id_length_minutes", "120")
    _submit(manager, "training-session")
    assert "/attendance/" in manager.url
    for field in manager.locator("main input[type=number]").all():
        if field.get_attribute("id") != f"minutes-{participant_id}":
            field.fill("")  # only this person's attendance is entered here
    manager.fill(f"#minutes-{participant_id}", "120")
    _submit(manager, "attendance")

    # 7. The certificate; 8. the placement with a mentor of the centre (the roster then pairs them).
    manager.goto(f"{participant_url}/certificate/")
    manager.fill("#id_number", "12-2014-901")
    manager.fill("#id_issued_on", "2014-08-05")
    _submit(manager, "certificate")
    manager.goto(f"{participant_url}/placement/")
    _select_first(manager, "#id_mentor")
    manager.fill("#id_starts_on", "2014-08-01")
    _submit(manager, "placement")

    # 9. The coop signs the labour contract, and the support worker records the employment.
    officer.goto(f"{coop_url}/people/{ids['person']}/contracts/new/")
    officer.select_option("#id_centre", str(ids["centre"]))
    officer.fill("#id_started_on", "2014-09-01")
    officer.fill("#id_hours", "30")
    officer.fill("#id_minutes", "0")
    _submit(officer, "contract")
    support.goto(f"{participant_url}/outcome/")
    support.select_option("#id_kind", "coop_employed")
    support.fill("#id_on_date", "2014-09-01")
    _submit(support, "outcome-employed")

    # 10. The coop admits the person as a worker member, and the path records it.
    officer.goto(f"{coop_url}/people/{ids['person']}/memberships/new/")
    officer.select_option("#id_kind", "worker")
    officer.fill("#id_member_number", "C9990001")
    officer.fill("#id_joined_on", "2014-10-01")
    officer.select_option("#id_centre", str(ids["centre"]))
    _submit(officer, "membership")
    support.goto(f"{participant_url}/outcome/")
    support.select_option("#id_kind", "member")
    support.fill("#id_on_date", "2014-10-01")
    _submit(support, "outcome-member")

    # 11. The 6-month follow-up, inside its window (placed 1 August: due 1 February, 30 days either side).
    support.goto(participant_url + "/")
    support.locator("a[href*='/follow-ups/']").first.click()
    support.fill("#id_done_on", "2015-02-02")
    support.check("input[name=in_work][value=yes]")
    _submit(support, "follow-up")

    # The person's own page shows the path; the caseworker's file is read (and that read is logged).
    trainee.goto(f"{site.url}/me/path/")
    assert "12-2014-901" in trainee.inner_text("main")
    support.goto(f"{participant_url}/file/")
    _accessible(support, "case-file")

    events = json.loads(_shell(database, EVENTS.format(after=after)))
    users = {
        "support": site.replica.support.login,
        "manager": site.replica.manager.login,
        "officer": site.replica.officer.login,
        "trainee": TRAINEE_LOGIN,
    }
    steps = [
        ("members.person.created", "support"),
        ("inclusion.participant.referred", "support"),
        ("inclusion.consent.given", "support"),
        ("inclusion.participant.started", "support"),
        ("inclusion.assessment.recorded", "support"),
        ("inclusion.plan.drawn_up", "support"),
        ("inclusion.plan.agreed", "trainee"),
        ("inclusion.training_session.created", "manager"),
        ("inclusion.attendance.entered", "manager"),
        ("inclusion.certificate.awarded", "manager"),
        ("work.accommodation.set", "manager"),
        ("inclusion.placement.started", "manager"),
        ("members.labour_contract.created", "officer"),
        ("inclusion.outcome.recorded", "support"),
        ("members.membership.created", "officer"),
        ("inclusion.outcome.recorded", "support"),
        ("inclusion.follow_up.recorded", "support"),
    ]
    written = [(action, actor) for action, actor, _type, _id in events if action in {a for a, _who in steps}]
    assert written == [(action, users[who]) for action, who in steps]
    reads = {actor for action, actor, _type, object_id in events if action == "inclusion.file.viewed"}
    assert {users["support"], TRAINEE_LOGIN} <= reads  # every read of the file is logged, the person's too
    people = [object_id for action, _a, object_type, object_id in events if action == "members.person.created"]
    assert people == [str(ids["person"])]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_training_session_page_has_no_wcag_22_aa_violation(site: Site, language: str) -> None:
    page = site.page(site.replica.manager, language=language)
    page.goto(f"{site.url}/coops/{site.replica.coop_code}/programmes/")
    page.locator("main a", has_text="2014年度 初任者研修").first.click()
    page.locator("a[href$='/sessions/new/']").click()
    page.click("main form button[type=submit]")  # empty: the refusal, with its error summary, is checked too
    page.wait_for_selector(".error-summary")

    violations = axe_violations(page)

    screenshot(page, f"inclusion-training-session-{language}")
    assert not violations, describe(violations)
    assert page.locator("html").get_attribute("lang") == language
