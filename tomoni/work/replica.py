"""The replica's rosters: Ajisai and West Nara, March 2015, solved by the real solver and published.

- Ajisai (地域福祉事業所あじさい, elderly care): early, day and 16-hour night shifts under one-month variable
  working hours (Labour Standards Act Art 32-2, usual in care); nights need a certified care worker
  (介護福祉士), early shifts someone with the initial training (介護職員初任者研修). The six members who came
  through the disability training work no nights; two of them at most 20 hours a week, and the oldest
  members no nights either.
- West Nara (西奈良事業所): hospital cleaning in two shifts and nursing support by day. The five younger
  members with intellectual or mental disabilities work in pairs: each works only on a shift where a
  cleaning lead (清掃リーダー, the ten-year veterans and the elder members) also works; one of them with a
  named mentor.

Every row goes through the services, as of late February 2015 (the roster is made the month before);
the solver gets a few seconds per centre so the replica loads quickly. Accommodations keep no reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from django.utils import timezone

from tomoni.core.progress import Progress
from tomoni.federation.models import Centre, Federation
from tomoni.members.models import Membership, Person
from tomoni.work import services
from tomoni.work.models import Qualification, RosterStatus

MARCH = dt.date(2015, 3, 1)
MADE_AT = dt.datetime(2015, 2, 20, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
# Seconds the solver gets per centre: enough for a good roster of 20 members, short enough for the load.
TIME_LIMIT_S = 4


@contextmanager
def _clock(when: dt.datetime) -> Iterator[None]:
    """Run the services as if it were `when` (the replica records a past month)."""
    real = timezone.now
    timezone.now = lambda: when
    try:
        yield
    finally:
        timezone.now = real


def _people(centre: Centre, numbers: list[str]) -> dict[str, Person]:
    rows = Membership.objects.filter(coop_id=centre.coop_id, member_number__in=numbers).select_related("person")
    return {m.member_number: m.person for m in rows}


def _c(n: int) -> str:
    return f"C{n:07d}"


def _qualification(centre: Centre, code: str, name: str) -> Qualification:
    found = Qualification.objects.filter(coop_id=centre.coop_id, code=code).first()
    return found or services.qualification_create(actor=None, centre=centre, code=code, name=name)


def _ajisai(centre: Centre) -> int:
    people = _people(centre, [_c(n) for n in range(1, 20)])
    caregiver = _qualification(centre, "kaigo-fukushishi", "介護福祉士")
    initial = _qualification(centre, "shoninsha-kenshu", "介護職員初任者研修")
    for n in (1, 5, 8, 17, 18):
        if _c(n) in people:
            services.member_qualification_grant(
                actor=None, centre=centre, person=people[_c(n)], qualification=caregiver
            )
    for n in (1, 3, 5, 6, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18):
        if _c(n) in people:
            services.member_qualification_grant(actor=None, centre=centre, person=people[_c(n)], qualification=initial)
    services.labour_rules_set(actor=None, centre=centre, max_minutes_per_day=None, average_weekly_over_period=True)
    early = services.shift_type_create(
        actor=None, centre=centre, code="早", name="早番", starts_at=dt.time(7), length_minutes=540,
        break_minutes=60, colour="#fde9c8", qualifications=[initial], sort_order=1,
    )  # fmt: skip
    day = services.shift_type_create(
        actor=None, centre=centre, code="日", name="日勤", starts_at=dt.time(9), length_minutes=540,
        break_minutes=60, colour="#d9f0d9", sort_order=2,
    )  # fmt: skip
    night = services.shift_type_create(
        actor=None, centre=centre, code="夜", name="夜勤", starts_at=dt.time(16, 30), length_minutes=960,
        break_minutes=120, is_night=True, colour="#dde3f5", qualifications=[caregiver], sort_order=3,
    )  # fmt: skip
    services.coverage_set(actor=None, centre=centre, shift_type=early, required_count=2)
    services.coverage_set(actor=None, centre=centre, shift_type=day, required_count=3)
    for weekday in (5, 6):
        services.coverage_set(actor=None, centre=centre, shift_type=day, required_count=2, weekday=weekday)
    services.coverage_set(actor=None, centre=centre, shift_type=night, required_count=1, qualification=caregiver)
    # No nights for the six who came through the disability training and for the eldest; reduced hours for two.
    for n in (4, 7, 10, 11, 12, 14, 16):
        if _c(n) in people:
            services.accommodation_set(actor=None, centre=centre, person=people[_c(n)], no_nights=True)
    for n in (13, 15):
        if _c(n) in people:
            services.accommodation_set(
                actor=None, centre=centre, person=people[_c(n)], no_nights=True, max_minutes_per_week=1200
            )
    wishes = [
        (3, dt.date(2015, 3, 3), "day_off"),
        (17, dt.date(2015, 3, 21), "day_off"),
        (9, dt.date(2015, 3, 14), "day_off"),
    ]
    for n, day_of, kind in wishes:
        if _c(n) in people:
            services.wish_add(actor=None, person=people[_c(n)], on_date=day_of, kind=kind, centre=centre)
    if _c(18) in people:
        services.wish_add(
            actor=None, person=people[_c(18)], on_date=dt.date(2015, 3, 6), kind="want", shift_type=night, centre=centre
        )
    if _c(5) in people:
        services.availability_set(
            actor=None, person=people[_c(5)], on_date=dt.date(2015, 3, 12), available=False, centre=centre
        )
    return len(people)


def _west_nara(centre: Centre) -> int:
    people = _people(centre, [_c(n) for n in range(21, 40)])
    lead = _qualification(centre, "seiso-leader", "清掃作業リーダー")
    caregiver = _qualification(centre, "kaigo-fukushishi", "介護福祉士")
    for n in (21, 22, 23, 29, 30, 31):
        if _c(n) in people:
            services.member_qualification_grant(actor=None, centre=centre, person=people[_c(n)], qualification=lead)
    for n in range(34, 40):
        if _c(n) in people:
            services.member_qualification_grant(
                actor=None, centre=centre, person=people[_c(n)], qualification=caregiver
            )
    clean_a = services.shift_type_create(
        actor=None, centre=centre, code="A", name="病院清掃A", starts_at=dt.time(8), length_minutes=540,
        break_minutes=60, colour="#e3f1f7", sort_order=1,
    )  # fmt: skip
    clean_b = services.shift_type_create(
        actor=None, centre=centre, code="B", name="病院清掃B", starts_at=dt.time(12), length_minutes=540,
        break_minutes=60, colour="#f3e6f7", sort_order=2,
    )  # fmt: skip
    nursing = services.shift_type_create(
        actor=None, centre=centre, code="看", name="看護助手", starts_at=dt.time(8, 30), length_minutes=540,
        break_minutes=60, colour="#d9f0d9", qualifications=[caregiver], sort_order=3,
    )  # fmt: skip
    services.coverage_set(actor=None, centre=centre, shift_type=clean_a, required_count=4)
    services.coverage_set(actor=None, centre=centre, shift_type=clean_a, required_count=1, qualification=lead)
    for weekday in (5, 6):
        services.coverage_set(actor=None, centre=centre, shift_type=clean_a, required_count=2, weekday=weekday)
    services.coverage_set(actor=None, centre=centre, shift_type=clean_b, required_count=1)
    services.coverage_set(actor=None, centre=centre, shift_type=nursing, required_count=2)
    for weekday in (5, 6):
        services.coverage_set(actor=None, centre=centre, shift_type=nursing, required_count=1, weekday=weekday)
    # The younger members work in pairs with a cleaning lead; one of them always with his mentor.
    for n in (24, 25, 27, 28):
        if _c(n) in people:
            services.accommodation_set(actor=None, centre=centre, person=people[_c(n)], partner_qualification=lead)
    if _c(26) in people and _c(21) in people:
        services.accommodation_set(actor=None, centre=centre, person=people[_c(26)], mentor=people[_c(21)])
    if _c(32) in people:  # the eldest, aged 69
        services.accommodation_set(actor=None, centre=centre, person=people[_c(32)], max_minutes_per_week=1200)
    if _c(29) in people:
        services.wish_add(
            actor=None, person=people[_c(29)], on_date=dt.date(2015, 3, 21), kind="day_off", centre=centre
        )
    return len(people)


def load_into_replica(*, federation: Federation, scale: str, progress: Progress) -> dict[str, int]:
    """Shift types, coverage, qualifications, accommodations and a published March 2015 roster per case centre."""
    counts = {"rosters": 0, "roster_assignments": 0, "roster_shortfalls": 0}
    for code, build in (("ajisai", _ajisai), ("west-nara", _west_nara)):
        centre = Centre.objects.filter(coop__federation=federation, coop__code="cwc", code=code).first()
        if centre is None:
            continue
        progress.advance(f"roster {code}")
        with _clock(MADE_AT):
            if not build(centre):
                continue
            roster = services.roster_create(actor=None, centre=centre, month=MARCH)
            roster = services.roster_solve(actor=None, roster=roster, time_limit_s=TIME_LIMIT_S, background=False)
            if roster.status == RosterStatus.SOLVED:
                services.roster_publish(actor=None, roster=roster)
        counts["rosters"] += 1
        counts["roster_assignments"] += roster.assignments.count()
        counts["roster_shortfalls"] += len(roster.shortfalls)
    return counts
