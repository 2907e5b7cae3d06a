"""The surveys template filters."""

from __future__ import annotations

import pytest
from django.template.defaultfilters import floatformat

from surveys.templatetags.surveys_tags import mean, percent


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (3.456, "3.46"),
        (2.675, "2.68"),  # half up, as written (the float itself is just under)
        (4, "4.00"),
        (0.0, "0.00"),
        (None, "–"),
        ("", "–"),  # a missing score's attribute reaches the filter as ''
        (float("nan"), "–"),
    ],
)
def test_a_mean_shows_two_decimals_and_a_dash_when_there_is_none(value: object, shown: str) -> None:
    assert mean(value) == shown


def test_a_mean_reads_exactly_as_floatformat_did() -> None:
    """The filter replaced floatformat:2 on the results pages (the governor reports still
    use it). Means are k/n, so halves are common: every k/40 and k/8 is checked, and a
    spread of other values."""
    values = [k / n for n in (8, 40, 120) for k in range(n, 5 * n + 1)]
    values += [1 + k / 997 for k in range(4 * 997)]
    assert [mean(v) for v in values] == [floatformat(v, 2) for v in values]


def test_a_share_shows_as_a_whole_percentage() -> None:
    assert percent(0.734) == "73%"
    assert percent(None) == "–"
