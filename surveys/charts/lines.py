"""Line charts across waves, each line told apart by colour, dash and marker shape."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString

from .canvas import Drawer, _Chart, _legend
from .layout import _chars, _finite, _number, _require, _ticks, _truncate, _wrap
from .palette import INK, MUTED, SERIES_COLOURS, SERIES_DASHES, WHITE
from .svg import LINE, SMALL, WIDTH, _el, _gridline, _lines, _n, _rect, _text


@dataclass(frozen=True)
class Series:
    """One line across waves; a None value leaves a gap."""

    label: str
    values: Sequence[float | None]


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


@dataclass(frozen=True)
class _Plot:
    """Where the lines are drawn: waves spread evenly across, values from ``low`` at
    ``bottom`` up to ``high`` at ``top``; a value beyond the axis sits at its end."""

    left: float
    right: float
    top: float
    bottom: float
    waves: int
    low: float
    high: float

    @property
    def step(self) -> float:
        return (self.right - self.left) / self.waves

    def x_at(self, index: int) -> float:
        return self.left + self.step * (index + 0.5)

    def y_at(self, value: float) -> float:
        value = min(max(value, self.low), self.high)
        height = self.bottom - self.top
        return self.bottom - height * (value - self.low) / (self.high - self.low)


def line_chart(
    *,
    title: str,
    description: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    min_value: float,
    max_value: float,
    decimals: int = 1,
    actual_size: bool = False,
) -> SafeString:
    """Lines across waves, each with its own colour, dash pattern and marker and a
    legend above. A single series has every point labelled with its value; several have
    their latest value written at the right-hand end (labelling every point would
    overlap). None leaves a gap: no result shown for that wave. A value outside the
    axis is drawn at its end, with its own number written as it is. ``actual_size``: see
    `_Chart.render`."""
    _check_lines(x_labels, series, min_value, max_value)
    chart = _Chart(title)
    if not any(value is not None for line in series for value in line.values):
        return chart.empty(description, actual_size=actual_size)

    styles = [_series_style(index) for index in range(len(series))]
    legend, top = _legend(
        [(_line_drawer(style), line.label) for style, line in zip(styles, series, strict=True)],
        sample_width=28,
    )
    chart.add(legend)
    plot_top = top + 10
    plot = _Plot(
        left=60,
        right=WIDTH - 170,
        top=plot_top,
        bottom=plot_top + 240,
        waves=len(x_labels),
        low=min_value,
        high=max_value,
    )
    label_lines = _draw_axes(chart, plot, x_labels)
    ends: list[tuple[float, str]] = []
    for number, (line, style) in enumerate(zip(series, styles, strict=True)):
        chart.add(_series_group(chart, plot, number, line, style, len(series) == 1, decimals))
        latest = [value for value in line.values if value is not None]
        if latest:
            ends.append((plot.y_at(latest[-1]), f"{line.label} {_number(latest[-1], decimals)}"))
    if len(series) > 1:
        _draw_end_labels(chart, plot, ends)
    gaps = sum(value is None for line in series for value in line.values)
    summary = "Each line has its own dash pattern and marker shape." + (
        f" Gaps mark waves with no result shown ({gaps} in all)." if gaps else ""
    )
    height = plot.bottom + 18 + label_lines * LINE + 6
    return chart.render(description, summary, height=height, actual_size=actual_size)


def _check_lines(
    x_labels: Sequence[str], series: Sequence[Series], min_value: float, max_value: float
) -> None:
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


def _draw_axes(chart: _Chart, plot: _Plot, x_labels: Sequence[str]) -> int:
    """Gridlines with their values, the baseline and the waves' names beneath it;
    returns how many lines the longest name takes."""
    ticks, tick_decimals = _ticks(plot.low, plot.high)
    for tick in ticks:
        if tick != plot.low:
            chart.add(_gridline(plot.left, plot.y_at(tick), plot.right, plot.y_at(tick)))
        label = _number(tick, tick_decimals)
        chart.add(
            _text(plot.left - 8, plot.y_at(tick) + 4, label, size=SMALL, anchor="end", fill=MUTED)
        )
    chart.add(_el("line", x1=plot.left, y1=plot.bottom, x2=plot.right, y2=plot.bottom, stroke=INK))
    label_lines = 1
    for index, label in enumerate(x_labels):
        lines = _wrap(label, _chars(plot.step - 4, SMALL), 2)
        label_lines = max(label_lines, len(lines))
        chart.add(_lines(plot.x_at(index), plot.bottom + 18, lines, anchor="middle", size=SMALL))
    return label_lines


def _series_group(
    chart: _Chart,
    plot: _Plot,
    number: int,
    line: Series,
    style: Style,
    label_points: bool,
    decimals: int,
) -> str:
    """One series: its runs of consecutive values as paths (a gap breaks a run), a marker
    at each value and, if ``label_points``, the value written above it."""
    colour, dash, marker = style
    parts: list[str] = []
    run: list[str] = []
    for index, value in enumerate([*line.values, None]):
        if value is not None:
            run.append(f"{'L' if run else 'M'}{_n(plot.x_at(index))},{_n(plot.y_at(value))}")
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
        x, y = plot.x_at(index), plot.y_at(value)
        parts.append(marker(x, y, colour))
        if label_points:
            text = _number(value, decimals)
            parts.append(_text(x, y - 10, text, size=SMALL, anchor="middle"))
    return _el("g", "".join(parts), id=f"{chart.id}-series-{number}")


def _draw_end_labels(chart: _Chart, plot: _Plot, ends: Sequence[tuple[float, str]]) -> None:
    """Each line's name and latest value at the right-hand end, moved apart to not overlap."""
    placed = _spread([y for y, _ in ends], gap=LINE, low=plot.top, high=plot.bottom)
    room = _chars(WIDTH - plot.right - 14, SMALL)
    for (_, text), y in zip(ends, placed, strict=True):
        chart.add(_text(plot.right + 10, y + 4, _truncate(text, room), size=SMALL))
