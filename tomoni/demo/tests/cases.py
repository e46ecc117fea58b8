"""Assertions about the seed's four cases, shared by the small and the full replica's tests."""

from __future__ import annotations

import datetime as dt

from tomoni.core import crypto
from tomoni.core.money import age_on
from tomoni.demo import data
from tomoni.federation.models import Centre, Coop
from tomoni.members.models import Membership, SpecialCareRecord, Volunteer
from tomoni.members.selectors import centre_summary, coop_compliance

AS_OF = data.AS_OF


def centre(coop_code: str, code: str) -> Centre:
    return Centre.objects.select_related("coop").get(coop__code=coop_code, code=code)


def members_on(centre: Centre, day: dt.date = AS_OF) -> list[Membership]:
    return list(
        Membership.objects.filter(coop_id=centre.coop_id, centre=centre, joined_on__lte=day)
        .exclude(left_on__lte=day)
        .select_related("person")
        .order_by("member_number")
    )


def care_categories(person_ids: list[int]) -> dict[int, set[str]]:
    """Special-care categories by person, decrypted (what a support worker would read)."""
    categories: dict[int, set[str]] = {}
    for person_id, payload in SpecialCareRecord.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "payload_encrypted"
    ):
        categories.setdefault(person_id, set()).add(crypto.decrypt_json(payload)["category"])
    return categories


def aged(members: list[Membership], years: int) -> list[Membership]:
    return [m for m in members if m.person.birth_date and age_on(m.person.birth_date, AS_OF) >= years]


def assert_ajisai() -> None:
    ajisai = centre("cwc", "ajisai")
    assert (ajisai.name, ajisai.municipality, ajisai.prefecture_code) == ("地域福祉事業所あじさい", "松戸市", "12")
    assert set(ajisai.business_lines.values_list("code", flat=True)) == {"elderly-care", "disability-support"}
    members = members_on(ajisai)
    assert len(members) == 19
    assert {m.kind for m in members} == {"worker"}
    categories = care_categories([m.person_id for m in members])
    assert sum(1 for c in categories.values() if c & {"mental_disability", "social_participation"}) == 6
    assert len(aged(members, 60)) == 8
    assert 18 <= Volunteer.objects.filter(centre=ajisai).count() <= 22
    manager = [m for m in members if (m.person.family_name, m.person.given_name) == ("小林", "文恵")]
    assert len(manager) == 1
    summary = centre_summary(centre=ajisai, as_of=AS_OF)
    assert (len(summary.members), summary.special_care_mental_or_social, summary.aged_60_or_over) == (19, 6, 8)
    assert summary.volunteers == Volunteer.objects.filter(centre=ajisai).count()


def assert_west_nara(*, with_work_records: bool) -> None:
    nara = centre("cwc", "west-nara")
    assert (nara.municipality, nara.prefecture_code, nara.opened_on.year) == ("奈良市", "29", 1994)
    assert {"building-maintenance", "elderly-care"} <= set(nara.business_lines.values_list("code", flat=True))
    members = members_on(nara)
    categories = care_categories([m.person_id for m in members])
    mental = [m for m in members if "mental_disability" in categories.get(m.person_id, set())]
    elderly = aged(members, 60)
    assert (len(mental), len(elderly)) == (8, 5)
    cleaning = {m.person_id for m in mental} | {m.person_id for m in elderly}
    assert len(cleaning) == 13  # the hospital cleaning team: 8 with mental disabilities and 5 elderly
    ten_years = [m for m in mental if m.joined_on <= AS_OF.replace(year=AS_OF.year - 10)]
    assert len(ten_years) == 3
    if with_work_records:
        from tomoni.members.models import WorkRecord

        cleaners = set(
            WorkRecord.objects.filter(centre=nara, business_line__code="building-maintenance")
            .values_list("person_id", flat=True)
            .distinct()
        )
        assert cleaners == cleaning


def assert_west_rings() -> None:
    rings = centre("cwc", "west-rings")
    assert (rings.municipality, rings.prefecture_code) == ("豊島区", "13")
    members = members_on(rings)
    assert len(members) == 9
    categories = care_categories([m.person_id for m in members])
    assert len(categories) == 7
    assert {"addiction", "former_homelessness"} <= set().union(*categories.values())
    manager = next(m for m in members if m.member_number == "C0000041")
    assert "addiction" in categories[manager.person_id]


def assert_aguriin() -> None:
    plants = list(Centre.objects.filter(coop__code="cwc", code__startswith="aguriin-").order_by("opened_on"))
    assert len(plants) == 4
    assert (plants[0].opened_on.year, plants[-1].opened_on.year) == (2011, 2015)
    assert all(p.opened_on <= AS_OF and p.closed_on is None for p in plants)
    assert all(set(p.business_lines.values_list("code", flat=True)) == {"clean-energy"} for p in plants)
    ishii = Membership.objects.get(coop__code="cwc", person__family_name="石井", person__given_name="大輔")
    assert ishii.centre is not None and ishii.centre.code.startswith("aguriin-")


def assert_next_green_tajima() -> None:
    ngt = Coop.objects.get(code="next-green-tajima")
    assert (ngt.kind, ngt.founded_on.year, ngt.prefecture_code, ngt.directly_controlled) == (
        "worker_coop",
        2013,
        "28",
        False,
    )
    (home,) = Centre.objects.filter(coop=ngt)
    assert home.municipality == "豊岡市"
    members = members_on(home)
    assert len(members) == 5
    categories = care_categories([m.person_id for m in members])
    assert len(categories) == 1  # the former user of the Youth Support Station
    young = [m for m in members if m.person.birth_date and age_on(m.person.birth_date, AS_OF) < 35]
    assert len(young) >= 2


def assert_complies(coop_code: str) -> None:
    coop = Coop.objects.get(code=coop_code)
    failed = [line.result.code for line in coop_compliance(coop=coop, as_of=AS_OF) if not line.result.passed]
    assert failed == [], f"{coop_code} fails {failed}"
