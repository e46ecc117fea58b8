"""The plain-words texts of the member pages: real texts of the site, and easy to read.

Threshold: jreadability (Lee & Hasebe's formula) scores 0.5-6.5, higher is easier; 3.5 is where its
"lower intermediate" band starts, the level (about JLPT N3-N4) that the Immigration Services Agency's
guidelines for やさしい日本語 write for. Only whole sentences are scored: the formula is meaningless on a
two-word label (さんせい scores below zero), so labels are kept to everyday words by review instead.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.test import Client
from jreadability import compute_readability

from tomoni.testing import World

ROOT = Path(__file__).resolve().parents[3]
PLAIN = ROOT / "tomoni" / "preferences" / "locale" / "ja_Plain" / "LC_MESSAGES" / "django.mo"
THRESHOLD = 3.5


def plain_catalogue() -> dict[str, str]:
    with PLAIN.open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    return {str(k): str(v) for k, v in catalogue.items() if k}


def japanese_msgids() -> set[str]:
    msgids: set[str] = set()
    for mo_path in [
        *ROOT.glob("locale/ja/LC_MESSAGES/django.mo"),
        *ROOT.glob("tomoni/*/locale/ja/LC_MESSAGES/django.mo"),
    ]:
        with mo_path.open("rb") as mo:
            msgids |= {str(k) for k in gettext.GNUTranslations(mo)._catalog if k}  # type: ignore[attr-defined]
    return msgids


SENTENCES = {msgid: text for msgid, text in plain_catalogue().items() if text.endswith(("。", "。」"))}


def test_every_plain_text_replaces_a_real_japanese_text_of_the_site() -> None:
    assert set(plain_catalogue()) <= japanese_msgids()


def test_there_are_plain_sentences_for_each_member_page() -> None:
    assert len(SENTENCES) >= 15


@pytest.mark.parametrize("msgid", sorted(SENTENCES))
def test_each_plain_sentence_reads_at_lower_intermediate_level_or_easier(msgid: str) -> None:
    text = re.sub(r"%\(\w+\)s", "", SENTENCES[msgid])

    assert compute_readability(text) >= THRESHOLD, text


def test_the_plain_sentences_read_easier_than_the_japanese_ones_they_replace() -> None:
    from django.utils import translation

    with translation.override("ja"):
        standard = [re.sub(r"%\(\w+\)s", "", translation.gettext(msgid)) for msgid in SENTENCES]
    plain = [re.sub(r"%\(\w+\)s", "", text) for text in SENTENCES.values()]

    # The site's Japanese is already plain (about 4.1); the plain words gain at least half a band.
    assert compute_readability("".join(plain)) > compute_readability("".join(standard)) + 0.5


def test_my_page_in_plain_japanese_has_plain_words_and_furigana(client: Client, world: World) -> None:
    client.force_login(world.member)
    client.post("/preferences/display/", {"next": "/me/", "language": "ja-plain"})

    html = client.get("/me/").content.decode()

    assert "こんにちは" in html
    assert "<ruby>" in html
    assert '<html lang="ja"' in html
