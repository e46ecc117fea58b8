"""PostgreSQL only: the same member casting from several threads at once gets exactly one ballot."""

import threading

import pytest
from django.db import connection, connections
from django.utils import translation

from tomoni.core.errors import TomoniError
from tomoni.governance.models import Ballot, Participation
from tomoni.governance.tests.factories import open_motion
from tomoni.governance.voting import services
from tomoni.testing import build_world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"),
]

THREADS = 8


def test_concurrent_casts_by_one_member_leave_one_ballot():
    world = build_world()
    motion = open_motion(world)
    barrier = threading.Barrier(THREADS)
    receipts: list[str] = []
    refusals: list[str] = []
    lock = threading.Lock()

    def cast(choice: str) -> None:
        translation.activate("en")
        try:
            barrier.wait()
            receipt = services.vote_cast(actor=world.member, motion=motion, choice=choice)
            with lock:
                receipts.append(receipt)
        except TomoniError as error:
            with lock:
                refusals.append(error.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cast, args=("for" if i % 2 else "against",)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(receipts) == 1 and len(refusals) == THREADS - 1
    assert Ballot.objects.filter(motion=motion).count() == 1
    assert Participation.objects.filter(motion=motion).count() == 1
    assert all("first vote stands" in message for message in refusals)


def test_concurrent_casts_by_many_members_are_all_counted():
    world = build_world()
    motion = open_motion(world)
    # The two CWC members of the world are on the roll; give the second one a login.
    nara = world.nara_person
    nara.user = type(world.member).objects.create_user(username="nara-voter")
    nara.save()
    users = [world.member, nara.user]
    barrier = threading.Barrier(len(users))
    done: list[str] = []

    def cast(user) -> None:
        try:
            barrier.wait()
            done.append(services.vote_cast(actor=user, motion=motion, choice="for"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cast, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(done) == 2 and Ballot.objects.filter(motion=motion).count() == 2
