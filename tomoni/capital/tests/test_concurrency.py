"""Concurrent appends to one coop's ledger queue up on the chain head: one unbroken chain, exact balances.

Eight processes, each with its own connection, append 1,000 entries each: 50 single payments and 95
dividend set-offs of 10 entries (the appropriation's bulk path), every call its own transaction, all
interleaved. PostgreSQL only (SQLite has one writer, and its triggers break the flush a transactional
test needs).
"""

from __future__ import annotations

import multiprocessing
import random
import time

import pytest
from django.db import connection, connections

from tomoni.capital.ledger import selectors, services
from tomoni.capital.models import CapitalEntry, PaymentMethod
from tomoni.capital.tests.factories import DAY, member
from tomoni.federation.models import Coop
from tomoni.members.models import Person

PROCESSES = 8
PEOPLE_PER_PROCESS = 10
SINGLES = 50  # one-entry payments by each process, for its first member
BATCHES = 95  # set-offs of one yen for each of its ten members
APPENDS = SINGLES + BATCHES * PEOPLE_PER_PROCESS  # 1,000 entries a process
SHARES = 10  # 500,000 yen subscribed: room for every one-yen payment


def _append(person_ids: list[int], queue: multiprocessing.Queue) -> None:
    """One worker: its own connection, 145 transactions appending 1,000 entries."""
    try:
        with connection.cursor() as cursor:
            # Durability is not under test: commits need not wait for the disk (locking is unchanged).
            cursor.execute("SET synchronous_commit TO OFF")
        first = Person.objects.select_related("coop").get(pk=person_ids[0])
        set_offs = [services.SetOff(person_id, 1) for person_id in person_ids]
        schedule = [True] * SINGLES + [False] * BATCHES
        random.Random(person_ids[0]).shuffle(schedule)  # each process interleaves the two differently
        for single in schedule:
            if single:
                services.capital_pay(
                    actor=None, person=first, amount_yen=1, method=PaymentMethod.PAYROLL, effective_on=DAY
                )
            else:
                services.capital_dividend_set_off(
                    actor=None, coop=first.coop, set_offs=set_offs, effective_on=DAY, appropriation_ref="test"
                )
        queue.put(None)
    except Exception as error:  # reported to the parent, which fails the test
        queue.put(repr(error))
    finally:
        connections.close_all()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
@pytest.mark.django_db(transaction=True)
def test_eight_processes_appending_leave_one_unbroken_chain() -> None:
    from tomoni.testing import build_world

    world = build_world()
    people = [member(world.cwc, f"P{i:04d}") for i in range(PROCESSES * PEOPLE_PER_PROCESS)]
    groups = [people[i : i + PEOPLE_PER_PROCESS] for i in range(0, len(people), PEOPLE_PER_PROCESS)]
    services.capital_opening_balances_load(
        actor=None, coop=world.cwc, source="test",
        balances=[services.OpeningBalance(p.pk, SHARES, 0, DAY) for p in people],
    )  # fmt: skip
    # No connection crosses the fork: each child opens its own.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    started = time.monotonic()
    workers = [context.Process(target=_append, args=([p.pk for p in group], queue)) for group in groups]
    for worker in workers:
        worker.start()
    errors = [queue.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert errors == [None] * PROCESSES
    seconds = time.monotonic() - started
    print(f"{PROCESSES} processes x {APPENDS} appends: {seconds:.1f} s")
    coop = Coop.objects.get(pk=world.cwc.pk)
    report = selectors.ledger_verify(coop=coop)
    assert report.broken is None
    assert report.entries == len(people) + PROCESSES * APPENDS
    sequences = list(CapitalEntry.objects.filter(coop=coop).order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, len(sequences) + 1))
    for group in groups:
        for position, person in enumerate(group):
            holding = selectors.holding_of(person=person, as_of=DAY)
            assert (holding.shares, holding.paid_yen) == (SHARES, BATCHES + (SINGLES if position == 0 else 0))
