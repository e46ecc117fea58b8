"""How fairly a roster shares the load (負担の公平性): nights, weekends, holidays, wishes honoured.

Pure and exact: every rate is a Fraction. A member's nights, weekends and holidays are those of this
roster plus those carried in from earlier rosters (`History`), divided by their contracted minutes over
the same span and expressed per contracted 40-hour week, so a member on reduced hours is compared with
their share, not with a full-timer's count. The spread of each rate over the members is reported as
max − min and as the Gini coefficient (0: all equal).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from tomoni.work.checker import category_counts
from tomoni.work.problem import (
    Assignment,
    FairnessReport,
    MemberFairness,
    Problem,
    Spread,
    WishKind,
)

# Rates are per contracted 40-hour week (Labour Standards Act Art 32(1)).
WEEK_MINUTES = 2400


def gini(values: Sequence[Fraction | int]) -> Fraction:
    """Gini coefficient: the mean absolute difference over all ordered pairs, divided by twice the mean."""
    n = len(values)
    total = sum(values, Fraction(0))
    if n == 0 or total == 0:
        return Fraction(0)
    ordered = sorted(Fraction(v) for v in values)
    # Σ_i Σ_j |x_i − x_j| = 2 Σ_i (2i − n + 1) x_(i) with x sorted ascending, i from 0.
    pair_sum = 2 * sum(((2 * i - n + 1) * x for i, x in enumerate(ordered)), Fraction(0))
    return Fraction(pair_sum) / (2 * n * Fraction(total))


def spread(values: Sequence[Fraction | int]) -> Spread:
    """Max − min and Gini of the values (zero for fewer than two)."""
    if len(values) < 2:
        return Spread(max_minus_min=Fraction(0), gini=Fraction(0))
    return Spread(max_minus_min=Fraction(max(values)) - Fraction(min(values)), gini=gini(values))


def _honoured(problem: Problem, assignments: Sequence[Assignment]) -> dict[str, tuple[int, int]]:
    on = {(a.member_id, a.day): a.shift_id for a in assignments}
    result: dict[str, tuple[int, int]] = {}
    for wish in problem.wishes:
        shift = on.get((wish.member_id, wish.day))
        if wish.kind == WishKind.DAY_OFF or wish.shift_id is None:
            working = shift is not None
        else:
            working = shift == wish.shift_id
        ok = working if wish.kind == WishKind.WANT else not working
        asked, honoured = result.get(wish.member_id, (0, 0))
        result[wish.member_id] = (asked + 1, honoured + int(ok))
    return result


def report(problem: Problem, assignments: Iterable[Assignment]) -> FairnessReport:
    """Per member load and wishes honoured, and the spread of each rate across the members."""
    roster = list(assignments)
    counts = category_counts(problem, roster)
    minutes = {s.id: s.worked_minutes for s in problem.shift_types}
    worked: dict[str, int] = {}
    for a in roster:
        worked[a.member_id] = worked.get(a.member_id, 0) + minutes.get(a.shift_id, 0)
    wishes = _honoured(problem, roster)
    rows = []
    for m in problem.members:
        contracted = m.contracted_minutes + m.history.contracted_minutes
        nights = counts["nights"][m.id] + m.history.nights
        weekends = counts["weekends"][m.id] + m.history.weekends
        holidays = counts["holidays"][m.id] + m.history.holidays
        asked, honoured = wishes.get(m.id, (0, 0))

        def rate(n: int, contracted: int = contracted) -> Fraction | None:
            return Fraction(n * WEEK_MINUTES, contracted) if contracted > 0 else None

        rows.append(
            MemberFairness(
                member_id=m.id,
                contracted_minutes=contracted,
                worked_minutes=worked.get(m.id, 0),
                nights=nights,
                weekends=weekends,
                holidays=holidays,
                wishes=asked,
                wishes_honoured=honoured,
                nights_rate=rate(nights),
                weekends_rate=rate(weekends),
                holidays_rate=rate(holidays),
            )
        )

    def rates(attr: str) -> list[Fraction]:
        return [r for row in rows if (r := getattr(row, attr)) is not None]

    # Members who may not work nights are left out of the nights spread: their zero is an accommodation.
    no_nights = {m.id for m in problem.members if m.no_nights}
    night_rates = [row.nights_rate for row in rows if row.nights_rate is not None and row.member_id not in no_nights]
    return FairnessReport(
        members=tuple(rows),
        nights=spread(night_rates),
        weekends=spread(rates("weekends_rate")),
        holidays=spread(rates("holidays_rate")),
        wishes_honoured=spread([Fraction(row.wishes_honoured, row.wishes) for row in rows if row.wishes]),
    )
