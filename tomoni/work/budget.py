"""The search's budget: wall-clock seconds, or CP-SAT's deterministic time with the wall clock as a safety limit.

Deterministic time is CP-SAT's own count of the work it has done (about a second of one core on a quiet
machine). A search whose phases end on it does the same work whether the machine is quiet or busy, so it
gives the same roster: the single-thread solves (a member's pricing, a part of the roster) are then
repeatable exactly, and only the whole-model solves on several threads still depend on how their threads
interleave. The wall clock stays an outer limit, so a very busy machine still returns in time, with less
work done.

Units are seconds of one search thread: work done on several threads side by side (pricing members, parts
of the roster) is charged as its sum divided by the threads. Each call is charged at least
`LEAST_CALL_WORK`: what is done around it in Python (copying the model, reading the result) is not in
CP-SAT's count, and a loop of calls that each settle at once must still come to an end.
"""

from __future__ import annotations

import threading
import time

from ortools.sat.python import cp_model

LEAST_CALL_WORK = 0.01


class Budget:
    """Where the search is in its budget (`now`), and the limits a CP-SAT call gets from a point in it."""

    def __init__(self, limit: float, *, wall_limit_s: float, deterministic: bool) -> None:
        self.started = time.monotonic()
        self.limit = limit
        self.deterministic = deterministic
        self.wall_deadline = self.started + wall_limit_s
        self._used = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        """The budget spent: deterministic time charged, or seconds since the start."""
        if self.deterministic:
            return self._used
        return time.monotonic() - self.started

    def at(self, share: float) -> float:
        """The point in the budget at which this share of it is spent."""
        return self.limit * share

    def wall_left(self) -> float:
        return self.wall_deadline - time.monotonic()

    def left(self, until: float | None = None) -> float:
        """Budget left before `until` (the end by default); never more than the wall clock allows."""
        left = (self.limit if until is None else until) - self.now()
        if self.deterministic:
            return left if self.wall_left() > 0 else 0.0
        return min(left, self.wall_left())

    def over(self, until: float | None = None) -> bool:
        return self.left(until) <= 0.05

    def limit_solver(self, solver: cp_model.CpSolver, amount: float) -> None:
        """Give a CP-SAT call `amount` of the budget (and the wall clock left, as the safety limit)."""
        if self.deterministic:
            solver.parameters.max_deterministic_time = max(0.01, amount)
            solver.parameters.max_time_in_seconds = max(0.01, self.wall_left())
        else:
            solver.parameters.max_time_in_seconds = max(0.01, min(amount, self.wall_left()))

    def charge(self, work: float, *, threads: int = 1) -> None:
        """Count deterministic time spent (one call's, or the sum of calls run `threads` side by side)."""
        with self._lock:
            self._used += max(work, LEAST_CALL_WORK) / max(1, threads)

    def charge_solver(self, solver: cp_model.CpSolver, *, threads: int = 1) -> None:
        self.charge(solver.response_proto.deterministic_time, threads=threads)

    def seconds(self) -> float:
        return time.monotonic() - self.started
