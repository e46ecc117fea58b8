"""From the database to the roster problem (tomoni.work.problem) and back.

Ids in the problem: a member is ``str(person.pk)``, a shift type ``str(shift_type.pk)``, a skill the
qualification's code. Days are indices from the first of the roster's month.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import holidays as holidays_lib
from django.db.models import Q, QuerySet

from tomoni.federation.models import Centre
from tomoni.members.models import LabourContract, Person
from tomoni.work import problem as p
from tomoni.work import rules
from tomoni.work.models import (
    Accommodation,
    Assignment,
    Availability,
    CoverageRequirement,
    LabourRuleSet,
    MemberQualification,
    Roster,
    RosterStatus,
    ShiftType,
    Wish,
)

# Weights of the soft goals. Coverage first (a member missing costs far more than any wish), then
# fairness of nights, weekends and holidays (per tenth of a shift away from the fair share), then wishes.
UNDER_WEIGHT = 1000
WISH_WEIGHT = 20
DAY_OFF_WISH_WEIGHT = 30
# Contract hours: an hour outside the contract's tolerance costs nearly as much as a missing member's
# quarter shift; within it, an hour of overtime costs 2 and an hour short 1. A person beyond a shift's
# need costs the shift type's own weight (50 by default), more than 8 hours short within tolerance.
WEIGHTS = p.Weights(
    nights=4,
    weekends=3,
    holidays=2,
    contract_shortfall_per_hour=1,
    contract_overtime_per_hour=2,
    contract_outside_tolerance_per_hour=200,
)
# Earlier months whose fairness counts a roster carries in (the quarter so far, at most).
HISTORY_MONTHS = 2


def month_days(month: dt.date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def month_end(month: dt.date) -> dt.date:
    """The last day of the month."""
    return month.replace(day=month_days(month))


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def japanese_holidays(first: dt.date, last: dt.date, *, language: str = "ja") -> dict[dt.date, str]:
    """Japanese public holidays (国民の祝日) between two dates, with their names in the language."""
    names = holidays_lib.country_holidays(
        "JP", years=range(first.year, last.year + 1), language="ja" if language.startswith("ja") else "en_US"
    )
    return {day: str(name) for day, name in sorted(names.items()) if first <= day <= last}


def labour_rules_for(centre: Centre) -> p.LabourRules:
    """The centre's labour rules, or the Labour Standards Act's defaults when it has set none."""
    row = LabourRuleSet.objects.filter(coop_id=centre.coop_id, centre=centre).first()
    if row is None:
        return rules.default_labour_rules()
    return p.LabourRules(
        max_minutes_per_day=row.max_minutes_per_day,
        max_minutes_per_week=row.max_minutes_per_week,
        average_weekly_over_period=row.average_weekly_over_period,
        min_rest_minutes=row.min_rest_minutes,
        max_consecutive_days=row.max_consecutive_days,
        week_starts_on=row.week_starts_on,
    )


def rostered_people(centre: Centre, first: dt.date, last: dt.date) -> QuerySet[Person]:
    """People with a labour contract at the centre for some of the days, in register order."""
    contracts = LabourContract.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=first), coop_id=centre.coop_id, centre=centre, started_on__lte=last
    )
    return Person.objects.filter(coop_id=centre.coop_id, pk__in=contracts.values("person_id")).order_by(
        "family_name_kana", "given_name_kana", "pk"
    )


def contracted_minutes_per_week(centre: Centre, first: dt.date, last: dt.date) -> dict[int, int]:
    """Person id → contracted minutes a week at the centre (the latest contract in the span)."""
    found: dict[int, int] = {}
    for contract in LabourContract.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=first), coop_id=centre.coop_id, centre=centre, started_on__lte=last
    ).order_by("started_on"):
        found[contract.person_id] = contract.contracted_minutes_per_week
    return found


def coverage_on(
    requirements: Sequence[CoverageRequirement], day: dt.date, *, holiday: bool = False
) -> list[CoverageRequirement]:
    """The requirements in force on a day: a date's rows win over a public holiday's, a holiday's over a
    weekday's, a weekday's over every day's."""
    best: dict[tuple[int, int | None], tuple[int, list[CoverageRequirement]]] = {}
    for req in requirements:
        if req.on_date is not None:
            if req.on_date != day:
                continue
            level = 3
        elif req.on_holidays:
            if not holiday:
                continue
            level = 2
        elif req.weekday is not None:
            if req.weekday != day.weekday():
                continue
            level = 1
        else:
            level = 0
        key = (req.shift_type_id, req.qualification_id)
        current = best.get(key)
        if current is None or level > current[0]:
            best[key] = (level, [req])
        elif level == current[0]:
            current[1].append(req)
    return [req for _, reqs in best.values() for req in reqs]


@dataclass
class Mapped:
    """A roster's problem and the ways back from its ids to rows."""

    problem: p.Problem
    people: dict[str, Person]
    shift_types: dict[str, ShiftType]
    skill_names: dict[str, str]
    first: dt.date
    contracted_per_week: dict[int, int] = field(default_factory=dict)

    def day_index(self, day: dt.date) -> int:
        return (day - self.first).days

    def to_problem(self, rows: Iterable[Assignment]) -> tuple[p.Assignment, ...]:
        return tuple(
            p.Assignment(member_id=str(a.person_id), day=self.day_index(a.on_date), shift_id=str(a.shift_type_id))
            for a in rows
        )


def _history(roster: Roster, people: Sequence[Person], shift_types: dict[str, ShiftType]) -> dict[int, p.History]:
    """Fairness counts carried in from the centre's earlier rosters of the last months, and the last one's tail."""
    start = add_months(roster.month, -HISTORY_MONTHS)
    earlier = list(
        Roster.objects.filter(
            coop_id=roster.coop_id,
            centre_id=roster.centre_id,
            month__gte=start,
            month__lt=roster.month,
            status__in=[RosterStatus.SOLVED, RosterStatus.PUBLISHED],
        )
    )
    if not earlier:
        return {}
    rows = (
        Assignment.objects.filter(roster__in=earlier, coop_id=roster.coop_id)
        .select_related("shift_type")
        .order_by("on_date")
    )
    holidays = japanese_holidays(start, roster.month - dt.timedelta(days=1))
    nights: dict[int, int] = defaultdict(int)
    holiday_counts: dict[int, int] = defaultdict(int)
    weekends: dict[int, set[tuple[int, int]]] = defaultdict(set)
    days_worked: dict[int, dict[dt.date, ShiftType]] = defaultdict(dict)
    for a in rows:
        if a.shift_type.is_night:
            nights[a.person_id] += 1
        if a.on_date in holidays:
            holiday_counts[a.person_id] += 1
        if a.on_date.weekday() >= 5:
            weekends[a.person_id].add(tuple(a.on_date.isocalendar())[:2])  # type: ignore[arg-type]
        days_worked[a.person_id][a.on_date] = a.shift_type
    months = {r.month for r in earlier}
    last_day = roster.month - dt.timedelta(days=1)
    # The days before the first of the month that fall in its calendar week (none if the week starts on the 1st).
    week_start = roster.month - dt.timedelta(
        days=(roster.month.weekday() - labour_rules_for(roster.centre).week_starts_on) % 7
    )
    contracted = contracted_minutes_per_week(roster.centre, start, last_day)
    result: dict[int, p.History] = {}
    for person in people:
        worked = days_worked.get(person.pk, {})
        run = 0
        day = last_day
        while day in worked:
            run += 1
            day -= dt.timedelta(days=1)
        last = worked.get(last_day)
        in_week = sum(s.worked_minutes for d, s in worked.items() if week_start <= d <= last_day)
        span_days = sum(month_days(m) for m in months)
        result[person.pk] = p.History(
            nights=nights.get(person.pk, 0),
            weekends=len(weekends.get(person.pk, ())),
            holidays=holiday_counts.get(person.pk, 0),
            contracted_minutes=contracted.get(person.pk, 0) * span_days // 7,
            consecutive_days_before=run,
            last_shift_before=str(last.pk) if last is not None and str(last.pk) in shift_types else None,
            minutes_in_first_week_before=in_week,
        )
    return result


@dataclass(frozen=True)
class ContractSettings:
    """A centre's contract figures: the tolerance around each contract and the 36 agreement's overtime."""

    tolerance_minutes: int = rules.CONTRACT_TOLERANCE_MINUTES
    agreed_overtime_minutes: int | None = None


def contract_settings_for(centre: Centre) -> ContractSettings:
    row = LabourRuleSet.objects.filter(coop_id=centre.coop_id, centre=centre).first()
    if row is None:
        return ContractSettings()
    return ContractSettings(
        tolerance_minutes=row.contract_tolerance_minutes,
        agreed_overtime_minutes=row.agreed_overtime_minutes_per_month,
    )


def roster_problem(roster: Roster, *, pinned: bool = True) -> Mapped:
    """The roster's problem: its centre's members, shifts, coverage, wishes, rules, holidays and hand edits."""
    centre = roster.centre
    first, days = roster.month, month_days(roster.month)
    last = first + dt.timedelta(days=days - 1)
    shift_rows = list(
        ShiftType.objects.filter(coop_id=roster.coop_id, centre=centre).prefetch_related("qualifications")
    )
    shift_types = {str(s.pk): s for s in shift_rows}
    people = list(rostered_people(centre, first, last))
    labour = labour_rules_for(centre)
    holidays = rules.holidays_in(first, days)
    skill_names = {q.code: q.name for shift in shift_rows for q in shift.qualifications.all()}
    contracted = contracted_minutes_per_week(centre, first, last)
    members = _members(roster, people, shift_types, skill_names, contracted, labour)
    mapped = Mapped(
        problem=p.Problem(start_date=first, days=days, shift_types=(), members=()),
        people={str(person.pk): person for person in people},
        shift_types=shift_types,
        skill_names=skill_names,
        first=first,
        contracted_per_week=contracted,
    )
    ids = [person.pk for person in people]
    pins: tuple[p.Assignment, ...] = ()
    if pinned:
        pins = mapped.to_problem(
            Assignment.objects.filter(coop_id=roster.coop_id, roster=roster, hand_edited=True, person_id__in=ids)
        )
    mapped.problem = p.Problem(
        start_date=first,
        days=days,
        shift_types=tuple(_shift_type(s) for s in shift_rows),
        members=tuple(members),
        demands=tuple(_demands(roster, shift_types, skill_names, holidays)),
        wishes=tuple(_wishes(roster, ids, shift_types)),
        rules=labour,
        holidays=holidays,
        pinned=pins,
        weights=WEIGHTS,
        name=f"{centre.code}-{first:%Y-%m}",
    )
    return mapped


def _shift_type(s: ShiftType) -> p.ShiftType:
    return p.ShiftType(
        id=str(s.pk),
        start_minute=s.starts_at.hour * 60 + s.starts_at.minute,
        length_minutes=s.length_minutes,
        break_minutes=s.break_minutes,
        is_night=s.is_night,
        required_skills=frozenset(q.code for q in s.qualifications.all()),
    )


def _members(
    roster: Roster,
    people: Sequence[Person],
    shift_types: dict[str, ShiftType],
    skill_names: dict[str, str],
    contracted: dict[int, int],
    labour: p.LabourRules,
) -> list[p.Member]:
    """Each rostered person with their skills, accommodations, days off, contract band and history."""
    coop_id, first = roster.coop_id, roster.month
    days = month_days(first)
    ids = [person.pk for person in people]
    skills: dict[int, set[str]] = defaultdict(set)
    for mq in MemberQualification.objects.filter(coop_id=coop_id, person_id__in=ids).select_related("qualification"):
        skills[mq.person_id].add(mq.qualification.code)
    accommodations = {
        a.person_id: a
        for a in Accommodation.objects.filter(coop_id=coop_id, person_id__in=ids).select_related(
            "partner_qualification"
        )
    }
    days_off: dict[int, set[int]] = defaultdict(set)
    for availability in Availability.objects.filter(
        coop_id=coop_id, person_id__in=ids, on_date__range=(first, month_end(first)), available=False
    ):
        days_off[availability.person_id].add((availability.on_date - first).days)
    history = _history(roster, people, shift_types)
    settings = contract_settings_for(roster.centre)
    statutory = rules.period_limit_minutes(labour.max_minutes_per_week, days) if labour.max_minutes_per_week else None
    members = []
    for person in people:
        acc = accommodations.get(person.pk)
        partner = acc.partner_qualification if acc is not None else None
        if partner is not None:
            skill_names[partner.code] = partner.name
        mentor = acc.mentor_id if acc is not None and acc.mentor_id in ids else None
        minutes = contracted.get(person.pk, 0) * days // 7
        _, most = rules.contract_bounds(
            contracted_minutes=minutes,
            tolerance_minutes=settings.tolerance_minutes,
            statutory_minutes=statutory,
            agreed_overtime_minutes=settings.agreed_overtime_minutes,
        )
        members.append(
            p.Member(
                id=str(person.pk),
                skills=frozenset(skills.get(person.pk, ())),
                contracted_minutes=minutes,
                contract_tolerance_minutes=settings.tolerance_minutes if minutes else None,
                max_minutes=most if minutes else None,
                max_minutes_per_week=acc.max_minutes_per_week if acc is not None else None,
                no_nights=acc.no_nights if acc is not None else False,
                days_off=frozenset(days_off.get(person.pk, ())),
                mentor_id=str(mentor) if mentor is not None else None,
                partner_skill=partner.code if partner is not None else None,
                history=history.get(person.pk, p.History()),
            )
        )
    return members


def _demands(
    roster: Roster, shift_types: dict[str, ShiftType], skill_names: dict[str, str], holidays: frozenset[int]
) -> list[p.Demand]:
    """The people each shift needs each day (a public holiday's own rows on holidays), and per shift and
    day a cap on over-cover: each person beyond the need costs the shift type's weight."""
    first, days = roster.month, month_days(roster.month)
    requirements = list(
        CoverageRequirement.objects.filter(coop_id=roster.coop_id, centre=roster.centre).select_related("qualification")
    )
    demands = []
    for index in range(days):
        need: dict[str, int] = defaultdict(int)
        anyone: dict[str, int] = defaultdict(int)
        for req in coverage_on(requirements, first + dt.timedelta(days=index), holiday=index in holidays):
            sid = str(req.shift_type_id)
            if sid not in shift_types or req.required_count == 0:
                continue
            skill = req.qualification.code if req.qualification is not None else None
            if req.qualification is not None:
                skill_names[req.qualification.code] = req.qualification.name
                need[sid] = max(need[sid], req.required_count)
            else:
                anyone[sid] += req.required_count
            demands.append(
                p.Demand(day=index, shift_id=sid, required=req.required_count, skill=skill, under_weight=UNDER_WEIGHT)
            )
        for sid, shift in shift_types.items():
            if shift.over_cover_weight:
                demands.append(
                    p.Demand(
                        day=index,
                        shift_id=sid,
                        required=max(need[sid], anyone[sid]),
                        under_weight=0,
                        over_weight=shift.over_cover_weight,
                    )
                )
    return demands


def _wishes(roster: Roster, ids: Sequence[int], shift_types: dict[str, ShiftType]) -> list[p.Wish]:
    first = roster.month
    wishes = []
    for wish in Wish.objects.filter(
        coop_id=roster.coop_id, person_id__in=ids, on_date__range=(first, month_end(first))
    ):
        if wish.shift_type_id is not None and str(wish.shift_type_id) not in shift_types:
            continue  # a wish about another centre's shift
        wishes.append(
            p.Wish(
                member_id=str(wish.person_id),
                day=(wish.on_date - first).days,
                kind=p.WishKind(wish.kind),
                shift_id=str(wish.shift_type_id) if wish.shift_type_id is not None else None,
                weight=DAY_OFF_WISH_WEIGHT if wish.kind == "day_off" else WISH_WEIGHT,
            )
        )
    return wishes
