"""A small world for tests: one federation, two coops and the personas of the style guide.

Personas: federation staff (aggregates only), a CWC officer, an auditor, the Ajisai centre manager,
a support worker at Ajisai, an Ajisai worker member, and an outsider who is an officer of another coop.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
from dataclasses import dataclass
from types import ModuleType

from django.apps import apps

from tomoni.core.models import Grant, Role, User
from tomoni.federation.models import BusinessLine, Centre, CentreBusinessLine, Coop, Federation, Region
from tomoni.members.models import LabourContract, Membership, OfficerTerm, Person, WorkRecord

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - test personas only


@dataclass
class World:
    federation: Federation
    cwc: Coop
    other: Coop
    region: Region
    ajisai: Centre
    west_nara: Centre
    other_centre: Centre
    care: BusinessLine
    cleaning: BusinessLine
    staff: User
    officer: User
    auditor: User
    manager: User
    support: User
    member: User
    outsider: User
    member_person: Person
    nara_person: Person
    other_person: Person


def make_user(username: str, email: str = "") -> User:
    return User.objects.create_user(username=username, email=email or f"{username}@example.jp", password=PASSWORD)


def build_world() -> World:
    federation = Federation.objects.create(code="jwcu", name="日本労働者協同組合連合会", name_en="JWCU")
    care = BusinessLine.objects.create(code="elderly-care", name="高齢者介護", name_en="Elderly care", sort_order=1)
    cleaning = BusinessLine.objects.create(code="cleaning", name="清掃・建物管理", name_en="Cleaning", sort_order=7)
    cwc = Coop.objects.create(
        federation=federation,
        code="cwc",
        name="センター事業団",
        name_en="CWC",
        kind="worker_coop",
        legal_form="worker_coop_act",
        prefecture_code="13",
        joined_federation_on=dt.date(1987, 1, 1),
        directly_controlled=True,
    )
    other = Coop.objects.create(
        federation=federation,
        code="other",
        name="ほかの労協",
        kind="worker_coop",
        legal_form="worker_coop_act",
        prefecture_code="27",
        joined_federation_on=dt.date(2000, 1, 1),
    )
    region = Region.objects.create(coop=cwc, code="kanto", name="関東事業本部", opened_on=dt.date(1990, 1, 1))
    ajisai = Centre.objects.create(
        coop=cwc,
        region=region,
        code="ajisai",
        name="地域福祉事業所あじさい",
        prefecture_code="12",
        municipality="松戸市",
        opened_on=dt.date(2005, 4, 1),
    )
    west_nara = Centre.objects.create(
        coop=cwc,
        code="west-nara",
        name="西奈良事業所",
        prefecture_code="29",
        municipality="奈良市",
        opened_on=dt.date(1994, 4, 1),
    )
    other_centre = Centre.objects.create(
        coop=other,
        code="osaka",
        name="大阪事業所",
        prefecture_code="27",
        municipality="大阪市",
        opened_on=dt.date(2001, 1, 1),
    )
    CentreBusinessLine.objects.create(coop=cwc, centre=ajisai, business_line=care)
    CentreBusinessLine.objects.create(coop=cwc, centre=west_nara, business_line=cleaning)
    CentreBusinessLine.objects.create(coop=other, centre=other_centre, business_line=cleaning)

    staff, officer, auditor = make_user("staff"), make_user("officer"), make_user("auditor")
    manager, support, member, outsider = (
        make_user("manager"),
        make_user("support"),
        make_user("C0000001"),
        make_user("outsider"),
    )
    Grant.objects.create(user=staff, role=Role.FEDERATION_STAFF, federation=federation)
    Grant.objects.create(user=officer, role=Role.COOP_OFFICER, coop=cwc)
    Grant.objects.create(user=auditor, role=Role.AUDITOR, coop=cwc)
    Grant.objects.create(user=manager, role=Role.CENTRE_MANAGER, coop=cwc, centre=ajisai)
    Grant.objects.create(user=support, role=Role.SUPPORT_WORKER, coop=cwc, centre=ajisai)
    Grant.objects.create(user=outsider, role=Role.COOP_OFFICER, coop=other)

    member_person = Person.objects.create(
        coop=cwc, family_name="小林", given_name="花子", family_name_kana="コバヤシ", given_name_kana="ハナコ",
        birth_date=dt.date(1950, 5, 1), user=member,
    )  # fmt: skip
    nara_person = Person.objects.create(
        coop=cwc, family_name="奈良", given_name="太郎", family_name_kana="ナラ", given_name_kana="タロウ"
    )
    other_person = Person.objects.create(
        coop=other, family_name="大阪", given_name="次郎", family_name_kana="オオサカ", given_name_kana="ジロウ"
    )
    Membership.objects.create(
        coop=cwc,
        person=member_person,
        kind="worker",
        member_number="C0000001",
        centre=ajisai,
        joined_on=dt.date(2010, 4, 1),
    )
    Membership.objects.create(
        coop=cwc,
        person=nara_person,
        kind="worker",
        member_number="C0000002",
        centre=west_nara,
        joined_on=dt.date(2000, 4, 1),
    )
    Membership.objects.create(
        coop=other,
        person=other_person,
        kind="worker",
        member_number="O0000001",
        centre=other_centre,
        joined_on=dt.date(2001, 4, 1),
    )
    LabourContract.objects.create(
        coop=cwc, person=member_person, centre=ajisai, started_on=dt.date(2010, 4, 1), contracted_minutes_per_week=1200
    )
    LabourContract.objects.create(
        coop=cwc, person=nara_person, centre=west_nara, started_on=dt.date(2000, 4, 1), contracted_minutes_per_week=2400
    )
    WorkRecord.objects.create(
        coop=cwc,
        person=member_person,
        centre=ajisai,
        business_line=care,
        worked_on=dt.date(2015, 3, 2),
        worked_minutes=240,
    )
    OfficerTerm.objects.create(coop=cwc, person=nara_person, role="director", started_on=dt.date(2012, 6, 1))
    # fmt: on
    return World(
        federation=federation, cwc=cwc, other=other, region=region, ajisai=ajisai, west_nara=west_nara,
        other_centre=other_centre, care=care, cleaning=cleaning, staff=staff, officer=officer, auditor=auditor,
        manager=manager, support=support, member=member, outsider=outsider, member_person=member_person,
        nara_person=nara_person, other_person=other_person,
    )  # fmt: skip


def context_hooks() -> list[ModuleType]:
    """The test hooks of the contexts after the foundation: each `tomoni/<app>/testing.py` that exists.

    The project-wide scope tests (tests/test_urls_outsider.py, tomoni/federation/tests/test_api_scope.py)
    walk every URL. A context's hooks module tells them what they cannot guess:

    - ``url_values(world) -> dict[str, object]``: creates one CWC row of each kind its URLs name (about the
      Ajisai member, ``world.member_person``, where there is a choice) and returns a value for each URL keyword;
    - ``PUBLIC``, ``OWN_ONLY``, ``NOT_FOUND``: its URL names without arguments, classified as in
      tests/test_urls_outsider.py;
    - ``API_MEMBER_ROUTES``: API routes (as the resolver spells them, e.g. ``"api/v1/coops/<slug:code>/x/"``)
      that a CWC worker member may reach, so the API test does not expect a 404 for them.
    """
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("tomoni.") and importlib.util.find_spec(f"{config.name}.testing"):
            found.append(importlib.import_module(f"{config.name}.testing"))
    return found
