"""Test hooks of the reading preferences for the project-wide scope tests (see tomoni.testing.context_hooks)."""

# The display switches change only the reader's own display (or this browser's): open to everyone.
PUBLIC = {"preferences:display"}


def url_values(world: object) -> dict[str, object]:
    """No URL of this app takes an argument."""
    return {}
