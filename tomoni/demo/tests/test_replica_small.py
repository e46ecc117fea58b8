"""The small replica: the whole tree, the four cases complete, 1/50 of the generic people."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Max, Min
from django.utils import translation

from tomoni.core.models import AuditEvent, Grant, Role, User
from tomoni.demo import data, personas
from tomoni.demo.replica import LoadResult, load_replica
from tomoni.demo.tests import cases
from tomoni.federation.models import BusinessLine, Centre, Coop, Federation, Partnership, Region, RelatedInstitution
from tomoni.members.models import LabourContract, Membership, OfficerTerm, Person, WorkRecord
from tomoni.reports.registry.selectors import federation_figures


@pytest.fixture(scope="module")
def replica(django_db_setup: None, django_db_blocker: object) -> Iterator[LoadResult]:
    """The small replica, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        yield load_replica(scale="small")
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_the_small_replica_holds_the_whole_tree_of_the_seed(replica):
    assert replica.loaded and replica.scale == "small"
    jwcu = Federation.objects.get(code="jwcu")
    assert (jwcu.name, jwcu.founded_on.year) == ("日本労働者協同組合連合会", 1979)
    kinds = dict(Coop.objects.values_list("kind").annotate(n=Count("pk")).order_by())
    assert kinds == {"worker_coop": 17, "consumer_coop": 1, "affiliated": 5, "associated": 3}
    cwc = Coop.objects.get(code="cwc")
    assert (cwc.name, cwc.directly_controlled, cwc.founded_on.year) == (
        "日本労働者協同組合連合会センター事業団",
        True,
        1987,
    )
    assert Coop.objects.filter(kind="worker_coop", directly_controlled=False).count() == 16
    joccu = Coop.objects.get(code="joccu")
    assert (joccu.name, joccu.kind, joccu.founded_on.year) == ("日本高齢者生活協同組合連合会", "consumer_coop", 2001)
    assert Region.objects.filter(coop=cwc).count() == 15
    open_centres = Centre.objects.filter(coop=cwc, opened_on__lte=data.AS_OF).exclude(closed_on__lte=data.AS_OF)
    assert open_centres.count() == 324
    assert open_centres.values("prefecture_code").distinct().count() == 47
    assert BusinessLine.objects.count() == len(data.BUSINESS_LINES)
    assert set(RelatedInstitution.objects.values_list("name_en", flat=True)) >= {
        "Japan Institute of Co-operative Research",
        "Japan Social Solidarity Organization (JSSO)",
        "Japan Frontier Network",
    }
    scopes = dict(Partnership.objects.values_list("scope").annotate(n=Count("pk")).order_by())
    assert scopes == {"global": 2, "regional_sectoral": 2, "national": 3}


def test_affiliated_and_associated_organisations_have_no_individual_members(replica):
    assert not Membership.objects.filter(coop__kind__in=["affiliated", "associated"]).exists()


def test_figures_count_25_member_societies_at_every_scale(replica):
    figures = federation_figures(as_of=data.AS_OF)
    assert (figures.member_societies, figures.cwc_regions, figures.cwc_centres) == (25, 15, 324)
    assert figures.individual_members == figures.worker_members + figures.consumer_members


def test_loading_again_says_so_and_duplicates_nothing(replica):
    before = (Person.objects.count(), Membership.objects.count(), WorkRecord.objects.count(), User.objects.count())
    again = load_replica(scale="small")
    assert not again.loaded
    assert (again.scale, again.people, again.work_records) == ("small", replica.people, replica.work_records)
    out = io.StringIO()
    with translation.override("en"):
        call_command("load_replica", "--scale", "small", stdout=out, stderr=io.StringIO())
    assert "already loaded" in out.getvalue()
    after = (Person.objects.count(), Membership.objects.count(), WorkRecord.objects.count(), User.objects.count())
    assert after == before


def test_the_load_is_one_audit_event_per_bulk_call(replica):
    events = AuditEvent.objects.filter(action__in=["members.people.bulk_loaded", "members.work_records.bulk_loaded"])
    loads = events.filter(action="members.people.bulk_loaded")
    # CWC, 16 local coops, JOCCU; then one per year of Ajisai's caregiver course for its trainees (tomoni.inclusion).
    register = [e for e in loads if e.data.get("source") != "jwcu-replica:trainees"]
    assert len(register) == 18
    assert sum(e.data["rows"] for e in register) == replica.people
    assert sum(e.data["rows"] for e in loads) == Person.objects.count()  # everyone came in a bulk call
    assert AuditEvent.objects.filter(action="demo.replica.loaded").count() == 1


def test_ajisai_has_19_members_6_with_special_care_8_aged_60_or_over_and_about_20_volunteers(replica):
    cases.assert_ajisai()


def test_west_nara_runs_hospital_cleaning_with_13_members_8_with_mental_disabilities_5_elderly(replica):
    cases.assert_west_nara(with_work_records=True)


def test_west_rings_has_9_workers_of_whom_7_face_difficulties_the_manager_among_them(replica):
    cases.assert_west_rings()


def test_aguriin_runs_four_bdf_plants_opened_from_2011_to_2015(replica):
    cases.assert_aguriin()


def test_next_green_tajima_is_a_local_worker_coop_of_five_founded_in_2013(replica):
    cases.assert_next_green_tajima()


@pytest.mark.parametrize("coop_code", ["cwc", "next-green-tajima", "wc-hokkaido", "wc-osaka"])
def test_worker_coops_comply_with_the_act_on_31_march_2015(replica, coop_code):
    cases.assert_complies(coop_code)


def test_every_worker_coop_has_directors_a_representative_and_an_outside_auditor(replica):
    for coop in Coop.objects.filter(kind="worker_coop"):
        terms = OfficerTerm.objects.filter(coop=coop, started_on__lte=data.AS_OF, ended_on__isnull=True)
        roles = list(terms.values_list("role", flat=True))
        assert roles.count("representative_director") == 1, coop.code
        assert len([r for r in roles if r != "auditor"]) >= 3, coop.code
        auditors = terms.filter(role="auditor").values_list("person_id", flat=True)
        assert auditors and not Membership.objects.filter(person_id__in=auditors).exists(), coop.code
        assert not LabourContract.objects.filter(person_id__in=auditors).exists(), coop.code


def test_work_records_cover_2014_only_at_the_case_centres_within_the_contracts(replica):
    span = WorkRecord.objects.aggregate(first=Min("worked_on"), last=Max("worked_on"))
    assert span["first"] >= dt.date(2014, 4, 1) and span["last"] <= dt.date(2015, 3, 31)
    case_codes = {"ajisai", "west-nara", "west-rings", "toyooka"} | {f"aguriin-{c}" for c in ("fukaya", "sakura")}
    case_codes |= {"aguriin-tomakomai", "aguriin-hachioji"}
    assert set(WorkRecord.objects.values_list("centre__code", flat=True).distinct()) == case_codes
    assert not WorkRecord.objects.filter(coop__code="joccu").exists()
    for contract in LabourContract.objects.filter(centre__code="ajisai"):
        weeks = (
            WorkRecord.objects.filter(person_id=contract.person_id)
            .values_list("worked_on", flat=True)
            .order_by("worked_on")
        )
        per_week: dict[tuple[int, int], int] = {}
        for day in weeks:
            per_week[day.isocalendar()[:2]] = per_week.get(day.isocalendar()[:2], 0) + 1
        days = {1200: 3, 1440: 4, 1800: 5, 1920: 4, 2400: 5}[contract.contracted_minutes_per_week]
        assert max(per_week.values()) <= days


def test_consumer_members_of_joccu_have_no_contracts_and_are_older_persons(replica):
    joccu = Coop.objects.get(code="joccu")
    assert not LabourContract.objects.filter(coop=joccu).exists()
    assert set(Membership.objects.filter(coop=joccu).values_list("kind", flat=True)) == {"consumer"}
    youngest = Person.objects.filter(coop=joccu).aggregate(b=Max("birth_date"))["b"]
    assert youngest <= dt.date(1955, 3, 31)


def test_as_of_matters_members_leave_and_join_around_31_march_2015(replica):
    cwc = Coop.objects.get(code="cwc")
    assert Membership.objects.filter(coop=cwc, left_on__lte=data.AS_OF).exists()
    assert Membership.objects.filter(coop=cwc, joined_on__gt=data.AS_OF).exists()
    assert Membership.objects.filter(coop=cwc, left_on=dt.date(2015, 4, 1)).exists()


def test_each_persona_has_a_login_with_the_grants_of_their_role(replica):
    users = {key: User.objects.get(username=name) for key, name in personas.USERNAMES.items()}
    assert all(user.email == personas.EMAILS[key] for key, user in users.items())

    def grants(key: str) -> set[tuple[str, str, str]]:
        return {
            (g.role, g.coop.code if g.coop else g.federation.code, g.centre.code if g.centre else "")
            for g in Grant.objects.filter(user=users[key]).select_related("coop", "centre", "federation")
        }

    assert grants(personas.FEDERATION_STAFF) == {(Role.FEDERATION_STAFF, "jwcu", "")}
    assert grants(personas.CWC_OFFICER) == {(Role.COOP_OFFICER, "cwc", "")}
    assert grants(personas.CWC_AUDITOR) == {(Role.AUDITOR, "cwc", "")}
    assert grants(personas.AJISAI_MANAGER) == {(Role.CENTRE_MANAGER, "cwc", "ajisai")}
    assert grants(personas.AJISAI_SUPPORT) == {(Role.SUPPORT_WORKER, "cwc", "ajisai")}
    assert grants(personas.AJISAI_MEMBER) == set()
    assert grants(personas.OUTSIDER) == {(Role.COOP_OFFICER, "next-green-tajima", "")}
    manager = Person.objects.get(user=users[personas.AJISAI_MANAGER])
    assert (manager.family_name, manager.given_name) == ("小林", "文恵")
    member = Membership.objects.get(person__user=users[personas.AJISAI_MEMBER])
    assert (member.member_number, member.centre.code) == (users[personas.AJISAI_MEMBER].username, "ajisai")
    assert OfficerTerm.objects.filter(person__user=users[personas.CWC_OFFICER], role="full_time_director").exists()
    assert OfficerTerm.objects.filter(person__user=users[personas.CWC_AUDITOR], role="auditor").exists()


def test_personas_log_in_with_the_demo_password(replica):
    username = personas.USERNAMES[personas.AJISAI_MEMBER]
    assert authenticate(username=username, password=personas.DEMO_PASSWORD) is not None
    assert authenticate(username=username, password="wrong") is None


def test_demo_logins_prints_every_persona(replica):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for key, username in personas.USERNAMES.items():
        assert username in text and personas.EMAILS[key] in text
    assert personas.DEMO_PASSWORD in text
