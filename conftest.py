"""Shared fixtures: the small test world and its personas (see tomoni/testing.py)."""

import pytest
from django.conf import settings

from tomoni.testing import World, build_world


def pytest_configure(config: pytest.Config) -> None:
    # Argon2 (the production hasher) spends about a second per password here by design; the tests
    # make thousands of logins, so they hash with MD5. tomoni/core/tests/test_login.py checks Argon2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Jobs run inline, so what a job writes is there when the request under test returns.
    settings.JOBS_IN_THREAD = False


@pytest.fixture
def world(db: None) -> World:
    return build_world()
