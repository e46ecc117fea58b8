"""The JWCU replica: the seed's federation, its coops and people, built deterministically.

`load_replica` plans everything from a seeded random generator and Faker('ja_JP') seeded alike,
then writes it through the services (the bulk ones for volume), in one transaction: a replica is
loaded whole or not at all. As of 2015-03-31 the federation's figures computed from the records are
exactly the seed's (see docs/replica.md for how they are counted).
"""

from __future__ import annotations

import bisect
import datetime as dt
import importlib
import importlib.util
import itertools
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.utils.translation import gettext as _
from faker import Faker

from tomoni.core.audit import audit_listeners_paused
from tomoni.core.models import Role
from tomoni.core.money import span_covers
from tomoni.core.progress import Progress
from tomoni.demo import data, personas
from tomoni.demo.services import (
    CentreRow,
    GrantSpec,
    PersonaSpec,
    Tree,
    TreeSpec,
    persona_users_create,
    registry_tree_create,
    replica_loaded_record,
)
from tomoni.members import services as members
from tomoni.members.models import (
    MembershipKind,
    MembershipStatus,
    OfficerRole,
    OfficerTerm,
    Person,
    Volunteer,
)

SEED = 20150331
SOURCE = "jwcu-replica"

FY_START, FY_END = dt.date(data.FISCAL_YEAR, 4, 1), dt.date(data.FISCAL_YEAR + 1, 4, 1)  # [start, end)
FY_DAYS = [FY_START + dt.timedelta(days=i) for i in range((FY_END - FY_START).days)]
# National holidays of 2014年度 on weekdays; offices (not care or cleaning) close on them.
HOLIDAYS = {
    dt.date(2014, 4, 29), dt.date(2014, 5, 5), dt.date(2014, 5, 6), dt.date(2014, 7, 21), dt.date(2014, 9, 15),
    dt.date(2014, 9, 23), dt.date(2014, 10, 13), dt.date(2014, 11, 3), dt.date(2014, 11, 24), dt.date(2014, 12, 23),
    dt.date(2015, 1, 12), dt.date(2015, 2, 11),
}  # fmt: skip
YEAR_END = {dt.date(2014, 12, 29) + dt.timedelta(days=i) for i in range(6)}  # 29 Dec to 3 Jan
OFFICE_LINES = {"disability-support", "youth-support", "needy-support", "clean-energy"}
ABSENCE = 0.10  # share of scheduled days not worked: paid leave, sickness, care of family

# The earliest a centre of a line opens: Youth Support Stations began in 2006, support for the needy
# in model projects from 2013 (the Act of 2015 made it nationwide).
LINE_START = {
    "youth-support": dt.date(2006, 6, 1),
    "needy-support": dt.date(2010, 4, 1),
    "disability-support": dt.date(2000, 4, 1),
    "clean-energy": dt.date(2011, 1, 1),
}
CLOSED_CWC_CENTRES = 12  # closed before 2015-03-31: not among the 324
FUTURE_CWC_CENTRES = 5  # opened after 2015-03-31, under the new support system for the needy
LEAVER_SHARE = 0.04
LEAVING_AT_YEAR_END_SHARE = 0.02  # still members on 2015-03-31, leaving on 2015-04-01
JOINER_SHARE = 0.012
EMPLOYEE_SHARE = 0.012  # non-member employees (Art 8(2) allows up to a quarter)


@dataclass(frozen=True)
class Scale:
    name: str
    divisor: int  # generic people are 1/divisor of the seed's numbers
    all_work_records: bool  # else only the case centres have work records


SCALES = {"full": Scale("full", 1, True), "small": Scale("small", 50, False)}


@dataclass(frozen=True)
class CentreInfo:
    coop: str
    code: str
    main_line: str
    lines: tuple[str, ...]
    prefecture: str
    municipality: str
    opened_on: dt.date
    closed_on: dt.date | None = None
    case: bool = False

    def open_on(self, day: dt.date) -> bool:
        return span_covers(self.opened_on, self.closed_on, day)


@dataclass(slots=True)
class Planned:
    """One person the loader writes, with their membership, labour contract and pattern of work."""

    row: members.PersonValues
    centre: CentreInfo | None
    kind: str = ""  # membership kind; "" for non-members
    joined_on: dt.date | None = None
    left_on: dt.date | None = None
    status: str = MembershipStatus.ACTIVE
    member_number: str = ""
    contract_start: dt.date | None = None
    contract_end: dt.date | None = None
    minutes_per_week: int = 0
    days_per_week: int = 0
    line: str = ""
    weekdays: tuple[int, ...] = ()
    case_key: str = ""
    special_care: tuple[str, str] | None = None
    person_id: int = 0  # once written

    @property
    def birth_date(self) -> dt.date:
        born = self.row[4]
        assert born is not None
        return born


@dataclass
class CoopPlan:
    code: str
    people: list[Planned] = field(default_factory=list)
    officers: list[tuple[Planned, str, dt.date, dt.date | None]] = field(default_factory=list)
    volunteers: list[tuple[Planned, CentreInfo, dt.date]] = field(default_factory=list)


@dataclass
class LoadResult:
    loaded: bool
    scale: str
    seconds: float
    people: int
    memberships: int
    labour_contracts: int
    work_records: int
    summary: dict[str, Any] = field(default_factory=dict)


def _day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A day in [first, last]."""
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def _opening(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """When a centre opened: any day in [first, last], more of them early (most centres are not new)."""
    return first + dt.timedelta(days=int((last - first).days * (1 - rng.random() ** 0.75)))


def _years_before(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year - years, day=28 if day.month == 2 and day.day == 29 else day.day)


def _allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` in proportion to `weights`, exactly (largest remainder)."""
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - shares[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _institutions() -> list[dict[str, Any]]:
    """The federation's related institutions, as in the seed's profile."""
    return [
        {"name": name, "name_en": name_en, "established_on": dt.date(year, 1, 1) if year else None, "description": text}
        for name, name_en, year, text in data.RELATED_INSTITUTIONS
    ]


def _partnerships() -> list[dict[str, Any]]:
    """The federation's partnerships (ICA, CICOPA …), as in the seed's profile."""
    return [
        {"organisation": name, "organisation_en": name_en, "scope": scope} for name, name_en, scope in data.PARTNERSHIPS
    ]


class _TreeDraft:
    """The registry as the planner draws it: coops, regions and centres in the order they are added."""

    def __init__(self, planner: ReplicaPlanner, rng: random.Random) -> None:
        self.planner = planner
        self.rng = rng
        self.coops: list[dict[str, Any]] = []
        self.regions: list[tuple[str, str, str, dt.date]] = []
        self.centres: list[CentreRow] = []
        self.names: dict[str, set[str]] = {}  # centre names taken, by coop

    def add_coop(self, code: str, **fields: Any) -> None:
        self.coops.append({"code": code, **fields})
        self.planner.founded[code] = fields["founded_on"]

    def add_centre(self, info: CentreInfo, region: str, name: str) -> None:
        self.planner.centres[(info.coop, info.code)] = info
        self.names.setdefault(info.coop, set()).add(name)
        self.centres.append(
            CentreRow(
                coop=info.coop,
                region=region,
                code=info.code,
                name=name,
                prefecture_code=info.prefecture,
                municipality=info.municipality,
                opened_on=info.opened_on,
                closed_on=info.closed_on,
                lines=info.lines,
            )
        )

    def generic_name(self, coop: str, line: str, municipality: str) -> str:
        """A centre name from the line's templates and the town, not yet taken in the coop."""
        stem = municipality[:-1] if len(municipality) > 2 and municipality[-1] in "市区町村" else municipality
        templates = data.CENTRE_NAMES[line]
        offset = self.rng.randrange(len(templates))
        for ordinal in ("", "第二", "第三", "第四"):
            for n in range(len(templates)):
                name = templates[(offset + n) % len(templates)].format(m=stem + ordinal)
                if name not in self.names.get(coop, set()):
                    return name
        raise ValueError(f"no free centre name for {coop} {line} {municipality}")

    def lines_of(self, main: str) -> tuple[str, ...]:
        """A centre's lines: its main one, and now and then a second that goes with it."""
        seconds = data.SECOND_LINES.get(main)
        if seconds and self.rng.random() < 0.15:
            return (main, self.rng.choice(seconds))
        return (main,)

    def place(self, prefectures: Sequence[str]) -> tuple[str, str]:
        """A prefecture (weighted by its municipalities) and a municipality in it."""
        weights = [len(data.MUNICIPALITIES[p]) for p in prefectures]
        prefecture = self.rng.choices(list(prefectures), weights)[0]
        return prefecture, self.rng.choice(data.MUNICIPALITIES[prefecture])


class ReplicaPlanner:
    """Plans the replica: every value drawn from seeded generators, so two runs plan the same."""

    def __init__(self, scale: Scale, seed: int = SEED) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        self.fake = Faker("ja_JP")
        self.fake.seed_instance(seed)
        self.centres: dict[tuple[str, str], CentreInfo] = {}
        self.founded: dict[str, dt.date] = {}
        # Faker's ja_JP tables, drawn from with the seeded generator (as fast as a list lookup).
        names = self.fake.provider("faker.providers.person")
        self.family_names = list(names.last_name_pairs)
        self.family_weights = list(itertools.accumulate(names.last_name_pairs.values()))
        self.female_names = list(names.first_name_female_pairs)
        self.male_names = list(names.first_name_male_pairs)
        self.towns = list(self.fake.provider("faker.providers.address").towns)

    # The tree ----------------------------------------------------------------------------------------

    def tree(self) -> TreeSpec:
        """The registry: JWCU, CWC with 15 regions and 324 open centres, 16 local coops, JOCCU, 8 organisations."""
        draft = _TreeDraft(self, random.Random(f"{SEED}-tree"))  # the tree is the same at every scale
        # The steps draw from one generator in this order; reordering them would change the replica.
        self._plan_cwc(draft)
        self._plan_cwc_closed_centres(draft)
        self._plan_cwc_future_centres(draft)
        self._plan_local_coops(draft)
        self._plan_joccu_and_organisations(draft)
        return TreeSpec(
            federation=dict(data.FEDERATION),
            business_lines=data.BUSINESS_LINES,
            coops=draft.coops,
            regions=draft.regions,
            centres=draft.centres,
            institutions=_institutions(),
            partnerships=_partnerships(),
        )

    def _plan_cwc(self, draft: _TreeDraft) -> None:
        """CWC, under JWCU's direct control: its 15 regions, the case centres and the generic ones."""
        rng = draft.rng
        draft.add_coop(
            data.CWC.code,
            name=data.CWC.name,
            name_en=data.CWC.name_en,
            kind="worker_coop",
            legal_form="worker_coop_act",
            prefecture_code=data.CWC.prefecture,
            founded_on=dt.date(data.CWC.founded, 1, 1),
            joined_federation_on=dt.date(data.CWC.founded, 1, 1),
            directly_controlled=True,
            delegate_meeting=self._delegates(data.CWC_MEMBERS),
        )
        cwc = data.CWC.code
        pool = [line for line, count in data.CWC_GENERIC_LINES for _n in range(count)]
        rng.shuffle(pool)
        cases_by_region: dict[str, list[data.CaseCentre]] = {}
        for case in data.CASE_CENTRES:
            cases_by_region.setdefault(case.region, []).append(case)
        for spec in data.CWC_REGION_SPECS:
            draft.regions.append((cwc, spec.code, spec.name, spec.opened_on))
            cases = cases_by_region.get(spec.code, [])
            for case in cases:
                info = CentreInfo(
                    cwc, case.code, case.lines[0], case.lines, case.prefecture, case.municipality, case.opened_on,
                    case=bool(case.people),
                )  # fmt: skip
                draft.add_centre(info, spec.code, case.name)
            # Every prefecture of the region has a centre; the rest go where more people live.
            uncovered = [p for p in spec.prefectures if p not in {c.prefecture for c in cases}]
            for n in range(1, spec.centres - len(cases) + 1):
                line = pool.pop()
                if uncovered:
                    prefecture = uncovered.pop(0)
                    municipality = rng.choice(data.MUNICIPALITIES[prefecture])
                else:
                    prefecture, municipality = draft.place(spec.prefectures)
                first = max(spec.opened_on, LINE_START.get(line, spec.opened_on))
                opened = _opening(rng, first, dt.date(2015, 3, 1))
                info = CentreInfo(
                    cwc, f"{spec.code}-{n:03d}", line, draft.lines_of(line), prefecture, municipality, opened
                )
                draft.add_centre(info, spec.code, draft.generic_name(cwc, line, municipality))
        assert not pool, "CWC_GENERIC_LINES must fill the regions' centres exactly"

    def _plan_cwc_closed_centres(self, draft: _TreeDraft) -> None:
        """CWC's centres closed before 2015-03-31: in the records, not among the 324."""
        rng, cwc = draft.rng, data.CWC.code
        older_regions = [spec for spec in data.CWC_REGION_SPECS if spec.opened_on < dt.date(2003, 4, 1)]
        for n in range(1, CLOSED_CWC_CENTRES + 1):
            spec = rng.choice(older_regions)
            line = rng.choice(["elderly-care", "children-parents", "public-facilities", "building-maintenance"])
            prefecture, municipality = draft.place(spec.prefectures)
            opened = _day_between(rng, spec.opened_on, dt.date(2005, 3, 31))
            closed = _day_between(rng, max(opened + dt.timedelta(days=1000), dt.date(2008, 4, 1)), data.AS_OF)
            info = CentreInfo(cwc, f"{spec.code}-x{n:02d}", line, (line,), prefecture, municipality, opened, closed)
            draft.add_centre(info, spec.code, draft.generic_name(cwc, line, municipality))

    def _plan_cwc_future_centres(self, draft: _TreeDraft) -> None:
        """CWC's centres opened after 2015-03-31, under the new support system for the needy."""
        rng, cwc = draft.rng, data.CWC.code
        for n in range(1, FUTURE_CWC_CENTRES + 1):
            spec = data.CWC_REGION_SPECS[rng.randrange(len(data.CWC_REGION_SPECS))]
            prefecture, municipality = draft.place(spec.prefectures)
            opened = dt.date(2015, 4 + 2 * (n - 1) // 2, 1)
            info = CentreInfo(cwc, f"{spec.code}-n{n:02d}", "needy-support", ("needy-support",), prefecture,
                              municipality, opened)  # fmt: skip
            draft.add_centre(info, spec.code, draft.generic_name(cwc, "needy-support", municipality))

    def _plan_local_coops(self, draft: _TreeDraft) -> None:
        """The 16 local worker coops and NGT (a case of its own), each with its centres and no regions."""
        rng = draft.rng
        for local in [*data.LOCAL_COOPS, data.NGT]:
            founded = dt.date(local.founded, 1, 1)
            draft.add_coop(
                local.code,
                name=local.name,
                name_en=local.name_en,
                kind="worker_coop",
                legal_form=local.legal_form,
                prefecture_code=local.prefecture,
                founded_on=founded,
                joined_federation_on=founded,
                delegate_meeting=self._delegates(local.members),
            )
            if local is data.NGT:
                case = data.NGT_CENTRE
                info = CentreInfo(local.code, case.code, case.lines[0], case.lines, case.prefecture,
                                  case.municipality, case.opened_on, case=True)  # fmt: skip
                draft.add_centre(info, "", case.name)
                continue
            for n in range(1, local.centres + 1):
                line = local.lines[(n - 1) % len(local.lines)] if n <= len(local.lines) else rng.choice(local.lines)
                prefecture, municipality = draft.place([local.prefecture])
                first = max(founded, LINE_START.get(line, founded))
                opened = _opening(rng, first, dt.date(2015, 2, 1))
                info = CentreInfo(local.code, f"c{n:03d}", line, draft.lines_of(line), prefecture, municipality, opened)
                draft.add_centre(info, "", draft.generic_name(local.code, line, municipality))

    def _plan_joccu_and_organisations(self, draft: _TreeDraft) -> None:
        """JOCCU (the consumer coops' union) and the affiliated and associated organisations: no centres here."""
        joccu_founded = dt.date(data.JOCCU.founded, 1, 1)
        draft.add_coop(
            data.JOCCU.code,
            name=data.JOCCU.name,
            name_en=data.JOCCU.name_en,
            kind="consumer_coop",
            legal_form="consumer_coop",
            prefecture_code=data.JOCCU.prefecture,
            founded_on=joccu_founded,
            joined_federation_on=joccu_founded,
            delegate_meeting=self._delegates(data.CONSUMER_MEMBERS),
        )
        for org in data.ORGANISATIONS:
            draft.add_coop(
                org.code,
                name=org.name,
                name_en=org.name_en,
                kind=org.kind,
                legal_form=org.legal_form,
                prefecture_code=org.prefecture,
                founded_on=dt.date(org.founded, 1, 1),
                joined_federation_on=dt.date(org.joined, 1, 1),
            )

    def _delegates(self, members: int) -> bool:
        """Large coops hold a delegate meeting (総代会); the Act allows one only above 200 members (Art 71)."""
        return members > 400 and members // self.scale.divisor > 200

    # People ------------------------------------------------------------------------------------------

    def _person(self, *, female: bool, birth_date: dt.date, prefecture: str, municipality: str) -> members.PersonValues:
        """A person's register values: a Japanese name and its reading from Faker's ja_JP tables, an address."""
        rng = self.rng
        family, family_kana, _roman = rng.choices(self.family_names, cum_weights=self.family_weights)[0]
        given, given_kana, _roman = rng.choice(self.female_names if female else self.male_names)
        return (
            family,
            given,
            family_kana,
            given_kana,
            birth_date,
            "",
            self._phone(),
            f"{rng.randint(100, 999)}-{rng.randint(0, 9999):04d}",
            self._address(prefecture, municipality),
        )

    def _phone(self) -> str:
        rng = self.rng
        if rng.random() < 0.6:
            return f"0{rng.choice('789')}0-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
        return f"0{rng.randint(10, 99)}-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"

    def _address(self, prefecture: str, municipality: str) -> str:
        rng = self.rng
        return (
            f"{data.PREFECTURE_NAMES[prefecture]}{municipality}{rng.choice(self.towns)}"
            f"{rng.randint(1, 5)}丁目{rng.randint(1, 30)}番{rng.randint(1, 20)}号"
        )

    def _birth_date(self, age_low: int, age_high: int) -> dt.date:
        """A birth date for someone aged age_low..age_high on AS_OF."""
        latest = _years_before(data.AS_OF, age_low)
        earliest = _years_before(data.AS_OF, age_high + 1) + dt.timedelta(days=1)
        return _day_between(self.rng, earliest, latest)

    def _worker_age(self) -> tuple[int, int]:
        r = self.rng.random()
        if r < 0.2:
            return 20, 34
        if r < 0.62:
            return 35, 59
        return 60, 76

    def _pattern(self, line: str, age_high: int) -> tuple[int, int, tuple[int, ...]]:
        """Contracted minutes a week, days a week and the weekdays of a worker."""
        rng = self.rng
        r = rng.random() + (0.15 if age_high >= 60 else 0.0)  # older members work fewer days
        if r < 0.22:
            days, minutes = 5, 2400  # full time: 8 hours a day
        elif r < 0.32:
            days, minutes = 5, rng.choice([1200, 1500, 1800, 2000])
        elif r < 0.60:
            days, minutes = 4, rng.choice([1440, 1600, 1760, 1920])
        else:
            days, minutes = 3, rng.choice([1200, 1260, 1320, 1440])
        open_days = data.LINE_WEEKDAYS[line]
        weekdays = tuple(sorted(rng.sample(open_days, days))) if len(open_days) > days else open_days[:days]
        return minutes, days, weekdays

    def _female(self, line: str) -> bool:
        share = 0.75 if line in ("elderly-care", "children-parents", "disability-support") else 0.4
        return self.rng.random() < share

    def _worker(self, coop: str, centre: CentreInfo, joined_first: dt.date, joined_last: dt.date) -> Planned:
        """A generic worker member of a centre, joining within [joined_first, joined_last]."""
        rng = self.rng
        age_low, age_high = self._worker_age()
        line = centre.lines[1] if len(centre.lines) > 1 and rng.random() < 0.25 else centre.main_line
        birth = self._birth_date(age_low, age_high)
        while _years_before(joined_last, 18) < birth:  # nobody joins before they are 18
            birth = _years_before(birth, 5)
        first = min(max(joined_first, _years_before(birth, -18)), joined_last)
        span = (joined_last - first).days
        # A centre opens with a team; others join over the years as some leave.
        joined = first + dt.timedelta(
            days=int(min(span, 180) * rng.random() if rng.random() < 0.35 else span * rng.random())
        )
        minutes, days, weekdays = self._pattern(line, age_high)
        row = self._person(
            female=self._female(line),
            birth_date=birth,
            prefecture=centre.prefecture,
            municipality=centre.municipality,
        )
        return Planned(
            row=row,
            centre=centre,
            kind=MembershipKind.WORKER,
            joined_on=joined,
            contract_start=joined,
            minutes_per_week=minutes,
            days_per_week=days,
            line=line,
            weekdays=weekdays,
        )

    def _case_person(self, centre: CentreInfo, case: data.CasePerson) -> Planned:
        rng = self.rng
        row = (
            case.family_name,
            case.given_name,
            case.family_name_kana,
            case.given_name_kana,
            case.birth_date,
            "",
            self._phone(),
            f"{rng.randint(100, 999)}-{rng.randint(0, 9999):04d}",
            self._address(centre.prefecture, centre.municipality),
        )
        line = case.line or centre.main_line
        open_days = data.LINE_WEEKDAYS[line]
        days = case.days_per_week
        weekdays = tuple(sorted(rng.sample(open_days, days))) if len(open_days) > days else open_days[:days]
        return Planned(
            row=row,
            centre=centre,
            kind=MembershipKind.WORKER if case.joined_on else "",
            joined_on=case.joined_on,
            member_number=case.member_number,
            contract_start=case.joined_on if case.minutes_per_week else None,
            minutes_per_week=case.minutes_per_week,
            days_per_week=days,
            line=line,
            weekdays=weekdays,
            case_key=case.key,
            special_care=case.special_care,
        )

    def worker_coop(self, code: str, active_members: int, number_prefix: str, digits: int) -> CoopPlan:
        """The people of one worker coop: case people, generic members, leavers, joiners, employees, officers."""
        rng = self.rng
        plan = CoopPlan(code)
        centres = [c for c in self.centres.values() if c.coop == code]
        cases = [case for case in [*data.CASE_CENTRES, data.NGT_CENTRE] if case.coop == code and case.people]
        case_centres = {case.code for case in cases}
        for case in cases:
            info = self.centres[(code, case.code)]
            plan.people.extend(self._case_person(info, person) for person in case.people)
            for _n in range(case.volunteers):
                birth = self._birth_date(45, 80)
                volunteer = Planned(
                    row=self._person(
                        female=rng.random() < 0.7,
                        birth_date=birth,
                        prefecture=info.prefecture,
                        municipality=info.municipality,
                    ),
                    centre=info,
                )
                plan.people.append(volunteer)
                plan.volunteers.append((volunteer, info, _day_between(rng, info.opened_on, dt.date(2015, 2, 28))))
        case_members = sum(1 for p in plan.people if p.kind and p.joined_on and p.joined_on <= data.AS_OF)
        generic_total = active_members - case_members
        if self.scale.divisor > 1:
            generic_total = round(generic_total / self.scale.divisor)
        open_centres = [c for c in centres if c.open_on(data.AS_OF) and c.code not in case_centres]
        weights = [data.CENTRE_SIZE[c.main_line] * rng.uniform(0.5, 1.5) for c in open_centres]
        founded = self.founded[code]
        generic: list[Planned] = []
        for centre, count in zip(open_centres, _allocate(generic_total, weights), strict=True):
            first = max(centre.opened_on, founded)
            generic.extend(self._worker(code, centre, first, data.AS_OF) for _n in range(count))
        for planned in generic:
            if rng.random() < LEAVING_AT_YEAR_END_SHARE:
                planned.left_on = planned.contract_end = FY_END
                planned.status = MembershipStatus.WITHDRAWN
        # Members who left before 2015-03-31 (withdrawal takes effect at a fiscal year's end).
        past_centres = [c for c in centres if c.opened_on < dt.date(2013, 4, 1) and c.code not in case_centres]
        for _n in range(round(len(generic) * LEAVER_SHARE)):
            centre = rng.choice(past_centres)
            limit = min(centre.closed_on or FY_START, FY_START)
            first = max(centre.opened_on, founded)
            leaver = self._worker(code, centre, first, limit - dt.timedelta(days=400))
            year_ends = [dt.date(y, 4, 1) for y in range(leaver.joined_on.year + 1, limit.year + 1)]  # type: ignore[union-attr]
            year_ends = [d for d in year_ends if d <= limit and d > leaver.joined_on] or [limit]  # type: ignore[operator]
            if rng.random() < 0.1:
                leaver.left_on, leaver.status = _day_between(rng, year_ends[0], limit), MembershipStatus.DECEASED
            else:
                leaver.left_on, leaver.status = rng.choice(year_ends), MembershipStatus.WITHDRAWN
            leaver.contract_end = leaver.left_on
            generic.append(leaver)
        # Members joining after 2015-03-31, some of them at centres opened in 2015.
        future = [c for c in centres if c.opened_on > data.AS_OF]
        for _n in range(round(generic_total * JOINER_SHARE)):
            centre = rng.choice(open_centres)
            generic.append(self._worker(code, centre, dt.date(2015, 4, 1), dt.date(2015, 9, 30)))
        for centre in future:
            generic.extend(self._worker(code, centre, centre.opened_on, centre.opened_on) for _n in range(6))
        # Member numbers follow the order of joining.
        generic.sort(key=lambda p: (p.joined_on, p.birth_date))
        start = 100 if code == data.CWC.code else 1
        for n, planned in enumerate(generic, start=start):
            planned.member_number = f"{number_prefix}{n:0{digits}d}"
        plan.people.extend(generic)
        # Non-member employees, with a labour contract and no membership.
        for _n in range(round(generic_total * EMPLOYEE_SHARE)):
            centre = rng.choice(open_centres)
            employee = self._worker(code, centre, max(centre.opened_on, dt.date(2010, 4, 1)), data.AS_OF)
            employee.kind, employee.joined_on = "", None
            plan.people.append(employee)
        self._officers(plan, generic, code)
        return plan

    def _officers(self, plan: CoopPlan, generic: list[Planned], code: str) -> None:
        """Directors from long-standing members, and auditors from outside (neither director nor employee)."""
        rng = self.rng
        is_cwc = code == data.CWC.code
        if code == data.NGT.code:
            by_key = {p.case_key: p for p in plan.people}
            founded = data.NGT_CENTRE.opened_on
            plan.officers += [
                (by_key["ngt-representative"], OfficerRole.REPRESENTATIVE_DIRECTOR, founded, None),
                (by_key["ngt-station"], OfficerRole.DIRECTOR, founded, None),
                (by_key["ngt-m05"], OfficerRole.DIRECTOR, founded, None),
            ]
            auditors = 1
            started, previous = founded, None
        else:
            active = [p for p in generic if p.joined_on and p.joined_on <= data.AS_OF and p.left_on is None]
            senior = [
                p
                for p in active
                if p.joined_on <= dt.date(2011, 3, 31)  # type: ignore[operator]
                and 35 <= (data.AS_OF - p.birth_date).days // 365 <= 69
            ]
            pool = senior if len(senior) >= 15 else active
            size = 15 if is_cwc else (5 if len(active) > 100 else 3)
            chosen = rng.sample(pool, min(size, len(pool)))
            roles = [OfficerRole.REPRESENTATIVE_DIRECTOR]
            if is_cwc:
                roles += [OfficerRole.FULL_TIME_DIRECTOR, OfficerRole.FULL_TIME_DIRECTOR]
            roles += [OfficerRole.DIRECTOR] * (len(chosen) - len(roles))
            started = dt.date(2013, 6, 22) if is_cwc else dt.date(2013, 5, 25)
            previous = dt.date(2011, 6, 25) if is_cwc else dt.date(2011, 5, 28)
            for planned, role in zip(chosen, roles, strict=False):
                plan.officers.append((planned, role, started, None))
                if planned.joined_on <= previous and rng.random() < 0.7:  # type: ignore[operator]
                    plan.officers.append((planned, role, previous, started))
            auditors = 2 if is_cwc else 1
        home = self.centres[(code, data.NGT_CENTRE.code)] if code == data.NGT.code else None
        for n in range(auditors):
            centre = home or rng.choice([c for c in self.centres.values() if c.coop == code])
            auditor = Planned(
                row=self._person(
                    female=n % 2 == 1,
                    birth_date=self._birth_date(50, 72),
                    prefecture=centre.prefecture,
                    municipality=centre.municipality,
                ),
                centre=None,
                case_key=f"{code}-auditor-{n + 1}",
            )
            plan.people.append(auditor)
            plan.officers.append((auditor, OfficerRole.AUDITOR, started, None))
            if previous is not None:
                plan.officers.append((auditor, OfficerRole.AUDITOR, previous, started))

    def consumer_coop(self, code: str, active_members: int) -> CoopPlan:
        """JOCCU: older persons' consumer members, across its 22 member organisations' prefectures."""
        rng = self.rng
        plan = CoopPlan(code)
        total = round(active_members / self.scale.divisor) if self.scale.divisor > 1 else active_members
        founded = self.founded[code]
        people: list[Planned] = []

        def member(first: dt.date, last: dt.date) -> Planned:
            prefecture = rng.choice(data.JOCCU_PREFECTURES)
            return Planned(
                row=self._person(
                    female=rng.random() < 0.6,
                    birth_date=self._birth_date(60, 95),
                    prefecture=prefecture,
                    municipality=rng.choice(data.MUNICIPALITIES[prefecture]),
                ),
                centre=None,
                kind=MembershipKind.CONSUMER,
                joined_on=_day_between(rng, first, last),
            )

        people.extend(member(founded, data.AS_OF) for _n in range(total))
        for _n in range(round(total * 0.04)):
            gone = member(founded, dt.date(2013, 3, 31))
            joined = gone.joined_on or founded
            if rng.random() < 0.75:
                gone.left_on = _day_between(rng, joined + dt.timedelta(days=1), data.AS_OF)
                gone.status = MembershipStatus.DECEASED
            else:
                gone.left_on = dt.date(rng.randint(joined.year + 1, 2014), 4, 1)
                gone.status = MembershipStatus.WITHDRAWN
            people.append(gone)
        people.extend(member(dt.date(2015, 4, 1), dt.date(2015, 9, 30)) for _n in range(round(total * 0.008)))
        people.sort(key=lambda p: (p.joined_on, p.birth_date))
        for n, planned in enumerate(people, start=1):
            planned.member_number = f"K{n:07d}"
        plan.people = people
        return plan


# Writing ------------------------------------------------------------------------------------------------

# Progress units: roughly the time each kind of row takes to plan and write.
UNITS_TREE = 3_000
UNITS_PERSON = 1.0
UNITS_WORK_RECORD = 0.1
WORK_PROGRESS_STEP = 20_000
AVERAGE_DAYS_WORKED = 175  # a worker member's days of work in a fiscal year, for the progress estimate


class ReplicaLoader:
    """Writes the planned replica through the services, coop by coop, moving the progress bar."""

    def __init__(self, scale: Scale, *, work_records: bool, progress: Progress) -> None:
        self.scale = scale
        self.with_work_records = work_records
        self.progress = progress
        self.planner = ReplicaPlanner(scale)
        self.counts = {"people": 0, "memberships": 0, "labour_contracts": 0, "officer_terms": 0, "work_records": 0}
        self.case_people: dict[str, Planned] = {}
        self.plans: dict[str, CoopPlan] = {}

    @staticmethod
    def estimated_units(scale: Scale, *, work_records: bool) -> float:
        def scaled(n: int) -> int:
            return round(n / scale.divisor)

        people = scaled(data.INDIVIDUAL_MEMBERS) * 1.07 + 200
        units = UNITS_TREE + people * UNITS_PERSON
        if work_records:
            workers = scaled(data.WORKER_MEMBERS) if scale.all_work_records else 60
            units += workers * AVERAGE_DAYS_WORKED * UNITS_WORK_RECORD
        return units

    def load(self) -> Tree:
        registry = _("Registry: the federation, its coops, regions and centres")
        self.progress.advance(registry)
        tree = registry_tree_create(actor=None, spec=self.planner.tree())
        self.progress.advance(registry, UNITS_TREE)
        self._write(tree, self.planner.worker_coop(data.CWC.code, data.CWC_MEMBERS, "C", 7))
        for local in data.LOCAL_COOPS:
            self._write(tree, self.planner.worker_coop(local.code, local.members, local.number_prefix, 6))
        self._write(tree, self.planner.worker_coop(data.NGT.code, data.NGT.members, "NGT", 6))
        self._write(tree, self.planner.consumer_coop(data.JOCCU.code, data.CONSUMER_MEMBERS))
        self.progress.advance(_("Demonstration logins"))
        self._personas(tree)
        return tree

    def _write(self, tree: Tree, plan: CoopPlan) -> None:
        coop = tree.coops[plan.code]
        people_phase = _("People of %(coop)s") % {"coop": coop.name}
        progress = self.progress
        self.plans[plan.code] = plan
        progress.advance(people_phase, len(plan.people) * UNITS_PERSON * 0.5)
        ids = members.people_bulk_load(actor=None, coop=coop, rows=[p.row for p in plan.people], source=SOURCE)
        for planned, person_id in zip(plan.people, ids, strict=True):
            planned.person_id = person_id
            if planned.case_key:
                self.case_people[planned.case_key] = planned
        self.counts["people"] += len(ids)
        centre_ids = {code: centre.pk for (coop_code, code), centre in tree.centres.items() if coop_code == plan.code}
        memberships: list[members.MembershipValues] = [
            (
                p.person_id,
                p.kind,
                p.member_number,
                centre_ids[p.centre.code] if p.centre is not None else None,
                p.joined_on,
                p.left_on,
                p.status,
            )
            for p in plan.people
            if p.kind and p.joined_on is not None
        ]
        self.counts["memberships"] += members.memberships_bulk_load(
            actor=None, coop=coop, rows=memberships, source=SOURCE
        )
        contracts: list[members.ContractValues] = [
            (p.person_id, centre_ids[p.centre.code], p.contract_start, p.contract_end, p.minutes_per_week)
            for p in plan.people
            if p.contract_start is not None and p.centre is not None
        ]
        if contracts:
            self.counts["labour_contracts"] += members.labour_contracts_bulk_load(
                actor=None, coop=coop, rows=contracts, source=SOURCE
            )
        terms = [
            OfficerTerm(coop=coop, person_id=p.person_id, role=role, started_on=started, ended_on=ended)
            for p, role, started, ended in plan.officers
        ]
        if terms:
            members.officer_terms_bulk_create(actor=None, coop=coop, terms=terms, source=SOURCE)
        self.counts["officer_terms"] += len(terms)
        if plan.volunteers:
            members.volunteers_bulk_register(
                actor=None,
                coop=coop,
                volunteers=[
                    Volunteer(coop=coop, person_id=p.person_id, centre_id=centre_ids[c.code], started_on=started)
                    for p, c, started in plan.volunteers
                ],
                source=SOURCE,
            )
        care = [
            (p.person_id, p.special_care[0], p.special_care[1], p.joined_on or data.AS_OF)
            for p in plan.people
            if p.special_care is not None
        ]
        if care:
            members.special_care_records_bulk_create(actor=None, coop=coop, items=care)
        progress.advance(people_phase, len(plan.people) * UNITS_PERSON * 0.5)
        if self.with_work_records and contracts:
            phase = _("Work records of %(coop)s") % {"coop": coop.name}
            rows = self._work_rows(plan, tree, centre_ids, phase)
            self.counts["work_records"] += members.work_records_bulk_load(
                actor=None, coop=coop, rows=rows, source=SOURCE
            )

    def _work_rows(
        self, plan: CoopPlan, tree: Tree, centre_ids: dict[str, int], phase: str
    ) -> Iterator[members.WorkRecordValues]:
        """One fiscal year (2014年度) of days worked by everyone under contract, on their contracted weekdays."""
        rng = random.Random(f"{SEED}-work-{plan.code}")
        rand = rng.random
        progress = self.progress
        step = 0
        days_of: dict[tuple[tuple[int, ...], bool], list[int]] = {}
        line_ids = {code: line.pk for code, line in tree.lines.items()}
        for p in plan.people:
            start, end, centre = p.contract_start, p.contract_end or FY_END, p.centre
            if start is None or centre is None or start >= FY_END or end <= FY_START:
                continue
            if not self.scale.all_work_records and not centre.case:
                continue
            office = p.line in OFFICE_LINES
            days = days_of.get((p.weekdays, office))
            if days is None:
                days = days_of[(p.weekdays, office)] = [
                    i
                    for i, day in enumerate(FY_DAYS)
                    if day.weekday() in p.weekdays and day not in YEAR_END and not (office and day in HOLIDAYS)
                ]
            first = bisect.bisect_left(days, (max(start, FY_START) - FY_START).days)
            last = bisect.bisect_left(days, (min(end, FY_END) - FY_START).days)
            base = p.minutes_per_week // p.days_per_week
            minutes = [max(60, min(720, base + delta)) for delta in (-30, 0, 0, 0, 0, 15, 30, 60)]
            person_id, centre_id = p.person_id, centre_ids[centre.code]
            line_id = line_ids[p.line]
            for i in days[first:last]:
                r = rand()
                if r < ABSENCE:
                    continue
                yield (person_id, centre_id, line_id, FY_DAYS[i], minutes[int((r - ABSENCE) / (1 - ABSENCE) * 8)])
                step += 1
                if step == WORK_PROGRESS_STEP:
                    progress.advance(phase, step * UNITS_WORK_RECORD)
                    step = 0
        if step:
            progress.advance(phase, step * UNITS_WORK_RECORD)

    def _personas(self, tree: Tree) -> None:
        cwc = tree.coops[data.CWC.code]
        ngt = tree.coops[data.NGT.code]
        ajisai = tree.centres[(data.CWC.code, data.AJISAI.code)]
        cwc_plan = self.plans[data.CWC.code]
        officer = next(p for p, role, _s, _e in cwc_plan.officers if role == OfficerRole.FULL_TIME_DIRECTOR)
        auditor = self.case_people[f"{data.CWC.code}-auditor-1"]
        fake = self.planner.fake
        staff_family, _kana, _roman = fake.last_name_pair()
        staff_given, _kana, _roman = fake.first_name_female_pair()

        wanted = [self.case_people[personas.CASE_PERSON[key]].person_id for key in personas.CASE_PERSON]
        people = Person.objects.in_bulk([*wanted, officer.person_id, auditor.person_id])

        def spec(key: str, person: Person | None, *grants: GrantSpec, names: tuple[str, str] = ("", "")) -> PersonaSpec:
            family, given = (person.family_name, person.given_name) if person is not None else names
            return PersonaSpec(
                username=personas.USERNAMES[key],
                email=personas.EMAILS[key],
                first_name=given,
                last_name=family,
                grants=grants,
                person=person,
            )

        def case(key: str) -> Person:
            return people[self.case_people[personas.CASE_PERSON[key]].person_id]

        persona_users_create(
            actor=None,
            password=personas.DEMO_PASSWORD,
            personas=[
                spec(
                    personas.FEDERATION_STAFF,
                    None,
                    GrantSpec(Role.FEDERATION_STAFF, federation=tree.federation),
                    names=(staff_family, staff_given),
                ),
                spec(personas.CWC_OFFICER, people[officer.person_id], GrantSpec(Role.COOP_OFFICER, coop=cwc)),
                spec(personas.CWC_AUDITOR, people[auditor.person_id], GrantSpec(Role.AUDITOR, coop=cwc)),
                spec(
                    personas.AJISAI_MANAGER,
                    case(personas.AJISAI_MANAGER),
                    GrantSpec(Role.CENTRE_MANAGER, coop=cwc, centre=ajisai),
                ),
                spec(
                    personas.AJISAI_SUPPORT,
                    case(personas.AJISAI_SUPPORT),
                    GrantSpec(Role.SUPPORT_WORKER, coop=cwc, centre=ajisai),
                ),
                spec(personas.AJISAI_MEMBER, case(personas.AJISAI_MEMBER)),
                spec(personas.OUTSIDER, case(personas.OUTSIDER), GrantSpec(Role.COOP_OFFICER, coop=ngt)),
            ],
        )


def replica_extensions() -> list[ModuleType]:
    """The contexts after the foundation that add to the replica: each `tomoni/<app>/replica.py` that exists.

    Each defines ``load_into_replica(*, federation, scale, progress) -> dict[str, int]``, called in the
    replica's transaction after the registry, members and work records are in; it adds its own rows
    (through its services) and returns counts for the replica's summary. It may call
    ``progress.advance(phase)`` to say what it is doing.
    """
    found = []
    for config in apps.get_app_configs():
        ours = config.name.startswith("tomoni.") and config.name != "tomoni.demo"
        if ours and importlib.util.find_spec(f"{config.name}.replica"):
            found.append(importlib.import_module(f"{config.name}.replica"))
    return found


def load_replica(*, scale: str = "full", work_records: bool = True, progress: Progress | None = None) -> LoadResult:
    """Load the JWCU replica, unless it is already there; in one transaction."""
    from tomoni.demo.selectors import replica_state

    started = time.perf_counter()
    state = replica_state()
    if state is not None:
        return LoadResult(
            loaded=False,
            scale=state.scale,
            seconds=time.perf_counter() - started,
            people=int(state.summary.get("people", 0)),
            memberships=int(state.summary.get("memberships", 0)),
            labour_contracts=int(state.summary.get("labour_contracts", 0)),
            work_records=int(state.summary.get("work_records", 0)),
            summary=state.summary,
        )
    chosen = SCALES[scale]
    progress = progress or Progress(ReplicaLoader.estimated_units(chosen, work_records=work_records), enabled=False)
    loader = ReplicaLoader(chosen, work_records=work_records, progress=progress)
    # History is no news: nobody is notified of the replica's 2014 votes and rosters.
    with transaction.atomic(), audit_listeners_paused():
        tree = loader.load()
        summary: dict[str, Any] = {"scale": chosen.name, "work_records_loaded": work_records, **loader.counts}
        # Planner statistics before the contexts' steps: their aggregates over millions of work records
        # otherwise get a nested-loop plan on SQLite and take minutes.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        for extension in replica_extensions():
            summary |= extension.load_into_replica(federation=tree.federation, scale=chosen.name, progress=progress)
        replica_loaded_record(actor=None, federation=tree.federation, summary=summary)
    # Fresh planner statistics, so the first pages after a bulk load pick their indexes.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    progress.finish(_("Done"))
    return LoadResult(
        loaded=True,
        scale=chosen.name,
        seconds=time.perf_counter() - started,
        people=loader.counts["people"],
        memberships=loader.counts["memberships"],
        labour_contracts=loader.counts["labour_contracts"],
        work_records=loader.counts["work_records"],
        summary=summary,
    )
