"""Reader of the Curtois & Qu shift scheduling benchmark format, onto the same problem model.

The format (schedulingbenchmarks.org, "Shift Scheduling Benchmark Data Sets", Curtois and Qu 2014):
SECTION_HORIZON (days, starting on a Monday), SECTION_SHIFTS (id, minutes, shifts that may not follow
it the next day), SECTION_STAFF (id, max shifts per type, max/min total minutes, max/min consecutive
shifts, min consecutive days off, max weekends), SECTION_DAYS_OFF, SECTION_SHIFT_ON_REQUESTS and
SECTION_SHIFT_OFF_REQUESTS (weights), SECTION_COVER (day, shift, requirement, under and over weights).

How the definition maps onto ``Problem`` (the solver and the checker apply the same semantics to
every problem, so nothing below is special-cased for the benchmark):

- no shift succession is assumed across the horizon edges (``History()`` is empty);
- max consecutive shifts: days before the horizon are off, so a run starting on day 0 counts from 1;
- min consecutive shifts and min consecutive days off: runs touching either horizon edge are exempt
  (the definition assumes infinitely many shifts, and days off, beyond both edges);
- a weekend (Saturday and Sunday of one week) is worked if either day is worked;
- the objective is the sum over requests not honoured of their weights, plus for each cover
  ``under_weight × shortfall + over_weight × excess``; no other goal (fairness weights are zero).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tomoni.work.problem import Demand, LabourRules, Member, Problem, ShiftType, Wish, WishKind

# The horizon starts on a Monday; which Monday does not matter (no holidays in the benchmark).
START_DATE = dt.date(2024, 1, 1)
# Benchmark rules are all in the file: no labour-law defaults apply.
NO_LABOUR_RULES = LabourRules(
    max_minutes_per_day=None,
    max_minutes_per_week=None,
    min_rest_minutes=None,
    max_consecutive_days=None,
)


class FormatError(ValueError):
    """The text is not in the Curtois & Qu format."""


def _sections(text: str) -> dict[str, list[list[str]]]:
    sections: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            current = sections.setdefault(line, [])
            continue
        if current is None:
            raise FormatError(f"data before any section: {line!r}")
        current.append([field.strip() for field in line.split(",")])
    return sections


def parse(text: str, *, name: str = "") -> Problem:
    """The Problem a Curtois & Qu instance text describes."""
    sections = _sections(text)
    try:
        days = int(sections["SECTION_HORIZON"][0][0])
        shift_types = tuple(
            ShiftType(
                id=row[0],
                start_minute=0,
                length_minutes=int(row[1]),
                forbidden_next=frozenset(s for s in (row[2] if len(row) > 2 else "").split("|") if s),
            )
            for row in sections["SECTION_SHIFTS"]
        )
        days_off: dict[str, set[int]] = {}
        for row in sections.get("SECTION_DAYS_OFF", []):
            days_off.setdefault(row[0], set()).update(int(d) for d in row[1:] if d)
        members = []
        for row in sections["SECTION_STAFF"]:
            max_shifts = {}
            for item in row[1].split("|"):
                if item:
                    shift_id, limit = item.split("=")
                    max_shifts[shift_id] = int(limit)
            members.append(
                Member(
                    id=row[0],
                    max_shifts=max_shifts,
                    max_minutes=int(row[2]),
                    min_minutes=int(row[3]),
                    max_consecutive_days=int(row[4]),
                    min_consecutive_days=int(row[5]),
                    min_consecutive_days_off=int(row[6]),
                    max_weekends=int(row[7]),
                    days_off=frozenset(days_off.get(row[0], ())),
                )
            )
        wishes = [
            Wish(member_id=row[0], day=int(row[1]), shift_id=row[2], kind=WishKind.WANT, weight=int(row[3]))
            for row in sections.get("SECTION_SHIFT_ON_REQUESTS", [])
        ] + [
            Wish(member_id=row[0], day=int(row[1]), shift_id=row[2], kind=WishKind.AVOID, weight=int(row[3]))
            for row in sections.get("SECTION_SHIFT_OFF_REQUESTS", [])
        ]
        demands = tuple(
            Demand(
                day=int(row[0]),
                shift_id=row[1],
                required=int(row[2]),
                under_weight=int(row[3]),
                over_weight=int(row[4]),
            )
            for row in sections.get("SECTION_COVER", [])
        )
    except (KeyError, IndexError, ValueError) as exc:
        raise FormatError(f"not a Curtois & Qu instance: {exc!r}") from exc
    return Problem(
        start_date=START_DATE,
        days=days,
        shift_types=shift_types,
        members=tuple(members),
        demands=demands,
        wishes=tuple(wishes),
        rules=NO_LABOUR_RULES,
        name=name,
    )


def read(path: str | Path) -> Problem:
    """The Problem in a Curtois & Qu instance file, named after the file's stem."""
    path = Path(path)
    return parse(path.read_text(encoding="utf-8"), name=path.stem)
