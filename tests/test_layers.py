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


# Views and API classes parse, call one selector or service, and render (DESIGN.md, "rooms"). The contexts that
# keep that rule are walked whole, sub-packages (governance/voting, capital/ledger, ...) included, so a page or API
# module added later is checked too, and a query slipping back into one fails.
ROOT = Path(__file__).resolve().parent.parent
ORM_FREE_CONTEXTS = ["tomoni/members", "tomoni/governance", "tomoni/capital", "tomoni/operations", "tomoni/inclusion"]
ORM_FREE = [
    "tomoni/reports/audit/views.py",
    "tomoni/federation/api.py",
    "tomoni/reports/registry/views.py",
    "tomoni/reports/registry/api.py",
    *sorted(
        path.relative_to(ROOT).as_posix()
        for context in ORM_FREE_CONTEXTS
        for pattern in ("views*.py", "api*.py")
        for path in (ROOT / context).rglob(pattern)
        if "tests" not in path.relative_to(ROOT / context).parts
    ),
]


def test_the_walk_finds_the_rooms_of_each_context() -> None:
    """The walk reaches the sub-packages: each context's pages and API modules are all listed."""
    for expected in (
        "tomoni/governance/voting/views.py",
        "tomoni/governance/voice/api.py",
        "tomoni/governance/delegates/views.py",
        "tomoni/capital/ledger/api.py",
        "tomoni/capital/appropriation/views.py",
        "tomoni/members/api.py",
        "tomoni/members/views.py",
    ):
        assert expected in ORM_FREE, expected


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
