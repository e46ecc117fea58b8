"""The import framework every context shares: read a CSV or Excel file into a table, check it row by row.

A file is read into a `Table` (`read_table`); a context's validator walks its rows with `Cells`, which
collects every problem of a row (`RowError`) instead of stopping at the first, and returns a `Checked`:
clean rows, or the errors row by row. Nothing is saved unless no row has a problem (all or nothing).

CSV may be UTF-8, UTF-8 with a BOM (what Excel writes as "CSV UTF-8"), or Shift_JIS/cp932 (what
Japanese Excel writes as plain "CSV"). Excel files are .xlsx, read with openpyxl. Column headers may be
the column's key, its label in either language, or any of its Japanese aliases, in any order; templates
carry the Japanese headers, which read back.
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

from django.utils.translation import gettext as _

from tomoni.core.exports import csv_writer, sheet_append

MAX_ROWS = 200_000
MAX_ERRORS_SHOWN = 500
BOM = "\ufeff"

# Told the share of rows done (0 to 1) as a validator walks a file, for a job's progress bar.
ProgressCallback = Callable[[float], None]


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

    @property
    def heading(self) -> str:
        """The header a template carries: the first Japanese alias, else the key."""
        return self.aliases[0] if self.aliases else self.key


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


def template_csv(columns: Sequence[Column], *, japanese: bool = False) -> bytes:
    """An empty CSV with the headers of `columns`, UTF-8 with a BOM so Excel opens it correctly."""
    buffer = io.StringIO(newline="")
    csv_writer(buffer, lineterminator="\r\n").writerow([c.heading if japanese else c.key for c in columns])
    return (BOM + buffer.getvalue()).encode("utf-8")


def template_xlsx(columns: Sequence[Column], *, title: str, japanese: bool = False) -> bytes:
    """An Excel workbook with the headers of `columns`, and a second sheet explaining each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    headings = [c.heading if japanese else c.key for c in columns]
    sheet_append(sheet, headings)
    for position, heading in enumerate(headings, start=1):
        sheet.cell(row=1, column=position).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(position)].width = max(14, len(heading) * 2 + 4)
    notes = workbook.create_sheet(_("Columns"))
    sheet_append(notes, [_("Column"), _("Meaning"), _("Required"), _("Notes")])
    for column, heading in zip(columns, headings, strict=True):
        sheet_append(notes, [heading, str(column.label), _("Yes") if column.required else _("No"), str(column.help)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Checking rows -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem in one cell (or one row when column is empty)."""

    row: int
    column: str
    message: str


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


class Cells:
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


def column_index(table: Table, columns: Sequence[Column]) -> dict[str, int]:
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


def chunks(items: Sequence[Any], size: int = 5000) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def whole_number(cells: Cells, key: str, *, required: bool = False, unit: str = "") -> int | None:
    """A whole number such as 1,000, ¥1,000 or 1000円 (full-width digits too); None when empty or wrong."""
    raw = cells.raw(key)
    value = unicodedata.normalize("NFKC", raw).replace(",", "").replace("¥", "").replace("円", "").strip()
    if not value:
        if required:
            cells.error(key, _("This value is required."))
        return None
    if not value.isdigit():
        if unit == "yen":
            cells.error(key, _("“%(value)s” is not a whole number of yen.") % {"value": raw})
        else:
            cells.error(key, _("“%(value)s” is not a whole number.") % {"value": raw})
        return None
    return int(value)


def code(cells: Cells, key: str) -> str:
    """A code as written, with full-width letters and digits made half-width."""
    return unicodedata.normalize("NFKC", cells.raw(key)).strip()


def numbered_rows(table: Table, progress: ProgressCallback | None = None) -> Iterable[tuple[int, list[str]]]:
    """The rows of a table, telling `progress` the share done at each whole percent (never per row)."""
    total = len(table.rows)
    step = max(1, total // 100)
    for position, row in enumerate(table.rows):
        if progress is not None and position % step == 0:
            progress(position / total)
        yield row


def column_label(columns: Sequence[Column], key: str) -> str:
    """The translated label of a column, for tables of problems."""
    for column in columns:
        if column.key == key:
            return str(column.label)
    return key


# The kinds of import a context offers ------------------------------------------------------------
# Core runs every import as a job (tomoni.core.services.import_job_*) without importing the contexts: each
# context registers its kinds in its AppConfig.ready, naming the columns, the checker and its one writer.


# check(actor, coop_id, table, progress) -> Checked, never saving; save(actor, coop_id, checked, source) -> rows.
CheckTable = Callable[[Any, int, Table, ProgressCallback | None], Checked]
SaveRows = Callable[[Any, int, Checked, str], int]


@dataclass(frozen=True)
class Importer:
    """A kind of import: its columns, how a table is checked, and the service that saves checked rows."""

    kind: str
    label: Any
    columns: Sequence[Column]
    check: CheckTable
    save: SaveRows  # one transaction, one audit event


_importers: dict[str, Importer] = {}


def register_importer(importer: Importer) -> None:
    """Offer a kind of import (called from a context's AppConfig.ready)."""
    _importers[importer.kind] = importer


def importer_of(kind: str) -> Importer:
    """The registered importer of `kind`; KeyError for an unknown kind."""
    return _importers[kind]
