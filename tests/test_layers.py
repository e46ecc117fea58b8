"""Layers import only downward (DESIGN.md, "Layers"): import-linter's contracts in pyproject.toml hold."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings


def test_the_import_contracts_are_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=settings.BASE_DIR, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


# Views and API classes parse, call one selector or service, and render (DESIGN.md, "rooms"). Each file that
# keeps that rule is listed here, so a query slipping back into one fails.
ORM_FREE = [
    "tomoni/federation/views.py",
    "tomoni/federation/api.py",
    "tomoni/reports/registry/views.py",
    "tomoni/reports/registry/api.py",
]
QUERY_CALLS = re.compile(
    r"\.objects\b|\.(filter|exclude|order_by|select_related|prefetch_related|annotate|aggregate|values_list)\("
)


@pytest.mark.parametrize("path", ORM_FREE)
def test_views_and_api_classes_hold_no_orm_query(path: str) -> None:
    source = (Path(settings.BASE_DIR) / path).read_text(encoding="utf-8")
    found = [line.strip() for line in source.splitlines() if QUERY_CALLS.search(line)]
    assert not found, found
