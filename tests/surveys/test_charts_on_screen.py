"""Charts drawn for a page: at their actual size (one unit to a CSS pixel, so no text is
shown below the 12 px it is set at), the bars and distributions narrow enough for a
375 px phone with their labels above the bars; and the heatmap coloured against an
average, with a key, a non-colour cue and text that contrasts with every cell."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest

from surveys import charts
from surveys.charts import Against, Bar, DistributionRow, bar_chart, distribution_chart, heatmap

from .test_charts import contrast, local, parse, texts

LONG = "Relationships with colleagues and line managers at work"
PHONE_COLUMN = 345  # a 375 px screen less GOV.UK's 15 px gutters


def stacked_bars() -> str:
    return bar_chart(
        title="Domain scores",
        description="Mean score in each domain.",
        bars=[Bar(LONG, 3.8, 3.5), Bar("Security", None, 3.1), Bar("Purpose", 5.0)],
        max_value=5,
        compare_label="Trust average",
        decimals=2,
        stacked=True,
    )


def stacked_distribution() -> str:
    return distribution_chart(
        title="Answers",
        description="How staff answered.",
        rows=[DistributionRow(LONG, [0.1, 0.2, 0.3, 0.4]), DistributionRow("Voice", None)],
        labels=["Strongly disagree", "Disagree", "Agree", "Strongly agree"],
        stacked=True,
    )


def against_heatmap() -> str:
    return heatmap(
        title="Schools by domain",
        description="Mean score per school and domain.",
        row_labels=["Trust average", "Brookside", "Oakfield"],
        column_labels=["Health", "Purpose"],
        values=[[3.5, 3.0], [3.2, None], [4.4, 3.05]],
        low=1,
        high=5,
        against=Against(centres=[3.5, 3.0], near=0.1),
        actual_size=True,
    )


def _size(svg: str) -> tuple[float, float]:
    root = parse(svg)
    assert root.get("width") != "100%"
    view = [float(n) for n in (root.get("viewBox") or "").split()]
    assert [float(root.get("width", 0)), float(root.get("height", 0))] == view[2:]
    return view[2], view[3]


def _font_sizes(root: ET.Element) -> list[float]:
    return [
        float(node.get("font-size") or root.get("font-size") or 0)
        for node in root.iter()
        if local(node) == "text"
    ]


@pytest.mark.parametrize("make", [stacked_bars, stacked_distribution])
def test_a_stacked_chart_fits_a_phone_at_its_actual_size(make: Callable[[], str]) -> None:
    svg = make()
    width, _ = _size(svg)
    assert width <= PHONE_COLUMN
    root = parse(svg)
    assert min(_font_sizes(root)) >= 12
    for node in root.iter():
        if local(node) in ("text", "tspan") and node.get("x") and node.get("text-anchor") is None:
            # Left-aligned text starts inside the chart, and (roughly) ends inside it.
            x = float(node.get("x", 0))
            assert 0 <= x < width
            own = (node.text or "").strip()
            assert x + len(own) * 13 * 0.56 <= width + 1, own


def test_stacked_bars_put_each_label_above_its_bar() -> None:
    root = parse(stacked_bars())
    row = next(node for node in root.iter() if node.get("id", "").endswith("-row-0"))
    label = next(node for node in row.iter() if local(node) == "text")
    bar = next(node for node in row.iter() if local(node) == "rect")
    lines = [" ".join(t.split()) for t in label.itertext() if t.strip()]
    assert " ".join(lines) == LONG  # wrapped, not cut
    assert len(lines) == 2
    assert float(label.get("y", 0)) + 15 < float(bar.get("y", 0))
    assert "Trust average 3.50" in texts(root)


def test_the_same_charts_still_scale_to_a_pdf_column_by_default() -> None:
    for svg in (
        bar_chart(title="T", description="D.", bars=[Bar("A", 1)], max_value=5),
        distribution_chart(title="T", description="D.", rows=[], labels=["A"]),
    ):
        assert parse(svg).get("width") == "100%"


def test_the_heatmap_against_an_average_has_a_key_a_cue_and_readable_text() -> None:
    svg = against_heatmap()
    _size(svg)
    root = parse(svg)
    drawn = texts(root)
    assert "Above the trust average by 0.1 or more" in drawn
    assert "Within 0.1 of the trust average" in drawn
    assert "Below the trust average by 0.1 or more" in drawn
    assert "blue with an upward triangle" in "".join(root.itertext())
    # Each shown cell's text contrasts at 4.5:1 or more with its cell.
    for node in root.iter():
        if not node.get("id", "").rsplit("-", 1)[0].endswith("-row"):
            continue
        children = list(node)
        for rect, text in itertools.pairwise(children):
            if (
                local(rect) == "rect"
                and local(text) == "text"
                and rect.get("fill", "").startswith("#")
            ):
                assert contrast(rect.get("fill", ""), text.get("fill", "")) >= 4.5
    # Up for 4.4 (above 3.5), down for 3.2 (below 3.5), none for 3.05 (near 3.0).
    triangles = [node for node in root.iter() if local(node) == "path" and node.get("fill")]
    assert len(triangles) == 2 + 2  # two in the cells, two in the key


def test_diverging_colours_darken_with_the_distance_and_keep_their_side() -> None:
    from surveys.charts.palette import _diverging, _ink_on

    near, far = _diverging("above", 0), _diverging("above", 1)
    assert contrast(far) > contrast(near)
    assert _diverging("below", 0.5) != _diverging("above", 0.5)
    for where in ("above", "below", "near"):
        for strength in (0, 0.25, 0.5, 0.75, 1):
            colour = _diverging(where, strength)
            assert contrast(colour, _ink_on(colour)) >= 4.5


def test_an_average_needs_one_centre_a_column() -> None:
    with pytest.raises(ValueError, match="one centre a column"):
        heatmap(
            title="T",
            description="D.",
            row_labels=["A"],
            column_labels=["X", "Y"],
            values=[[1.0, 2.0]],
            low=1,
            high=5,
            against=charts.Against(centres=[3.0], near=0.1),
        )


@pytest.mark.parametrize("value", [3.625, 2.675, 1.005, 4.0, 3.14159, 0.125])
def test_a_chart_writes_a_mean_as_the_table_beside_it_does(value: float) -> None:
    from surveys.templatetags.surveys_tags import mean

    svg = bar_chart(
        title="T", description="D.", bars=[Bar("A", value)], max_value=5, decimals=2, stacked=True
    )
    assert mean(value) in texts(parse(svg))
