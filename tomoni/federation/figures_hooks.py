"""Figures the contexts above federation add to its published figures, registered in their AppConfig.ready.

Federation sits below them and never imports them: the books (tomoni.operations) register here the
function that reads each coop's turnover from its monthly summaries, and work integration
(tomoni.inclusion) the one that counts the people its programmes brought along the path into work.
"""

from __future__ import annotations

import datetime as dt
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


@dataclass(frozen=True)
class Figure:
    """One published count with its label; None when it is of fewer than five people (shown as "—")."""

    key: str
    label: str
    value: int | None


WorkIntegrationSource = Callable[[Federation, dt.date], tuple[Figure, ...]]
_work_integration: list[WorkIntegrationSource] = []


def register_work_integration(source: WorkIntegrationSource) -> None:
    if source not in _work_integration:
        _work_integration.append(source)


def work_integration(federation: Federation, as_of: dt.date) -> tuple[Figure, ...]:
    """The federation's work-integration figures (tomoni.inclusion's impact, counted from records); none
    without that context."""
    for source in _work_integration:
        return source(federation, as_of)
    return ()
