"""The services' refusals are matched in English here; the pages and the import test each language."""

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    with translation.override("en"):
        yield
