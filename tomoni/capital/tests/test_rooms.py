"""Capital's pages and API parse input, call one selector or service and render: no ORM query of their own."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CAPITAL = Path(__file__).resolve().parent.parent
VIEWS_AND_API = sorted(p for p in CAPITAL.rglob("*.py") if p.stem.startswith(("views", "api")))


@pytest.mark.parametrize("path", VIEWS_AND_API, ids=lambda p: str(p.relative_to(CAPITAL)))
def test_a_view_or_api_module_reaches_no_model_manager(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))

    managers = [
        f"line {node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager"}
    ]

    assert managers == []
