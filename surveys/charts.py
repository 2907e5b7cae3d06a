"""Server-rendered SVG charts for survey results, shared by the results pages and the PDFs.

Every chart is plain SVG 1.1 that WeasyPrint can draw: presentation attributes only (no
``style`` attribute, no CSS class the drawing relies on, no script, no foreignObject). It
scales to its container (``width="100%"`` and a ``viewBox``). To assistive technology a
chart is one image, labelled by its ``<title>`` and ``<desc>``; the page puts a data
table with every number beside it.

Readable without colour: every value is written as text beside its bar or in its cell,
lines differ by dash pattern and marker shape as well as colour, and a suppressed result
is a hatched swatch with the word "suppressed" and no number. Marks have at least 3:1
contrast against white and text at least 4.5:1 against whatever it sits on.

Labels are user-entered: all text is escaped here and the result is marked safe only
after that.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

INK = "#0b0c0c"  # text and axes: 19.6:1 on white
MUTED = "#505a5f"  # secondary text, hatching, outlines: 7.1:1
GRID = "#b1b4b6"  # gridlines only: decoration, never the only carrier of a value
BAR = "#1d70b8"  # 5.2:1
WHITE = "#ffffff"
# Single-hue sequential scale from light (3.2:1 on white) to dark. Every channel falls
# from one end to the other, so a higher value is always a darker shade.
SCALE_LIGHT = (0x56, 0x94, 0xCA)
SCALE_DARK = (0x0B, 0x2E, 0x52)
# Line colours, each at least 4.8:1 on white, paired with a dash pattern and a marker.
SERIES_COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#b14e00", "#0b0c0c")
SERIES_DASHES = (None, "8 4", "2 3", "10 3 2 3", "4 4", "1 5")

WIDTH = 720
LABEL_RIGHT = 190  # row labels end here, right-aligned
PLOT_X = 210
FONT = 13
SMALL = 12
CHAR = 0.56  # rough width of an average sans-serif character, in ems
LINE = 15  # distance between lines of one label
SUPPRESSED = "suppressed"


@dataclass(frozen=True)
class Bar:
    """One horizontal bar; ``value`` None means suppressed. ``compare`` (the trust
    average, the previous wave) is drawn as a marker on the bar and written beneath the
    value; it is left out for a suppressed bar, which shows nothing but "suppressed"."""

    label: str
    value: float | None
    compare: float | None = None


@dataclass(frozen=True)
class DistributionRow:
    """Shares of respondents at each scale point, summing to 1; None means suppressed."""

    label: str
    shares: Sequence[float] | None


@dataclass(frozen=True)
class Series:
    """One line across waves; a None value leaves a gap."""

    label: str
    values: Sequence[float | None]


def bar_chart(
    *,
    title: str,
    description: str,
    bars: Sequence[Bar],
    max_value: float,
    unit: str = "",
    compare_label: str = "",
    decimals: int = 1,
) -> SafeString:
    """Horizontal bars from 0 to ``max_value``; each value is written in a column on the
    right, with its comparison (if any) beneath it. A value outside 0..``max_value`` is
    drawn at the end of the axis, and its own number written as it is."""
    _require(_finite(max_value) and max_value > 0, f"max_value must be above 0, got {max_value}")
    for bar in bars:
        for name, value in (("value", bar.value), ("compare", bar.compare)):
            _require(
                value is None or _finite(value),
                f"{name} {value} of bar {bar.label!r} is not a number",
            )
    chart = _Chart(title)
    if not bars:
        return chart.empty(description)

    plot_width, row_height, bar_height = 330, 42, 20
    value_x = PLOT_X + plot_width + 12
    compare_name = compare_label or "Comparison"
    top = 8
    if any(bar.compare is not None and bar.value is not None for bar in bars):
        chart.add(_compare_marker(PLOT_X + 8, 6, 16))
        chart.add(_text(PLOT_X + 20, 19, compare_name, size=SMALL))
        top = 34
    axis_y = top + len(bars) * row_height

    def x_at(value: float) -> float:
        return PLOT_X + plot_width * min(max(value, 0), max_value) / max_value

    ticks, tick_decimals = _ticks(0, max_value)
    for tick in ticks:
        if tick:
            chart.add(_gridline(x_at(tick), top, x_at(tick), axis_y))
        label = _number(tick, tick_decimals, unit)
        chart.add(_text(x_at(tick), axis_y + 16, label, size=SMALL, anchor="middle", fill=MUTED))
    for index, bar in enumerate(bars):
        y = top + index * row_height
        parts = [_row_label(y + 15, bar.label)]
        if bar.value is None:
            parts.append(chart.suppressed(PLOT_X, y + 4, bar_height))
        else:
            parts.append(_rect(PLOT_X, y + 4, x_at(bar.value) - PLOT_X, bar_height, fill=BAR))
            parts.append(_text(value_x, y + 18, _number(bar.value, decimals, unit), weight="bold"))
            if bar.compare is not None:
                parts.append(_compare_marker(x_at(bar.compare), y, bar_height + 8))
                compare = f"{compare_name} {_number(bar.compare, decimals, unit)}"
                parts.append(_text(value_x, y + 34, compare, size=SMALL, fill=MUTED))
        chart.add(_el("g", "".join(parts), id=f"{chart.id}-row-{index}"))
    chart.add(_el("line", x1=PLOT_X, y1=top, x2=PLOT_X, y2=axis_y, stroke=INK))
    summary = _suppressed_summary(sum(bar.value is None for bar in bars), len(bars))
    return chart.render(description, summary, height=axis_y + 24)


def distribution_chart(
    *,
    title: str,
    description: str,
    rows: Sequence[DistributionRow],
    labels: Sequence[str],
) -> SafeString:
    """100% stacked bars, one per row, with segments in the order of ``labels`` from
    left to right (and light to dark) and a legend above. Shares must sum to 1 within
    0.01. A segment too narrow for its percentage is left unlabelled: the table beside
    the chart has it."""
    for row in rows:
        if row.shares is None:
            continue
        _require(
            len(row.shares) == len(labels),
            f"row {row.label!r} has {len(row.shares)} shares for {len(labels)} labels",
        )
        _require(
            all(_finite(share) and share >= 0 for share in row.shares),
            f"row {row.label!r} has a share that is negative or not a number",
        )
        _require(
            abs(sum(row.shares) - 1) <= 0.01,
            f"the shares of row {row.label!r} add up to {sum(row.shares):.3f}, not 1",
        )
    chart = _Chart(title)
    if not rows:
        return chart.empty(description)

    last = max(len(labels) - 1, 1)
    colours = [_shade(index / last) for index in range(len(labels))]
    legend, top = _legend(
        [(_swatch_drawer(colour), label) for colour, label in zip(colours, labels, strict=True)],
        sample_width=14,
    )
    chart.add(legend)
    plot_width, row_height, bar_height = WIDTH - PLOT_X - 10, 40, 24
    for index, row in enumerate(rows):
        y = top + index * row_height
        parts = [_row_label(y + 16, row.label)]
        if row.shares is None:
            parts.append(chart.suppressed(PLOT_X, y + 4, bar_height))
        else:
            total = sum(row.shares)
            x = float(PLOT_X)
            for share, colour in zip(row.shares, colours, strict=True):
                width = plot_width * share / total
                if width <= 0:
                    continue
                parts.append(_rect(x, y + 4, width, bar_height, fill=colour, stroke=WHITE))
                percent = f"{round(share * 100)}%"
                if width >= (len(percent) + 1) * SMALL * CHAR:
                    ink = _ink_on(colour)
                    middle = x + width / 2
                    parts.append(
                        _text(middle, y + 20, percent, size=SMALL, anchor="middle", fill=ink)
                    )
                x += width
        chart.add(_el("g", "".join(parts), id=f"{chart.id}-row-{index}"))
    summary = "Segments run left to right in the order of the legend. " + _suppressed_summary(
        sum(row.shares is None for row in rows), len(rows)
    )
    return chart.render(description, summary.strip(), height=top + len(rows) * row_height + 8)


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
    chart = _Chart(title)
    if not row_labels or not column_labels:
        return chart.empty(description)

    # Wide enough that the longest word of a heading fits (bold text runs wider).
    longest = max(len(word) for label in column_labels for word in [*label.split(), ""])
    column_width = min(160.0, max(88.0, longest * FONT * 0.62 + 12))
    row_height = 36
    width = max(WIDTH, PLOT_X + column_width * len(column_labels) + 10)
    headings = [_wrap(label, _chars(column_width - 8, FONT * 1.1), 3) for label in column_labels]
    top = max(len(lines) for lines in headings) * LINE + 10
    for column, lines in enumerate(headings):
        x = PLOT_X + column * column_width + column_width / 2
        first = top - 8 - (len(lines) - 1) * LINE
        chart.add(_lines(x, first, lines, anchor="middle", weight="bold"))
    for row_index, (label, row) in enumerate(zip(row_labels, values, strict=True)):
        y = top + row_index * row_height
        parts = [_row_label(y + row_height / 2 + 5, label)]
        for column, value in enumerate(row):
            x = PLOT_X + column * column_width
            if value is None:
                parts.append(chart.suppressed_cell(x, y, column_width, row_height))
                continue
            colour = _shade((min(max(value, low), high) - low) / (high - low))
            parts.append(
                _rect(x, y, column_width, row_height, fill=colour, stroke=WHITE, stroke_width=2)
            )
            parts.append(
                _text(
                    x + column_width / 2,
                    y + row_height / 2 + 5,
                    _number(value, decimals),
                    anchor="middle",
                    weight="bold",
                    fill=_ink_on(colour),
                )
            )
        chart.add(_el("g", "".join(parts), id=f"{chart.id}-row-{row_index}"))

    key_y = top + len(row_labels) * row_height + 14
    chart.add(_text(PLOT_X - 10, key_y + 14, "Shade", size=SMALL, anchor="end", fill=MUTED))
    for step in range(5):
        x = PLOT_X + step * 64
        chart.add(_rect(x, key_y + 2, 14, 14, fill=_shade(step / 4)))
        key = _number(low + (high - low) * step / 4, decimals)
        chart.add(_text(x + 20, key_y + 14, key, size=SMALL))
    cells = [value for row in values for value in row]
    summary = (
        f"Darker cells are higher, on a scale from {_number(low, decimals)} "
        f"to {_number(high, decimals)}. "
        + _suppressed_summary(sum(value is None for value in cells), len(cells))
    )
    return chart.render(description, summary.strip(), height=key_y + 26, width=width)


def line_chart(
    *,
    title: str,
    description: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    min_value: float,
    max_value: float,
    decimals: int = 1,
) -> SafeString:
    """Lines across waves, each with its own colour, dash pattern and marker and a
    legend above. A single series has every point labelled with its value; several have
    their latest value written at the right-hand end (labelling every point would
    overlap). None leaves a gap: no result shown for that wave. A value outside the
    axis is drawn at its end, with its own number written as it is."""
    _require(
        _finite(min_value) and _finite(max_value) and max_value > min_value,
        f"max_value ({max_value}) must be above min_value ({min_value})",
    )
    for line in series:
        _require(
            len(line.values) == len(x_labels),
            f"series {line.label!r} has {len(line.values)} values for {len(x_labels)} x labels",
        )
        for value in line.values:
            _require(
                value is None or _finite(value),
                f"value {value} of series {line.label!r} is not a number",
            )
    chart = _Chart(title)
    if not any(value is not None for line in series for value in line.values):
        return chart.empty(description)

    styles = [_series_style(index) for index in range(len(series))]
    legend, top = _legend(
        [(_line_drawer(style), line.label) for style, line in zip(styles, series, strict=True)],
        sample_width=28,
    )
    chart.add(legend)
    left, right = 60, WIDTH - 170
    plot_top, plot_height = top + 10, 240
    bottom = plot_top + plot_height
    step = (right - left) / len(x_labels)

    def x_at(index: int) -> float:
        return left + step * (index + 0.5)

    def y_at(value: float) -> float:
        value = min(max(value, min_value), max_value)
        return bottom - plot_height * (value - min_value) / (max_value - min_value)

    ticks, tick_decimals = _ticks(min_value, max_value)
    for tick in ticks:
        if tick != min_value:
            chart.add(_gridline(left, y_at(tick), right, y_at(tick)))
        label = _number(tick, tick_decimals)
        chart.add(_text(left - 8, y_at(tick) + 4, label, size=SMALL, anchor="end", fill=MUTED))
    chart.add(_el("line", x1=left, y1=bottom, x2=right, y2=bottom, stroke=INK))
    label_lines = 1
    for index, label in enumerate(x_labels):
        lines = _wrap(label, _chars(step - 4, SMALL), 2)
        label_lines = max(label_lines, len(lines))
        chart.add(_lines(x_at(index), bottom + 18, lines, anchor="middle", size=SMALL))

    ends: list[tuple[float, str]] = []
    for number, (line, (colour, dash, marker)) in enumerate(zip(series, styles, strict=True)):
        parts: list[str] = []
        run: list[str] = []
        for index, value in enumerate([*line.values, None]):
            if value is not None:
                run.append(f"{'L' if run else 'M'}{_n(x_at(index))},{_n(y_at(value))}")
                continue
            if len(run) > 1:
                parts.append(
                    _el(
                        "path",
                        d=" ".join(run),
                        fill="none",
                        stroke=colour,
                        stroke_width=2.5,
                        stroke_dasharray=dash,
                    )
                )
            run = []
        for index, value in enumerate(line.values):
            if value is None:
                continue
            parts.append(marker(x_at(index), y_at(value), colour))
            if len(series) == 1:
                text = _number(value, decimals)
                parts.append(
                    _text(x_at(index), y_at(value) - 10, text, size=SMALL, anchor="middle")
                )
        chart.add(_el("g", "".join(parts), id=f"{chart.id}-series-{number}"))
        latest = [value for value in line.values if value is not None]
        if latest:
            ends.append((y_at(latest[-1]), f"{line.label} {_number(latest[-1], decimals)}"))
    if len(series) > 1:
        placed = _spread([y for y, _ in ends], gap=LINE, low=plot_top, high=bottom)
        room = _chars(WIDTH - right - 14, SMALL)
        for (_, text), y in zip(ends, placed, strict=True):
            chart.add(_text(right + 10, y + 4, _truncate(text, room), size=SMALL))
    gaps = sum(value is None for line in series for value in line.values)
    summary = "Each line has its own dash pattern and marker shape." + (
        f" Gaps mark waves with no result shown ({gaps} in all)." if gaps else ""
    )
    return chart.render(description, summary, height=bottom + 18 + label_lines * LINE + 6)


# ---------------------------------------------------------------------------------------
# Building blocks.
# ---------------------------------------------------------------------------------------


class _Chart:
    """One chart being drawn: a unique id (for the title, desc and pattern references,
    so two charts on a page never clash) and the body so far."""

    def __init__(self, title: str) -> None:
        self.title = title
        slug = slugify(title)[:32].strip("-") or "chart"
        digest = hashlib.blake2s(f"{title}\n{uuid.uuid4()}".encode(), digest_size=4).hexdigest()
        self.id = f"chart-{slug}-{digest}"
        self.parts: list[str] = []
        self.uses_hatch = False

    def add(self, part: str) -> None:
        self.parts.append(part)

    def _hatched(self, x: float, y: float, width: float, height: float) -> str:
        self.uses_hatch = True
        fill = f"url(#{self.id}-hatch)"
        return _rect(x, y, width, height, fill=fill, stroke=MUTED, stroke_dasharray="4 2")

    def suppressed(self, x: float, y: float, height: float) -> str:
        """The mark for a hidden result in a row: a hatched swatch and the word."""
        label = _text(x + 52, y + height / 2 + 4.5, SUPPRESSED, size=SMALL, fill=MUTED)
        return self._hatched(x, y, 44, height) + label

    def suppressed_cell(self, x: float, y: float, width: float, height: float) -> str:
        """The mark for a hidden cell: hatched, with the word on a white patch."""
        patch = len(SUPPRESSED) * SMALL * CHAR + 8
        middle = x + width / 2
        return (
            self._hatched(x + 1, y + 1, width - 2, height - 2)
            + _rect(middle - patch / 2, y + height / 2 - 9, patch, 18, fill=WHITE)
            + _text(middle, y + height / 2 + 4, SUPPRESSED, size=SMALL, anchor="middle", fill=MUTED)
        )

    def empty(self, description: str) -> SafeString:
        self.add(_text(10, 26, "No data to show", fill=MUTED))
        return self.render(description, "There is no data to show.", height=40)

    def render(
        self, description: str, summary: str, *, height: float, width: float = WIDTH
    ) -> SafeString:
        desc = " ".join(part for part in (description.strip(), summary) if part)
        defs = ""
        if self.uses_hatch:
            hatch = _el("rect", width=8, height=8, fill=WHITE) + _el(
                "path", d="M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6", stroke=MUTED, stroke_width=1.5
            )
            pattern = _el(
                "pattern",
                hatch,
                id=f"{self.id}-hatch",
                width=8,
                height=8,
                patternUnits="userSpaceOnUse",
            )
            defs = _el("defs", pattern)
        body = (
            _el("title", _escape(self.title), id=f"{self.id}-title")
            + _el("desc", _escape(desc), id=f"{self.id}-desc")
            + defs
            + "".join(self.parts)
        )
        svg = _el(
            "svg",
            body,
            xmlns="http://www.w3.org/2000/svg",
            version="1.1",
            width="100%",
            viewBox=f"0 0 {_n(width)} {_n(height)}",
            preserveAspectRatio="xMinYMin meet",
            role="img",
            aria_labelledby=f"{self.id}-title {self.id}-desc",
            font_family="sans-serif",
            font_size=FONT,
        )
        # Every text node went through _escape and every attribute through _attribute.
        return mark_safe(svg)  # noqa: S308 # nosec


# Characters XML 1.0 does not allow at all; a label pasted from elsewhere may carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _escape(text: str) -> str:
    """Text safe as XML character data or inside a double-quoted attribute."""
    return escape(_NOT_XML.sub("", text), {'"': "&quot;"})


# A chart repeats the same coordinates, sizes and colours many times over (a 200-school
# heatmap writes some 20,000 attributes), so each value and name is rendered once.
@functools.lru_cache(maxsize=4096)
def _attribute(value: object) -> str:
    return _n(value) if isinstance(value, float | int) else _escape(str(value))


@functools.lru_cache(maxsize=256)
def _attribute_name(key: str) -> str:
    return key.replace("_", "-")


def _el(name: str, content: str | None = None, /, **attrs: object) -> str:
    """An element. ``content`` must already be markup (escaped text or elements);
    attribute names use ``_`` for ``-``, and None leaves an attribute out."""
    rendered = "".join(
        f' {_attribute_name(key)}="{_attribute(value)}"'
        for key, value in attrs.items()
        if value is not None
    )
    return f"<{name}{rendered}/>" if content is None else f"<{name}{rendered}>{content}</{name}>"


def _rect(x: float, y: float, width: float, height: float, **attrs: object) -> str:
    return _el("rect", x=x, y=y, width=width, height=height, **attrs)


def _n(value: float) -> str:
    """A number for an attribute: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: int = FONT,
    anchor: str | None = None,
    weight: str | None = None,
    fill: str = INK,
) -> str:
    return _el(
        "text",
        _escape(text),
        x=x,
        y=y,
        font_size=size,
        text_anchor=anchor,
        font_weight=weight,
        fill=fill,
    )


def _lines(
    x: float,
    y: float,
    lines: Sequence[str],
    *,
    anchor: str | None = None,
    size: int = FONT,
    weight: str | None = None,
) -> str:
    """One text on several lines, the first with its baseline at ``y``."""
    spans = "".join(
        _el("tspan", _escape(line), x=x, dy=0 if index == 0 else LINE)
        for index, line in enumerate(lines)
    )
    return _el(
        "text", spans, x=x, y=y, font_size=size, text_anchor=anchor, font_weight=weight, fill=INK
    )


def _row_label(y: float, label: str) -> str:
    """A row label, right-aligned, on up to two lines centred on baseline ``y``."""
    lines = _wrap(label, _chars(LABEL_RIGHT - 10), 2)
    return _lines(LABEL_RIGHT, y - (len(lines) - 1) * LINE / 2, lines, anchor="end")


def _chars(width: float, size: float = FONT) -> int:
    """How many average characters fit in ``width``."""
    return max(4, int(width / (size * CHAR)))


def _wrap(text: str, limit: int, max_lines: int) -> list[str]:
    """Lines of at most ``limit`` characters, broken at spaces; if the text needs more
    than ``max_lines`` lines, the last one ends in an ellipsis."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= limit or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _truncate(lines[-1] + " …", limit)
    return [_truncate(line, limit) for line in lines]


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _number(value: float, decimals: int, unit: str = "") -> str:
    text = f"{value:.{decimals}f}"
    if not text.lstrip("-").strip("0."):
        text = text.lstrip("-")  # never "-0.0"
    return text + unit


def _ticks(low: float, high: float) -> tuple[list[float], int]:
    """Round tick values from ``low`` to ``high`` (at most six) and the decimals they
    need: steps of 1, 2, 2.5 or 5 times a power of ten."""
    span = high - low
    magnitude = 10 ** math.floor(math.log10(span / 5))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if span / (m * magnitude) <= 5 + 1e-9)
    first = math.ceil(low / step - 1e-9)
    ticks = [round(k * step, 10) for k in range(first, math.floor(high / step + 1e-9) + 1)]
    decimals = len(f"{step:.10f}".rstrip("0").split(".")[1])
    return ticks, decimals


def _finite(value: float) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def _suppressed_summary(suppressed: int, total: int) -> str:
    if not suppressed:
        return ""
    verb = "is" if suppressed == 1 else "are"
    return f"{suppressed} of {total} results {verb} suppressed to protect anonymity."


def _shade(share: float) -> str:
    """The sequential scale at ``share`` (0 light .. 1 dark), as #rrggbb."""
    channels = (
        round(light + (dark - light) * share)
        for light, dark in zip(SCALE_LIGHT, SCALE_DARK, strict=True)
    )
    return "#" + "".join(f"{channel:02x}" for channel in channels)


def _luminance(colour: str) -> float:
    """Relative luminance of #rrggbb, as WCAG defines it."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def _ink_on(colour: str) -> str:
    """White or black text, whichever contrasts more with ``colour``: at least 4.58:1
    whatever the colour."""
    lum = _luminance(colour)
    return WHITE if 1.05 / (lum + 0.05) >= (lum + 0.05) / 0.05 else "#000000"


def _gridline(x1: float, y1: float, x2: float, y2: float) -> str:
    return _el("line", x1=x1, y1=y1, x2=x2, y2=y2, stroke=GRID, stroke_dasharray="2 3")


def _compare_marker(x: float, y: float, height: float) -> str:
    """A black rule across the bar (3.8:1 on the bar colour) with a diamond on top."""
    rule = _el("line", x1=x, y1=y + 2, x2=x, y2=y + height, stroke=INK, stroke_width=2.5)
    diamond = f"M{_n(x)},{_n(y - 4)} l5,5 l-5,5 l-5,-5 Z"
    return rule + _el("path", d=diamond, fill=INK, stroke=WHITE, stroke_width=1)


Marker = Callable[[float, float, str], str]
Style = tuple[str, str | None, Marker]


def _circle(x: float, y: float, colour: str) -> str:
    return _el("circle", cx=x, cy=y, r=4.5, fill=colour, stroke=WHITE, stroke_width=1)


def _square(x: float, y: float, colour: str) -> str:
    return _rect(x - 4, y - 4, 8, 8, fill=colour, stroke=WHITE, stroke_width=1)


def _triangle(x: float, y: float, colour: str) -> str:
    shape = f"M{_n(x)},{_n(y - 6)} l5.5,10 l-11,0 Z"
    return _el("path", d=shape, fill=colour, stroke=WHITE, stroke_width=1)


def _diamond(x: float, y: float, colour: str) -> str:
    shape = f"M{_n(x)},{_n(y - 6)} l6,6 l-6,6 l-6,-6 Z"
    return _el("path", d=shape, fill=colour, stroke=WHITE, stroke_width=1)


def _ring(x: float, y: float, colour: str) -> str:
    return _el("circle", cx=x, cy=y, r=4.5, fill=WHITE, stroke=colour, stroke_width=2.5)


MARKERS: tuple[Marker, ...] = (_circle, _square, _triangle, _diamond, _ring)


def _series_style(index: int) -> Style:
    # Six colours and dashes but five markers: from the seventh series on, colour and
    # dash repeat but the marker differs, so no two of the first thirty look alike.
    return (
        SERIES_COLOURS[index % len(SERIES_COLOURS)],
        SERIES_DASHES[index % len(SERIES_DASHES)],
        MARKERS[index % len(MARKERS)],
    )


Drawer = Callable[[float, float], str]


def _swatch_drawer(colour: str) -> Drawer:
    def draw(x: float, y: float) -> str:
        return _rect(x, y, 14, 14, fill=colour)

    return draw


def _line_drawer(style: Style) -> Drawer:
    colour, dash, marker = style

    def draw(x: float, y: float) -> str:
        sample = _el(
            "line",
            x1=x,
            y1=y + 7,
            x2=x + 28,
            y2=y + 7,
            stroke=colour,
            stroke_width=2.5,
            stroke_dasharray=dash,
        )
        return sample + marker(x + 14, y + 7, colour)

    return draw


def _legend(items: Sequence[tuple[Drawer, str]], *, sample_width: float) -> tuple[str, int]:
    """Legend entries left to right, wrapping to new lines; returns the markup and the y
    where the chart can start below it."""
    parts: list[str] = []
    x, y = 10.0, 6
    for draw, label in items:
        text = _truncate(label, 40)
        width = sample_width + 6 + len(text) * SMALL * CHAR + 20
        if x + width > WIDTH and x > 10:
            x, y = 10.0, y + 22
        parts.append(draw(x, y) + _text(x + sample_width + 6, y + 12, text, size=SMALL))
        x += width
    return "".join(parts), y + 28


def _spread(positions: Sequence[float], *, gap: float, low: float, high: float) -> list[float]:
    """Label positions moved apart so that neighbours are at least ``gap`` apart, in the
    same order, pushed back up from ``high`` when they would run past it."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [0.0] * len(positions)
    previous = low - gap
    for i in order:
        previous = max(positions[i], previous + gap)
        placed[i] = previous
    overflow = max(0.0, previous - high)
    for i in order:
        placed[i] -= overflow
    return placed
