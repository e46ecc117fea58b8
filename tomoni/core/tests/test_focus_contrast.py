"""The focus outline has at least 3:1 contrast against the page (WCAG 2.2 2.4.11 and 1.4.11)."""

from __future__ import annotations

import re
from pathlib import Path

CSS = Path(__file__).resolve().parents[1] / "static" / "tomoni" / "site.css"


def luminance(hex_colour: str) -> float:
    """Relative luminance as WCAG defines it."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def variables(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", block))


def test_the_focus_colour_has_at_least_3_to_1_contrast_against_the_page_and_the_buttons() -> None:
    css = CSS.read_text()
    root = variables(re.search(r":root \{([^}]*)\}", css).group(1))  # type: ignore[union-attr]

    assert contrast(root["focus"], root["paper"]) >= 3
    # The yellow halo outside the dark ring stands out against a blue button and against the ring itself.
    assert contrast(root["focus-halo"], root["accent"]) >= 3
    assert contrast(root["focus-halo"], root["focus"]) >= 3


def test_no_rule_draws_the_old_low_contrast_amber_outline() -> None:
    assert "#f0a500" not in CSS.read_text()
