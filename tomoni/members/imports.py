"""Reading people and work records from CSV or Excel into validated rows, all or nothing.

A file is read into a table (`read_table`), then each row is checked against the coop's register
(`validate_people`, `validate_work_records`). Every row is checked before anything is saved; the
services `people_import` and `work_records_import` save a clean table in one transaction.

Reading the file, the cells and the errors are the shared framework of tomoni.core.imports.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tomoni.core import clock
from tomoni.core import imports as frame
from tomoni.core.imports import (
    BOM,
    Cells,
    Checked,
    Column,
    ImportFileError,
    ProgressCallback,
    RowError,
    Table,
    chunks,
    column_index,
    numbered_rows,
    parse_date,
    parse_minutes,
    read_table,
)
from tomoni.core.models import User
from tomoni.core.scopes import scope_for
from tomoni.federation.models import BusinessLine, Centre, Coop
from tomoni.members import japanese
from tomoni.members.models import MINUTES_IN_DAY, PERSON_FIELDS, Membership, MembershipKind, Person, WorkRecord

__all__ = [
    "BOM",
    "KINDS",
    "PEOPLE_COLUMNS",
    "WORK_RECORD_COLUMNS",
    "Checked",
    "ImportFileError",
    "PersonRow",
    "RowError",
    "WorkRow",
    "check_file",
    "column_label",
    "parse_date",
    "parse_minutes",
    "read_table",
    "template_csv",
    "template_xlsx",
    "validate_people",
    "validate_work_records",
]

PEOPLE_COLUMNS: tuple[Column, ...] = (
    Column("family_name", gettext_lazy("Family name"), True, gettext_lazy("Required."), ("姓", "氏", "氏名（姓）")),
    Column("given_name", gettext_lazy("Given name"), True, gettext_lazy("Required."), ("名", "氏名（名）")),
    Column(
        "family_name_kana", gettext_lazy("Family name (kana)"), False, gettext_lazy("Katakana."), ("セイ", "姓カナ")
    ),
    Column("given_name_kana", gettext_lazy("Given name (kana)"), False, gettext_lazy("Katakana."), ("メイ", "名カナ")),
    Column(
        "birth_date",
        gettext_lazy("Birth date"),
        False,
        gettext_lazy("A date such as 1950-05-01 or 1950/5/1."),
        ("生年月日",),
    ),
    Column("email", gettext_lazy("Email"), False, "", ("メールアドレス", "メール")),
    Column("phone", gettext_lazy("Phone"), False, "", ("電話番号", "電話")),
    Column("postal_code", gettext_lazy("Postal code"), False, gettext_lazy("Such as 271-0092."), ("郵便番号",)),
    Column("address", gettext_lazy("Address"), False, "", ("住所",)),
    Column(
        "member_number",
        gettext_lazy("Member number"),
        False,
        gettext_lazy("Leave the four membership columns empty for someone who is not a member."),
        ("組合員番号",),
    ),
    Column(
        "membership_kind",
        gettext_lazy("Kind of membership"),
        False,
        gettext_lazy("worker, user, supporting or consumer."),
        ("組合員種別", "種別"),
    ),
    Column(
        "joined_on",
        gettext_lazy("Joined on"),
        False,
        gettext_lazy("The date the membership began."),
        ("加入日",),
    ),
    Column(
        "centre_code",
        gettext_lazy("Home centre code"),
        False,
        gettext_lazy("The code of the member's home centre. Centre managers must give one of their centres."),
        ("事業所コード",),
    ),
)

WORK_RECORD_COLUMNS: tuple[Column, ...] = (
    Column("member_number", gettext_lazy("Member number"), True, gettext_lazy("Required."), ("組合員番号",)),
    Column("centre_code", gettext_lazy("Centre code"), True, gettext_lazy("Required."), ("事業所コード",)),
    Column(
        "business_line_code",
        gettext_lazy("Business line code"),
        True,
        gettext_lazy("Required, such as elderly-care or cleaning."),
        ("事業種別コード",),
    ),
    Column(
        "date",
        gettext_lazy("Date"),
        True,
        gettext_lazy("The day worked, such as 2015-03-02 or 2015/3/2."),
        ("日付", "従事日"),
    ),
    Column(
        "minutes",
        gettext_lazy("Minutes worked"),
        True,
        gettext_lazy("Whole minutes such as 240, or hours and minutes such as 4:00."),
        ("従事時間（分）", "分", "従事時間"),
    ),
)

KINDS: dict[str, tuple[Column, ...]] = {"people": PEOPLE_COLUMNS, "work_records": WORK_RECORD_COLUMNS}
KIND_LABELS = {"people": gettext_lazy("People and their memberships"), "work_records": gettext_lazy("Work records")}


def template_csv(kind: str) -> bytes:
    """An empty CSV with the headers of `kind`, UTF-8 with a BOM so Excel opens it correctly."""
    return frame.template_csv(KINDS[kind])


def template_xlsx(kind: str) -> bytes:
    """An Excel workbook with the headers of `kind`, and a second sheet explaining each column."""
    return frame.template_xlsx(KINDS[kind], title=kind)


# Checking rows -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRow:
    row: int
    family_name: str
    given_name: str
    family_name_kana: str
    given_name_kana: str
    birth_date: dt.date | None
    email: str
    phone: str
    postal_code: str
    address: str
    member_number: str
    membership_kind: str
    joined_on: dt.date | None
    centre_id: int | None

    def person_fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in PERSON_FIELDS}


@dataclass(frozen=True)
class WorkRow:
    row: int
    person_id: int
    centre_id: int
    business_line_id: int
    worked_on: dt.date
    worked_minutes: int


def _writer_checks(actor: User | None, coop: Coop) -> tuple[bool, Callable[[Centre], bool]]:
    """Whether the actor writes the whole coop, and a test for one centre (system jobs write everything)."""
    if actor is None:
        return True, lambda centre: True
    scope = scope_for(actor)
    return scope.writes_coop(coop.pk), lambda centre: scope.writes_centre(
        coop_id=centre.coop_id, region_id=centre.region_id, centre_id=centre.pk
    )


def _membership_kind(value: str) -> str | None:
    wanted = unicodedata.normalize("NFKC", value).strip().lower()
    for code, label in MembershipKind.choices:
        if wanted in {code, str(label).lower()}:
            return str(code)
    return None


def _max_length(name: str) -> int:
    field = Person._meta.get_field(name)
    assert isinstance(field, models.Field) and field.max_length is not None
    return int(field.max_length)


def validate_people(
    *, actor: User | None, coop: Coop, table: Table, progress: ProgressCallback | None = None
) -> Checked:
    """Check every row of a people file against the coop's register; no row is saved here."""
    index = column_index(table, PEOPLE_COLUMNS)
    today = clock.today()
    coop_writer, writes_centre = _writer_checks(actor, coop)
    centres = {c.code: c for c in Centre.objects.filter(coop=coop)}
    numbers_in_file = [
        unicodedata.normalize("NFKC", cells[index["member_number"]]).strip()
        for _, cells in table.rows
        if "member_number" in index and index["member_number"] < len(cells)
    ]
    taken: set[str] = set()
    for chunk in chunks(sorted({n for n in numbers_in_file if n})):
        taken |= set(
            Membership.objects.filter(coop=coop, member_number__in=chunk).values_list("member_number", flat=True)
        )
    seen: dict[str, int] = {}
    checked = Checked(kind="people")
    length = {name: _max_length(name) for name in ("family_name", "given_name", "family_name_kana")}
    length |= {name: _max_length(name) for name in ("given_name_kana", "email", "phone", "postal_code", "address")}
    for number, raw in numbered_rows(table, progress):
        cells = Cells(number, raw, index, PEOPLE_COLUMNS)
        family_name = cells.text("family_name", max_length=length["family_name"], required=True)
        given_name = cells.text("given_name", max_length=length["given_name"], required=True)
        family_kana = cells.text("family_name_kana", max_length=length["family_name_kana"], normalise=True)
        given_kana = cells.text("given_name_kana", max_length=length["given_name_kana"], normalise=True)
        birth_date = cells.date("birth_date", not_after=today)
        email = cells.text("email", max_length=length["email"], normalise=True)
        if email:
            try:
                validate_email(email)
            except ValidationError:
                cells.error("email", _("“%(value)s” is not an email address.") % {"value": email})
        phone = cells.text("phone", max_length=length["phone"], normalise=True)
        postal_code = cells.text("postal_code", max_length=length["postal_code"], normalise=True)
        family_kana, given_kana, postal_code = _reading_and_postal_code(cells, family_kana, given_kana, postal_code)
        address = cells.text("address", max_length=length["address"])
        member_number = cells.text("member_number", max_length=20, normalise=True)
        kind_text = cells.raw("membership_kind")
        joined_on = cells.date("joined_on", not_after=today)
        centre_code = cells.text("centre_code", max_length=60, normalise=True)
        kind = ""
        centre: Centre | None = None
        if centre_code:
            centre = centres.get(centre_code)
            if centre is None:
                cells.error("centre_code", _("There is no centre with the code “%(code)s”.") % {"code": centre_code})
            elif not coop_writer and not writes_centre(centre):
                cells.error(
                    "centre_code", _("You may not add people to the centre “%(code)s”.") % {"code": centre_code}
                )
        elif not coop_writer:
            cells.error("centre_code", _("Give the code of one of your centres."))
        if member_number or kind_text or joined_on or cells.raw("joined_on"):
            if not member_number:
                cells.error("member_number", _("A membership needs a member number."))
            elif member_number in taken:
                cells.error(
                    "member_number", _("Member number %(number)s is already taken.") % {"number": member_number}
                )
            elif member_number in seen:
                cells.error(
                    "member_number",
                    _("Member number %(number)s is also on row %(row)s.")
                    % {"number": member_number, "row": seen[member_number]},
                )
            else:
                seen[member_number] = number
            if not kind_text:
                cells.error("membership_kind", _("A membership needs a kind: worker, user, supporting or consumer."))
            else:
                kind = _membership_kind(kind_text) or ""
                if not kind:
                    cells.error(
                        "membership_kind",
                        _("“%(value)s” is not a kind of membership: use worker, user, supporting or consumer.")
                        % {"value": kind_text},
                    )
            if joined_on is None and not cells.raw("joined_on"):
                cells.error("joined_on", _("A membership needs the date it began."))
        elif centre_code:
            cells.error(
                "member_number",
                _("A home centre belongs to a membership: give the member number, kind and joining date too."),
            )
        if cells.errors:
            checked.errors.extend(cells.errors)
            continue
        checked.rows.append(
            PersonRow(
                row=number,
                family_name=family_name,
                given_name=given_name,
                family_name_kana=family_kana,
                given_name_kana=given_kana,
                birth_date=birth_date,
                email=email,
                phone=phone,
                postal_code=postal_code,
                address=address,
                member_number=member_number,
                membership_kind=kind,
                joined_on=joined_on,
                centre_id=centre.pk if centre is not None else None,
            )
        )
    return checked


def validate_work_records(
    *, actor: User | None, coop: Coop, table: Table, progress: ProgressCallback | None = None
) -> Checked:
    """Check every row of a work-records file against the coop's register; no row is saved here."""
    index = column_index(table, WORK_RECORD_COLUMNS)
    today = clock.today()
    coop_writer, writes_centre = _writer_checks(actor, coop)
    centres = {c.code: c for c in Centre.objects.filter(coop=coop)}
    lines = {b.code: b for b in BusinessLine.objects.all()}

    def cell(cells: list[str], key: str) -> str:
        i = index[key]
        return unicodedata.normalize("NFKC", cells[i]).strip() if i < len(cells) else ""

    numbers = sorted({cell(cells, "member_number") for _, cells in table.rows} - {""})
    person_of: dict[str, int] = {}
    for chunk in chunks(numbers):
        person_of.update(
            Membership.objects.filter(coop=coop, member_number__in=chunk).values_list("member_number", "person_id")
        )

    checked = Checked(kind="work_records")
    candidates: list[WorkRow] = []
    for number, raw in numbered_rows(table, progress):
        cells = Cells(number, raw, index, WORK_RECORD_COLUMNS)
        member_number = cells.text("member_number", max_length=20, required=True, normalise=True)
        centre_code = cells.text("centre_code", max_length=60, required=True, normalise=True)
        line_code = cells.text("business_line_code", max_length=50, required=True, normalise=True)
        worked_on = cells.date("date", required=True, not_after=today)
        minutes_text = cells.raw("minutes")
        person_id = person_of.get(member_number)
        if member_number and person_id is None:
            cells.error("member_number", _("No member has the number %(number)s.") % {"number": member_number})
        centre = centres.get(centre_code)
        if centre_code and centre is None:
            cells.error("centre_code", _("There is no centre with the code “%(code)s”.") % {"code": centre_code})
        elif centre is not None and not coop_writer and not writes_centre(centre):
            cells.error("centre_code", _("You may not record work at the centre “%(code)s”.") % {"code": centre_code})
        line = lines.get(line_code)
        if line_code and line is None:
            cells.error(
                "business_line_code", _("There is no business line with the code “%(code)s”.") % {"code": line_code}
            )
        minutes = parse_minutes(minutes_text) if minutes_text else None
        if not minutes_text:
            cells.error("minutes", _("This value is required."))
        elif minutes is None:
            cells.error(
                "minutes",
                _("“%(value)s” is not a number of minutes. Write 240, or 4:00 for four hours.")
                % {"value": minutes_text},
            )
        elif not 0 < minutes <= MINUTES_IN_DAY:
            cells.error("minutes", _("Minutes worked must be between 1 and 1,440 in a day."))
        if cells.errors:
            checked.errors.extend(cells.errors)
            continue
        assert person_id is not None and centre is not None and line is not None
        assert worked_on is not None and minutes is not None
        candidates.append(WorkRow(number, person_id, centre.pk, line.pk, worked_on, minutes))

    # The same person, centre, business line and day may appear once: in the file and in the register.
    first_row: dict[tuple[int, int, int, dt.date], int] = {}
    for row in candidates:
        key = (row.person_id, row.centre_id, row.business_line_id, row.worked_on)
        if key in first_row:
            checked.errors.append(
                RowError(row.row, "date", _("This work is also on row %(row)s.") % {"row": first_row[key]})
            )
        else:
            first_row[key] = row.row
    existing: set[tuple[int, int, int, dt.date]] = set()
    if candidates:
        days = [r.worked_on for r in candidates]
        person_ids = sorted({r.person_id for r in candidates})
        for chunk in chunks(person_ids):
            existing |= set(
                WorkRecord.objects.filter(
                    coop=coop, person_id__in=chunk, worked_on__range=(min(days), max(days))
                ).values_list("person_id", "centre_id", "business_line_id", "worked_on")
            )
    for row in candidates:
        if (row.person_id, row.centre_id, row.business_line_id, row.worked_on) in existing:
            checked.errors.append(
                RowError(row.row, "date", _("Work on this day is already recorded; edit that record instead."))
            )
    checked.errors.sort(key=lambda e: e.row)
    if not checked.errors:
        checked.rows = candidates
    return checked


def check_table(
    *, actor: User | None, coop: Coop, kind: str, table: Table, progress: ProgressCallback | None = None
) -> Checked:
    """Validate a table of `kind` ("people" or "work_records")."""
    if kind == "people":
        return validate_people(actor=actor, coop=coop, table=table, progress=progress)
    if kind == "work_records":
        return validate_work_records(actor=actor, coop=coop, table=table, progress=progress)
    raise ValueError(f"unknown import kind {kind!r}")


def check_file(*, actor: User | None, coop: Coop, kind: str, data: bytes, filename: str) -> Checked:
    """Read and validate a file of `kind` ("people" or "work_records"); raises ImportFileError if unreadable."""
    return check_table(actor=actor, coop=coop, kind=kind, table=read_table(data, filename))


def column_label(kind: str, key: str) -> str:
    """The translated label of a column, for error tables."""
    return frame.column_label(KINDS[kind], key)


def _check(kind: str) -> frame.CheckTable:
    def check(actor: Any, coop_id: int, table: Table, progress: ProgressCallback | None) -> Checked:
        coop = Coop.objects.get(pk=coop_id)
        return check_table(actor=actor, coop=coop, kind=kind, table=table, progress=progress)

    return check


def importers(*, save_people: frame.SaveRows, save_work: frame.SaveRows) -> list[frame.Importer]:
    """The register's kinds of import, run as jobs by core; each saved by its one service (given by the app)."""
    return [
        frame.Importer("people", KIND_LABELS["people"], PEOPLE_COLUMNS, _check("people"), save_people),
        frame.Importer(
            "work_records", KIND_LABELS["work_records"], WORK_RECORD_COLUMNS, _check("work_records"), save_work
        ),
    ]


def _reading_and_postal_code(cells: Cells, family_kana: str, given_kana: str, postal: str) -> tuple[str, str, str]:
    """Readings in katakana (hiragana converted) and the postal code as its seven digits, else the row's error."""
    readings = []
    for name, value in (("family_name_kana", family_kana), ("given_name_kana", given_kana)):
        reading = japanese.katakana(value) if value else ""
        if reading is None:
            cells.error(name, _("“%(value)s” is not in katakana, as in タカハシ.") % {"value": value})
        readings.append(reading or "")
    digits = japanese.postal_code(postal)
    if digits is None:
        cells.error("postal_code", _("“%(value)s” is not a postal code of seven digits.") % {"value": postal})
    return readings[0], readings[1], digits or ""
