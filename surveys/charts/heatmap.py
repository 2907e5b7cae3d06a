"""A grid of shaded cells: schools (rows) by domains (columns)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from django.utils.safestring import SafeString

from .canvas import _Chart
from .layout import _chars, _finite, _number, _require, _row_label, _suppressed_summary, _wrap
from .palette import INK, MUTED, NEAR, WHITE, _diverging, _ink_on, _shade
from .svg import FONT, LINE, PLOT_X, SMALL, WIDTH, _el, _lines, _n, _rect, _text

Standing = Literal["above", "near", "below"]


@dataclass(frozen=True)
class Against:
    """Cells coloured against each column's average (``centres``, None where it is not
    shown) instead of by their own value: above, within ``near`` of, or below it."""

    centres: Sequence[float | None]
    near: float
    label: str = "the trust average"

    def standing(self, value: float | None, column: int) -> Standing | None:
        return standing(value, self.centres[column], self.near)

    def colour(self, value: float, column: int) -> str:
        centre = self.centres[column]
        where = self.standing(value, column)
        if centre is None or where is None:
            return NEAR
        return _diverging(where, (abs(value - centre) - self.near) / (3 * self.near))


def standing(value: float | None, centre: float | None, near: float) -> Standing | None:
    """Whether ``value`` is above, near (less than ``near`` away from) or below
    ``centre``; None when either is not shown."""
    if value is None or centre is None:
        return None
    difference = round(value - centre, 9)
    if abs(difference) < near:
        return "near"
    return "above" if difference > 0 else "below"


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
    against: Against | None = None,
    actual_size: bool = False,
) -> SafeString:
    """A grid of cells shaded from ``low`` (light) to ``high`` (dark), each with its
    value written in it; a value beyond the range takes the end shade. None is
    suppressed. With ``against``, each cell is coloured by where it stands against its
    column's average (`Against`), marked with a triangle pointing up (above) or down
    (below) so that colour is not the only cue, with a key saying so."""
    _check_grid(row_labels, column_labels, values, low, high)
    _require(against is None or len(against.centres) == len(column_labels), "one centre a column")
    _require(against is None or (_finite(against.near) and against.near > 0), "near must be > 0")
    chart = _Chart(title)
    if not row_labels or not column_labels:
        return chart.empty(description, actual_size=actual_size)

    column_width = _column_width(column_labels)
    row_height = 36
    width = max(WIDTH, PLOT_X + column_width * len(column_labels) + 10)
    top = _draw_headings(chart, column_labels, column_width)
    for row_index, (label, row) in enumerate(zip(row_labels, values, strict=True)):
        y = top + row_index * row_height
        parts = [_row_label(y + row_height / 2 + 5, label)]
        for column, value in enumerate(row):
            x = PLOT_X + column * column_width
            fill = _fill(value, column, low, high, against)
            cell = _cell(chart, x, y, column_width, row_height, value, fill, decimals)
            if against and (where := against.standing(value, column)) in ("above", "below"):
                cell += _triangle(x + column_width - 14, y + row_height / 2, where, fill)
            parts.append(cell)
        chart.add(_el("g", "".join(parts), id=f"{chart.id}-row-{row_index}"))

    key_y = top + len(row_labels) * row_height + 14
    if against:
        bottom = _draw_against_key(chart, key_y, against)
    else:
        bottom = _draw_key(chart, key_y, low, high, decimals)
    cells = [value for row in values for value in row]
    summary = _reading(against, low, high, decimals) + _suppressed_summary(
        sum(value is None for value in cells), len(cells)
    )
    return chart.render(
        description, summary.strip(), height=bottom, width=width, actual_size=actual_size
    )


def _fill(
    value: float | None, column: int, low: float, high: float, against: Against | None
) -> str:
    if value is None:
        return NEAR
    if against:
        return against.colour(value, column)
    return _shade((min(max(value, low), high) - low) / (high - low))


def _reading(against: Against | None, low: float, high: float, decimals: int) -> str:
    """How to read the colours, for the chart's description."""
    if against is None:
        return (
            f"Darker cells are higher, on a scale from {_number(low, decimals)} "
            f"to {_number(high, decimals)}. "
        )
    near = _n(against.near)
    return (
        f"Each cell is coloured against {against.label} for its domain: blue with an upward "
        f"triangle where it is {near} or more above it, orange with a downward triangle where "
        f"it is {near} or more below, grey where it is within {near}; the further from "
        f"{against.label}, the darker. "
    )


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
    colour: str,
    decimals: int,
) -> str:
    """One cell: shaded with its value written in it, or the mark for a suppressed one."""
    if value is None:
        return chart.suppressed_cell(x, y, width, height)
    return _rect(x, y, width, height, fill=colour, stroke=WHITE, stroke_width=2) + _text(
        x + width / 2,
        y + height / 2 + 5,
        _number(value, decimals),
        anchor="middle",
        weight="bold",
        fill=_ink_on(colour),
    )


def _triangle(x: float, y: float, where: str, fill: str) -> str:
    """Up for above, down for below, in the ink of the cell's text."""
    tip, base = (-5, 4) if where == "above" else (5, -4)
    shape = f"M{_n(x - 5)},{_n(y + base)} L{_n(x)},{_n(y + tip)} L{_n(x + 5)},{_n(y + base)} Z"
    return _el("path", d=shape, fill=_ink_on(fill))


def _draw_against_key(chart: _Chart, key_y: float, against: Against) -> float:
    """One line per colour: a swatch (with its triangle) and what it means; returns the
    chart's height."""
    near = _n(against.near)
    entries = (
        ("above", f"Above {against.label} by {near} or more"),
        ("near", f"Within {near} of {against.label}"),
        ("below", f"Below {against.label} by {near} or more"),
    )
    for index, (where, text) in enumerate(entries):
        y = key_y + index * 22
        colour = _diverging(where, 0.5)
        chart.add(_rect(10, y, 28, 18, fill=colour, stroke=INK, stroke_width=0.5))
        if where != "near":
            chart.add(_triangle(24, y + 9, where, colour))
        chart.add(_text(46, y + 14, text, size=SMALL))
    note = f"Darker: further from {against.label}."
    chart.add(_text(10, key_y + 3 * 22 + 14, note, size=SMALL, fill=MUTED))
    return key_y + 4 * 22 + 6


def _draw_key(chart: _Chart, key_y: float, low: float, high: float, decimals: int) -> float:
    """Five shades from ``low`` to ``high``, each with its value; returns the chart's
    height."""
    chart.add(_text(PLOT_X - 10, key_y + 14, "Shade", size=SMALL, anchor="end", fill=MUTED))
    for step in range(5):
        x = PLOT_X + step * 64
        chart.add(_rect(x, key_y + 2, 14, 14, fill=_shade(step / 4)))
        key = _number(low + (high - low) * step / 4, decimals)
        chart.add(_text(x + 20, key_y + 14, key, size=SMALL))
    return key_y + 26
