"""Every PDF prints a hostile name as written: no embedded file, no live link, no server error."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from tomoni.capital.tests.factories import capital
from tomoni.core.pdf import paragraph_text
from tomoni.governance.voice.minutes import minutes_pdf
from tomoni.testing import PASSWORD, World

HOSTILE = [
    '<img src="/etc/passwd" width="100" height="100"/>',
    '<a href="https://evil.example/">pay here</a>',
    "<script>alert(1)</script>",
    "<font color=red>赤</font> & <b>",
]


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def links_and_images(content: bytes) -> tuple[int, int]:
    reader = PdfReader(io.BytesIO(content))
    links = sum(len(page.get("/Annots") or []) for page in reader.pages)
    images = sum(len(page.images) for page in reader.pages)
    return links, images


def test_the_helper_escapes_markup_and_keeps_line_breaks() -> None:
    assert paragraph_text('<a href="x">&</a>\r\nnext') == '&lt;a href="x"&gt;&amp;&lt;/a&gt;<br/>next'


@pytest.mark.django_db
@pytest.mark.parametrize("name", HOSTILE)
def test_the_capital_statement_prints_a_hostile_name_as_written(world: World, name: str) -> None:
    world.member_person.family_name = name
    world.member_person.save()
    world.cwc.name = name
    world.cwc.save()
    capital(world.member_person, 1)
    client = Client()
    assert client.login(username=world.member.username, password=PASSWORD)

    response = client.get(reverse("capital:me_pdf"), {"as_of": "2015-03-31"}, HTTP_ACCEPT_LANGUAGE="ja")

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert name.split("<")[1].split(">")[0].split(" ")[0] in text  # the tag's name is printed as text
    assert "<" in text and ">" in text
    assert links_and_images(response.content) == (0, 0)


@pytest.mark.parametrize("name", HOSTILE)
def test_the_minutes_print_a_hostile_name_as_written(name: str) -> None:
    content = minutes_pdf(
        [("title", name), ("heading", name), ("subheading", name), ("pair", name, name), ("text", name)], title=name
    )

    text = pdf_text(content)
    assert "<" in text and ">" in text
    assert links_and_images(content) == (0, 0)
