"""The replica's work integration: the seed's figures come out of the impact report computed from records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import transaction

from tomoni.core.models import Grant, Role
from tomoni.demo.replica import LoadResult, load_replica
from tomoni.federation.models import Coop, Federation
from tomoni.inclusion import impact
from tomoni.inclusion.models import Certificate, Programme, VolunteerActivity
from tomoni.testing import make_user

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2015, 3, 31)


@pytest.fixture(scope="module")
def replica(django_db_setup: None, django_db_blocker: object) -> Iterator[LoadResult]:
    """The small replica (the four cases are whole at every scale), loaded once and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        yield load_replica(scale="small", work_records=False)
        transaction.set_rollback(True)


def test_ajisais_caregiver_course_certified_25_people_by_2015(replica: LoadResult) -> None:
    cwc = Coop.objects.get(code="cwc")
    officer = make_user("replica-officer")
    Grant.objects.create(user=officer, role=Role.COOP_OFFICER, coop=cwc)

    report = impact.coop_impact(user=officer, coop=cwc, by="programme", as_of=AS_OF)

    ajisai = next(row for row in report.rows if row.label == "介護職員初任者研修（あじさい）")
    assert ajisai.value("certified") == 25
    assert ajisai.value("members") == 6
    assert Certificate.objects.filter(coop=cwc, name="介護職員初任者研修").count() == 25


def test_the_cases_members_who_came_through_programmes_are_counted_by_the_federation(replica: LoadResult) -> None:
    federation = Federation.objects.get(code="jwcu")
    staff = make_user("replica-staff")
    Grant.objects.create(user=staff, role=Role.FEDERATION_STAFF, federation=federation)

    report = impact.federation_impact(user=staff, federation=federation, as_of=AS_OF)

    rows = {row.key: row for row in report.rows}
    cwc, ngt = Coop.objects.get(code="cwc").pk, Coop.objects.get(code="next-green-tajima").pk
    # Ajisai's 6, West Nara's members with mental disabilities, West RINGS's members facing difficulties.
    assert rows[cwc].counts["members"] >= 6 + 8
    assert rows[ngt].counts["members"] == 5
    assert rows[ngt].value("certified") == 5


def test_stations_sites_and_volunteering_are_in_the_replica(replica: LoadResult) -> None:
    summary = replica.summary

    # seed: "Youth Support Station" (25), the "System of Independence Support for the Needy" (80), March 2015.
    assert summary["inclusion_youth_support_stations"] == 25
    assert summary["inclusion_needy_support_sites"] == 80
    assert Programme.objects.filter(code__startswith="yss-").count() == 25
    assert VolunteerActivity.objects.filter(volunteer__centre__code="ajisai").count() > 100
