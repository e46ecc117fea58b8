"""Background jobs without a broker: in a thread after the commit, or inline in the tests."""

from __future__ import annotations

import threading

import pytest
from celery import shared_task
from django.db import transaction

from tomoni.core import jobs

RAN_IN: list[tuple[str, int]] = []


@shared_task(name="tests.core.record_thread")
def record_thread(value: int) -> None:
    RAN_IN.append((threading.current_thread().name, value))


@shared_task(name="tests.core.fail")
def fail() -> None:
    raise RuntimeError("boom")


def _join_jobs() -> None:
    for thread in threading.enumerate():
        if thread.name.startswith("job "):
            thread.join(timeout=10)


@pytest.fixture(autouse=True)
def _clean() -> None:
    RAN_IN.clear()


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_a_job_runs_in_its_own_thread_after_the_commit(settings: object) -> None:
    settings.JOBS_IN_THREAD = True  # type: ignore[attr-defined]
    with transaction.atomic():
        jobs.start(record_thread, 7)
        assert RAN_IN == []  # not before the commit
    _join_jobs()
    assert RAN_IN == [("job tests.core.record_thread", 7)]


@pytest.mark.django_db(transaction=True)
def test_a_job_rolled_back_with_its_transaction_never_runs(settings: object) -> None:
    settings.JOBS_IN_THREAD = True  # type: ignore[attr-defined]
    with pytest.raises(ValueError), transaction.atomic():
        jobs.start(record_thread, 1)
        raise ValueError
    _join_jobs()
    assert RAN_IN == []


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_in_a_thread_is_logged_not_raised(settings: object, caplog: pytest.LogCaptureFixture) -> None:
    settings.JOBS_IN_THREAD = True  # type: ignore[attr-defined]
    jobs.start(fail)
    _join_jobs()
    assert "job tests.core.fail() failed" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_in_the_tests_jobs_run_inline() -> None:
    jobs.start(record_thread, 3)
    assert [(threading.current_thread().name, 3)] == RAN_IN
