"""Registering a member: the centre from a list grouped by region, the reading in katakana, the postal code
kept as seven digits and shown 〒271-0092, in the form, the services and the import alike."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from tomoni.core.errors import TomoniError
from tomoni.core.models import AuditEvent, User
from tomoni.federation.models import Centre, Region
from tomoni.members import imports, japanese, services
from tomoni.members.models import Person
from tomoni.testing import World

pytestmark = pytest.mark.django_db


def _post(client: Client, user: User, data: dict[str, object]):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client.post(reverse("members:person_create", args=["cwc"]), data, HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize(
    "written,reading",
    [
        ("たかはし", "タカハシ"),
        ("ｽｽﾞｷ", "スズキ"),
        ("サイトウ", "サイトウ"),
        ("ゔぁいおれっと", "ヴァイオレット"),
        (" こばやし ", "コバヤシ"),
    ],
)
def test_a_reading_is_kept_in_katakana(written: str, reading: str) -> None:
    assert japanese.katakana(written) == reading


@pytest.mark.parametrize("written", ["Takahashi", "高橋", "たかはし1", "タカハシ!"])
def test_a_reading_in_other_letters_is_refused(written: str) -> None:
    assert japanese.katakana(written) is None


@pytest.mark.parametrize(
    "written,digits", [("271-0092", "2710092"), ("〒271-0092", "2710092"), ("２７１－００９２", "2710092"), ("", "")]
)
def test_a_postal_code_is_kept_as_seven_digits(written: str, digits: str) -> None:
    assert japanese.postal_code(written) == digits


@pytest.mark.parametrize("written", ["271-009", "27100921", "abc-defg", "271 0092 1"])
def test_a_postal_code_of_other_than_seven_digits_is_refused(written: str) -> None:
    assert japanese.postal_code(written) is None


def test_the_register_form_converts_hiragana_and_keeps_the_postal_code_as_digits(client: Client, world: World) -> None:
    response = _post(
        client,
        world.officer,
        {
            "family_name": "佐藤",
            "given_name": "健",
            "family_name_kana": "さとう",
            "given_name_kana": "けん",
            "postal_code": "〒２７１－００９２",
            "address": "千葉県松戸市",
        },
    )

    assert response.status_code == 302
    person = Person.objects.get(family_name="佐藤")
    assert (person.family_name_kana, person.given_name_kana, person.postal_code) == ("サトウ", "ケン", "2710092")
    page = client.get(reverse("members:person", args=["cwc", person.pk])).content.decode()
    assert "〒271-0092 千葉県松戸市" in page
    edit = client.get(reverse("members:person_edit", args=["cwc", person.pk])).content.decode()
    assert 'value="271-0092"' in edit  # edited as written


def test_a_reading_in_latin_letters_or_a_short_postal_code_is_refused_and_nothing_saved(
    client: Client, world: World
) -> None:
    before = AuditEvent.objects.count()

    latin = _post(client, world.officer, {"family_name": "佐藤", "given_name": "健", "family_name_kana": "Sato"})
    short = _post(client, world.officer, {"family_name": "佐藤", "given_name": "健", "postal_code": "271-009"})

    assert (latin.status_code, short.status_code) == (400, 400)
    assert "Write the reading in katakana" in latin.content.decode()
    assert "A postal code has seven digits" in short.content.decode()
    assert not Person.objects.filter(family_name="佐藤").exists()
    assert AuditEvent.objects.count() == before


def test_the_services_keep_the_same_rules_for_the_api_and_every_writer(world: World) -> None:
    with pytest.raises(TomoniError) as refused:
        services.person_create(actor=world.officer, coop=world.cwc, family_name="A", given_name="B", postal_code="1")
    assert refused.value.field == "postal_code"

    person = services.person_update(actor=world.officer, person=world.member_person, given_name_kana="はなこ")

    assert person.given_name_kana == "ハナコ"


def test_the_import_converts_readings_and_reports_a_bad_postal_code_on_its_row(world: World) -> None:
    text = "\r\n".join(
        [
            "family_name,given_name,family_name_kana,given_name_kana,postal_code",
            "佐藤,健,さとう,けん,271-0092",
            "鈴木,一,Suzuki,ハジメ,12345",
        ]
    )

    checked = imports.check_file(
        actor=world.officer, coop=world.cwc, kind="people", data=text.encode(), filename="f.csv"
    )

    assert [(r.family_name_kana, r.given_name_kana, r.postal_code) for r in checked.rows] == [
        ("サトウ", "ケン", "2710092")
    ]
    assert sorted(error.column for error in checked.errors if error.row == 3) == ["family_name_kana", "postal_code"]


def test_the_centre_is_chosen_from_a_searchable_list_grouped_by_region(client: Client, world: World) -> None:
    kansai = Region.objects.create(coop=world.cwc, code="kansai", name="関西事業本部", opened_on=dt.date(1990, 1, 1))
    Centre.objects.filter(pk=world.west_nara.pk).update(region=kansai)
    Centre.objects.create(
        coop=world.cwc,
        region=kansai,
        code="kyoto",
        name="京都事業所",
        prefecture_code="26",
        municipality="京都市",
        opened_on=dt.date(2001, 1, 1),
        closed_on=dt.date(2010, 3, 31),
    )
    client.force_login(world.officer)

    html = client.get(reverse("members:person_create", args=["cwc"]), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    select = re.search(r'<select name="centre"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None
    assert "data-searchable" in select.group(0)
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select.group(1), re.S)
    labels = [label for label, _options in groups]
    assert labels == ["関西事業本部", "関東事業本部", "Closed centres"]  # regions in order of their codes
    options = {label: re.findall(r">([^<]+)</option>", body) for label, body in groups}
    assert options["関東事業本部"] == ["地域福祉事業所あじさい（松戸市）"]
    assert options["関西事業本部"] == ["西奈良事業所（奈良市）"]
    assert options["Closed centres"] == ["京都事業所（京都市）"]


def test_a_postal_code_written_before_is_shown_as_written_with_its_mark(world: World) -> None:
    person = Person(coop=world.cwc, family_name="旧", given_name="記録", postal_code="2710092")
    assert person.postal_code_shown == "〒271-0092"
    person.postal_code = "271-009"  # anything not seven digits is shown as it is
    assert person.postal_code_shown == "271-009"
