"""Furigana: readings over the kanji of Japanese text, for the plain-Japanese mode (やさしい日本語).

The analyser is SudachiPy with its core dictionary (see the README for why), loaded once per process on first
use. Each text is analysed once per process: the readings of a text node are kept in an LRU cache, so a page
seen again, or the menu on every page, costs a dictionary look-up.
"""

from __future__ import annotations

import html
import re
import threading
from functools import lru_cache
from typing import Any

KANJI = r"\u3005\u3006\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff"  # 々〆 and the CJK ideographs
HAS_KANJI = re.compile(f"[{KANJI}]")
KANJI_RUN = re.compile(f"([{KANJI}]+)")
KATAKANA = re.compile("[\u30a1-\u30f6]")
# Elements whose text is not shown as running text, or cannot hold markup.
SKIPPED = frozenset({"script", "style", "textarea", "option", "title", "ruby", "rt", "rp", "code", "pre", "select"})
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>|<!--.*?-->", re.S)
VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base", "embed"})

_lock = threading.Lock()
_tokenizer: Any = None


def tokenizer() -> Any:
    """The one analyser of this process (SudachiPy, core dictionary, the longest units: 組合員, 出資金)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                from sudachipy import Dictionary, SplitMode

                _tokenizer = Dictionary(dict="core").tokenizer(mode=SplitMode.C)
    return _tokenizer


def morphemes(text: str) -> list[tuple[str, str]]:
    """(surface, reading in hiragana) of each word; one analysis at a time (the analyser is not thread-safe)."""
    analyser = tokenizer()
    with _lock:
        return [(m.surface(), hiragana(m.reading_form())) for m in analyser.tokenize(text)]


def hiragana(text: str) -> str:
    """Katakana as hiragana (the readings are shown in hiragana)."""
    return KATAKANA.sub(lambda m: chr(ord(m.group(0)) - 0x60), text)


def split_reading(surface: str, reading: str) -> list[tuple[str, str]]:
    """A word split into (text, reading) parts, the reading only over its kanji: 取り消し → 取(と)り消(け)し.

    The kana in the word (okurigana) anchor the split; where they cannot, the whole word carries the reading.
    """
    parts = [p for p in KANJI_RUN.split(surface) if p]
    pattern = "".join("(.+?)" if HAS_KANJI.match(p) else re.escape(hiragana(p)) for p in parts)
    match = re.fullmatch(pattern, reading)
    if match is None:
        return [(surface, reading)]
    readings = iter(match.groups())
    return [(p, next(readings)) if HAS_KANJI.match(p) else (p, "") for p in parts]


def ruby_html(part: str, reading: str) -> str:
    return f"<ruby>{html.escape(part)}<rp>(</rp><rt>{html.escape(reading)}</rt><rp>)</rp></ruby>"


@lru_cache(maxsize=50_000)
def annotate(text: str) -> str:
    """Plain text as HTML with <ruby> readings over every run of kanji."""
    if not HAS_KANJI.search(text):
        return html.escape(text, quote=False)
    out: list[str] = []
    for surface, reading in morphemes(text):
        if not HAS_KANJI.search(surface):
            out.append(html.escape(surface, quote=False))
            continue
        if not reading or HAS_KANJI.search(reading) or reading == surface:
            out.append(html.escape(surface, quote=False))
            continue
        for part, part_reading in split_reading(surface, reading):
            out.append(ruby_html(part, part_reading) if part_reading else html.escape(part, quote=False))
    return "".join(out)


@lru_cache(maxsize=50_000)
def annotate_plain_text(text: str) -> str:
    """Plain text with readings in brackets after each kanji run, for mail and PDFs: 組合員（くみあいいん）."""
    if not HAS_KANJI.search(text):
        return text
    out: list[str] = []
    for surface, reading in morphemes(text):
        if not HAS_KANJI.search(surface) or not reading or HAS_KANJI.search(reading):
            out.append(surface)
            continue
        out.extend(f"{part}（{r}）" if r else part for part, r in split_reading(surface, reading))
    return "".join(out)


def annotate_html(document: str) -> str:
    """An HTML document with ruby over the kanji of its running text; markup, attributes and scripts untouched.

    Only the <body> is annotated (the <title> cannot hold markup).
    """
    start = document.find("<body")
    if start < 0:
        start = 0
    out = [document[:start]]
    skip: list[str] = []
    position = start
    for tag in TAG.finditer(document, start):
        out.append(_text(document[position : tag.start()], skip))
        out.append(tag.group(0))
        position = tag.end()
        name = (tag.group(2) or "").lower()
        if not name or name in VOID or tag.group(3).rstrip().endswith("/"):
            continue
        if tag.group(1):  # a closing tag
            if skip and skip[-1] == name:
                skip.pop()
        elif name in SKIPPED or (skip and name == skip[-1]):
            skip.append(name)
    out.append(_text(document[position:], skip))
    return "".join(out)


def _text(chunk: str, skip: list[str]) -> str:
    if skip or not chunk or not HAS_KANJI.search(chunk):
        return chunk
    return annotate(html.unescape(chunk))
