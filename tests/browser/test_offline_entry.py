"""Entry in the field: hours entered with no signal are kept on the phone and reach the server once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Site

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]

# Gives the Ajisai member a shift yesterday on a published roster (the replica's rosters are of March 2015),
# and prints the number of hours reports stored.
SHIFT = """
import datetime as dt
from tomoni.core import clock
from tomoni.core.models import User
from tomoni.demo import personas
from tomoni.members.models import LabourContract
from tomoni.work import services
from tomoni.work.models import Roster, ShiftType
person = User.objects.get(username=personas.USERNAMES[personas.AJISAI_MEMBER]).person
centre = LabourContract.objects.filter(person=person).first().centre
day = clock.today() - dt.timedelta(days=1)
month = day.replace(day=1)
roster = Roster.objects.filter(centre=centre, month=month).first() or services.roster_create(
    actor=None, centre=centre, month=month
)
shift = ShiftType.objects.filter(centre=centre, is_night=False).first()
services.assignment_set(actor=None, roster=roster, person=person, on_date=day, shift_type=shift)
services.roster_publish(actor=None, roster=roster)
"""
COUNT = """
from tomoni.core.models import AuditEvent, ClientSubmission
print(AuditEvent.objects.filter(action="work.hours.reported").count(), ClientSubmission.objects.count())
"""


def _shell(database: Path, code: str) -> str:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DEBUG": "0"}
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_hours_entered_offline_reach_the_server_once(site: Site, tmp_path_factory: pytest.TempPathFactory) -> None:
    database = next(tmp_path_factory.getbasetemp().glob("browser-server*/browser.sqlite3"))
    _shell(database, SHIFT)
    page = site.page(site.replica.member, width=360, height=740)
    page.goto(site.url + "/me/roster/hours/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the service worker, which keeps this offline-ready page
    assert page.evaluate("!!navigator.serviceWorker.controller")

    context: Any = page.context
    context.set_offline(True)
    page.goto(site.url + "/me/roster/hours/")  # opened with no signal: from the phone's copy
    page.fill("#id_hours", "7")
    page.fill("#id_minutes", "30")
    page.click("main form[data-offline] button[type=submit]")
    page.wait_for_selector("#outbox:not([hidden])")
    assert page.inner_text("#outbox .outbox-count") == "1"
    kept = page.evaluate("TomoniOutbox.all()")
    assert len(kept) == 1
    assert _shell(database, COUNT) == "0 0"

    context.set_offline(False)  # back online: the page's "online" event sends the outbox
    page.wait_for_selector("#outbox", state="hidden")
    assert page.evaluate("TomoniOutbox.all()") == []
    assert _shell(database, COUNT) == "1 1"

    # The same record sent again (a retry after a lost answer) is answered, and not stored twice.
    answer = page.evaluate(
        """(r) => fetch(r.url, {method: 'POST', credentials: 'same-origin', body: r.body,
             headers: {'Content-Type': 'application/x-www-form-urlencoded', 'X-Tomoni-Outbox': '1'}})
             .then(response => response.json())""",
        kept[0],
    )
    assert answer["status"] == "replayed"
    assert _shell(database, COUNT) == "1 1"


RECORDS = """
from tomoni.core.models import AuditEvent, ClientSubmission
from tomoni.operations.models import ServiceRecord
print(ServiceRecord.objects.filter(note="オフライン入力").count(),
      ClientSubmission.objects.filter(action="operations.service.recorded").count())
"""


def test_a_centres_visits_entered_offline_reach_the_books_once(
    site: Site, tmp_path_factory: pytest.TempPathFactory
) -> None:
    database = next(tmp_path_factory.getbasetemp().glob("browser-server*/browser.sqlite3"))
    url = f"{site.url}/coops/{site.replica.coop_code}/records/{site.replica.centre_code}/"
    page = site.page(site.replica.manager, width=360, height=740)
    page.goto(url)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the service worker, which keeps this offline-ready page
    assert page.evaluate("!!navigator.serviceWorker.controller")

    context: Any = page.context
    context.set_offline(True)
    page.goto(url)  # opened with no signal: from the phone's copy
    form = page.locator("main form[data-offline]").first
    page.fill("#id_s-count", "6")
    page.fill("#id_s-minutes", "360")
    page.fill("#id_s-note", "オフライン入力")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#outbox:not([hidden])")
    kept = page.evaluate("TomoniOutbox.all()")
    assert len(kept) == 1
    assert _shell(database, RECORDS) == "0 0"

    context.set_offline(False)  # back online: the outbox is sent
    page.wait_for_selector("#outbox", state="hidden")
    assert _shell(database, RECORDS) == "1 1"
    answer = page.evaluate(
        """(r) => fetch(r.url, {method: 'POST', credentials: 'same-origin', body: r.body,
             headers: {'Content-Type': 'application/x-www-form-urlencoded', 'X-Tomoni-Outbox': '1'}})
             .then(response => response.json())""",
        kept[0],
    )
    assert answer["status"] == "replayed"
    assert _shell(database, RECORDS) == "1 1"
