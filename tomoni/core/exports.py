"""Spreadsheet exports that a spreadsheet cannot run: every cell of every CSV and Excel export goes through here.

OWASP's CSV-injection rule: a cell beginning with `=`, `+`, `-` or `@` is read by Excel, LibreOffice and Google
Sheets as a formula (`=HYPERLINK(…)` becomes a live link, DDE can start a program), and so is one beginning with a
tab or a carriage return once the application trims it. Such a cell is written with a single quote in front, which
the spreadsheet shows as text. Japanese Excel also turns the full-width forms (＝, ＋, －, ＠) typed by an input
method into formulas, so they are neutralised as well. Numbers are left as numbers (a negative amount of yen is a
number, never a formula).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def formula_safe(value: Any) -> Any:
    """The value as a spreadsheet shows it without running it: text that would start a formula gets a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def formula_safe_row(values: Iterable[Any]) -> list[Any]:
    """Each cell of a row made formula-safe."""
    return [formula_safe(value) for value in values]


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


class SafeCsvWriter:
    """`csv.writer` whose every cell is formula-safe."""

    def __init__(self, stream: _Writable, **kwargs: Any) -> None:
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(formula_safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: _Writable, **kwargs: Any) -> SafeCsvWriter:
    """A CSV writer for exports (the same arguments as `csv.writer`), neutralising formulas."""
    return SafeCsvWriter(stream, **kwargs)


def sheet_append(sheet: Any, row: Iterable[Any]) -> None:
    """Append a row to an openpyxl worksheet, neutralising formulas (openpyxl stores `=…` text as a formula)."""
    sheet.append(formula_safe_row(row))
