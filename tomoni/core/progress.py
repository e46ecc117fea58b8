"""A text progress bar that updates in place: phase name and percent."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Weighted phases on one bar: `advance(phase, units)` moves it, redrawing at most every 0.1 s.

    On a terminal the bar redraws in place with a carriage return; elsewhere (logs, tests) it writes
    a line when the phase changes, at most once a second, so output stays readable.
    """

    WIDTH = 30

    def __init__(self, total_units: float, *, stream: TextIO | None = None, enabled: bool = True) -> None:
        self.total = max(float(total_units), 1.0)
        self.done = 0.0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self.interactive = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.phase = ""
        self._drawn_at = 0.0
        self._last_line_phase = ""

    def advance(self, phase: str, units: float = 0.0) -> None:
        """Add `units` of work done in `phase` and redraw."""
        self.done = min(self.total, self.done + units)
        self.phase = phase
        self._draw(force=False)

    def finish(self, phase: str) -> None:
        self.done = self.total
        self.phase = phase
        self._draw(force=True)
        if self.interactive:
            self.stream.write("\n")
            self.stream.flush()

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total)

    def render(self) -> str:
        filled = int(self.WIDTH * self.done / self.total)
        return f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.percent:3d}%  {self.phase}"

    def _draw(self, *, force: bool) -> None:
        if not self.enabled:
            return
        if self.interactive:
            moment = time.monotonic()
            if not force and moment - self._drawn_at < 0.1:
                return
            self._drawn_at = moment
            self.stream.write("\r\x1b[2K" + self.render())
            self.stream.flush()
        elif force or (self.phase != self._last_line_phase and time.monotonic() - self._drawn_at >= 1.0):
            self._drawn_at = time.monotonic()
            self._last_line_phase = self.phase
            self.stream.write(self.render() + "\n")
            self.stream.flush()
