"""Large imports run as a job: progress reported, all or nothing, the query count bounded whatever the rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tomoni.core import services as core_services
from tomoni.core.errors import TomoniError
from tomoni.core.models import AuditEvent, ImportJob, ImportStatus
from tomoni.members.models import Membership, Person
from tomoni.testing import World

HEADER = "family_name,given_name,birth_date,member_number,membership_kind,joined_on,centre_code"


def people_csv(rows: int, *, bad_row: int | None = None) -> bytes:
    """A people file of `rows` members; `bad_row` (a spreadsheet row number) lacks its given name."""
    lines = [HEADER]
    for i in range(rows):
        given = "" if bad_row == i + 2 else "太郎"
        lines.append(f"試験,{given},1970-01-01,J{i:07d},worker,2015-01-01,ajisai")
    return "\r\n".join(lines).encode("utf-8")


@pytest.fixture
def in_a_job(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file goes through the background job (which the tests run inline), not the request."""
    monkeypatch.setattr(core_services, "IMPORT_INLINE_BYTES", 0)


@pytest.fixture
def jobs_run(django_capture_on_commit_callbacks: Callable[..., Any]) -> Callable[..., Any]:
    """Run the jobs a call starts once its transaction commits (the test's own transaction never does)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def start(world: World, data: bytes, jobs_run: Callable[..., Any]) -> ImportJob:
    with jobs_run():
        job = core_services.import_job_start(
            actor=world.officer, coop_id=world.cwc.pk, kind="people", filename="people.csv", data=data, language="en"
        )
    return ImportJob.objects.get(pk=job.pk)


def confirm(world: World, job: ImportJob, jobs_run: Callable[..., Any]) -> ImportJob:
    with jobs_run():
        core_services.import_job_confirm(actor=world.officer, job=job)
    return ImportJob.objects.get(pk=job.pk)


def test_a_job_import_with_one_bad_row_saves_nothing_and_names_the_row(
    world: World, in_a_job: None, jobs_run: Callable[..., Any]
) -> None:
    people = Person.objects.count()
    job = start(world, people_csv(300, bad_row=150), jobs_run)
    assert (job.status, job.rows_total, job.problem_count) == (ImportStatus.REFUSED, 300, 1)
    assert (job.problems[0]["row"], job.problems[0]["column"]) == (150, "given_name")
    assert job.data == b""  # the file is not kept once refused
    with pytest.raises(TomoniError):
        confirm(world, job, jobs_run)
    assert Person.objects.count() == people
    assert not AuditEvent.objects.filter(action="members.people.imported").exists()


def test_a_job_import_reports_its_progress_then_saves_every_row(
    world: World, in_a_job: None, monkeypatch: pytest.MonkeyPatch, jobs_run: Callable[..., Any]
) -> None:
    seen: list[int] = []
    real = core_services._import_progress

    def spy(job_id: int, low: int, high: int):  # type: ignore[no-untyped-def]
        write = real(job_id, low, high)

        def recorded(share: float) -> None:
            write(share)
            seen.append(ImportJob.objects.get(pk=job_id).progress_percent)

        return recorded

    monkeypatch.setattr(core_services, "_import_progress", spy)
    job = start(world, people_csv(400), jobs_run)
    assert job.status == ImportStatus.CHECKED and Person.objects.filter(family_name="試験").count() == 0
    assert seen[0] == 0 and 90 <= seen[-1] < 100 and seen == sorted(seen)
    seen.clear()
    job = confirm(world, job, jobs_run)
    assert (job.status, job.rows_saved, job.progress_percent) == (ImportStatus.DONE, 400, 100)
    assert seen and max(seen) <= core_services._SAVE_CHECKED_PERCENT  # checked again before saving
    assert Membership.objects.filter(coop=world.cwc, member_number__startswith="J").count() == 400
    assert [row["cells"][0] for row in job.shown_rows[:2]] == ["試験", "試験"]


def test_the_query_count_of_an_import_does_not_grow_with_its_rows(
    world: World, in_a_job: None, jobs_run: Callable[..., Any]
) -> None:
    def queries(rows: int, offset: int) -> int:
        data = people_csv(rows).replace(b",J", b",K" if offset else b",J")
        with CaptureQueriesContext(connection) as captured:
            job = confirm(world, start(world, data, jobs_run), jobs_run)
        assert job.rows_saved == rows
        return len(captured)

    small, large = queries(1_000, 0), queries(10_000, 1)
    # Rows go in batches (up to 2,000 a statement; SQLite's 999 parameters make that some 70 people), member
    # numbers are looked up 5,000 at a time, progress is written once a percent: never a query per row.
    assert large - small < (10_000 - 1_000) // 25, (small, large)
