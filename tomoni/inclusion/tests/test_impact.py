"""Impact reports: counts along the path from records, consent checked, small groups suppressed."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.http import Http404
from openpyxl import load_workbook

from tomoni.core.models import Grant, Role
from tomoni.inclusion import exports, impact, services
from tomoni.inclusion.models import Consent, Participant
from tomoni.inclusion.testing import START, Course, caregiver_course
from tomoni.members.models import Person
from tomoni.testing import World, make_user

AS_OF = dt.date(2015, 9, 30)


def _cohort_of(world: World, course: Course, size: int, *, certified: int = 0, placed: int = 0) -> list[Participant]:
    """`size` trainees of the course's cohort consenting to statistics and the funder; some certified, placed."""
    people = Person.objects.bulk_create(
        [Person(coop=world.cwc, family_name="研修", given_name=f"{i}", family_name_kana="ケン") for i in range(size)]
    )
    rows = [
        services.PathValues(
            person_id=person.pk,
            programme_id=course.programme.pk,
            cohort_id=course.cohort.pk,
            centre_id=world.ajisai.pk,
            referral_source="hello_work",
            referred_on=START - dt.timedelta(days=10),
            started_on=START,
            completed_on=dt.date(2014, 7, 31),
            certified_on=dt.date(2014, 8, 1) if i < certified else None,
            certificate=("介護職員初任者研修", f"N{person.pk}") if i < certified else None,
            placed_on=dt.date(2014, 8, 4) if i < placed else None,
            employed_on=dt.date(2014, 10, 1) if i < placed else None,
            in_work_6m=True if i < placed else None,
            consents=(("statistics", START, None), ("funder", START, None), ("support", START, None)),
        )
        for i, person in enumerate(people)
    ]
    ids = services.participants_bulk_load(actor=None, coop=world.cwc, rows=rows, source="test")
    return list(Participant.objects.filter(pk__in=ids).order_by("pk"))


def test_the_coop_report_counts_each_step_of_the_path(world: World) -> None:
    course = caregiver_course(world)
    _cohort_of(world, course, 12, certified=9, placed=6)

    report = impact.coop_impact(user=world.officer, coop=world.cwc, by="programme", as_of=AS_OF)

    row = report.rows[0]
    assert row.label == "介護職員初任者研修"
    assert [row.shown(s) for s in ("referred", "started", "completed", "certified", "placed", "in_work_6m")] == [
        "12", "12", "12", "9", "6", "6",
    ]  # fmt: skip
    assert row.shown("members") == "—"


def test_a_group_of_fewer_than_five_shows_a_dash_in_every_cell(world: World) -> None:
    course = caregiver_course(world)
    _cohort_of(world, course, 4, certified=4)

    row = impact.coop_impact(user=world.officer, coop=world.cwc, as_of=AS_OF).rows[0]

    assert row.cells == ["—"] * len(impact.STEP_NAMES)


def test_the_report_takes_a_fixed_number_of_queries(world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    course = caregiver_course(world)
    _cohort_of(world, course, 30, certified=20, placed=10)
    federation = world.federation

    with django_assert_max_num_queries(4):
        impact.federation_impact(user=world.staff, federation=federation, as_of=AS_OF)


def test_a_withdrawn_consent_takes_the_person_out_of_the_next_funder_report(world: World) -> None:
    course = caregiver_course(world)
    trainees = _cohort_of(world, course, 8, certified=8)
    before = impact.funder_report(user=world.officer, coop=world.cwc, agreement_id=course.agreement.pk, as_of=AS_OF)
    consent = Consent.objects.get(participant=trainees[0], purpose="funder")

    services.consent_withdraw(actor=world.manager, consent=consent, withdrawn_on=dt.date(2015, 9, 1))
    after = impact.funder_report(user=world.officer, coop=world.cwc, agreement_id=course.agreement.pk, as_of=AS_OF)

    assert before.impact.total.value("certified") == 8
    assert after.impact.total.value("certified") == 7
    # Statistics consent is a separate purpose: the coop's own report still counts them.
    assert impact.coop_impact(user=world.officer, coop=world.cwc, as_of=AS_OF).total.counts["referred"] == 8


def test_the_funder_report_sets_achievements_against_the_targets(world: World) -> None:
    course = caregiver_course(world)
    _cohort_of(world, course, 10, certified=8, placed=5)

    report = impact.funder_report(user=world.manager, coop=world.cwc, agreement_id=course.agreement.pk, as_of=AS_OF)

    assert [(t.step, t.target, t.achieved) for t in report.targets] == [
        ("completed", 10, 10),
        ("certified", 8, 8),
        ("employed", 5, 5),
        ("in_work_6m", 4, 5),
    ]


@pytest.mark.parametrize("who", ["outsider", "staff", "member"])
def test_those_outside_the_coop_or_its_centres_get_a_404_for_the_funder_report(world: World, who: str) -> None:
    course = caregiver_course(world)

    with pytest.raises(Http404):
        impact.funder_report(user=getattr(world, who), coop=world.cwc, agreement_id=course.agreement.pk)


def test_a_manager_of_another_centre_gets_a_404_for_the_funder_report(world: World) -> None:
    course = caregiver_course(world)
    nara = make_user("nara-manager")
    Grant.objects.create(user=nara, role=Role.CENTRE_MANAGER, coop=world.cwc, centre=world.west_nara)

    with pytest.raises(Http404):
        impact.funder_report(user=nara, coop=world.cwc, agreement_id=course.agreement.pk)


def test_only_federation_staff_read_the_federation_report(world: World) -> None:
    with pytest.raises(Http404):
        impact.federation_impact(user=world.officer, federation=world.federation)


def test_the_federation_report_counts_coops_without_names(world: World) -> None:
    course = caregiver_course(world)
    _cohort_of(world, course, 6)

    report = impact.federation_impact(user=world.staff, federation=world.federation, as_of=AS_OF)

    assert [(r.label, r.value("referred")) for r in report.rows] == [("センター事業団", 6)]


def test_the_funder_pdf_is_a_pdf_with_escaped_names(world: World) -> None:
    course = caregiver_course(world)
    course.programme.name = "<b>介護</b> & 研修"
    course.programme.save()
    _cohort_of(world, course, 6, certified=6)
    report = impact.funder_report(user=world.officer, coop=world.cwc, agreement_id=course.agreement.pk, as_of=AS_OF)

    pdf = exports.funder_pdf(report, coop_name="センター事業団")

    assert pdf.startswith(b"%PDF")


def test_the_funder_workbook_writes_formula_like_names_as_text(world: World) -> None:
    course = caregiver_course(world)
    course.cohort.name = '=HYPERLINK("http://x")'
    course.cohort.save()
    _cohort_of(world, course, 6, certified=6)
    report = impact.funder_report(user=world.officer, coop=world.cwc, agreement_id=course.agreement.pk, as_of=AS_OF)

    book = load_workbook(io.BytesIO(exports.funder_xlsx(report, coop_name="@センター")))

    cohorts = book.worksheets[1]
    assert cohorts["A2"].value == '\'=HYPERLINK("http://x")'
    assert cohorts["B2"].value == 6
    assert book.worksheets[0]["A2"].value == "'@センター"
    assert book.worksheets[0]._charts
