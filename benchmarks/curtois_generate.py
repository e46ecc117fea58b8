"""Seeded generator of shift scheduling instances in the Curtois & Qu format, none of them shared.

    .venv/bin/python benchmarks/curtois_generate.py --seed 7 --staff 24 --days 28 --shift-types 3 --out DIR
    .venv/bin/python benchmarks/curtois_generate.py --suite DIR

The roster solver was tuned on the six shared instances (../shared/benchmarks/rostering/); these files let
it be measured on instances it has never seen (issue 5). They have the shape of the published ones
(schedulingbenchmarks.org): staff in a few contracts (full time, longer runs, part time), each member
qualified for some shift types with the latest shift limited per member, total minutes between whole-shift
multiples, runs of work and days off bounded, a maximum of weekends, one or two fixed days off a fortnight,
shift on/off requests in runs of days with weights 1-3, and cover per day and shift (under 100, over 1)
near the staff's capacity. Forbidden successions follow start times: no shift may follow one that starts
later the day before (late → early), as in the published files.

Every hard rule is per member (cover is soft), so an instance is feasible when each member alone has a
roster keeping the rules. The generator searches such a roster for every member and checks the whole
with the independent checker (tomoni.work.checker); if one member has none it draws the instance again
with the next sub-seed. Only `random.Random(sub_seed)` draws, so the same arguments write the same bytes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from random import Random

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tomoni.work import checker, curtois
from tomoni.work.problem import Assignment

# Total minutes are set in whole shifts of this length, as in the published files (8-hour shifts).
BASE_SHIFT_MINUTES = 480
# Draws tried per seed before giving up: sub-seeds seed × ATTEMPTS_PER_SEED + 0, 1, ….
ATTEMPTS_PER_SEED = 50
# Nodes of the per-member search before it is taken as failed (it needs a few hundred when it succeeds).
SEARCH_NODE_BUDGET = 200_000


@dataclass(frozen=True)
class ShiftTemplate:
    """A shift type: id, start (minutes after midnight), length and weight of its cover."""

    id: str
    start_minute: int
    length_minutes: int
    cover_weight: int


_E = ShiftTemplate("E", 6 * 60, 480, 4)
_M = ShiftTemplate("M", 7 * 60, 600, 2)
_D = ShiftTemplate("D", 9 * 60, 480, 4)
_L = ShiftTemplate("L", 14 * 60, 480, 4)
_T = ShiftTemplate("T", 17 * 60, 360, 2)
_N = ShiftTemplate("N", 22 * 60, 600, 2)
# More day shifts for the large size classes (up to 11 shift types), as care and hospital wards stagger them.
_A = ShiftTemplate("A", 5 * 60, 480, 2)
_B = ShiftTemplate("B", 8 * 60, 480, 3)
_C = ShiftTemplate("C", 10 * 60, 480, 3)
_F = ShiftTemplate("F", 12 * 60, 480, 3)
_S = ShiftTemplate("S", 19 * 60, 480, 2)
# Shift types by how many an instance has, in start order (the published files: D; E L; E D L; E D L N).
SHIFT_SETS: dict[int, tuple[ShiftTemplate, ...]] = {
    1: (ShiftTemplate("D", 8 * 60, 480, 4),),
    2: (_E, _L),
    3: (_E, _D, _L),
    4: (_E, _D, _L, _N),
    5: (_E, _D, _L, _T, _N),
    6: (_E, _M, _D, _L, _T, _N),
    7: (_E, _M, _D, _C, _L, _T, _N),
    8: (_E, _M, _B, _D, _C, _L, _T, _N),
    9: (_A, _E, _M, _B, _D, _C, _L, _T, _N),
    10: (_A, _E, _M, _B, _D, _C, _F, _L, _T, _N),
    11: (_A, _E, _M, _B, _D, _C, _F, _L, _T, _S, _N),
}


@dataclass(frozen=True)
class ContractKind:
    """A contract of the published files: share of full time (%) and its limits on runs and weekends."""

    name: str
    percent_of_full_time: int
    max_consecutive_shifts: int
    min_consecutive_shifts: int
    min_consecutive_days_off: int
    # Weekends that may be worked out of every four (so 2 of 4 full time, 3 of 4 part time).
    weekends_in_four: int


CONTRACT_KINDS = (
    ContractKind("full", 100, 5, 2, 2, 2),
    ContractKind("full-long-runs", 100, 6, 2, 3, 2),
    ContractKind("80%", 80, 4, 2, 3, 2),
    ContractKind("60%", 60, 5, 1, 2, 3),
    ContractKind("40%", 40, 5, 1, 1, 3),
)


@dataclass(frozen=True)
class StaffMember:
    id: str
    max_shifts_by_type: dict[str, int]
    max_minutes: int
    min_minutes: int
    max_consecutive_shifts: int
    min_consecutive_shifts: int
    min_consecutive_days_off: int
    max_weekends: int
    days_off: tuple[int, ...]


@dataclass(frozen=True)
class Request:
    staff_id: str
    day: int
    shift_id: str
    weight: int


@dataclass(frozen=True)
class Cover:
    day: int
    shift_id: str
    requirement: int


@dataclass(frozen=True)
class Instance:
    days: int
    shifts: tuple[ShiftTemplate, ...]
    staff: tuple[StaffMember, ...]
    on_requests: tuple[Request, ...]
    off_requests: tuple[Request, ...]
    cover: tuple[Cover, ...]


class GenerationError(RuntimeError):
    """No feasible instance was drawn for these arguments."""


def staff_id(index: int) -> str:
    """A, B, …, Z, AA, AB, … as in the published files."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def forbidden_after(shift: ShiftTemplate, shifts: Sequence[ShiftTemplate]) -> list[str]:
    """Shifts that start earlier in the day than this one: working them the next day rotates backwards."""
    return [other.id for other in shifts if other.start_minute < shift.start_minute]


def _contract_groups(rng: Random, staff: int) -> list[tuple[ContractKind, int]]:
    """Contracts and how many staff hold each, full time first and largest (as 10/5/5 or 10/6/10/10)."""
    if staff <= 10:
        group_count = 1
    elif staff <= 24:
        group_count = rng.randint(2, 3)
    else:
        group_count = rng.randint(3, 4)
    kinds = [CONTRACT_KINDS[0], *rng.sample(CONTRACT_KINDS[1:], group_count - 1)]
    # Full time holds 40–60% of the staff, the others share the rest evenly.
    full_time = staff if group_count == 1 else staff * rng.randint(40, 60) // 100
    rest = staff - full_time
    sizes = [full_time] + [
        rest // (group_count - 1) + (1 if i < rest % (group_count - 1) else 0) for i in range(group_count - 1)
    ]
    return list(zip(kinds, sizes, strict=True))


def _draw(rng: Random, *, staff: int, days: int, shift_types: int) -> Instance:
    weeks = days // 7
    shifts = SHIFT_SETS[shift_types]
    # The latest shift (late or night) is limited per member, as L=5 or N=3 in the published files.
    limited = shifts[-1] if shift_types > 1 else None
    limited_percent = rng.choice((25, 33, 50))
    full_time_shifts = 9 * weeks // 2 - rng.choice((0, 0, 1))

    members: list[StaffMember] = []
    for kind, size in _contract_groups(rng, staff):
        max_shifts = max(1, full_time_shifts * kind.percent_of_full_time // 100)
        slack_shifts = max(2, (weeks * kind.percent_of_full_time + 100) // 200)
        min_shifts = max(1, max_shifts - slack_shifts)
        max_weekends = max(1, weeks * kind.weekends_in_four // 4)
        limit_of_limited = max(1, max_shifts * limited_percent // 100)
        for _ in range(size):
            by_type: dict[str, int] = {}
            for shift in shifts:
                if shift is limited:
                    by_type[shift.id] = limit_of_limited if rng.randrange(100) < 70 else 0
                else:
                    by_type[shift.id] = days if rng.randrange(100) < 75 else 0
            if not any(by_type[s.id] == days for s in shifts if s is not limited):
                # Everyone can work at least one unlimited shift, or the minimum minutes could be out of reach.
                by_type[rng.choice([s for s in shifts if s is not limited]).id] = days
            members.append(
                StaffMember(
                    id=staff_id(len(members)),
                    max_shifts_by_type=by_type,
                    max_minutes=max_shifts * BASE_SHIFT_MINUTES,
                    min_minutes=min_shifts * BASE_SHIFT_MINUTES,
                    max_consecutive_shifts=kind.max_consecutive_shifts,
                    min_consecutive_shifts=kind.min_consecutive_shifts,
                    min_consecutive_days_off=kind.min_consecutive_days_off,
                    max_weekends=max_weekends,
                    days_off=_days_off(rng, days),
                )
            )

    on_requests: list[Request] = []
    off_requests: list[Request] = []
    for member in members:
        taken = set(member.days_off)
        qualified = [s.id for s in shifts if member.max_shifts_by_type[s.id] > 0]
        # About 1.2 on requests and 0.7 off requests per member and week, in runs of 1–5 days.
        on_blocks = rng.randint(0, weeks)
        off_blocks = rng.randint(0, weeks * 2 // 3)
        for requests, blocks in ((on_requests, on_blocks), (off_requests, off_blocks)):
            for _ in range(blocks):
                shift_id = rng.choice(qualified)
                weight = rng.randint(1, 3)
                start = rng.randrange(days)
                for day in range(start, min(days, start + rng.randint(1, 5))):
                    if day not in taken:
                        taken.add(day)
                        requests.append(Request(member.id, day, shift_id, weight))
    order = {m.id: i for i, m in enumerate(members)}
    on_requests.sort(key=lambda r: (order[r.staff_id], r.day))
    off_requests.sort(key=lambda r: (order[r.staff_id], r.day))

    return Instance(
        days=days,
        shifts=shifts,
        staff=tuple(members),
        on_requests=tuple(on_requests),
        off_requests=tuple(off_requests),
        cover=_cover(rng, members, shifts, limited, days),
    )


def _days_off(rng: Random, days: int) -> tuple[int, ...]:
    """One fixed day off a fortnight, two in a row half the time when there are two or more."""
    count = max(1, days // 14)
    chosen: set[int] = set()
    if count >= 2 and rng.randrange(2):
        first = rng.randrange(days - 1)
        chosen.update((first, first + 1))
    while len(chosen) < count:
        chosen.add(rng.randrange(days))
    return tuple(sorted(chosen))


def _cover(
    rng: Random,
    members: Sequence[StaffMember],
    shifts: Sequence[ShiftTemplate],
    limited: ShiftTemplate | None,
    days: int,
) -> tuple[Cover, ...]:
    """Cover near the staff's capacity: 90–100% of the most shifts they may work, as in the published files."""
    capacity_shifts = sum(m.max_minutes for m in members) // BASE_SHIFT_MINUTES
    load_percent = rng.randint(90, 100)
    total_shifts = capacity_shifts * load_percent // 100
    qualified = {s.id: sum(1 for m in members if m.max_shifts_by_type[s.id] > 0) for s in shifts}
    share = {s.id: s.cover_weight * qualified[s.id] for s in shifts}
    whole = sum(share.values()) or 1
    horizon_shifts = {s.id: total_shifts * share[s.id] // whole for s in shifts}
    if limited is not None:
        # The limited shift cannot ask for more than its members may work; the excess goes to the others.
        limit_total = sum(m.max_shifts_by_type[limited.id] for m in members) * 9 // 10
        excess = max(0, horizon_shifts[limited.id] - limit_total)
        horizon_shifts[limited.id] -= excess
        others = [s for s in shifts if s is not limited]
        others_share = sum(share[s.id] for s in others) or 1
        for s in others:
            horizon_shifts[s.id] += excess * share[s.id] // others_share
    rows = []
    for day in range(days):
        # Drawn day by day around the mean, weekends alike (the published cover has no weekly pattern).
        for s in shifts:
            mean_hundredths = horizon_shifts[s.id] * 100 // days
            drawn = mean_hundredths * rng.randint(60, 140) // 100
            requirement = min(max(1, (drawn + 50) // 100), max(1, qualified[s.id]))
            rows.append(Cover(day, s.id, requirement))
    return tuple(rows)


def render(instance: Instance, header: Sequence[str]) -> str:
    """The instance as text in the Curtois & Qu format, after '#' header lines."""
    lines = [f"# {line}" for line in header]
    lines += ["SECTION_HORIZON", "# All instances start on a Monday", "# The horizon length in days:"]
    lines += [str(instance.days), ""]
    lines += ["SECTION_SHIFTS", "# ShiftID, Length in mins, Shifts which cannot follow this shift | separated"]
    for shift in instance.shifts:
        lines.append(f"{shift.id},{shift.length_minutes},{'|'.join(forbidden_after(shift, instance.shifts))}")
    lines += ["", "SECTION_STAFF"]
    lines.append(
        "# ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, MinConsecutiveShifts,"
        " MinConsecutiveDaysOff, MaxWeekends"
    )
    for m in instance.staff:
        max_shifts = "|".join(f"{s.id}={m.max_shifts_by_type[s.id]}" for s in instance.shifts)
        lines.append(
            f"{m.id},{max_shifts},{m.max_minutes},{m.min_minutes},{m.max_consecutive_shifts},"
            f"{m.min_consecutive_shifts},{m.min_consecutive_days_off},{m.max_weekends}"
        )
    lines += ["", "SECTION_DAYS_OFF", "# EmployeeID, DayIndexes (start at zero)"]
    lines += [",".join([m.id, *map(str, m.days_off)]) for m in instance.staff]
    for section, requests in (
        ("SECTION_SHIFT_ON_REQUESTS", instance.on_requests),
        ("SECTION_SHIFT_OFF_REQUESTS", instance.off_requests),
    ):
        lines += ["", section, "# EmployeeID, Day, ShiftID, Weight"]
        lines += [f"{r.staff_id},{r.day},{r.shift_id},{r.weight}" for r in requests]
    lines += ["", "SECTION_COVER", "# Day, ShiftID, Requirement, Weight for under, Weight for over"]
    lines += [f"{c.day},{c.shift_id},{c.requirement},100,1" for c in instance.cover]
    return "\n".join(lines) + "\n"


class _MemberSearch:
    """Depth-first search for one member's roster that keeps every hard rule of the format.

    Written apart from the solver on purpose: it only has to find some roster, and the checker then
    judges it, so a bug here can reject a feasible draw but cannot pass an infeasible one.
    """

    def __init__(self, member: StaffMember, shifts: Sequence[ShiftTemplate], days: int) -> None:
        self.member = member
        self.days = days
        self.lengths = {s.id: s.length_minutes for s in shifts}
        self.forbidden = {s.id: set(forbidden_after(s, shifts)) for s in shifts}
        # Unlimited shifts first: they never run out; the shortest first keeps under the maximum minutes.
        usable = [s for s in shifts if member.max_shifts_by_type[s.id] > 0]
        usable.sort(key=lambda s: (member.max_shifts_by_type[s.id] < days, s.length_minutes))
        self.usable = [s.id for s in usable]
        self.limited = [s.id for s in usable if member.max_shifts_by_type[s.id] < days]
        self.longest = max((s.length_minutes for s in usable), default=0)
        self.days_off = set(member.days_off)
        self.failed: set[tuple[object, ...]] = set()
        self.nodes = 0
        self.plan: list[str | None] = []

    def find(self) -> list[str | None] | None:
        counts = dict.fromkeys(self.limited, 0)
        if self._extend(0, None, 0, True, 0, 0, counts):
            return self.plan
        return None

    def _extend(
        self,
        day: int,
        previous: str | None,
        run: int,
        run_from_start: bool,
        weekends: int,
        minutes: int,
        counts: dict[str, int],
    ) -> bool:
        """Plan days from `day` on; `run` is the length of the current run of work (or of days off)."""
        m = self.member
        if day == self.days:
            return minutes >= m.min_minutes
        if minutes + (self.days - day) * self.longest < m.min_minutes:
            return False
        self.nodes += 1
        if self.nodes > SEARCH_NODE_BUDGET:
            return False
        state = (day, previous, run, run_from_start, weekends, minutes, tuple(counts.values()))
        if state in self.failed:
            return False
        options: list[str | None] = [] if day in self.days_off else list(self.usable)
        # Work first while short of the minimum minutes; otherwise a day off first.
        options.insert(len(options) if minutes < m.min_minutes else 0, None)
        for choice in options:
            if choice is None:
                if previous is not None and run < m.min_consecutive_shifts and not run_from_start:
                    continue
                off_run = 1 if previous is not None else min(run + 1, m.min_consecutive_days_off)
                from_start = run_from_start if previous is None else False
                self.plan.append(None)
                if self._extend(day + 1, None, off_run, from_start, weekends, minutes, counts):
                    return True
                self.plan.pop()
                continue
            if previous is not None and choice in self.forbidden[previous]:
                continue
            if previous is None and day > 0 and run < m.min_consecutive_days_off and not run_from_start:
                continue
            work_run = run + 1 if previous is not None else 1
            if work_run > m.max_consecutive_shifts:
                continue
            if minutes + self.lengths[choice] > m.max_minutes:
                continue
            if choice in counts and counts[choice] >= m.max_shifts_by_type[choice]:
                continue
            # Saturday starts a weekend; Sunday does unless Saturday was worked (the horizon starts on a Monday).
            new_weekend = day % 7 == 5 or (day % 7 == 6 and previous is None)
            if new_weekend and weekends + 1 > m.max_weekends:
                continue
            from_start = run_from_start if previous is not None else day == 0
            if choice in counts:
                counts[choice] += 1
            self.plan.append(choice)
            if self._extend(
                day + 1, choice, work_run, from_start, weekends + new_weekend, minutes + self.lengths[choice], counts
            ):
                return True
            self.plan.pop()
            if choice in counts:
                counts[choice] -= 1
        self.failed.add(state)
        return False


def feasible_roster(instance: Instance) -> list[Assignment] | None:
    """A roster keeping every hard rule of the instance, or None when the search finds none."""
    roster: list[Assignment] = []
    for member in instance.staff:
        plan = _MemberSearch(member, instance.shifts, instance.days).find()
        if plan is None:
            return None
        roster += [Assignment(member.id, day, shift_id) for day, shift_id in enumerate(plan) if shift_id is not None]
    return roster


def generate(*, seed: int, staff: int, days: int, shift_types: int) -> str:
    """The text of a feasible instance for these arguments; the same arguments give the same text."""
    if days < 7 or days % 7:
        raise ValueError("days must be a whole number of weeks")
    if shift_types not in SHIFT_SETS:
        raise ValueError(f"shift types must be 1 to {max(SHIFT_SETS)}")
    if staff < 1:
        raise ValueError("staff must be at least 1")
    if seed < 0:
        # Random takes the absolute value of a negative seed, so negative seeds would repeat positive ones.
        raise ValueError("seed must be 0 or more")
    # A recursion as deep as the horizon, plus the interpreter's own frames.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), days * 4 + 1000))
    for attempt in range(ATTEMPTS_PER_SEED):
        sub_seed = seed * ATTEMPTS_PER_SEED + attempt
        instance = _draw(Random(sub_seed), staff=staff, days=days, shift_types=shift_types)
        roster = feasible_roster(instance)
        if roster is None:
            continue
        header = [
            "Generated by benchmarks/curtois_generate.py (Tomoni): NOT one of the Curtois & Qu instances.",
            "Same format and shape as the published ones; a roster keeping every hard rule exists (checked).",
            f"seed={seed} sub_seed={sub_seed} staff={staff} days={days} shift_types={shift_types}",
            f"Regenerate: python benchmarks/curtois_generate.py --seed {seed} --staff {staff} --days {days}"
            f" --shift-types {shift_types} --out DIR",
        ]
        text = render(instance, header)
        # Judge the roster on the file as the reader and the checker see it, not on the generator's data.
        problem = curtois.parse(text)
        if checker.violations(problem, roster):
            continue
        return text
    raise GenerationError(f"no feasible instance in {ATTEMPTS_PER_SEED} draws for seed {seed}")


def file_name(*, seed: int, staff: int, days: int, shift_types: int) -> str:
    return f"gen-s{seed}-{staff}x{days}x{shift_types}.txt"


# The default suite: sizes spanning the shared ones (8x14x1 … 50x28x6) without repeating any of them.
SUITE = (
    (101, 12, 14, 2),
    (102, 18, 28, 2),
    (103, 24, 28, 3),
    (104, 30, 28, 4),
    (105, 40, 28, 5),
    (106, 60, 42, 4),
)


# Large months (issue 14 item 4): size classes of 30–60 members, 5–11 shift types and 4–12 weeks, each
# with five seeds. The seeds were fixed here before any instance of these classes was solved.
LARGE_CLASSES = (
    (30, 28, 5),
    (40, 28, 7),
    (60, 42, 6),
    (50, 56, 9),
    (60, 84, 11),
)
LARGE_SEEDS = (301, 302, 303, 304, 305)


def large_suite() -> list[tuple[int, int, int, int]]:
    """(seed, staff, days, shift types) of every instance of the large size classes."""
    return [(seed, *size) for size in LARGE_CLASSES for seed in LARGE_SEEDS]


def write(out: Path, *, seed: int, staff: int, days: int, shift_types: int) -> Path:
    """Generate one instance into directory `out` and return its path."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / file_name(seed=seed, staff=staff, days=days, shift_types=shift_types)
    text = generate(seed=seed, staff=staff, days=days, shift_types=shift_types)
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--suite", type=Path, metavar="DIR", help="write the default suite of six instances to DIR")
    parser.add_argument(
        "--large",
        type=Path,
        metavar="DIR",
        help="write the large size classes (five fixed seeds each) to DIR; --classes picks some",
    )
    parser.add_argument(
        "--classes", default="", help="with --large: comma-separated classes STAFFxDAYSxTYPES, e.g. 30x28x5"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--staff", type=int, default=24)
    parser.add_argument("--days", type=int, default=28, help="a whole number of weeks (default 28)")
    parser.add_argument("--shift-types", type=int, default=3, choices=sorted(SHIFT_SETS))
    parser.add_argument("--out", type=Path, default=Path(), metavar="DIR", help="directory for the file")
    args = parser.parse_args(argv)
    if args.large is not None:
        wanted = {c for c in args.classes.split(",") if c}
        for seed, staff, days, shift_types in large_suite():
            if wanted and f"{staff}x{days}x{shift_types}" not in wanted:
                continue
            print(write(args.large, seed=seed, staff=staff, days=days, shift_types=shift_types), flush=True)
        return 0
    if args.suite is not None:
        for seed, staff, days, shift_types in SUITE:
            print(write(args.suite, seed=seed, staff=staff, days=days, shift_types=shift_types))
        return 0
    try:
        print(write(args.out, seed=args.seed, staff=args.staff, days=args.days, shift_types=args.shift_types))
    except (ValueError, GenerationError) as exc:
        parser.error(str(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
