"""The books of the test world: CWC with the standard chart, a department per centre, and the head office."""

from __future__ import annotations

import pytest

from tomoni.operations import services
from tomoni.testing import World


@pytest.fixture
def books(world: World) -> World:
    services.chart_install(actor=None, coop=world.cwc)
    services.chart_install(actor=None, coop=world.other)
    return world
