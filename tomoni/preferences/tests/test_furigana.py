"""Furigana over kanji: readings split at the okurigana, markup untouched, the analyser loaded once."""

from __future__ import annotations

import re

from tomoni.preferences import furigana


def test_a_reading_is_split_at_the_kana_of_the_word() -> None:
    assert furigana.split_reading("取り消し", "とりけし") == [("取", "と"), ("り", ""), ("消", "け"), ("し", "")]
    assert furigana.split_reading("組合員", "くみあいいん") == [("組合員", "くみあいいん")]


def test_a_reading_that_does_not_fit_the_kana_goes_over_the_whole_word() -> None:
    assert furigana.split_reading("取り", "とる") == [("取り", "とる")]


def test_every_kanji_run_of_a_sentence_gets_a_reading() -> None:
    html = furigana.annotate("第12回通常総会の議案を取り消しました。")

    outside_ruby = re.sub(r"<ruby>.*?</ruby>", "", html)
    assert not furigana.HAS_KANJI.search(outside_ruby)
    assert "<ruby>総会<rp>(</rp><rt>そうかい</rt><rp>)</rp></ruby>" in html
    assert "<ruby>取<rp>(</rp><rt>と</rt><rp>)</rp></ruby>り" in html


def test_text_without_kanji_is_left_as_it_is() -> None:
    assert furigana.annotate("ひらがな と カタカナ & 123") == "ひらがな と カタカナ &amp; 123"


def test_markup_attributes_scripts_titles_and_options_are_left_untouched() -> None:
    page = (
        '<html><head><title>会議</title></head><body><a href="/x" title="会議">会議</a>'
        "<script>const 漢 = 1;</script><select><option>日本語</option></select><p>組合 &amp; 員</p></body></html>"
    )

    html = furigana.annotate_html(page)

    assert "<title>会議</title>" in html
    assert 'title="会議"><ruby>会議<rp>(</rp><rt>かいぎ</rt>' in html
    assert "<script>const 漢 = 1;</script>" in html
    assert "<option>日本語</option>" in html
    assert "&amp;" in html


def test_plain_text_gets_its_readings_in_brackets_for_mail() -> None:
    assert furigana.annotate_plain_text("出資金を確かめる") == "出資金（しゅっしきん）を確（たし）かめる"


def test_the_analyser_is_loaded_once_per_process_and_each_text_analysed_once() -> None:
    assert furigana.tokenizer() is furigana.tokenizer()
    furigana.annotate.cache_clear()

    furigana.annotate("勤務表が公開されました")
    furigana.annotate("勤務表が公開されました")

    info = furigana.annotate.cache_info()
    assert (info.hits, info.misses) == (1, 1)
