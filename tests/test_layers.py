"""Layers import only downward (DESIGN.md, "Layers"): import-linter's contracts in pyproject.toml hold."""

from __future__ import annotations

import ast
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
    "tomoni/reports/audit/views.py",
    "tomoni/federation/api.py",
    "tomoni/reports/registry/views.py",
    "tomoni/reports/registry/api.py",
    "tomoni/governance/views.py",
    "tomoni/governance/views_delegates.py",
    "tomoni/governance/views_voice.py",
    "tomoni/governance/api.py",
    "tomoni/governance/api_delegates.py",
    "tomoni/governance/api_voice.py",
    "tomoni/capital/views.py",
    "tomoni/capital/views_appropriation.py",
    "tomoni/capital/api.py",
    "tomoni/capital/api_appropriation.py",
]
QUERY_CALLS = re.compile(
    r"\.objects\b|\.(filter|exclude|order_by|select_related|prefetch_related|annotate|aggregate|values_list)\("
)
# A relation field's placeholder (`Model.objects.none()`, replaced by a selector's queryset) runs no query.
PLACEHOLDER = re.compile(r"\.objects\.none\(\)")


@pytest.mark.parametrize("path", ORM_FREE)
def test_views_and_api_classes_hold_no_orm_query(path: str) -> None:
    source = (Path(settings.BASE_DIR) / path).read_text(encoding="utf-8")
    found = [line.strip() for line in source.splitlines() if QUERY_CALLS.search(PLACEHOLDER.sub("", line))]
    assert not found, found


@pytest.mark.parametrize("path", ORM_FREE)
def test_views_and_api_classes_import_no_query_builder(path: str) -> None:
    """A page or API class builds no query: it imports none of django.db.models' query expressions."""
    tree = ast.parse((Path(settings.BASE_DIR) / path).read_text(encoding="utf-8"))
    builders = {"Q", "F", "OuterRef", "Subquery", "Exists", "Count", "Sum", "Prefetch", "Value"}
    found = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django.db.models")
        for alias in node.names
        if alias.name in builders
    ]
    assert not found, found
