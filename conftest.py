"""Shared fixtures: the small test world and its personas (see tomoni/testing.py)."""

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tomoni.testing import World, build_world

# Properties are checked on the same number of examples everywhere; on a loaded 2-core CI machine the time one
# example takes says nothing about the property, so neither a deadline nor a slow generation fails a test.
hypothesis_settings.register_profile("tomoni", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("tomoni")


def pytest_configure(config: pytest.Config) -> None:
    # Argon2 (the production hasher) spends about a second per password here by design; the tests
    # make thousands of logins, so they hash with MD5. tomoni/core/tests/test_login.py checks Argon2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Jobs run inline, so what a job writes is there when the request under test returns.
    settings.JOBS_IN_THREAD = False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The schemathesis run over the whole API (tests/test_api_schema_conformance.py) is a CI step of its own:
    the suite leaves it out unless the run selects it with `-m api_schema`.

    The tests that load the full replica go first: under pytest-xdist (`--dist loadfile`) their file then starts
    on one process while the other works through the rest, instead of running alone at the end.
    """
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
    markexpr = config.option.markexpr or ""
    if "api_schema" in markexpr and "not api_schema" not in markexpr:
        return
    kept = [item for item in items if "api_schema" not in item.keywords]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if "api_schema" in item.keywords])
        items[:] = kept


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def _language_of_the_site() -> Iterator[None]:
    """Each test starts and ends in the site's language (Japanese).

    A request activates its user's language in the thread that served it, and the test client serves in the
    test's own thread: without this, a test would read its messages in whatever language an earlier test's
    last request left active, and pass or fail by the order the tests happen to run in.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
