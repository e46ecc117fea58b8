"""Test hooks and builders of the work context (see tomoni.testing.context_hooks).

`url_values(world)` gives the project-wide scope tests a roster of Ajisai (March 2015, published, with
a shift of the Ajisai member and a swap they asked for); the builders set up a small care centre.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tomoni.core import clock
from tomoni.federation.models import Centre
from tomoni.members.models import LabourContract, Membership, Person
from tomoni.testing import World
from tomoni.work.models import (
    Assignment,
    Availability,
    CoverageRequirement,
    MemberQualification,
    Qualification,
    Roster,
    RosterStatus,
    ShiftType,
    SwapRequest,
    Wish,
)

MARCH = dt.date(2015, 3, 1)

# URLs without arguments: the member's own roster pages (nothing of anyone else's shows there).
PUBLIC: set[str] = set()
OWN_ONLY = {
    "work:my_roster",
    "work:my_hours_report",
    "work:my_calendar",
    "work:my_wishes",
    "work:my_swap_new",
    "api-me-roster",
    "api-me-wishes",
    "api-me-availability",
    "api-me-swaps",
}
NOT_FOUND: set[str] = set()
# The member's own roster lives under /api/v1/me/…: no coop route is open to a worker member.
API_MEMBER_ROUTES: set[str] = set()


@dataclass
class CareCentre:
    """Shift types and qualifications of a small care centre."""

    caregiver: Qualification
    early: ShiftType
    day: ShiftType
    night: ShiftType


def care_centre(world: World, centre: Centre | None = None) -> CareCentre:
    """Ajisai's shift types (早 早番, 日 日勤, 夜 夜勤) and the caregiver certificate, without coverage."""
    centre = centre or world.ajisai
    caregiver, _ = Qualification.objects.get_or_create(
        coop=world.cwc, code="caregiver", defaults={"name": "介護福祉士"}
    )
    made = {}
    for code, name, start, length, night, order in (
        ("早", "早番", dt.time(7, 0), 540, False, 1),
        ("日", "日勤", dt.time(9, 0), 540, False, 2),
        ("夜", "夜勤", dt.time(22, 0), 540, True, 3),
    ):
        made[code], _ = ShiftType.objects.get_or_create(
            coop=world.cwc,
            centre=centre,
            code=code,
            defaults={
                "name": name,
                "starts_at": start,
                "length_minutes": length,
                "break_minutes": 60,
                "is_night": night,
                "sort_order": order,
            },
        )
    made["夜"].qualifications.add(caregiver)
    return CareCentre(caregiver=caregiver, early=made["早"], day=made["日"], night=made["夜"])


def add_worker(
    world: World, family: str, given: str, *, centre: Centre | None = None, minutes: int = 2400, caregiver: bool = False
) -> Person:
    """A worker member with a labour contract at the centre (Ajisai unless named) since 2010."""
    centre = centre or world.ajisai
    person = Person.objects.create(coop=world.cwc, family_name=family, given_name=given, family_name_kana=family)
    number = f"W{Person.objects.count():07d}"
    Membership.objects.create(
        coop=world.cwc, person=person, kind="worker", member_number=number, centre=centre, joined_on=dt.date(2010, 4, 1)
    )
    LabourContract.objects.create(
        coop=world.cwc,
        person=person,
        centre=centre,
        started_on=dt.date(2010, 4, 1),
        contracted_minutes_per_week=minutes,
    )
    if caregiver:
        qualification = Qualification.objects.get(coop=world.cwc, code="caregiver")
        MemberQualification.objects.create(coop=world.cwc, person=person, qualification=qualification)
    return person


def cover_every_day(world: World, shifts: CareCentre, *, early: int = 1, day: int = 1, night: int = 1) -> None:
    """Coverage for every day: early and day shifts by anyone, the night by a caregiver."""
    for shift, count, qualification in (
        (shifts.early, early, None),
        (shifts.day, day, None),
        (shifts.night, night, shifts.caregiver),
    ):
        CoverageRequirement.objects.create(
            coop=world.cwc,
            centre=shift.centre,
            shift_type=shift,
            qualification=qualification,
            required_count=count,
        )


def url_values(world: World) -> dict[str, object]:
    """A published March 2015 roster of Ajisai, a shift of the Ajisai member in it, and a swap they asked."""
    shifts = care_centre(world)
    colleague = add_worker(world, "佐藤", "一郎")
    roster = Roster.objects.create(
        coop=world.cwc, centre=world.ajisai, month=MARCH, status=RosterStatus.PUBLISHED, solver_status="optimal"
    )
    mine = Assignment.objects.create(
        coop=world.cwc, roster=roster, person=world.member_person, on_date=dt.date(2015, 3, 2), shift_type=shifts.day
    )
    theirs = Assignment.objects.create(
        coop=world.cwc, roster=roster, person=colleague, on_date=dt.date(2015, 3, 3), shift_type=shifts.day
    )
    swap = SwapRequest.objects.create(
        coop=world.cwc,
        roster=roster,
        requester=world.member_person,
        assignment=mine,
        counterpart=colleague,
        counterpart_assignment=theirs,
    )
    wish = Wish.objects.create(coop=world.cwc, person=world.member_person, on_date=dt.date(2015, 3, 20), kind="day_off")
    # West Nara's draft too: the API tests name West Nara as the centre, and its roster list must not be empty.
    Roster.objects.create(coop=world.cwc, centre=world.west_nara, month=MARCH)
    # And a shift and a wish this month, for the member's own lists, which show the weeks around today.
    today = clock.today()
    current = Roster.objects.create(
        coop=world.cwc, centre=world.ajisai, month=today.replace(day=1), status=RosterStatus.PUBLISHED
    )
    Assignment.objects.create(
        coop=world.cwc, roster=current, person=world.member_person, on_date=today, shift_type=shifts.day
    )
    Wish.objects.create(coop=world.cwc, person=world.member_person, on_date=today, kind="day_off")
    Availability.objects.create(coop=world.cwc, person=world.member_person, on_date=today + dt.timedelta(days=1))
    return {"roster_id": roster.pk, "swap_id": swap.pk, "assignment_id": mine.pk, "wish_id": wish.pk}


@dataclass
class Staffed:
    """Ajisai with its three shift types, coverage every day, and six workers (three caregivers)."""

    shifts: CareCentre
    people: list[Person]
    caregivers: list[Person]


def staffed_centre(world: World, *, workers: int = 6, night: int = 1) -> Staffed:
    """A small care centre that can be rostered: early, day and night shifts, caregivers for the nights."""
    shifts = care_centre(world)
    cover_every_day(world, shifts, night=night)
    people = [
        add_worker(world, name, "さん", caregiver=index % 2 == 0)
        for index, name in enumerate(["青木", "石井", "上田", "江藤", "大野", "加納", "菊池", "工藤"][:workers])
    ]
    return Staffed(shifts=shifts, people=people, caregivers=people[::2])
