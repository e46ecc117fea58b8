"""Reading people and work records from CSV or Excel into validated rows, all or nothing.

A file is read into a table (`read_table`), then each row is checked against the coop's register
(`validate_people`, `validate_work_records`). Every row is checked before anything is saved; the
services `people_import` and `work_records_import` save a clean table in one transaction.

CSV may be UTF-8, UTF-8 with a BOM (what Excel writes as "CSV UTF-8"), or Shift_JIS/cp932 (what
Japanese Excel writes as plain "CSV"). Excel files are .xlsx, read with openpyxl.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tomoni.core import clock
from tomoni.core.exports import csv_writer, sheet_append
from tomoni.core.models import User
from tomoni.core.scopes import scope_for
from tomoni.federation.models import BusinessLine, Centre, Coop
from tomoni.members.models import MINUTES_IN_DAY, PERSON_FIELDS, Membership, MembershipKind, Person, WorkRecord

MAX_ROWS = 200_000
MAX_ERRORS_SHOWN = 500
BOM = "\ufeff"


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong format, no header, missing columns)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # lazy translated label, shown in the template and in error messages
    required: bool
    help: Any
    aliases: tuple[str, ...] = ()  # other headers accepted, e.g. the Japanese ones offices use


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


# Reading files -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A file read into rows of text. Row numbers count as a spreadsheet does: the header is row 1."""

    header: list[str]
    rows: list[tuple[int, list[str]]]


def read_table(data: bytes, filename: str) -> Table:
    """Read a CSV or .xlsx file into a Table, skipping empty rows."""
    name = filename.lower()
    if name.endswith(".xls"):
        raise ImportFileError(_("Old Excel files (.xls) cannot be read. Save the file as .xlsx or as CSV."))
    if name.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        raw_rows = _xlsx_rows(data)
    else:
        try:
            raw_rows = list(csv.reader(io.StringIO(decode_csv(data), newline="")))
        except csv.Error:
            raise ImportFileError(_("The file could not be read as CSV. Save it again as CSV from Excel.")) from None
    numbered = [(number, [_cell_text(v) for v in row]) for number, row in enumerate(raw_rows, start=1)]
    for number, cells in numbered:
        if any("\x00" in cell for cell in cells):
            # A NUL byte is never text (PostgreSQL refuses it in any text column): the file is not what it seems.
            raise ImportFileError(
                _("Row %(row)s holds a NUL character, which text never contains. Save the file again as CSV or .xlsx.")
                % {"row": number}
            )
    numbered = [(number, cells) for number, cells in numbered if any(cells)]
    if not numbered:
        raise ImportFileError(_("The file is empty."))
    header, rows = numbered[0][1], numbered[1:]
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            _("The file has %(count)s rows; at most %(max)s can be imported at once. Split it into smaller files.")
            % {"count": f"{len(rows):,}", "max": f"{MAX_ROWS:,}"}
        )
    return Table(header=[h.replace(BOM, "").strip() for h in header], rows=rows)


def decode_csv(data: bytes) -> str:
    """Text of a CSV file in UTF-8 (with or without a BOM) or Shift_JIS (cp932)."""
    unreadable = _("The file's characters could not be read. Save it as CSV UTF-8, or as CSV from Japanese Excel.")
    if data.startswith(BOM.encode()):
        try:
            return data[3:].decode("utf-8", errors="strict")
        except UnicodeDecodeError:
            # A UTF-8 mark followed by other bytes (Shift_JIS pasted after it): guessing would garble names.
            raise ImportFileError(unreadable) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932")
    except UnicodeDecodeError:
        raise ImportFileError(unreadable) from None


def _xlsx_rows(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFileError(_("The file could not be read as an Excel workbook (.xlsx).")) from None
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[Any]] = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    """A cell as text; Excel's dates, times and whole numbers in the form the validators expect."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return f"{value.hour}:{value.minute:02d}"
    if isinstance(value, dt.timedelta):
        total = int(value.total_seconds()) // 60
        return f"{total // 60}:{total % 60:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def template_csv(kind: str) -> bytes:
    """An empty CSV with the headers of `kind`, UTF-8 with a BOM so Excel opens it correctly."""
    buffer = io.StringIO(newline="")
    csv_writer(buffer, lineterminator="\r\n").writerow([c.key for c in KINDS[kind]])
    return (BOM + buffer.getvalue()).encode("utf-8")


def template_xlsx(kind: str) -> bytes:
    """An Excel workbook with the headers of `kind`, and a second sheet explaining each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = kind
    sheet_append(sheet, [c.key for c in KINDS[kind]])
    for position, column in enumerate(KINDS[kind], start=1):
        sheet.cell(row=1, column=position).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(position)].width = max(14, len(column.key) + 4)
    notes = workbook.create_sheet(_("Columns"))
    sheet_append(notes, [_("Column"), _("Meaning"), _("Required"), _("Notes")])
    for column in KINDS[kind]:
        sheet_append(notes, [column.key, str(column.label), _("Yes") if column.required else _("No"), str(column.help)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Validating rows ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem in one cell (or one row when column is empty)."""

    row: int
    column: str
    message: str


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


@dataclass
class Checked:
    """The outcome of validating a table: clean rows, or errors row by row (then nothing is saved)."""

    kind: str
    rows: list[Any] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def errors_shown(self) -> list[RowError]:
        return self.errors[:MAX_ERRORS_SHOWN]

    @property
    def rows_with_errors(self) -> int:
        return len({e.row for e in self.errors})


class _Cells:
    """Read one row's cells by column key, collecting errors instead of stopping at the first."""

    def __init__(self, number: int, cells: list[str], index: dict[str, int], columns: Sequence[Column]):
        self.number = number
        self.cells = cells
        self.index = index
        self.labels = {c.key: c for c in columns}
        self.errors: list[RowError] = []

    def raw(self, key: str) -> str:
        i = self.index.get(key)
        return self.cells[i].strip() if i is not None and i < len(self.cells) else ""

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.number, key, message))

    def text(self, key: str, *, max_length: int, required: bool = False, normalise: bool = False) -> str:
        value = self.raw(key)
        if normalise:
            value = unicodedata.normalize("NFKC", value).strip()
        if required and not value:
            self.error(key, _("This value is required."))
        elif len(value) > max_length:
            self.error(key, _("At most %(max)s characters are allowed.") % {"max": max_length})
        return value

    def date(self, key: str, *, required: bool = False, not_after: dt.date | None = None) -> dt.date | None:
        value = unicodedata.normalize("NFKC", self.raw(key))
        if not value:
            if required:
                self.error(key, _("This value is required."))
            return None
        day = parse_date(value)
        if day is None:
            self.error(key, _("“%(value)s” is not a date. Write it as 2015-03-31 or 2015/3/31.") % {"value": value})
        elif not_after is not None and day > not_after:
            self.error(key, _("The date %(date)s is in the future.") % {"date": day.isoformat()})
            return None
        return day


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: str) -> dt.date | None:
    """A date written as 2015-03-31, 2015/3/31, 2015年3月31日 or 20150331 (time of day ignored)."""
    value = value.split(" ")[0].split("T")[0]
    for pattern in _DATE_PATTERNS:
        match = pattern.match(value)
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return None
    return None


def parse_minutes(value: str) -> int | None:
    """Whole minutes ("240") or hours and minutes ("4:00"); None if neither."""
    value = unicodedata.normalize("NFKC", value).strip()
    if re.fullmatch(r"\d+", value):
        return int(value)
    match = re.fullmatch(r"(\d+):(\d{2})(?::00)?", value)
    if match and int(match[2]) < 60:
        return int(match[1]) * 60 + int(match[2])
    return None


def _column_index(table: Table, columns: Sequence[Column]) -> dict[str, int]:
    """Map column keys to positions from the header, accepting keys, labels and aliases in any order."""
    names: dict[str, str] = {}
    for column in columns:
        for name in (column.key, str(column.label), *column.aliases):
            names[_header_key(name)] = column.key
    index: dict[str, int] = {}
    for position, header in enumerate(table.header):
        key = names.get(_header_key(header))
        if key is not None and key not in index:
            index[key] = position
    missing = [c.key for c in columns if c.required and c.key not in index]
    if missing:
        raise ImportFileError(
            _("The first row must hold the column names. Missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return index


def _header_key(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().lower().replace(" ", "_")


def _chunks(items: Sequence[Any], size: int = 5000) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


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


def validate_people(*, actor: User | None, coop: Coop, table: Table) -> Checked:
    """Check every row of a people file against the coop's register; no row is saved here."""
    index = _column_index(table, PEOPLE_COLUMNS)
    today = clock.today()
    coop_writer, writes_centre = _writer_checks(actor, coop)
    centres = {c.code: c for c in Centre.objects.filter(coop=coop)}
    numbers_in_file = [
        unicodedata.normalize("NFKC", cells[index["member_number"]]).strip()
        for _, cells in table.rows
        if "member_number" in index and index["member_number"] < len(cells)
    ]
    taken: set[str] = set()
    for chunk in _chunks(sorted({n for n in numbers_in_file if n})):
        taken |= set(
            Membership.objects.filter(coop=coop, member_number__in=chunk).values_list("member_number", flat=True)
        )
    seen: dict[str, int] = {}
    checked = Checked(kind="people")
    length = {name: _max_length(name) for name in ("family_name", "given_name", "family_name_kana")}
    length |= {name: _max_length(name) for name in ("given_name_kana", "email", "phone", "postal_code", "address")}
    for number, raw in table.rows:
        cells = _Cells(number, raw, index, PEOPLE_COLUMNS)
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


def validate_work_records(*, actor: User | None, coop: Coop, table: Table) -> Checked:
    """Check every row of a work-records file against the coop's register; no row is saved here."""
    index = _column_index(table, WORK_RECORD_COLUMNS)
    today = clock.today()
    coop_writer, writes_centre = _writer_checks(actor, coop)
    centres = {c.code: c for c in Centre.objects.filter(coop=coop)}
    lines = {b.code: b for b in BusinessLine.objects.all()}

    def cell(cells: list[str], key: str) -> str:
        i = index[key]
        return unicodedata.normalize("NFKC", cells[i]).strip() if i < len(cells) else ""

    numbers = sorted({cell(cells, "member_number") for _, cells in table.rows} - {""})
    person_of: dict[str, int] = {}
    for chunk in _chunks(numbers):
        person_of.update(
            Membership.objects.filter(coop=coop, member_number__in=chunk).values_list("member_number", "person_id")
        )

    checked = Checked(kind="work_records")
    candidates: list[WorkRow] = []
    for number, raw in table.rows:
        cells = _Cells(number, raw, index, WORK_RECORD_COLUMNS)
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
        for chunk in _chunks(person_ids):
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


def check_file(*, actor: User | None, coop: Coop, kind: str, data: bytes, filename: str) -> Checked:
    """Read and validate a file of `kind` ("people" or "work_records"); raises ImportFileError if unreadable."""
    table = read_table(data, filename)
    if kind == "people":
        return validate_people(actor=actor, coop=coop, table=table)
    if kind == "work_records":
        return validate_work_records(actor=actor, coop=coop, table=table)
    raise ValueError(f"unknown import kind {kind!r}")


def column_label(kind: str, key: str) -> str:
    """The translated label of a column, for error tables."""
    for column in KINDS[kind]:
        if column.key == key:
            return str(column.label)
    return key
