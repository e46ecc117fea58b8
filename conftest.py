"""Shared fixtures: the small test world and its personas (see tomoni/testing.py)."""

import pytest

from tomoni.testing import World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()
