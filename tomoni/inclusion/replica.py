"""The replica's work integration: the seed's cases as programmes, cohorts and participants' paths.

- Ajisai (Matsudo): the caregiver course (介護職員初任者研修) funded by Chiba Prefecture, one 4-month
  cohort a year FY2010-FY2014; 25 people certified in all, among them the six members who came to
  Ajisai through it (trained → placed with a mentor → employed → worker member); and the activities
  of its ~20 volunteers over FY2014.
- West Nara: special-needs school work placements, the path of its members with mental disabilities.
- West RINGS: employment support with Toshima's welfare office, the path of its members facing difficulties.
- Every Youth Support Station and every needy-support site of the federation as a programme.
- Next Green Tajima: the 2012 forestry training whose graduates founded the coop in 2013.

Paths are written through the bulk service (one audit event a coop); the seed's figures (25 certified,
the members who came through programmes) then come out of the impact report. Called by the replica
loader (tomoni.demo.replica.replica_extensions) in its transaction.
"""

from __future__ import annotations

import datetime as dt
import random

from tomoni.core.progress import Progress
from tomoni.demo import data
from tomoni.federation.models import Centre, CentreBusinessLine, Coop, Federation
from tomoni.inclusion import rules, services
from tomoni.inclusion.models import Programme
from tomoni.members import services as members_services
from tomoni.members.models import Membership, Volunteer

SEED = 20150331
AS_OF = dt.date(2015, 3, 31)
SOURCE = "jwcu-replica"
# The course's trainees who never joined: people of the replica beside its register.
TRAINEES_SOURCE = "jwcu-replica:trainees"
FULL_CONSENT = ("support", "statistics", "funder")
FAMILY = (
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "山口",
)
GIVEN = ("大輔", "美咲", "翔", "彩花", "健太", "真由美", "拓海", "恵", "直人", "由紀", "亮", "明美", "誠", "陽子")

# Ajisai's caregiver course: (fiscal year, referred, certified); 25 certified from FY2010 to FY2014.
AJISAI_COHORTS = ((2010, 7, 5), (2011, 7, 5), (2012, 6, 5), (2013, 7, 5), (2014, 6, 5))


def _consents(day: dt.date) -> tuple[tuple[str, dt.date, dt.date | None], ...]:
    return tuple((purpose, day, None) for purpose in FULL_CONSENT)


def _members_by_number(coop: Coop, numbers: list[str]) -> dict[str, tuple[int, dt.date]]:
    rows = Membership.objects.filter(coop=coop, member_number__in=numbers).values_list(
        "member_number", "person_id", "joined_on"
    )
    return {number: (person_id, joined_on) for number, person_id, joined_on in rows}


def _months_before(day: dt.date, months: int) -> dt.date:
    return rules.add_months(day, -months)


def _ajisai(cwc: Coop, ajisai: Centre, rng: random.Random) -> int:
    programme = services.programme_create(
        actor=None, coop=cwc, code="ajisai-caregiver", name="介護職員初任者研修（あじさい）", kind="vocational",
        centres=[ajisai], started_on=dt.date(2010, 4, 1), capacity=8,
    )  # fmt: skip
    funder = services.funder_create(actor=None, coop=cwc, code="chiba", name="千葉県", kind="prefecture")
    for code, name, minutes, order in (
        ("theory", "講義", 40 * 60, 1),
        ("practice", "演習", 50 * 60, 2),
        ("placement", "実習", 40 * 60, 3),
    ):
        services.unit_create(
            actor=None, programme=programme, code=code, name=name, required_minutes=minutes, sort_order=order
        )
    trained = [p for p in data.AJISAI.people if p.special_care is not None and "研修" in p.special_care[1]]
    members = _members_by_number(cwc, [p.member_number for p in trained])
    by_year: dict[int, list[tuple[int, dt.date]]] = {}
    for person in trained:
        person_id, joined_on = members[person.member_number]
        # A member joined in August after the course of that fiscal year (April to July).
        year = joined_on.year if joined_on.month >= 4 else joined_on.year - 1
        by_year.setdefault(year, []).append((person_id, joined_on))
    rows: list[services.PathValues] = []
    for year, referred, certified in AJISAI_COHORTS:
        agreement = services.agreement_create(
            actor=None, programme=programme, funder=funder, starts_on=dt.date(year, 4, 1),
            ends_on=dt.date(year + 1, 3, 31), amount_yen=4_200_000, reference=f"千葉県委託 {year}-介護",
            target_trained=6, target_certified=5, target_employed=3, target_retained=2,
        )  # fmt: skip
        cohort = services.cohort_create(
            actor=None, programme=programme, centre=ajisai, code=f"{year}", name=f"{year}年度 初任者研修",
            starts_on=dt.date(year, 4, 7), ends_on=dt.date(year, 7, 31), agreement=agreement,
        )  # fmt: skip
        own = by_year.get(year, [])
        others = members_services.people_bulk_load(
            actor=None,
            coop=cwc,
            rows=[
                (rng.choice(FAMILY), rng.choice(GIVEN), "", "", None, "", "", "", "")
                for _ in range(referred - len(own))
            ],
            source=TRAINEES_SOURCE,
        )
        for index, person_id in enumerate([pid for pid, _j in own] + others):
            joined = own[index][1] if index < len(own) else None
            is_certified = index < certified
            started = index < referred - 1 or joined is not None  # one a year does not start
            placed = joined is not None or (is_certified and rng.random() < 0.3)
            in_work = joined is not None or (placed and rng.random() < 0.7)
            rows.append(
                services.PathValues(
                    person_id=person_id,
                    programme_id=programme.pk,
                    cohort_id=cohort.pk,
                    centre_id=ajisai.pk,
                    referral_source="hello_work" if joined is None else "welfare_office",
                    referred_on=dt.date(year, 3, 1),
                    started_on=dt.date(year, 4, 7) if started else None,
                    completed_on=dt.date(year, 7, 31) if is_certified else None,
                    certified_on=dt.date(year, 8, 5) if is_certified else None,
                    certificate=("介護職員初任者研修", f"12-{year}-{index + 1:03d}") if is_certified else None,
                    placed_on=dt.date(year, 8, 1) if placed else None,
                    employed_on=(joined or dt.date(year, 10, 1)) if in_work else None,
                    member_on=joined,
                    in_work_6m=True if in_work and dt.date(year + 1, 2, 1) <= AS_OF else None,
                    in_work_12m=True if in_work and dt.date(year + 1, 8, 1) <= AS_OF else None,
                    left_on=None if started else dt.date(year, 4, 7),
                    closed_on=None if joined is not None or not started else dt.date(year + 1, 8, 31),
                    consents=_consents(dt.date(year, 3, 1)),
                )
            )
    return len(services.participants_bulk_load(actor=None, coop=cwc, rows=rows, source=SOURCE))


def _case_path(
    coop: Coop, centre: Centre, case: data.CaseCentre, *, code: str, name: str, kind: str, source: str, lead_months: int
) -> int:
    """Members of a case centre who face difficulties, each on the path that brought them to work."""
    facing = [p for p in case.people if p.special_care is not None and p.member_number]
    members = _members_by_number(coop, [p.member_number for p in facing])
    if not members:
        return 0
    first = min(joined for _pid, joined in members.values())
    programme = services.programme_create(
        actor=None, coop=coop, code=code, name=name, kind=kind, centres=[centre],
        started_on=min(_months_before(first, lead_months), centre.opened_on),
    )  # fmt: skip
    rows = []
    for person_id, joined in members.values():
        placed = _months_before(joined, lead_months // 2)
        rows.append(
            services.PathValues(
                person_id=person_id,
                programme_id=programme.pk,
                centre_id=centre.pk,
                referral_source=source,
                referred_on=_months_before(joined, lead_months),
                started_on=_months_before(joined, lead_months),
                completed_on=placed,
                placed_on=placed,
                employed_on=joined,
                member_on=joined,
                in_work_6m=True,
                in_work_12m=True if rules.add_months(placed, 12) <= AS_OF else None,
                consents=_consents(_months_before(joined, lead_months)),
            )
        )
    return len(services.participants_bulk_load(actor=None, coop=coop, rows=rows, source=SOURCE))


def _ngt(federation: Federation) -> int:
    """The 2012 forestry training (緑の雇用) at Toyooka whose graduates founded Next Green Tajima."""
    coop = Coop.objects.filter(federation=federation, code=data.NGT.code).first()
    centre = Centre.objects.filter(coop=coop, code=data.NGT_CENTRE.code).first()
    if coop is None or centre is None:
        return 0
    programme = services.programme_create(
        actor=None, coop=coop, code="forestry-2012", name="豊岡市 林業就業者育成研修", kind="vocational",
        centres=[centre], started_on=dt.date(2012, 4, 1), ended_on=dt.date(2013, 3, 31), capacity=10,
    )  # fmt: skip
    funder = services.funder_create(actor=None, coop=coop, code="rinya", name="林野庁 緑の雇用", kind="national")
    agreement = services.agreement_create(
        actor=None, programme=programme, funder=funder, starts_on=dt.date(2012, 4, 1), ends_on=dt.date(2013, 3, 31),
        amount_yen=6_000_000, target_trained=8, target_certified=6, target_employed=5, target_retained=5,
    )  # fmt: skip
    cohort = services.cohort_create(
        actor=None, programme=programme, centre=centre, code="2012", name="2012年度 林業研修",
        starts_on=dt.date(2012, 6, 1), ends_on=dt.date(2013, 2, 28), agreement=agreement,
    )  # fmt: skip
    members = _members_by_number(coop, [p.member_number for p in data.NGT_CENTRE.people])
    rows = [
        services.PathValues(
            person_id=person_id,
            programme_id=programme.pk,
            cohort_id=cohort.pk,
            centre_id=centre.pk,
            referral_source="youth_support_station" if number == "NGT000002" else "hello_work",
            referred_on=dt.date(2012, 5, 1),
            started_on=dt.date(2012, 6, 1),
            completed_on=dt.date(2013, 2, 28),
            certified_on=dt.date(2013, 3, 10),
            certificate=("林業作業士（フォレストワーカー）研修修了", f"FW-2012-{index + 1:02d}"),
            placed_on=dt.date(2013, 4, 1),
            employed_on=joined,
            member_on=joined,
            in_work_6m=True,
            in_work_12m=True,
            consents=_consents(dt.date(2012, 5, 1)),
        )
        for index, (number, (person_id, joined)) in enumerate(sorted(members.items()))
    ]
    return len(services.participants_bulk_load(actor=None, coop=coop, rows=rows, source=SOURCE))


def _stations_and_sites(federation: Federation) -> tuple[int, int]:
    """A programme for each Youth Support Station and each needy-support site of the federation."""
    stations = sites = 0
    lines = (
        CentreBusinessLine.objects.filter(
            coop__federation=federation, business_line__code__in=["youth-support", "needy-support"]
        )
        .select_related("centre", "centre__coop", "business_line")
        .order_by("coop_id", "centre__code", "business_line__code")
    )
    done: set[int] = set()
    for line in lines:
        centre = line.centre
        if centre.pk in done:
            continue
        station = "サポートステーション" in centre.name
        if not station and line.business_line.code != "needy-support":
            continue
        done.add(centre.pk)
        services.programme_create(
            actor=None, coop=centre.coop, code=f"{'yss' if station else 'needy'}-{centre.code}"[:40],
            name=centre.name, kind="job_readiness" if station else "employment_support", centres=[centre],
            started_on=centre.opened_on, ended_on=centre.closed_on,
        )  # fmt: skip
        # The seed counts those running in March 2015 (25 and 80); sites opened later come on top.
        if centre.opened_on > data.AS_OF or (centre.closed_on is not None and centre.closed_on <= data.AS_OF):
            continue
        if station:
            stations += 1
        else:
            sites += 1
    return stations, sites


def _volunteering(cwc: Coop, ajisai: Centre, rng: random.Random) -> int:
    """Ajisai's volunteers over FY2014: meal help, outings and the café, a few hours a month each."""
    volunteers = list(Volunteer.objects.filter(coop=cwc, centre=ajisai).order_by("pk"))
    rows = []
    for volunteer in volunteers:
        for month in range(12):
            day = rules.add_months(dt.date(2014, 4, 10), month) + dt.timedelta(days=rng.randrange(15))
            if day < volunteer.started_on or rng.random() < 0.25:
                continue
            activity = rng.choice(("配食の手伝い", "散歩の付き添い", "地域食堂", "行事の準備"))
            rows.append((volunteer.pk, day, rng.choice((60, 90, 120, 180)), activity))
    return services.volunteer_activities_bulk_record(actor=None, coop=cwc, rows=rows, source=SOURCE)


def load_into_replica(*, federation: Federation, scale: str, progress: Progress) -> dict[str, int]:
    """Add the work-integration cases to the replica; returns counts for its summary."""
    progress.advance("work integration")
    rng = random.Random(SEED)
    cwc = Coop.objects.get(federation=federation, code="cwc")
    centres = {c.code: c for c in Centre.objects.filter(coop=cwc, code__in=["ajisai", "west-nara", "west-rings"])}
    counts = {"inclusion_participants": 0}
    if "ajisai" in centres:
        counts["inclusion_participants"] += _ajisai(cwc, centres["ajisai"], rng)
        counts["inclusion_volunteer_activities"] = _volunteering(cwc, centres["ajisai"], rng)
    if "west-nara" in centres:
        counts["inclusion_participants"] += _case_path(
            cwc, centres["west-nara"], data.WEST_NARA, code="west-nara-school", name="特別支援学校 職場実習の受け入れ",
            kind="employment_support", source="other", lead_months=6,
        )  # fmt: skip
    if "west-rings" in centres:
        counts["inclusion_participants"] += _case_path(
            cwc, centres["west-rings"], data.WEST_RINGS, code="west-rings-support", name="豊島区 就労支援",
            kind="employment_support", source="welfare_office", lead_months=4,
        )  # fmt: skip
    counts["inclusion_participants"] += _ngt(federation)
    stations, sites = _stations_and_sites(federation)
    counts["inclusion_youth_support_stations"] = stations
    counts["inclusion_needy_support_sites"] = sites
    counts["inclusion_programmes"] = Programme.objects.filter(coop__federation=federation).count()
    return counts
