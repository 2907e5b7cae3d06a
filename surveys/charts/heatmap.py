"""A grid of shaded cells: schools (rows) by domains (columns)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.safestring import SafeString

from .canvas import _Chart
from .layout import _chars, _finite, _number, _require, _row_label, _suppressed_summary, _wrap
from .palette import MUTED, WHITE, _ink_on, _shade
from .svg import FONT, LINE, PLOT_X, SMALL, WIDTH, _el, _lines, _rect, _text


def heatmap(
    *,
    title: str,
    description: str,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    values: Sequence[Sequence[float | None]],
    low: float,
    high: float,
    decimals: int = 1,
) -> SafeString:
    """A grid of cells shaded from ``low`` (light) to ``high`` (dark), each with its
    value written in it; a value beyond the range takes the end shade. None is
    suppressed."""
    _check_grid(row_labels, column_labels, values, low, high)
    chart = _Chart(title)
    if not row_labels or not column_labels:
        return chart.empty(description)

    column_width = _column_width(column_labels)
    row_height = 36
    width = max(WIDTH, PLOT_X + column_width * len(column_labels) + 10)
    top = _draw_headings(chart, column_labels, column_width)
    for row_index, (label, row) in enumerate(zip(row_labels, values, strict=True)):
        y = top + row_index * row_height
        parts = [_row_label(y + row_height / 2 + 5, label)]
        for column, value in enumerate(row):
            x = PLOT_X + column * column_width
            parts.append(_cell(chart, x, y, column_width, row_height, value, low, high, decimals))
        chart.add(_el("g", "".join(parts), id=f"{chart.id}-row-{row_index}"))

    key_y = top + len(row_labels) * row_height + 14
    _draw_key(chart, key_y, low, high, decimals)
    cells = [value for row in values for value in row]
    summary = (
        f"Darker cells are higher, on a scale from {_number(low, decimals)} "
        f"to {_number(high, decimals)}. "
        + _suppressed_summary(sum(value is None for value in cells), len(cells))
    )
    return chart.render(description, summary.strip(), height=key_y + 26, width=width)


def _check_grid(
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    values: Sequence[Sequence[float | None]],
    low: float,
    high: float,
) -> None:
    _require(
        _finite(low) and _finite(high) and high > low, f"high ({high}) must be above low ({low})"
    )
    _require(
        len(values) == len(row_labels),
        f"{len(values)} rows of values for {len(row_labels)} row labels",
    )
    for label, row in zip(row_labels, values, strict=True):
        _require(
            len(row) == len(column_labels),
            f"row {label!r} has {len(row)} values for {len(column_labels)} columns",
        )
        _require(
            all(value is None or _finite(value) for value in row),
            f"row {label!r} has a value that is not a number",
        )


def _column_width(column_labels: Sequence[str]) -> float:
    """Wide enough that the longest word of a heading fits (bold text runs wider)."""
    longest = max(len(word) for label in column_labels for word in [*label.split(), ""])
    return min(160.0, max(88.0, longest * FONT * 0.62 + 12))


def _draw_headings(chart: _Chart, column_labels: Sequence[str], column_width: float) -> int:
    """The column headings, bold, on up to three lines; returns the y where rows start."""
    headings = [_wrap(label, _chars(column_width - 8, FONT * 1.1), 3) for label in column_labels]
    top = max(len(lines) for lines in headings) * LINE + 10
    for column, lines in enumerate(headings):
        x = PLOT_X + column * column_width + column_width / 2
        first = top - 8 - (len(lines) - 1) * LINE
        chart.add(_lines(x, first, lines, anchor="middle", weight="bold"))
    return top


def _cell(
    chart: _Chart,
    x: float,
    y: float,
    width: float,
    height: float,
    value: float | None,
    low: float,
    high: float,
    decimals: int,
) -> str:
    """One cell: shaded with its value written in it, or the mark for a suppressed one."""
    if value is None:
        return chart.suppressed_cell(x, y, width, height)
    colour = _shade((min(max(value, low), high) - low) / (high - low))
    return _rect(x, y, width, height, fill=colour, stroke=WHITE, stroke_width=2) + _text(
        x + width / 2,
        y + height / 2 + 5,
        _number(value, decimals),
        anchor="middle",
        weight="bold",
        fill=_ink_on(colour),
    )


def _draw_key(chart: _Chart, key_y: float, low: float, high: float, decimals: int) -> None:
    """Five shades from ``low`` to ``high``, each with its value."""
    chart.add(_text(PLOT_X - 10, key_y + 14, "Shade", size=SMALL, anchor="end", fill=MUTED))
    for step in range(5):
        x = PLOT_X + step * 64
        chart.add(_rect(x, key_y + 2, 14, 14, fill=_shade(step / 4)))
        key = _number(low + (high - low) * step / 4, decimals)
        chart.add(_text(x + 20, key_y + 14, key, size=SMALL))
