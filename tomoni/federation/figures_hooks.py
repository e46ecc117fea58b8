"""Figures the contexts above federation add to its published figures, registered in their AppConfig.ready.

Federation sits below them and never imports them: the books (tomoni.operations) register here the
function that reads each coop's turnover from its monthly summaries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tomoni.federation.models import Federation


@dataclass(frozen=True)
class Turnover:
    """A fiscal year's business revenue (事業収益) of the federation's coops, and of the one it runs directly."""

    total_yen: int
    direct_yen: int


TurnoverSource = Callable[[Federation, int], Turnover | None]
_sources: list[TurnoverSource] = []


def register_turnover(source: TurnoverSource) -> None:
    if source not in _sources:
        _sources.append(source)


def turnover(federation: Federation, fiscal_year: int) -> Turnover | None:
    """The turnover of a fiscal year from the registered source; None without books."""
    for source in _sources:
        found = source(federation, fiscal_year)
        if found is not None:
            return found
    return None
