"""Voting under load through the full HTTP stack: gunicorn, Django, PostgreSQL, on loopback only.

Bounded and self-contained: it (re)creates its own PostgreSQL database (tomoni_govvote_bench by default),
migrates it, registers VOTERS members with API tokens, starts gunicorn on a free 127.0.0.1 port and then

1. has every member cast through POST /api/v1/coops/<code>/motions/<id>/vote/ at once (a pool of THREADS
   client threads, each with its own keep-alive http.client connection, sending the member's API token and
   reading every answer), DUPLICATES of them submitting twice at the same moment; it checks exactly one
   ballot per member, none duplicated, none lost, and that each refused duplicate got the clear message;
2. votes on a second motion and SIGKILLs the whole server (master and workers) mid-vote, restarts it,
   retries what got no answer, and checks that every acknowledged ballot (its receipt) is in the database;
3. measures the raw INSERT rate of the same rows (participation + ballot, one transaction each, as many
   connections as client threads) into the same database: the ceiling;
4. writes 60,000 ballots and times the tally of them (the service, one GROUP BY).

    .venv/bin/python benchmarks/voting.py [--voters 6000] [--workers 6] [--server-threads 2] [--threads 12]

The server is run as in production (docs/performance.md, "Voting"): gunicorn's threaded workers (gthread,
WORKERS processes of SERVER_THREADS threads, so that a request waiting for PostgreSQL's commit does not hold a
whole process), HTTP keep-alive, and persistent database connections (CONN_MAX_AGE) on which the casting
statement and the token query are prepared once. `--worker-class sync` runs the former set-up for comparison.

The last line printed is one JSON object:
{"voters": …, "ballots": …, "duplicates": …, "lost": …, "crash_missing": …, "ballots_per_s": …,
 "insert_ceiling_per_s": …, "tally_seconds_60k": …}. It exits 1 when a check fails: a ballot duplicated or lost, an
acknowledged voter (or any voter, after the retries) missing after the crash, a retry refused for another reason.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tomoni_govvote_bench"
DUPLICATE_MESSAGE = "first vote stands"


def fail(message: str) -> None:
    print(f"benchmarks/voting.py: {message}", file=sys.stderr)
    sys.exit(2)


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--voters", type=int, default=6000)
    p.add_argument("--duplicates", type=int, default=200, help="members who submit twice at the same moment")
    p.add_argument("--crash-voters", type=int, default=1500, help="voters of the motion during which the server dies")
    p.add_argument("--workers", type=int, default=6, help="gunicorn worker processes (3 a core)")
    p.add_argument("--server-threads", type=int, default=2, help="threads of each gthread worker")
    p.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    p.add_argument("--threads", type=int, default=12, help="client threads: requests in flight at once")
    p.add_argument("--tally-ballots", type=int, default=60_000)
    p.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    return p.parse_args()


ARGS = parse_args()
DB = urlparse(ARGS.database_url)
if DB.scheme not in ("postgres", "postgresql"):
    fail("this benchmark runs on PostgreSQL only")
if DB.hostname not in ("127.0.0.1", "localhost", "::1"):
    fail("loopback only: the database must be on 127.0.0.1")
DB_NAME = DB.path.lstrip("/")
if not DB_NAME.endswith("_bench"):
    fail("the database name must end in _bench: this script drops and recreates it")

os.environ["DATABASE_URL"] = ARGS.database_url
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEBUG"] = "0"


def recreate_database() -> None:
    import psycopg

    admin = ARGS.database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (DB_NAME,),
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


log(f"recreating {DB_NAME} and migrating")
recreate_database()
subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True)

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from tomoni.core.models import Grant, Role, User  # noqa: E402
from tomoni.federation.models import Coop, Federation  # noqa: E402
from tomoni.governance.meetings import services as meetings  # noqa: E402
from tomoni.governance.models import Ballot, Motion, Participation  # noqa: E402
from tomoni.governance.voting import services  # noqa: E402
from tomoni.members.models import Membership, Person  # noqa: E402

CODE = "bench"


# Set-up ---------------------------------------------------------------------------------------------------


def register_members(coop: Coop, n: int) -> list[tuple[int, str]]:
    """n members with logins and API tokens, in bulk; returns (person id, token key)."""
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [User(username=f"B{i:07d}", password=unusable, is_active=True) for i in range(n)], batch_size=2000
    )
    people = Person.objects.bulk_create(
        [Person(coop=coop, family_name="組合", given_name=f"員{i}", user=u) for i, u in enumerate(users)],
        batch_size=2000,
    )
    Membership.objects.bulk_create(
        [
            Membership(coop=coop, person=p, kind="worker", member_number=f"B{i:07d}", joined_on=dt.date(2010, 4, 1))
            for i, p in enumerate(people)
        ],
        batch_size=2000,
    )
    tokens = Token.objects.bulk_create([Token(key=Token.generate_key(), user=u) for u in users], batch_size=2000)
    return [(p.pk, t.key) for p, t in zip(people, tokens, strict=True)]


def set_up() -> tuple[Coop, list[tuple[int, str]]]:
    federation = Federation.objects.create(code="bench-fed", name="ベンチ連合会")
    coop = Coop.objects.create(
        federation=federation,
        code=CODE,
        name="ベンチ労協",
        kind="worker_coop",
        legal_form="worker_coop_act",
        prefecture_code="13",
        joined_federation_on=dt.date(2000, 1, 1),
    )
    officer = User.objects.create(username="bench-officer", password=make_password(None))
    Grant.objects.create(user=officer, role=Role.COOP_OFFICER, coop=coop)
    return coop, register_members(coop, ARGS.voters)


def new_motion(coop: Coop, title: str) -> Motion:
    meeting = meetings.meeting_create(
        actor=None,
        coop=coop,
        kind="general",
        title=title,
        starts_at=timezone.now() + dt.timedelta(days=30),
    )
    meetings.meeting_convene(actor=None, meeting=meeting, notify=False)  # no convocation mail to the bench members
    # The session is open while the bench votes: its motions may then be closed and counted.
    meetings.meeting_set_status(actor=None, meeting=meeting, status="in_session", notify=False)
    now = timezone.now()
    motion = services.motion_create(
        actor=None,
        meeting=meeting,
        kind="ordinary",
        title=title,
        opens_at=now - dt.timedelta(minutes=1),
        closes_at=now + dt.timedelta(hours=2),
        record_date=timezone.localdate(now),
    )
    return services.motion_open(actor=None, motion=motion)


# The server -----------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, port: int) -> None:
        self.port = port
        self.proc: subprocess.Popen[bytes] | None = None
        log_path = Path(tempfile.gettempdir()) / f"voting-bench-gunicorn-{os.getpid()}.log"
        self.log = log_path.open("ab")

    def start(self) -> None:
        env = {**os.environ, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1", "CONN_MAX_AGE": "600"}
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(ARGS.workers),
                "--worker-class",
                ARGS.worker_class,
                "--threads",
                str(ARGS.server_threads),
                "--keep-alive",
                "10",  # seconds an idle client connection stays open (gthread; sync workers close each one)
                "--backlog",
                "2048",
                "--preload",  # import the app once in the master: workers fork warm, and restart fast
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: one killpg takes master and workers
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                c.request("GET", "/")
                c.getresponse().read()
                c.close()
                return
            except OSError:
                if self.proc.poll() is not None:
                    fail("gunicorn exited while starting; see " + self.log.name)
                time.sleep(0.2)
        fail("gunicorn did not start within 60 s")

    def kill(self) -> None:
        """SIGKILL the master and every worker at once: the crash of the application server."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


# The client -----------------------------------------------------------------------------------------------


_local = threading.local()


def drop_connection() -> None:
    """Close this thread's connection; the next request opens a new one."""
    c = getattr(_local, "conn", None)
    if c is not None:
        c.close()
    _local.conn = None


def post_vote(port: int, motion_id: int, token: str, choice: str) -> tuple[int, dict[str, object]]:
    """One POST on this thread's keep-alive connection; (status, body).

    Status 0 when the connection failed (no answer: not acknowledged); the connection is then dropped, as it is
    when the server says it will close it.
    """
    c = getattr(_local, "conn", None)
    if c is None:
        c = _local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = json.dumps({"choice": choice})
    try:
        c.request(
            "POST",
            f"/api/v1/coops/{CODE}/motions/{motion_id}/vote/",
            body=body,
            headers={
                "Authorization": f"Token {token}",
                "Content-Type": "application/json",
                "Accept-Language": "en",
            },
        )
        r = c.getresponse()
        data = r.read()
    except (OSError, http.client.HTTPException):
        drop_connection()
        return 0, {}
    if r.will_close:
        drop_connection()
    try:
        return r.status, json.loads(data)
    except ValueError:
        return r.status, {}


CHOICES = ("for", "against", "abstain")


@dataclass
class CastResult:
    elapsed: float
    acknowledged: dict[int, str]
    refused: int
    refused_clearly: int
    other: list[tuple[int, int]]
    requests: int


def cast_all(port: int, motion: Motion, voters: list[tuple[int, str]], duplicates: int) -> CastResult:
    """Every voter casts once; the first `duplicates` also send a second submission at the same time."""
    jobs = [(pid, token, CHOICES[i % 3]) for i, (pid, token) in enumerate(voters)]
    jobs += [(pid, token, "against") for pid, token in voters[:duplicates]]
    # Interleave the duplicates with their firsts so both land at about the same moment.
    order = []
    for i, job in enumerate(jobs[: len(voters)]):
        order.append(job)
        if i < duplicates:
            order.append(jobs[len(voters) + i])
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=ARGS.threads) as pool:
        results = list(pool.map(lambda j: (j[0], *post_vote(port, motion.pk, j[1], j[2])), order))
    elapsed = time.perf_counter() - started
    acknowledged = {pid: str(body["receipt"]) for pid, status, body in results if status == 201}
    refused = [(pid, body) for pid, status, body in results if status == 400]
    other = [(pid, status) for pid, status, _b in results if status not in (201, 400)]
    clear = sum(1 for _pid, body in refused if DUPLICATE_MESSAGE in str(body.get("detail", "")))
    return CastResult(elapsed, acknowledged, len(refused), clear, other, len(order))


def check_motion(motion: Motion, acknowledged: dict[int, str]) -> tuple[int, int, int]:
    """(ballots, duplicates, lost) of a motion: duplicates beyond one per member; acknowledged receipts missing."""
    ballots = Ballot.objects.filter(motion=motion).count()
    participations = Participation.objects.filter(motion=motion).count()
    distinct_voters = Participation.objects.filter(motion=motion).values("person_id").distinct().count()
    duplicates = (participations - distinct_voters) + max(0, ballots - participations)
    stored = set(Ballot.objects.filter(motion=motion).values_list("receipt_sha256", flat=True))
    lost = sum(1 for receipt in acknowledged.values() if services.receipt_hash(receipt) not in stored)
    return ballots, duplicates, lost


# Phases ---------------------------------------------------------------------------------------------------


def warm_up(port: int, coop: Coop, voters: list[tuple[int, str]]) -> None:
    """Every worker answers a few votes (on a motion of its own) before the clock starts."""
    motion = new_motion(coop, "暖機")
    with ThreadPoolExecutor(max_workers=ARGS.workers * 2) as pool:
        list(pool.map(lambda v: post_vote(port, motion.pk, v[1], "for"), voters[: ARGS.workers * 25]))


@dataclass(frozen=True)
class CrashResult:
    ballots: int
    duplicates: int
    lost: int  # acknowledged receipts with no ballot
    missing: int  # acknowledged voters with no participation row, and voters never recorded after the retries
    retry_failures: int  # retries answered neither with a ballot nor with "first vote stands"


def crash_phase(server: Server, coop: Coop, voters: list[tuple[int, str]]) -> CrashResult:
    """Vote while the server is SIGKILLed and restarted; every acknowledged ballot and voter must survive."""
    motion = new_motion(coop, "クラッシュ試験")
    acknowledged: dict[int, str] = {}
    unanswered: list[tuple[int, str]] = []
    lock = threading.Lock()
    killed = threading.Event()

    def one(job: tuple[int, str]) -> None:
        pid, token = job
        status, body = post_vote(server.port, motion.pk, token, "for")
        with lock:
            if status == 201:
                acknowledged[pid] = str(body["receipt"])
            elif status == 0:
                unanswered.append(job)

    def killer() -> None:
        time.sleep(1.0)
        log("SIGKILL gunicorn (master and workers) mid-vote")
        server.kill()
        killed.set()

    t = threading.Thread(target=killer)
    t.start()
    with ThreadPoolExecutor(max_workers=ARGS.threads) as pool:
        list(pool.map(one, voters))
    t.join()
    log(f"server killed: {len(acknowledged)} acknowledged, {len(unanswered)} without an answer; restarting")
    server.start()
    drop_connection()  # this thread's connection, if any, died with the server
    retried_ok = retried_dup = retry_failures = 0
    for pid, token in unanswered:
        status, body = post_vote(server.port, motion.pk, token, "for")
        if status == 201:
            acknowledged[pid] = str(body["receipt"])
            retried_ok += 1
        elif status == 400 and DUPLICATE_MESSAGE in str(body.get("detail", "")):
            retried_dup += 1  # the first request was committed though its answer was lost: still one ballot
        else:
            retry_failures += 1
            log(f"crash phase: a retry answered {status}: {body}")
    log(f"after restart: {retried_ok} retried and recorded, {retried_dup} had been recorded before the crash")
    ballots, duplicates, lost = check_motion(motion, acknowledged)
    recorded = set(Participation.objects.filter(motion=motion).values_list("person_id", flat=True))
    missing_acknowledged = [pid for pid in acknowledged if pid not in recorded]
    never_recorded = [pid for pid, _token in voters if pid not in recorded]
    if missing_acknowledged:
        log(f"crash phase: {len(missing_acknowledged)} acknowledged voters missing, e.g. {missing_acknowledged[:10]}")
    if never_recorded:
        log(f"crash phase: {len(recorded)} of {len(voters)} voters recorded after the retries")
    missing = len(set(missing_acknowledged) | set(never_recorded))
    return CrashResult(ballots, duplicates, lost, missing, retry_failures)


def insert_ceiling(coop: Coop, voters: list[tuple[int, str]]) -> float:
    """The raw INSERT rate of the same rows (participation + ballot, a transaction each), same concurrency."""
    import psycopg

    motion = new_motion(coop, "INSERT上限")
    now = timezone.now()
    person_ids = [pid for pid, _t in voters]
    chunks = [person_ids[i :: ARGS.threads] for i in range(ARGS.threads)]

    def run(chunk: list[int]) -> None:
        with psycopg.connect(ARGS.database_url) as conn:
            for pid in chunk:
                with conn.transaction():
                    conn.execute(
                        "INSERT INTO governance_participation (created_at, updated_at, coop_id, motion_id, person_id,"
                        " channel, paper_reference, proxy_holder_id, recorded_by_id)"
                        " VALUES (%s, %s, %s, %s, %s, 'online', '', NULL, NULL)",
                        (now, now, coop.pk, motion.pk, pid),
                    )
                    conn.execute(
                        "INSERT INTO governance_ballot (id, coop_id, motion_id, choice, receipt_sha256)"
                        " VALUES (%s, %s, %s, 'for', %s)",
                        (uuid.uuid4(), coop.pk, motion.pk, uuid.uuid4().hex + uuid.uuid4().hex),
                    )

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=ARGS.threads) as pool:
        list(pool.map(run, chunks))
    elapsed = time.perf_counter() - started
    return len(person_ids) / elapsed


def tally_60k(coop: Coop) -> float:
    """Write N ballots (and their participations and roll) with SQL, close the motion, time the tally service."""
    n = ARGS.tally_ballots
    motion = new_motion(coop, "集計試験")
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "INSERT INTO members_person (created_at, updated_at, coop_id, family_name, given_name, family_name_kana,"
            " given_name_kana, email, phone, postal_code, address)"
            " SELECT now(), now(), %s, 'T', 'g' || i, '', '', '', '', '', '' FROM generate_series(1, %s) AS i"
            " RETURNING id",
            [coop.pk, n],
        )
        ids = [row[0] for row in cur.fetchall()]
        cur.execute("UPDATE governance_roll SET member_count = member_count + %s WHERE id = %s", [n, motion.roll_id])
        cur.execute(
            "INSERT INTO governance_rollentry (coop_id, roll_id, person_id, member_number)"
            " SELECT %s, %s, p, 'T' || p FROM unnest(%s::bigint[]) AS p",
            [coop.pk, motion.roll_id, ids],
        )
        cur.execute(
            "INSERT INTO governance_participation (created_at, updated_at, coop_id, motion_id, person_id, channel,"
            " paper_reference) SELECT now(), now(), %s, %s, p, 'online', '' FROM unnest(%s::bigint[]) AS p",
            [coop.pk, motion.pk, ids],
        )
        cur.execute(
            "INSERT INTO governance_ballot (id, coop_id, motion_id, choice, receipt_sha256)"
            " SELECT gen_random_uuid(), %s, %s, (ARRAY['for','for','against','abstain'])[1 + (i %% 4)],"
            " md5(i::text) || md5((i + 1)::text) FROM generate_series(1, %s) AS i",
            [coop.pk, motion.pk, n],
        )
    cur = connection.cursor()
    cur.execute("ANALYZE governance_ballot")
    services.motion_close(actor=None, motion=motion)
    started = time.perf_counter()
    result = services.motion_tally(actor=None, motion=Motion.objects.get(pk=motion.pk))
    elapsed = time.perf_counter() - started
    if result.present_count != n:
        fail(f"tally counted {result.present_count} of {n} ballots")
    log(f"tally of {n}: for {result.for_count}, against {result.against_count}, abstaining {result.abstain_count}")
    return elapsed


def main() -> None:
    log(f"registering {ARGS.voters} members with API tokens")
    coop, voters = set_up()
    motion = new_motion(coop, "第1号議案 事業計画")
    port = free_port()
    server = Server(port)
    log(
        f"starting gunicorn with {ARGS.workers} {ARGS.worker_class} workers"
        + (f" of {ARGS.server_threads} threads" if ARGS.worker_class == "gthread" else "")
        + f" on 127.0.0.1:{port}"
    )
    server.start()
    try:
        warm_up(port, coop, voters)
        log(f"{ARGS.voters} members cast at once ({ARGS.duplicates} of them twice), {ARGS.threads} client threads")
        first = cast_all(port, motion, voters, ARGS.duplicates)
        acknowledged = first.acknowledged
        ballots, duplicates, lost = check_motion(motion, acknowledged)
        rate = ballots / first.elapsed
        log(
            f"phase 1: {first.requests} requests, {len(acknowledged)} acknowledged, {first.refused} refused"
            f" ({first.refused_clearly} with the duplicate message), other {len(first.other)},"
            f" {ballots} ballots in {first.elapsed:.1f} s = {rate:.0f}/s"
        )
        if first.other:
            fail(f"unexpected answers: {first.other[:10]}")
        # A late duplicate from members who already voted: one ballot each still, and the message.
        late = [post_vote(port, motion.pk, token, "for") for _pid, token in voters[-20:]]
        late_clear = sum(1 for s, b in late if s == 400 and DUPLICATE_MESSAGE in str(b.get("detail", "")))
        log(f"late duplicates: {late_clear} of {len(late)} refused with the clear message")
        ballots_after, duplicates_after, lost_after = check_motion(motion, acknowledged)

        crash_voters = voters[: ARGS.crash_voters]
        crash = crash_phase(server, coop, crash_voters)
        log(
            f"crash phase: {crash.ballots} ballots, {crash.duplicates} duplicates, {crash.lost} acknowledged lost,"
            f" {crash.missing} voters missing, {crash.retry_failures} retries refused"
        )
    finally:
        server.stop()

    log("raw INSERT ceiling")
    ceiling = insert_ceiling(coop, voters)
    log(f"ceiling: {ceiling:.0f} participation+ballot transactions/s")
    log(f"tally of {ARGS.tally_ballots} ballots")
    tally_seconds = tally_60k(coop)

    ok = (
        ballots == ballots_after == ARGS.voters
        and duplicates == duplicates_after == 0
        and lost == lost_after == 0
        and crash.lost == 0
        and crash.missing == 0
        and crash.retry_failures == 0
        and crash.ballots == len(crash_voters)
        and crash.duplicates == 0
        and first.refused_clearly == ARGS.duplicates
        and late_clear == len(late)
    )
    if not ok:
        log("CHECK FAILED: see the figures above")
    print(
        json.dumps(
            {
                "voters": ARGS.voters,
                "ballots": ballots,
                "duplicates": duplicates + crash.duplicates,
                "lost": lost + crash.lost,
                "crash_missing": crash.missing,
                "ballots_per_s": round(rate, 1),
                "insert_ceiling_per_s": round(ceiling, 1),
                "tally_seconds_60k": round(tally_seconds, 4),
            }
        )
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
