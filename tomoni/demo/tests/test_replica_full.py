"""The full replica: the seed's figures exactly, as of 31 March 2015, computed from the records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import transaction

from tomoni.demo import data
from tomoni.demo.replica import LoadResult, load_replica
from tomoni.demo.tests import cases
from tomoni.federation.models import Coop
from tomoni.members.models import LabourContract, Membership, Person
from tomoni.reports.registry.selectors import federation_figures

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def replica(django_db_setup: None, django_db_blocker: object) -> Iterator[LoadResult]:
    """The full replica without work records, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        yield load_replica(scale="full", work_records=False)
        transaction.set_rollback(True)


def test_the_figures_as_of_31_march_2015_are_the_seeds(replica):
    figures = federation_figures(as_of=dt.date(2015, 3, 31))
    assert figures.member_societies == 25
    assert figures.coops_by_kind == {"worker_coop": 16, "consumer_coop": 1, "affiliated": 5, "associated": 3}
    assert figures.individual_members == 58_693
    assert figures.worker_members == 12_894
    assert figures.consumer_members == 45_799
    assert (figures.cwc_regions, figures.cwc_centres) == (15, 324)
    assert figures.cwc_members == data.CWC_MEMBERS
    assert 5_900 <= figures.cwc_members <= 6_100  # "about 6,000"


def test_the_figures_change_on_other_days_so_as_of_matters(replica):
    before = federation_figures(as_of=dt.date(2014, 3, 31))
    after = federation_figures(as_of=dt.date(2015, 4, 1))
    assert before.individual_members < 58_693
    assert after.individual_members != 58_693
    assert federation_figures(as_of=dt.date(2015, 4, 1)).cwc_centres > 324


def test_every_local_coop_has_the_members_of_its_plan(replica):
    for local in [*data.LOCAL_COOPS, data.NGT]:
        members = Membership.objects.filter(coop__code=local.code, joined_on__lte=data.AS_OF).exclude(
            left_on__lte=data.AS_OF
        )
        assert members.count() == local.members, local.code


def test_there_are_about_58_700_people_and_a_contract_for_every_working_member(replica):
    assert 58_693 < replica.people < 63_000
    # Besides the register, the trainees of the work-integration courses who never joined (tomoni.inclusion).
    trainees_only = Person.objects.filter(programme_participations__isnull=False, memberships__isnull=True).distinct()
    assert Person.objects.count() == replica.people + trainees_only.count()
    workers = Membership.objects.filter(kind="worker", joined_on__lte=data.AS_OF).exclude(left_on__lte=data.AS_OF)
    contracted = LabourContract.objects.filter(started_on__lte=data.AS_OF).exclude(ended_on__lte=data.AS_OF)
    assert set(workers.values_list("person_id", flat=True)) <= set(contracted.values_list("person_id", flat=True))
    minutes = set(LabourContract.objects.values_list("contracted_minutes_per_week", flat=True))
    assert min(minutes) >= 1200 and max(minutes) == 2400


def test_the_cases_are_as_the_seed_tells_them(replica):
    cases.assert_ajisai()
    cases.assert_west_nara(with_work_records=False)
    cases.assert_west_rings()
    cases.assert_aguriin()
    cases.assert_next_green_tajima()


def test_every_worker_coop_complies_with_the_act_on_31_march_2015(replica):
    codes = list(Coop.objects.filter(kind="worker_coop").values_list("code", flat=True))
    assert len(codes) == 17
    for code in codes:
        cases.assert_complies(code)


def test_large_coops_hold_delegate_meetings_only_above_200_members(replica):
    assert Coop.objects.get(code="cwc").delegate_meeting
    assert not Coop.objects.get(code="next-green-tajima").delegate_meeting
