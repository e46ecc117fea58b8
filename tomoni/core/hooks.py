"""What core asks of the apps above it, without importing them: each hook is filled in by the app
that knows the answer, in its AppConfig.ready (layers import only downward).

- `nav_places(user)`: the places of the main navigation (filled in by the federation).
- `own_person_ids(user_id)`: the people of the register who are this user (filled in by members).
- `saved_language(user_id)`: the language a login chose to read Tomoni in, or "" (filled in by preferences).

Unfilled, a hook answers "nothing", so core works on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tomoni.core.models import User

_nav_places: Callable[[User], Any] | None = None
_own_person_ids: Callable[[int], frozenset[int]] | None = None
_saved_language: Callable[[int], str] | None = None


def provide_nav_places(provider: Callable[[User], Any]) -> None:
    """Name the function that lists the places a user's main navigation reaches."""
    global _nav_places
    _nav_places = provider


def provide_own_person_ids(provider: Callable[[int], frozenset[int]]) -> None:
    """Name the function that finds the people of the register a user account stands for."""
    global _own_person_ids
    _own_person_ids = provider


def nav_places(user: User) -> Any:
    """The places of the main navigation for a signed-in user, or None when no app provides them."""
    return None if _nav_places is None else _nav_places(user)


def own_person_ids(user_id: int) -> frozenset[int]:
    """The ids of the people a user account stands for (none when no app provides them)."""
    return frozenset() if _own_person_ids is None else _own_person_ids(user_id)


def provide_saved_language(provider: Callable[[int], str]) -> None:
    """Name the function that finds the language a login chose (its reading preferences)."""
    global _saved_language
    _saved_language = provider


def saved_language(user_id: int) -> str:
    """The language a login chose to read Tomoni in; "" when it chose none (or no app provides it)."""
    return "" if _saved_language is None else _saved_language(user_id)
