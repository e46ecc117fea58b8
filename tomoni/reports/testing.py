"""Test hooks of the reports layer for the project-wide scope tests (see tomoni.testing.context_hooks)."""

from __future__ import annotations

from tomoni.testing import World

PUBLIC: set[str] = set()
# The start page lists only the person's own reminders and those of the places their grants reach.
OWN_ONLY: set[str] = {"reports:start"}
NOT_FOUND: set[str] = set()
API_MEMBER_ROUTES: set[str] = set()


def url_values(world: World) -> dict[str, object]:
    """The start page takes no arguments."""
    return {}
