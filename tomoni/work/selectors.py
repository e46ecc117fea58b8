"""Reads of the work context, scoped to the asking user: outside their grants, a roster is a 404.

A centre's rosters are read by those who read the centre (its manager, the coop's officers and
auditor, its support worker); drafts and accommodations only by those who write it. A member sees
their own shifts on published rosters, their swaps, availability and wishes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import get_language, gettext

from tomoni.core import clock
from tomoni.core.errors import TomoniError
from tomoni.core.models import User
from tomoni.core.scopes import scope_for
from tomoni.federation import selectors as registry
from tomoni.federation.models import Centre
from tomoni.members import selectors as register
from tomoni.members.models import Person
from tomoni.work import checker, explain, fairness, mapping
from tomoni.work import problem as p
from tomoni.work.models import (
    Accommodation,
    Assignment,
    Availability,
    CoverageRequirement,
    LabourRuleSet,
    MemberQualification,
    Qualification,
    Roster,
    RosterStatus,
    ShiftType,
    SwapRequest,
    Wish,
)

# Colours of the roster board: every shift also shows its code, so colour is never the only cue.
NIGHT_COLOUR = "#dde3f5"


def reads_centre(user: User, centre: Centre) -> bool:
    return scope_for(user).reads_centre(coop_id=centre.coop_id, region_id=centre.region_id, centre_id=centre.pk)


def writes_centre(user: User, centre: Centre) -> bool:
    return scope_for(user).writes_centre(coop_id=centre.coop_id, region_id=centre.region_id, centre_id=centre.pk)


def centre_get(*, user: User, code: str, centre_code: str) -> Centre:
    """A centre whose rosters the user reads; else 404."""
    centre = registry.centre_get(user=user, coop_code=code, centre_code=centre_code)
    if not reads_centre(user, centre):
        raise Http404
    return centre


def rosters_visible(*, user: User) -> QuerySet[Roster]:
    scope = scope_for(user)
    return Roster.objects.filter(scope.centre_q(prefix="centre__")).select_related("centre", "centre__coop")


def roster_get(*, user: User, code: str, roster_id: int, centre_code: str | None = None) -> Roster:
    """A roster of a centre the user reads, in the coop (and centre) the URL names; else 404."""
    rows = rosters_visible(user=user).filter(pk=roster_id, centre__coop__code=code)
    if centre_code is not None:
        rows = rows.filter(centre__code=centre_code)
    roster = rows.first()
    if roster is None:
        raise Http404
    return roster


def roster_person_get(*, user: User, roster: Roster, person_id: int) -> Person:
    """A person the user may see who is rostered at the roster's centre that month or is on the roster; else 404.

    Every page and endpoint that names a person of a roster by id comes through here, so an id outside
    the user's grants (or outside the roster) answers 404 and never a name.
    """
    first, last = roster.month, mapping.month_end(roster.month)
    on_roster = Assignment.objects.filter(coop_id=roster.coop_id, roster=roster).values("person_id")
    rostered = mapping.rostered_people(roster.centre, first, last).values("pk")
    person = (
        register.people_visible(user=user, coop=roster.centre.coop)
        .filter(Q(pk__in=rostered) | Q(pk__in=on_roster), pk=person_id)
        .first()
    )
    if person is None:
        raise Http404
    return person


def roster_assignments(*, roster: Roster) -> QuerySet[Assignment]:
    """Every shift of a roster already reached by the caller, by day."""
    return (
        Assignment.objects.filter(coop_id=roster.coop_id, roster=roster)
        .select_related("person", "shift_type")
        .order_by("on_date", "shift_type__sort_order", "shift_type__starts_at", "person__family_name_kana", "person_id")
    )


def roster_cell(*, roster: Roster, person: Person, day: dt.date) -> Assignment | None:
    """The person's shift on the day in the roster, if any."""
    return roster_assignments(roster=roster).filter(person=person, on_date=day).first()


def roster_person_shifts(*, roster: Roster, person: Person) -> QuerySet[Assignment]:
    return roster_assignments(roster=roster).filter(person=person).select_related("roster__centre")


def roster_assignment_get(*, roster: Roster, assignment_id: int) -> Assignment:
    found = roster_assignments(roster=roster).filter(pk=assignment_id).first()
    if found is None:
        raise Http404
    return found


def centre_shift_types(*, centre: Centre) -> QuerySet[ShiftType]:
    return ShiftType.objects.filter(coop_id=centre.coop_id, centre=centre)


def centre_shift_by_code(*, centre: Centre, code: str) -> ShiftType | None:
    return centre_shift_types(centre=centre).filter(code=code).first()


def centre_rosters(*, user: User, centre: Centre) -> QuerySet[Roster]:
    return rosters_visible(user=user).filter(coop_id=centre.coop_id, centre=centre).order_by("-month")


def shift_types_of(centre: Centre) -> list[ShiftType]:
    return list(ShiftType.objects.filter(coop_id=centre.coop_id, centre=centre).prefetch_related("qualifications"))


def qualifications_of(centre: Centre) -> QuerySet[Qualification]:
    return Qualification.objects.filter(coop_id=centre.coop_id).order_by("code")


@dataclass(frozen=True)
class Day:
    date: dt.date
    holiday: str  # the public holiday's name, or ""

    @property
    def is_weekend(self) -> bool:
        return self.date.weekday() >= 5

    @property
    def is_rest_day(self) -> bool:
        return self.is_weekend or bool(self.holiday)


def month_calendar(month: dt.date) -> list[Day]:
    """The days of a month with Japan's public holidays named."""
    last = mapping.month_end(month)
    names = mapping.japanese_holidays(month, last, language=get_language() or "ja")
    return [
        Day(date=month + dt.timedelta(days=i), holiday=names.get(month + dt.timedelta(days=i), ""))
        for i in range((last - month).days + 1)
    ]


@dataclass
class BoardRow:
    person: Person
    cells: list[Assignment | None]
    planned_minutes: int
    contracted_minutes: int  # over the month, from the weekly contract
    tolerance_minutes: int | None = None  # the centre's band around the contract (None: no contract)
    most_minutes: int | None = None  # the contract's band capped by the Act (and a 36 agreement)

    @property
    def difference_minutes(self) -> int:
        return self.planned_minutes - self.contracted_minutes

    @property
    def within(self) -> bool:
        """Planned minutes inside the contract's band (and under the cap of the Act)."""
        if self.tolerance_minutes is None:
            return True
        if self.most_minutes is not None and self.planned_minutes > self.most_minutes:
            return False
        return abs(self.difference_minutes) <= self.tolerance_minutes


@dataclass
class CoverageCell:
    assigned: int
    required: int

    @property
    def short(self) -> bool:
        return self.assigned < self.required

    @property
    def extra(self) -> int:
        """People on the shift beyond its need (idle over-cover)."""
        return max(0, self.assigned - self.required)


@dataclass
class Board:
    roster: Roster
    days: list[Day]
    rows: list[BoardRow]
    shift_types: list[ShiftType]
    coverage: list[tuple[ShiftType, list[CoverageCell]]]
    violations: list[str] = field(default_factory=list)
    shortfalls: list[dict[str, str]] = field(default_factory=list)
    solve_problems: list[str] = field(default_factory=list)


def _names(mapped: mapping.Mapped) -> explain.Names:
    return explain.Names(
        first=mapped.first, people=mapped.people, shift_types=mapped.shift_types, skills=mapped.skill_names
    )


def roster_board(*, roster: Roster, with_checks: bool) -> Board:
    """The grid of members × days, coverage per shift and day, and (for writers) the rules it breaks.

    A fixed number of queries, whatever the number of members.
    """
    mapped = mapping.roster_problem(roster, pinned=False)
    days = month_calendar(roster.month)
    shift_types = list(mapped.shift_types.values())
    assignments = list(Assignment.objects.filter(coop_id=roster.coop_id, roster=roster).select_related("shift_type"))
    cell: dict[tuple[int, dt.date], Assignment] = {(a.person_id, a.on_date): a for a in assignments}
    people = list(mapped.people.values())
    # Someone on the roster without a contract this month (a hand edit before their contract ended) still shows.
    known = {person.pk for person in people}
    strays = {a.person_id for a in assignments} - known
    if strays:
        people += list(Person.objects.filter(coop_id=roster.coop_id, pk__in=strays))
    members = {m.id: m for m in mapped.problem.members}
    rows = []
    for person in people:
        cells = [cell.get((person.pk, day.date)) for day in days]
        member = members.get(str(person.pk))
        rows.append(
            BoardRow(
                person=person,
                cells=cells,
                planned_minutes=sum(a.shift_type.worked_minutes for a in cells if a is not None),
                contracted_minutes=mapped.contracted_per_week.get(person.pk, 0) * len(days) // 7,
                tolerance_minutes=member.contract_tolerance_minutes if member is not None else None,
                most_minutes=member.max_minutes if member is not None else None,
            )
        )
    # People a shift needs on a day: its demand of anyone, or of its qualified demands if they need more.
    required: dict[tuple[int, str], int] = defaultdict(int)
    skill_required: dict[tuple[int, str], int] = defaultdict(int)
    for demand in mapped.problem.demands:
        if not demand.under_weight:
            continue  # the over-cover cap, not a need
        target = required if demand.skill is None else skill_required
        target[demand.day, demand.shift_id] += demand.required
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for a in assignments:
        counts[(a.on_date - roster.month).days, str(a.shift_type_id)] += 1
    coverage = []
    for shift in shift_types:
        sid = str(shift.pk)
        coverage.append(
            (
                shift,
                [
                    CoverageCell(assigned=counts[i, sid], required=max(required[i, sid], skill_required[i, sid]))
                    for i in range(len(days))
                ],
            )
        )
    board = Board(roster=roster, days=days, rows=rows, shift_types=shift_types, coverage=coverage)
    names = _names(mapped)
    if with_checks:
        found = checker.violations(
            mapped.problem, mapped.to_problem(a for a in assignments if str(a.person_id) in mapped.people)
        )
        board.violations = [explain.violation_message(v, names) for v in found]
        board.solve_problems = [
            explain.violation_message(
                p.Violation(
                    code=p.ViolationCode(item["code"]),
                    member_id=item.get("member"),
                    day=item.get("day"),
                    shift_id=item.get("shift"),
                    params=item.get("params", {}),
                ),
                names,
            )
            for item in roster.solve_violations
        ]
    board.shortfalls = [explain.shortfall_message(item, names) for item in roster.shortfalls]
    return board


ACCOMMODATION_CODES = frozenset(
    {p.ViolationCode.NO_NIGHTS, p.ViolationCode.MISSING_MENTOR, p.ViolationCode.MISSING_PARTNER}
)


@dataclass
class CoverLine:
    day: Day
    shift: ShiftType
    cell: CoverageCell


@dataclass
class PublishCheck:
    """What the manager confirms before publishing: hours against contracts, cover, fairness, accommodations."""

    board: Board
    fairness: Fairness
    rows_outside: list[BoardRow]
    short: list[CoverLine]
    extra: list[CoverLine]
    accommodations_unmet: list[str]

    @property
    def clean(self) -> bool:
        return not (self.rows_outside or self.short or self.extra or self.accommodations_unmet or self.board.violations)


def roster_publish_check(*, roster: Roster) -> PublishCheck:
    """The check before publishing: per member planned against contracted minutes, per day and shift
    the people short or beyond the need, the fairness spread, and any accommodation not met."""
    board = roster_board(roster=roster, with_checks=True)
    mapped = mapping.roster_problem(roster, pinned=False)
    assignments = Assignment.objects.filter(
        coop_id=roster.coop_id, roster=roster, person_id__in=[int(i) for i in mapped.people]
    )
    found = checker.violations(mapped.problem, mapped.to_problem(assignments))
    names = _names(mapped)
    lines = [
        CoverLine(day=day, shift=shift, cell=cell)
        for shift, cells in board.coverage
        for day, cell in zip(board.days, cells, strict=True)
    ]
    lines.sort(key=lambda line: (line.day.date, line.shift.sort_order))
    return PublishCheck(
        board=board,
        fairness=roster_fairness(roster=roster),
        rows_outside=[row for row in board.rows if not row.within],
        short=[line for line in lines if line.cell.short],
        extra=[line for line in lines if line.cell.extra],
        accommodations_unmet=[explain.violation_message(v, names) for v in found if v.code in ACCOMMODATION_CODES],
    )


def roster_swaps(*, roster: Roster) -> QuerySet[SwapRequest]:
    return (
        SwapRequest.objects.filter(coop_id=roster.coop_id, roster=roster)
        .select_related("requester", "counterpart", "assignment__shift_type", "counterpart_assignment__shift_type")
        .order_by("status", "-created_at")
    )


def swap_get(*, roster: Roster, swap_id: int) -> SwapRequest:
    swap = roster_swaps(roster=roster).filter(pk=swap_id).first()
    if swap is None:
        raise Http404
    return swap


def centre_settings(*, centre: Centre, with_accommodations: bool) -> dict[str, Any]:
    """What the solver works from: shift types, coverage, qualifications held, labour rules, accommodations."""
    people = list(mapping.rostered_people(centre, clock.today().replace(day=1), dt.date.max))
    ids = [person.pk for person in people]
    held: dict[int, list[str]] = defaultdict(list)
    for mq in MemberQualification.objects.filter(coop_id=centre.coop_id, person_id__in=ids).select_related(
        "qualification"
    ):
        held[mq.person_id].append(mq.qualification.name)
    accommodations = (
        {
            a.person_id: a
            for a in Accommodation.objects.filter(coop_id=centre.coop_id, person_id__in=ids).select_related(
                "mentor", "partner_qualification"
            )
        }
        if with_accommodations
        else {}
    )
    return {
        "shift_types": shift_types_of(centre),
        "coverage": CoverageRequirement.objects.filter(coop_id=centre.coop_id, centre=centre)
        .select_related("shift_type", "qualification")
        .order_by("on_date", "weekday", "shift_type__sort_order"),
        "rules": mapping.labour_rules_for(centre),
        "rules_set": LabourRuleSet.objects.filter(coop_id=centre.coop_id, centre=centre).exists(),
        "people": [
            {
                "person": person,
                "qualifications": held.get(person.pk, []),
                "accommodation": accommodations.get(person.pk),
            }
            for person in people
        ],
    }


# The member's own roster -------------------------------------------------------------------------------


def own_people(user: User) -> list[int]:
    return sorted(scope_for(user).own_person_ids)


def own_person(user: User) -> Person | None:
    """The user's own person record (the first, if several coops hold one), or None."""
    mine = own_people(user)
    return Person.objects.filter(pk__in=mine).order_by("pk").first() if mine else None


def my_assignments(*, user: User, first: dt.date, last: dt.date) -> QuerySet[Assignment]:
    """The user's own shifts on published rosters between two days."""
    return (
        Assignment.objects.filter(
            person_id__in=own_people(user),
            roster__status=RosterStatus.PUBLISHED,
            on_date__range=(first, last),
        )
        .select_related("person", "shift_type", "roster__centre", "roster__centre__coop")
        .order_by("on_date")
    )


def my_shifts_until(*, user: User, first: dt.date, days_ahead: int) -> dt.date:
    """The last day "My shifts" lists: `days_ahead` from `first`, or the end of the last published roster
    with a shift of mine that begins by then (so a roster is never cut short)."""
    last = first + dt.timedelta(days=days_ahead)
    month = (
        Roster.objects.filter(
            status=RosterStatus.PUBLISHED,
            month__lte=last,
            month__gte=mapping.add_months(first.replace(day=1), -1),
            assignments__person_id__in=own_people(user),
        )
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    return max(last, mapping.month_end(month)) if month is not None else last


def my_assignment_get(*, user: User, assignment_id: int) -> Assignment:
    found = (
        Assignment.objects.filter(
            pk=assignment_id, person_id__in=own_people(user), roster__status=RosterStatus.PUBLISHED
        )
        .select_related("roster__centre", "person", "shift_type")
        .first()
    )
    if found is None:
        raise Http404
    return found


def my_swaps(*, user: User) -> QuerySet[SwapRequest]:
    mine = own_people(user)
    return (
        SwapRequest.objects.filter(Q(requester_id__in=mine) | Q(counterpart_id__in=mine))
        .select_related("requester", "counterpart", "assignment__shift_type", "counterpart_assignment__shift_type")
        .order_by("-created_at")
    )


def my_swap_get(*, user: User, swap_id: int) -> SwapRequest:
    swap = my_swaps(user=user).filter(pk=swap_id, requester_id__in=own_people(user)).first()
    if swap is None:
        raise Http404
    return swap


def my_wishes(*, user: User, first: dt.date, last: dt.date) -> QuerySet[Wish]:
    return (
        Wish.objects.filter(person_id__in=own_people(user), on_date__range=(first, last))
        .select_related("shift_type")
        .order_by("on_date")
    )


def my_wish_get(*, user: User, wish_id: int) -> Wish:
    wish = Wish.objects.filter(pk=wish_id, person_id__in=own_people(user)).select_related("person").first()
    if wish is None:
        raise Http404
    return wish


def my_unavailable_days(*, user: User, first: dt.date, last: dt.date) -> QuerySet[Availability]:
    return Availability.objects.filter(
        person_id__in=own_people(user), on_date__range=(first, last), available=False
    ).order_by("on_date")


def my_accommodation(*, user: User) -> Accommodation | None:
    return (
        Accommodation.objects.filter(person_id__in=own_people(user))
        .select_related("mentor", "partner_qualification")
        .first()
    )


def my_shift_type_get(*, user: User, shift_type_id: int) -> ShiftType | None:
    return my_shift_types(user=user).filter(pk=shift_type_id).first()


def my_shift_types(*, user: User) -> QuerySet[ShiftType]:
    """The shift types of the centres where the user holds a labour contract (for wishes)."""
    from tomoni.members.models import LabourContract

    centres = LabourContract.objects.filter(person_id__in=own_people(user)).values("centre_id")
    return ShiftType.objects.filter(centre_id__in=centres).select_related("centre").order_by("centre", "sort_order")


def swap_offer(
    *, assignment: Assignment, counterpart_id: int, counterpart_assignment_id: int | None
) -> tuple[Person, Assignment | None]:
    """The one rule of the page and the API for whom a swap may be offered to: a colleague rostered at
    the centre that month (not the requester), and, when a shift is named, one of theirs in the same
    published roster from today on. Else a refusal with the field it concerns."""
    roster = assignment.roster
    colleagues = mapping.rostered_people(roster.centre, roster.month, mapping.month_end(roster.month)).exclude(
        pk=assignment.person_id
    )
    counterpart = colleagues.filter(pk=counterpart_id).first()
    if counterpart is None:
        raise TomoniError(gettext("Choose a colleague who works at this centre this month."), field="counterpart")
    if counterpart_assignment_id is None:
        return counterpart, None
    other = (
        Assignment.objects.filter(
            coop_id=roster.coop_id,
            roster=roster,
            roster__status=RosterStatus.PUBLISHED,
            person=counterpart,
            on_date__gte=clock.today(),
            pk=counterpart_assignment_id,
        )
        .select_related("person", "shift_type")
        .first()
    )
    if other is None:
        raise TomoniError(
            gettext("Choose one of your colleague's shifts in this roster."), field="counterpart_assignment"
        )
    return counterpart, other


def colleagues_for_swap(*, assignment: Assignment) -> list[tuple[Person, list[Assignment]]]:
    """The other members on the roster, with their shifts from the day on (to offer a swap)."""
    roster = assignment.roster
    mapped_people = mapping.rostered_people(roster.centre, roster.month, mapping.month_end(roster.month)).exclude(
        pk=assignment.person_id
    )
    shifts: dict[int, list[Assignment]] = defaultdict(list)
    for a in (
        Assignment.objects.filter(coop_id=roster.coop_id, roster=roster, on_date__gte=clock.today())
        .exclude(person_id=assignment.person_id)
        .select_related("shift_type")
    ):
        shifts[a.person_id].append(a)
    return [(person, shifts.get(person.pk, [])) for person in mapped_people]


# Fairness ------------------------------------------------------------------------------------------------


@dataclass
class FairnessRow:
    person: Person
    contracted_minutes: int
    worked_minutes: int
    nights: int
    weekends: int
    holidays: int
    wishes: int
    wishes_honoured: int
    nights_rate: Fraction | None
    weekends_rate: Fraction | None
    holidays_rate: Fraction | None


@dataclass
class Fairness:
    title_first: dt.date
    title_last: dt.date
    rows: list[FairnessRow]
    spreads: dict[str, p.Spread]
    months: list[dt.date]


def _rows(report: p.FairnessReport, people: dict[str, Person]) -> list[FairnessRow]:
    return [
        FairnessRow(
            person=people[m.member_id],
            contracted_minutes=m.contracted_minutes,
            worked_minutes=m.worked_minutes,
            nights=m.nights,
            weekends=m.weekends,
            holidays=m.holidays,
            wishes=m.wishes,
            wishes_honoured=m.wishes_honoured,
            nights_rate=m.nights_rate,
            weekends_rate=m.weekends_rate,
            holidays_rate=m.holidays_rate,
        )
        for m in report.members
        if m.member_id in people
    ]


def roster_fairness(*, roster: Roster, carried: bool = False) -> Fairness:
    """Per member nights, weekends, holidays and wishes honoured in the roster, and their spread.

    With `carried`, the counts of the earlier months the solver carried in are added.
    """
    mapped = mapping.roster_problem(roster, pinned=False)
    problem = mapped.problem
    if not carried:
        problem = dataclasses.replace(
            problem, members=tuple(dataclasses.replace(m, history=p.History()) for m in problem.members)
        )
    rows = Assignment.objects.filter(
        coop_id=roster.coop_id, roster=roster, person_id__in=[int(i) for i in mapped.people]
    )
    report = fairness.report(problem, mapped.to_problem(rows))
    return Fairness(
        title_first=roster.month,
        title_last=mapping.month_end(roster.month),
        rows=_rows(report, mapped.people),
        spreads={
            "nights": report.nights,
            "weekends": report.weekends,
            "holidays": report.holidays,
            "wishes_honoured": report.wishes_honoured,
        },
        months=[roster.month],
    )


def quarter_of(day: dt.date) -> dt.date:
    """The first day of the calendar quarter holding the day (Jan, Apr, Jul, Oct)."""
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def quarter_fairness(*, user: User, centre: Centre, first: dt.date) -> Fairness:
    """The fairness of a centre's rosters over a quarter: each month's counts summed, rates over the quarter."""
    months = [mapping.add_months(first, i) for i in range(3)]
    rosters = [
        r
        for r in centre_rosters(user=user, centre=centre).filter(month__in=months)
        if r.status in (RosterStatus.SOLVED, RosterStatus.PUBLISHED)
    ]
    totals: dict[int, dict[str, Any]] = {}
    no_nights = set(
        Accommodation.objects.filter(coop_id=centre.coop_id, no_nights=True).values_list("person_id", flat=True)
    )
    for roster in sorted(rosters, key=lambda r: r.month):
        monthly = roster_fairness(roster=roster)
        for row in monthly.rows:
            t = totals.setdefault(
                row.person.pk,
                {
                    "person": row.person,
                    **{k: 0 for k in ("contracted", "worked", "nights", "weekends", "holidays", "wishes", "honoured")},
                },
            )
            t["contracted"] += row.contracted_minutes
            t["worked"] += row.worked_minutes
            t["nights"] += row.nights
            t["weekends"] += row.weekends
            t["holidays"] += row.holidays
            t["wishes"] += row.wishes
            t["honoured"] += row.wishes_honoured

    def rate(n: int, contracted: int) -> Fraction | None:
        return Fraction(n * fairness.WEEK_MINUTES, contracted) if contracted else None

    rows = [
        FairnessRow(
            person=t["person"],
            contracted_minutes=t["contracted"],
            worked_minutes=t["worked"],
            nights=t["nights"],
            weekends=t["weekends"],
            holidays=t["holidays"],
            wishes=t["wishes"],
            wishes_honoured=t["honoured"],
            nights_rate=rate(t["nights"], t["contracted"]),
            weekends_rate=rate(t["weekends"], t["contracted"]),
            holidays_rate=rate(t["holidays"], t["contracted"]),
        )
        for t in totals.values()
    ]

    def rates(attr: str, rows: list[FairnessRow] = rows) -> list[Fraction]:
        return [r for row in rows if (r := getattr(row, attr)) is not None]

    return Fairness(
        title_first=first,
        title_last=mapping.month_end(months[-1]),
        rows=rows,
        spreads={
            "nights": fairness.spread(
                [r.nights_rate for r in rows if r.nights_rate is not None and r.person.pk not in no_nights]
            ),
            "weekends": fairness.spread(rates("weekends_rate")),
            "holidays": fairness.spread(rates("holidays_rate")),
            "wishes_honoured": fairness.spread([Fraction(r.wishes_honoured, r.wishes) for r in rows if r.wishes]),
        },
        months=[r.month for r in rosters],
    )


def my_reportable_shifts(*, user: User, today: dt.date, days_back: int) -> list[Assignment]:
    """My shifts of the last days (published rosters, up to today), newest first: those I may report hours for."""
    return list(my_assignments(user=user, first=today - dt.timedelta(days=days_back), last=today).reverse())
