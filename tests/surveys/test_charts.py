"""SVG charts: well-formed, accessible, escaped, free of style and script, honest about
suppressed results, proportional, and readable without colour."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from itertools import pairwise

import pytest
from django.utils.safestring import SafeString

from surveys import charts
from surveys.charts import (
    Bar,
    DistributionRow,
    Series,
    bar_chart,
    distribution_chart,
    heatmap,
    line_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>&"'
NUMBER = re.compile(r"\d")


def parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 - our own output, parsed to check it


def local(element: ET.Element) -> str:
    return element.tag.removeprefix(SVG)


def texts(element: ET.Element) -> list[str]:
    """Every drawn text, one string per <text> (tspans joined by spaces)."""
    return [
        " ".join(part for part in node.itertext() if part.strip())
        for node in element.iter(f"{SVG}text")
    ]


def by_id(root: ET.Element, suffix: str) -> ET.Element:
    matches = [node for node in root.iter() if node.get("id", "").endswith(suffix)]
    assert len(matches) == 1, suffix
    return matches[0]


def luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: str, second: str = "#ffffff") -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def sample_bar(label: str = "Health", title: str = "Domain scores") -> str:
    return bar_chart(
        title=title,
        description="Mean score in each domain.",
        bars=[Bar(label, 3.8, 3.5), Bar("Security", None, 3.1), Bar("Purpose", 5.0)],
        max_value=5,
        compare_label="Trust average",
    )


def sample_distribution(label: str = "Workload", title: str = "Answers") -> str:
    return distribution_chart(
        title=title,
        description="How staff answered.",
        rows=[
            DistributionRow(label, [0.1, 0.2, 0.3, 0.4]),
            DistributionRow("Voice", None),
        ],
        labels=["Strongly disagree", "Disagree", "Agree", "Strongly agree"],
    )


def sample_heatmap(label: str = "Brookside", title: str = "Schools by domain") -> str:
    return heatmap(
        title=title,
        description="Mean score per school and domain.",
        row_labels=[label, "Oakfield"],
        column_labels=["Health", "Purpose"],
        values=[[3.2, None], [4.1, 2.0]],
        low=1,
        high=5,
    )


def sample_line(label: str = "Brookside", title: str = "Trend") -> str:
    return line_chart(
        title=title,
        description="Mean score across waves.",
        x_labels=["Autumn", "Spring", "Summer"],
        series=[Series(label, [3.0, None, 3.6]), Series("Trust", [3.2, 3.3, 3.4])],
        min_value=1,
        max_value=5,
    )


SAMPLES: dict[str, Callable[..., str]] = {
    "bar": sample_bar,
    "distribution": sample_distribution,
    "heatmap": sample_heatmap,
    "line": sample_line,
}
EMPTY: dict[str, Callable[[], str]] = {
    "bar": lambda: bar_chart(title="T", description="D.", bars=[], max_value=5),
    "distribution": lambda: distribution_chart(title="T", description="D.", rows=[], labels=["A"]),
    "heatmap": lambda: heatmap(
        title="T", description="D.", row_labels=[], column_labels=[], values=[], low=1, high=5
    ),
    "heatmap-no-columns": lambda: heatmap(
        title="T", description="D.", row_labels=["A"], column_labels=[], values=[[]], low=1, high=5
    ),
    "line": lambda: line_chart(
        title="T", description="D.", x_labels=[], series=[], min_value=1, max_value=5
    ),
    "line-all-gaps": lambda: line_chart(
        title="T",
        description="D.",
        x_labels=["A", "B"],
        series=[Series("S", [None, None])],
        min_value=1,
        max_value=5,
    ),
}
ALL = {**SAMPLES, **{f"empty-{name}": make for name, make in EMPTY.items()}}


@pytest.mark.parametrize("make", ALL.values(), ids=ALL.keys())
def test_every_chart_is_well_formed_accessible_svg(make: Callable[[], str]) -> None:
    svg = make()
    assert isinstance(svg, SafeString)
    root = parse(svg)
    assert local(root) == "svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("viewBox", "").startswith("0 0 ")
    assert root.get("font-family") == "sans-serif"
    title_id, desc_id = root.get("aria-labelledby", "").split()
    assert local(by_id(root, title_id)) == "title"
    assert local(by_id(root, desc_id)) == "desc"
    assert by_id(root, title_id).text
    assert by_id(root, desc_id).text
    ids = [node.get("id") for node in root.iter() if node.get("id")]
    assert len(ids) == len(set(ids))
    # Every url(#...) reference points at something in this chart.
    for node in root.iter():
        for value in node.attrib.values():
            for target in re.findall(r"url\(#([^)]+)\)", value):
                assert target in ids


@pytest.mark.parametrize("make", ALL.values(), ids=ALL.keys())
def test_no_style_script_or_classes_anywhere(make: Callable[[], str]) -> None:
    svg = make()
    root = parse(svg)
    for node in root.iter():
        assert "style" not in node.attrib
        assert "class" not in node.attrib
        assert local(node) not in {"script", "style", "foreignObject", "a", "image"}
        assert not any(key.startswith("on") for key in node.attrib)
    assert "<script" not in svg.lower()


@pytest.mark.parametrize("make", SAMPLES.values(), ids=SAMPLES.keys())
def test_ids_are_unique_across_calls_even_with_the_same_title(make: Callable[[], str]) -> None:
    first, second = parse(make()), parse(make())
    first_ids = {node.get("id") for node in first.iter() if node.get("id")}
    second_ids = {node.get("id") for node in second.iter() if node.get("id")}
    assert first_ids
    assert not first_ids & second_ids
    title_id = first.get("aria-labelledby", "").split()[0]
    assert title_id.startswith("chart-")


def test_id_is_a_slug_of_the_title() -> None:
    root = parse(sample_bar(title="Domain scores: Autumn 2026"))
    assert re.fullmatch(
        r"chart-domain-scores-autumn-2026-[0-9a-f]{8}-title",
        root.get("aria-labelledby", "").split()[0],
    )


@pytest.mark.parametrize("make", SAMPLES.values(), ids=SAMPLES.keys())
def test_user_text_is_escaped_and_round_trips(make: Callable[..., str]) -> None:
    svg = make(label=HOSTILE, title=f"Title {HOSTILE}")
    assert "<script>" not in svg
    assert "&lt;script&gt;&amp;" in svg
    root = parse(svg)
    assert HOSTILE in texts(root)
    title_id = root.get("aria-labelledby", "").split()[0]
    assert by_id(root, title_id).text == f"Title {HOSTILE}"
    assert not [node for node in root.iter() if local(node) == "script"]


def test_characters_xml_forbids_are_dropped_rather_than_breaking_the_chart() -> None:
    svg = bar_chart(
        title="Bad\x00 title",
        description="Pasted\x0b text",
        bars=[Bar("Nul\x01led", 2)],
        max_value=5,
    )
    root = parse(svg)
    assert "Nulled" in texts(root)
    assert root.find(f"{SVG}title") is not None
    assert root.findtext(f"{SVG}title") == "Bad title"


def test_description_is_kept_and_suppression_is_summarised() -> None:
    root = parse(sample_bar())
    desc = root.find(f"{SVG}desc")
    assert desc is not None and desc.text is not None
    assert desc.text.startswith("Mean score in each domain.")
    assert "1 of 3 results is suppressed" in desc.text


def _hatched(element: ET.Element) -> list[ET.Element]:
    return [
        node
        for node in element.iter(f"{SVG}rect")
        if (node.get("fill") or "").startswith("url(#") and node.get("stroke-dasharray")
    ]


def test_suppressed_bar_is_marked_and_has_no_number() -> None:
    root = parse(sample_bar())
    row = by_id(root, "-row-1")
    assert texts(row) == ["Security", "suppressed"]
    assert len(_hatched(row)) == 1
    # The comparison of a suppressed bar is left out too.
    assert not list(row.iter(f"{SVG}line"))
    for index in (0, 2):
        assert not _hatched(by_id(root, f"-row-{index}"))
        assert "suppressed" not in texts(by_id(root, f"-row-{index}"))


def test_suppressed_distribution_row_is_marked_and_has_no_number() -> None:
    root = parse(sample_distribution())
    row = by_id(root, "-row-1")
    assert texts(row) == ["Voice", "suppressed"]
    assert len(_hatched(row)) == 1
    shown = by_id(root, "-row-0")
    assert not _hatched(shown)
    assert texts(shown) == ["Workload", "10%", "20%", "30%", "40%"]


def test_suppressed_heatmap_cell_is_marked_and_has_no_number() -> None:
    root = parse(sample_heatmap())
    row = by_id(root, "-row-0")
    assert texts(row) == ["Brookside", "3.2", "suppressed"]
    assert len(_hatched(row)) == 1
    assert texts(by_id(root, "-row-1")) == ["Oakfield", "4.1", "2.0"]


def test_line_gaps_break_the_line_and_draw_no_point() -> None:
    root = parse(sample_line())
    gappy = by_id(root, "-series-0")
    # Two points either side of a gap: no segment can join them, so no path at all.
    assert not list(gappy.iter(f"{SVG}path"))
    markers = [node for node in gappy if local(node) in {"circle", "rect", "path"}]
    assert len(markers) == 2
    full = by_id(root, "-series-1")
    paths = list(full.iter(f"{SVG}path"))
    assert len(paths) == 1
    assert paths[0].get("d", "").count("L") == 2
    desc = root.find(f"{SVG}desc")
    assert desc is not None and "Gaps mark waves with no result shown (1 in all)." in (
        desc.text or ""
    )


def test_bar_lengths_are_proportional_to_values() -> None:
    values = [1.0, 2.5, 4.0, 5.0, 0.0]
    root = parse(
        bar_chart(
            title="T",
            description="D.",
            bars=[Bar(f"Bar {chr(65 + i)}", value) for i, value in enumerate(values)],
            max_value=5,
        )
    )
    widths = []
    for index in range(len(values)):
        rects = list(by_id(root, f"-row-{index}").iter(f"{SVG}rect"))
        assert len(rects) == 1
        widths.append(float(rects[0].get("width", "nan")))
    full = widths[3]
    assert full > 0
    for value, width in zip(values, widths, strict=True):
        assert width == pytest.approx(full * value / 5, abs=0.01)


def test_distribution_segments_are_proportional_to_shares() -> None:
    root = parse(sample_distribution())
    rects = list(by_id(root, "-row-0").iter(f"{SVG}rect"))
    widths = [float(rect.get("width", "nan")) for rect in rects]
    total = sum(widths)
    assert [width / total for width in widths] == pytest.approx([0.1, 0.2, 0.3, 0.4])
    # Segments touch, left to right.
    xs = [float(rect.get("x", "nan")) for rect in rects]
    for x, width, next_x in zip(xs, widths, xs[1:], strict=False):
        assert x + width == pytest.approx(next_x, abs=0.02)


def test_heatmap_shade_darkens_as_the_value_rises() -> None:
    values = [0.0, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 6.0]
    root = parse(
        heatmap(
            title="T",
            description="D.",
            row_labels=["Row"],
            column_labels=[f"C{i}" for i in range(len(values))],
            values=[values],
            low=1,
            high=5,
        )
    )
    fills = [rect.get("fill", "") for rect in by_id(root, "-row-0").iter(f"{SVG}rect")]
    shades = [luminance(fill) for fill in fills]
    assert len(shades) == len(values)
    inside = shades[1:-1]
    assert all(lighter > darker for lighter, darker in pairwise(inside))
    # Beyond the range a value takes the end shade; its own number is still written.
    assert fills[0] == fills[1]
    assert fills[-1] == fills[-2]
    assert texts(by_id(root, "-row-0"))[-1] == "6.0"


def test_every_shade_and_its_text_keep_their_contrast() -> None:
    for step in range(101):
        shade = charts._shade(step / 100)
        assert contrast(shade) >= 3
        assert contrast(charts._ink_on(shade), shade) >= 4.5


def test_palette_contrast_against_white() -> None:
    for colour in (charts.BAR, charts.MUTED, *charts.SERIES_COLOURS):
        assert contrast(colour) >= 3, colour
    for colour in (charts.INK, charts.MUTED):
        assert contrast(colour) >= 4.5, colour


@pytest.mark.parametrize("make", SAMPLES.values(), ids=SAMPLES.keys())
def test_text_on_white_is_dark_enough(make: Callable[[], str]) -> None:
    root = parse(make())
    for node in root.iter(f"{SVG}text"):
        fill = node.get("fill", "")
        if fill not in {"#ffffff", "#000000"}:  # on a shade: checked above
            assert contrast(fill) >= 4.5


def test_text_in_cells_and_segments_contrasts_with_its_own_fill() -> None:
    for make in (sample_heatmap, sample_distribution):
        root = parse(make())
        for group in root.iter(f"{SVG}g"):
            children = list(group)
            for previous, node in pairwise(children):
                if local(node) == "text" and local(previous) == "rect":
                    background = previous.get("fill", "")
                    if background.startswith("#"):
                        assert contrast(node.get("fill", ""), background) >= 4.5


def test_lines_differ_by_dash_and_marker_as_well_as_colour() -> None:
    series = [Series(f"S{i}", [1.0 + i * 0.1, 2.0, 3.0]) for i in range(6)]
    root = parse(
        line_chart(
            title="T",
            description="D.",
            x_labels=["A", "B", "C"],
            series=series,
            min_value=1,
            max_value=5,
        )
    )
    dashes, shapes = set(), set()
    for index in range(len(series)):
        group = by_id(root, f"-series-{index}")
        line, marker = list(group)[:2]
        assert local(line) == "path"
        assert line.get("stroke") in charts.SERIES_COLOURS
        dashes.add(line.get("stroke-dasharray"))
        # A marker's shape: its element, hollow or filled, and its outline path.
        outline = re.sub(r"^M[-\d.]+,[-\d.]+", "", marker.get("d", ""))
        shapes.add((local(marker), marker.get("fill") == "#ffffff", outline))
    assert len(dashes) == len(series)
    assert len(shapes) == len(charts.MARKERS)
    # Several series: the latest value of each is written at the right-hand end.
    assert {f"S{i} 3.0" for i in range(6)} <= set(texts(root))


def test_single_series_has_every_point_labelled() -> None:
    root = parse(
        line_chart(
            title="T",
            description="D.",
            x_labels=["A", "B", "C"],
            series=[Series("Only", [3.0, 3.25, 4.0])],
            min_value=1,
            max_value=5,
            decimals=2,
        )
    )
    assert texts(by_id(root, "-series-0")) == ["3.00", "3.25", "4.00"]


def test_units_decimals_and_comparison_are_written_out() -> None:
    root = parse(
        bar_chart(
            title="Favourable",
            description="Share favourable.",
            bars=[Bar("Health", 72.4, 65)],
            max_value=100,
            unit="%",
            compare_label="Previous wave",
            decimals=0,
        )
    )
    assert texts(by_id(root, "-row-0")) == ["Health", "72%", "Previous wave 65%"]
    assert "Previous wave" in texts(root)
    # Round ticks along the axis.
    assert {"0%", "20%", "40%", "60%", "80%", "100%"} <= set(texts(root))


def test_long_labels_wrap_onto_two_lines_and_end_in_an_ellipsis() -> None:
    label = "St Mary's Church of England Voluntary Aided Primary School and Nursery"
    root = parse(bar_chart(title="T", description="D.", bars=[Bar(label, 2)], max_value=5))
    node = next(by_id(root, "-row-0").iter(f"{SVG}text"))
    lines = [span.text or "" for span in node]
    assert len(lines) == 2
    assert lines[-1].endswith("…")
    assert " ".join(lines).startswith("St Mary's Church of")


@pytest.mark.parametrize("name", EMPTY.keys())
def test_empty_charts_say_so_in_their_description(name: str) -> None:
    root = parse(EMPTY[name]())
    desc = root.find(f"{SVG}desc")
    assert desc is not None
    assert desc.text == "D. There is no data to show."
    assert texts(root) == ["No data to show"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: bar_chart(title="T", description="", bars=[], max_value=0), "max_value"),
        (
            lambda: bar_chart(
                title="T", description="", bars=[Bar("A", float("nan"))], max_value=5
            ),
            "value nan of bar 'A' is not a number",
        ),
        (
            lambda: bar_chart(
                title="T", description="", bars=[Bar("A", 1, float("inf"))], max_value=5
            ),
            "compare inf of bar 'A' is not a number",
        ),
        (
            lambda: distribution_chart(
                title="T", description="", rows=[DistributionRow("A", [0.5, 0.5])], labels=["x"]
            ),
            "2 shares for 1 labels",
        ),
        (
            lambda: distribution_chart(
                title="T",
                description="",
                rows=[DistributionRow("A", [0.5, 0.4])],
                labels=["x", "y"],
            ),
            "add up to 0.900",
        ),
        (
            lambda: distribution_chart(
                title="T",
                description="",
                rows=[DistributionRow("A", [1.2, -0.2])],
                labels=["x", "y"],
            ),
            "negative",
        ),
        (
            lambda: heatmap(
                title="T",
                description="",
                row_labels=["A"],
                column_labels=["x"],
                values=[[1.0]],
                low=5,
                high=5,
            ),
            "must be above low",
        ),
        (
            lambda: heatmap(
                title="T",
                description="",
                row_labels=["A", "B"],
                column_labels=["x"],
                values=[[1.0]],
                low=1,
                high=5,
            ),
            "1 rows of values for 2 row labels",
        ),
        (
            lambda: heatmap(
                title="T",
                description="",
                row_labels=["A"],
                column_labels=["x", "y"],
                values=[[1.0]],
                low=1,
                high=5,
            ),
            "'A' has 1 values for 2 columns",
        ),
        (
            lambda: line_chart(
                title="T", description="", x_labels=["a"], series=[], min_value=5, max_value=1
            ),
            "must be above min_value",
        ),
        (
            lambda: line_chart(
                title="T",
                description="",
                x_labels=["a", "b"],
                series=[Series("S", [1.0])],
                min_value=1,
                max_value=5,
            ),
            "'S' has 1 values for 2 x labels",
        ),
        (
            lambda: line_chart(
                title="T",
                description="",
                x_labels=["a"],
                series=[Series("S", [float("nan")])],
                min_value=1,
                max_value=5,
            ),
            "not a number",
        ),
    ],
)
def test_bad_input_is_refused(make: Callable[[], str], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        make()


def test_values_beyond_the_axis_are_drawn_at_its_end_and_written_as_they_are() -> None:
    root = parse(
        bar_chart(
            title="T",
            description="D.",
            bars=[Bar("Over", 6, 7), Bar("Under", -1), Bar("Full", 5)],
            max_value=5,
        )
    )
    widths = [
        float(next(by_id(root, f"-row-{index}").iter(f"{SVG}rect")).get("width", "nan"))
        for index in range(3)
    ]
    assert widths[0] == widths[2] > 0
    assert widths[1] == 0
    assert texts(by_id(root, "-row-0"))[1:] == ["6.0", "Comparison 7.0"]
    assert texts(by_id(root, "-row-1"))[1:] == ["-1.0"]
    line = parse(
        line_chart(
            title="T",
            description="D.",
            x_labels=["a", "b"],
            series=[Series("S", [9.0, 5.0])],
            min_value=1,
            max_value=5,
        )
    )
    points = list(by_id(line, "-series-0").iter(f"{SVG}circle"))
    assert points[0].get("cy") == points[1].get("cy")
    assert texts(by_id(line, "-series-0")) == ["9.0", "5.0"]


def test_distribution_tolerates_rounding_in_shares() -> None:
    svg = distribution_chart(
        title="T",
        description="",
        rows=[DistributionRow("A", [0.333, 0.333, 0.333])],
        labels=["x", "y", "z"],
    )
    assert parse(svg) is not None
