"""The surveys template filters."""

from __future__ import annotations

import pytest
from django.template.defaultfilters import floatformat

from surveys.templatetags.surveys_tags import mean, percent


@pytest.mark.parametrize(
    ("value", "shown"), [(3.456, "3.46"), (4.0, "4.00"), (0.0, "0.00"), (None, "–")]
)
def test_a_mean_shows_two_decimals_and_a_dash_when_hidden(value: float | None, shown: str) -> None:
    assert mean(value) == shown


def test_a_mean_reads_as_floatformat_did_away_from_exact_halves() -> None:
    """The filter replaced floatformat:2 on the results pages; away from an exact half
    (which a mean of answers almost never is) the two agree."""
    values = [1 + k / 997 for k in range(4 * 997)]
    assert [mean(v) for v in values] == [floatformat(v, 2) for v in values]


def test_a_share_shows_as_a_whole_percentage() -> None:
    assert percent(0.734) == "73%"
    assert percent(None) == "–"
