"""The shared display helpers: minutes as hours:minutes, yen, percentages, prefectures."""

from fractions import Fraction

import pytest
from django.template import Context, Template
from django.utils import translation

from tomoni.core.templatetags.tomoni import format_minutes, format_percent


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(0, "0:00"), (5, "0:05"), (60, "1:00"), (1205, "20:05"), (121315, "2,021:55"), (-90, "-1:30"), (None, "")],
)
def test_minutes_are_shown_as_hours_and_minutes(minutes, shown):
    assert format_minutes(minutes) == shown


@pytest.mark.parametrize(
    ("ratio", "shown"),
    [
        (Fraction(5812, 6013), "96.7%"),
        (Fraction(4, 5), "80.0%"),
        (Fraction(1, 3), "33.3%"),
        (Fraction(1, 8), "12.5%"),
        (Fraction(1, 1), "100.0%"),
        (Fraction(0), "0.0%"),
        (None, "—"),
    ],
)
def test_percentages_are_rounded_once_from_the_exact_ratio(ratio, shown):
    assert format_percent(ratio) == shown


def test_percentages_round_half_up_from_the_exact_ratio():
    # f"{12.5:.0f}" gives "12" (half to even); a member reads 12.5% rounded as 13%.
    assert format_percent(Fraction(1, 8), 0) == "13%"
    assert format_percent(Fraction(5, 8), 0) == "63%"
    assert format_percent(Fraction(251, 2000), 2) == "12.55%"
    assert format_percent(Fraction(3, 4), 0) == "75%"


def test_the_template_filters_format_minutes_yen_percent_and_counts():
    rendered = Template(
        "{% load tomoni %}{{ m|hours_minutes }} {{ y|yen }} {{ r|percent }} {{ n|count }} {{ p|prefecture }}"
    ).render(Context({"m": 1500, "y": 1234567, "r": Fraction(2, 3), "n": 58693, "p": "13"}))
    with translation.override("en"):
        english = Template("{% load tomoni %}{{ p|prefecture }}").render(Context({"p": "12"}))
    assert rendered.startswith("25:00 ¥1,234,567 66.7% 58,693 ")
    assert english == "Chiba"
