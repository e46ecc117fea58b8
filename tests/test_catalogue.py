"""The Japanese catalogue is complete: every msgid translated, nothing fuzzy, placeholders kept, .mo current.

Japanese is the default language (DESIGN.md, "Language"). These tests keep that promise true as pages are
added: a fresh `makemessages` over the source must not find a msgid the catalogue lacks.
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from tomoni.testing import World

BASE = Path(settings.BASE_DIR)
JA_PO = BASE / "locale" / "ja" / "LC_MESSAGES" / "django.po"
# The project's catalogue, then one per context that keeps its own (tomoni/<app>/locale/), so that
# contexts built side by side translate their strings without editing one shared file.
JA_POS = [JA_PO, *sorted(BASE.glob("tomoni/*/locale/ja/LC_MESSAGES/django.po"))]

# The same places `make messages` leaves out (Makefile), plus anything that is not project source.
SKIPPED_DIRS = {".venv", "node_modules", "staticfiles", "locale", "__pycache__", "tomoni.egg-info", "benchmarks/out"}
SOURCE_SUFFIXES = {".py", ".html", ".txt"}  # what makemessages reads for the "django" domain


# A small .po reader (polib is not a dependency) ----------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr\[(\d+)\]|msgstr)\s+(".*")$')


@dataclass
class Entry:
    """One message of a catalogue."""

    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def translations(self) -> list[str]:
        return list(self.msgstr_plural.values()) if self.msgid_plural is not None else [self.msgstr]


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"not a quoted string: {text!r}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text[1:-1])


def parse_po(text: str) -> list[Entry]:
    """Read the entries of a .po file (obsolete `#~` entries are skipped); the header is the first entry."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None
    flags: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line and current is not None:
                entries.append(current)
                current, target, flags = None, None, set()
            continue
        if line.startswith("#"):
            if current is not None and target is not None:  # a comment after a message starts the next one
                entries.append(current)
                current, target, flags = None, None, set()
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        match = _KEYWORD.match(line)
        if match:
            if current is None:
                current = Entry(line=number, flags=flags)
            keyword, index, value = match.group(1), match.group(2), _unquote(match.group(3))
            if index is not None:
                current.msgstr_plural[int(index)] = value
                target = ("msgstr_plural", int(index))
            else:
                setattr(current, keyword, value)
                target = (keyword, -1)
        elif line.startswith('"') and current is not None and target is not None:
            name, index = target
            if name == "msgstr_plural":
                current.msgstr_plural[index] += _unquote(line)
            else:
                setattr(current, name, getattr(current, name) + _unquote(line))
        else:
            raise ValueError(f"line {number}: cannot read {raw!r}")
    if current is not None:
        entries.append(current)
    return entries


def read_po(path: Path) -> list[Entry]:
    return parse_po(path.read_text(encoding="utf-8"))


def messages(entries: list[Entry]) -> list[Entry]:
    """The entries without the header."""
    return [e for e in entries if e.msgid != "" or e.msgctxt is not None]


def header(entries: list[Entry]) -> Entry:
    return next(e for e in entries if e.msgid == "" and e.msgctxt is None)


# Placeholders ------------------------------------------------------------------------------------

# printf-style as Python's % operator reads it: %(name)s, %(seconds).1f, %s, %d; "%%" is a literal.
_PERCENT = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?P<conv>[diouxXeEfFgGcrsa%])")
_BRACE = re.compile(
    r"(?<!\{)\{(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+|\[[^\]]*\])*)(?:![rsa])?(?::[^{}]*)?\}"
)


def placeholders(text: str, flags: set[str]) -> Counter[str]:
    """The placeholders a string carries, as a multiset of their exact spellings."""
    found: Counter[str] = Counter()
    if "python-format" in flags or "%(" in text:
        for m in _PERCENT.finditer(text):
            if m.group("conv") != "%":
                found[m.group(0)] += 1
    if "python-brace-format" in flags or "no-python-brace-format" not in flags:
        for m in _BRACE.finditer(text):
            found["{" + m.group("name") + "}"] += 1
    return found


def placeholder_problems(entry: Entry) -> list[str]:
    """Why an entry's translation does not carry exactly the placeholders of its source, if it does not."""
    if entry.msgid_plural is not None:
        # Japanese has one plural form, used for every count: it must carry what both English forms carry.
        wanted = placeholders(entry.msgid, entry.flags) | placeholders(entry.msgid_plural, entry.flags)
    else:
        wanted = placeholders(entry.msgid, entry.flags)
    problems = []
    for translation in entry.translations:
        if not translation:
            continue
        got = placeholders(translation, entry.flags)
        if set(got) != set(wanted):
            problems.append(
                f"line {entry.line}: {entry.msgid!r} has {sorted(wanted)} but the translation "
                f"{translation!r} has {sorted(got)}"
            )
    return problems


# A fresh extraction ------------------------------------------------------------------------------


def _copy_sources(destination: Path) -> None:
    """Copy the files makemessages would read, keeping their paths."""
    for dirpath, dirnames, filenames in os.walk(BASE):
        relative = Path(dirpath).relative_to(BASE)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and d not in SKIPPED_DIRS and (relative / d).as_posix() not in SKIPPED_DIRS
        )
        for filename in filenames:
            if Path(filename).suffix in SOURCE_SUFFIXES and not filename.startswith("."):
                target = destination / relative / filename
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(dirpath) / filename, target)


def fresh_extraction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Entry]:
    """What `makemessages -l ja` finds in the source today, run on a copy so the real catalogue is untouched."""
    project = tmp_path / "project"
    _copy_sources(project)
    (project / "locale" / "ja" / "LC_MESSAGES").mkdir(parents=True)
    monkeypatch.chdir(project)
    with override_settings(LOCALE_PATHS=[]):  # only the copy's locale/, never the real one
        call_command(
            "makemessages",
            locale=["ja"],
            domain="django",
            ignore_patterns=[".venv", "node_modules", "staticfiles"],
            no_obsolete=True,
            verbosity=0,
        )
    return read_po(project / "locale" / "ja" / "LC_MESSAGES" / "django.po")


# The tests ---------------------------------------------------------------------------------------


def test_the_po_reader_reads_plurals_flags_and_continued_lines() -> None:
    text = (
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        "#: a.py:1\n#, fuzzy, python-format\n"
        'msgid "%(n)s row has a \\"problem\\"."\nmsgid_plural "%(n)s rows have problems."\n'
        'msgstr[0] ""\n"%(n)s 行に問題があります。"\n\n'
        '#~ msgid "old"\n#~ msgstr "古い"\n'
    )
    head, entry = parse_po(text)
    assert "nplurals=1" in head.msgstr
    assert entry.msgid == '%(n)s row has a "problem".'
    assert entry.msgstr_plural == {0: "%(n)s 行に問題があります。"}
    assert entry.flags == {"fuzzy", "python-format"}


def test_placeholders_must_match_between_source_and_translation() -> None:
    good = Entry(line=1, flags={"python-format"}, msgid="Hello, %(name)s.", msgstr="%(name)s さん、こんにちは。")
    lost = Entry(line=1, flags={"python-format"}, msgid="Hello, %(name)s.", msgstr="こんにちは。")
    renamed = Entry(line=1, flags={"python-format"}, msgid="Hello, %(name)s.", msgstr="%(nam)s さん")
    literal = Entry(line=1, flags={"python-format"}, msgid="All (100%%) of %(n)s.", msgstr="%(n)s の全部（100%%）。")
    brace = Entry(line=1, msgid="Row {row} is wrong.", msgstr="{row} 行目が違います。")
    assert placeholder_problems(good) == []
    assert placeholder_problems(lost)
    assert placeholder_problems(renamed)
    assert placeholder_problems(literal) == []
    assert placeholder_problems(brace) == []
    assert placeholder_problems(Entry(line=1, msgid="Row {row}.", msgstr="行。"))


def test_the_japanese_catalogue_declares_one_plural_form() -> None:
    head = header(read_po(JA_PO))
    assert "Plural-Forms: nplurals=1; plural=0;" in head.msgstr
    assert "Language: ja" in head.msgstr
    assert "charset=UTF-8" in head.msgstr


@pytest.mark.parametrize("ja_po", JA_POS, ids=lambda p: str(p.relative_to(BASE)))
def test_every_japanese_entry_is_translated_and_none_is_fuzzy(ja_po: Path) -> None:
    entries = messages(read_po(ja_po))
    assert entries, "the Japanese catalogue is empty"
    untranslated = [f"line {e.line}: {e.msgid!r}" for e in entries if not all(e.translations) or not e.translations]
    fuzzy = [f"line {e.line}: {e.msgid!r}" for e in entries if "fuzzy" in e.flags]
    assert untranslated == [], f"untranslated in {ja_po}:\n" + "\n".join(untranslated)
    assert fuzzy == [], f"fuzzy in {ja_po}:\n" + "\n".join(fuzzy)


@pytest.mark.parametrize("ja_po", JA_POS, ids=lambda p: str(p.relative_to(BASE)))
def test_every_japanese_plural_entry_has_exactly_one_form(ja_po: Path) -> None:
    wrong = [
        f"line {e.line}: {e.msgid!r} has forms {sorted(e.msgstr_plural)}"
        for e in messages(read_po(ja_po))
        if e.msgid_plural is not None and sorted(e.msgstr_plural) != [0]
    ]
    assert wrong == []


@pytest.mark.parametrize("ja_po", JA_POS, ids=lambda p: str(p.relative_to(BASE)))
def test_japanese_translations_keep_the_placeholders_of_their_source(ja_po: Path) -> None:
    problems = [p for e in messages(read_po(ja_po)) for p in placeholder_problems(e)]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("ja_po", JA_POS, ids=lambda p: str(p.relative_to(BASE)))
def test_the_english_catalogue_exists_and_has_the_same_messages(ja_po: Path) -> None:
    ja = {e.key for e in messages(read_po(ja_po))}
    en = {e.key for e in messages(read_po(Path(str(ja_po).replace("/locale/ja/", "/locale/en/"))))}
    assert en == ja


@pytest.mark.parametrize("ja_po", JA_POS, ids=lambda p: str(p.relative_to(BASE)))
def test_the_compiled_japanese_catalogue_matches_the_po_file(ja_po: Path) -> None:
    ja_mo = ja_po.with_suffix(".mo")
    assert ja_mo.exists(), "run `manage.py compilemessages`"
    with ja_mo.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    stale = []
    for e in messages(read_po(ja_po)):
        key = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural is None:
            compiled = catalog.get(key)
            if compiled != e.msgstr:
                stale.append(f"line {e.line}: {e.msgid!r}")
        elif catalog.get((key, 0)) != e.msgstr_plural.get(0):
            stale.append(f"line {e.line}: {e.msgid!r}")
    assert stale == [], f"{ja_mo} is older than the .po; run compilemessages:\n" + "\n".join(stale)


def test_a_fresh_makemessages_finds_no_message_missing_from_the_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = {e.key: e for e in messages(fresh_extraction(tmp_path, monkeypatch))}
    catalogue = {e.key: e for ja_po in JA_POS for e in messages(read_po(ja_po))}
    assert len(fresh) > 100, "the extraction found almost nothing: is the source copy complete?"
    missing = sorted(k[1] for k in fresh.keys() - catalogue.keys())
    assert missing == [], (
        "strings in the source that the Japanese catalogue lacks; run `make messages` and translate them:\n"
        + "\n".join(missing)
    )
    plural_changed = sorted(
        k[1] for k in fresh.keys() & catalogue.keys() if fresh[k].msgid_plural != catalogue[k].msgid_plural
    )
    assert plural_changed == []


def test_pages_render_in_japanese_by_default_and_in_english_on_request(world: World) -> None:
    client = Client()
    client.force_login(world.member)
    japanese = client.get("/me/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert '<html lang="ja">' in japanese
    assert "私の組合員情報と働いた時間" in japanese
    assert "マイページ" in japanese
    assert "My membership, my hours" not in japanese

    english = client.get("/me/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in english
    assert "My membership, my hours" in english

    officer = Client()
    officer.force_login(world.officer)
    compliance = officer.get(f"/coops/{world.cwc.code}/compliance/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "労働者協同組合法の遵守状況" in compliance
    assert "組合員の5分の4以上が、組合の事業に従事していること。" in compliance


def test_a_visitor_with_no_language_preference_gets_japanese(db: None) -> None:
    page = Client().get("/accounts/login/").content.decode()
    assert "メールアドレスまたは組合員番号と、パスワードでログインしてください。" in page
