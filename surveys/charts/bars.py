"""Horizontal bar charts: a mean per domain, against a comparison (norm, trust average)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString

from .canvas import _Chart, _compare_marker
from .layout import (
    _chars,
    _finite,
    _number,
    _require,
    _row_label,
    _suppressed_summary,
    _ticks,
    _wrap,
)
from .palette import BAR, INK, MUTED
from .svg import LINE, NARROW, PLOT_X, SMALL, WIDTH, _el, _gridline, _lines, _rect, _text


@dataclass(frozen=True)
class Bar:
    """One horizontal bar; ``value`` None means suppressed. ``compare`` (the trust
    average, the previous wave) is drawn as a marker on the bar and written beneath the
    value; it is left out for a suppressed bar, which shows nothing but "suppressed"."""

    label: str
    value: float | None
    compare: float | None = None


def bar_chart(
    *,
    title: str,
    description: str,
    bars: Sequence[Bar],
    max_value: float,
    unit: str = "",
    compare_label: str = "",
    decimals: int = 1,
    stacked: bool = False,
) -> SafeString:
    """Horizontal bars from 0 to ``max_value``; each value is written in a column on the
    right, with its comparison (if any) beneath it. A value outside 0..``max_value`` is
    drawn at the end of the axis, and its own number written as it is.

    ``stacked`` (for a web page): each label on its own line above its bar, in a chart
    narrow enough for a phone and drawn at its actual size, so no text shrinks."""
    _require(_finite(max_value) and max_value > 0, f"max_value must be above 0, got {max_value}")
    for bar in bars:
        for name, value in (("value", bar.value), ("compare", bar.compare)):
            _require(
                value is None or _finite(value),
                f"{name} {value} of bar {bar.label!r} is not a number",
            )
    chart = _Chart(title)
    if not bars:
        return chart.empty(description, actual_size=stacked)
    axis = _Axis(
        left=10 if stacked else PLOT_X,
        width=NARROW - 82 if stacked else 330,
        max_value=max_value,
        unit=unit,
        decimals=decimals,
        compare_name=compare_label or "Comparison",
    )
    top = 8
    if any(bar.compare is not None and bar.value is not None for bar in bars):
        chart.add(_compare_marker(axis.left + 8, 6, 16))
        chart.add(_text(axis.left + 20, 19, axis.compare_name, size=SMALL))
        top = 34
    draw = _stacked_row if stacked else _wide_row
    y = float(top)
    for index, bar in enumerate(bars):
        part, y = draw(chart, axis, bar, y)
        chart.add(_el("g", part, id=f"{chart.id}-row-{index}"))
    _draw_axis(chart, axis, top, y)
    summary = _suppressed_summary(sum(bar.value is None for bar in bars), len(bars))
    width = NARROW if stacked else WIDTH
    return chart.render(description, summary, height=y + 24, width=width, actual_size=stacked)


@dataclass(frozen=True)
class _Axis:
    left: float
    width: float
    max_value: float
    unit: str
    decimals: int
    compare_name: str

    def x_at(self, value: float) -> float:
        return self.left + self.width * min(max(value, 0), self.max_value) / self.max_value

    @property
    def value_x(self) -> float:
        return self.left + self.width + 12

    def number(self, value: float) -> str:
        return _number(value, self.decimals, self.unit)


def _draw_axis(chart: _Chart, axis: _Axis, top: float, bottom: float) -> None:
    ticks, tick_decimals = _ticks(0, axis.max_value)
    for tick in ticks:
        if tick:
            chart.add(_gridline(axis.x_at(tick), top, axis.x_at(tick), bottom))
        label = _number(tick, tick_decimals, axis.unit)
        chart.add(
            _text(axis.x_at(tick), bottom + 16, label, size=SMALL, anchor="middle", fill=MUTED)
        )
    chart.add(_el("line", x1=axis.left, y1=top, x2=axis.left, y2=bottom, stroke=INK))


def _bar(chart: _Chart, axis: _Axis, bar: Bar, y: float, height: float) -> list[str]:
    """The bar at ``y`` with its value written beside it, or the suppressed mark."""
    if bar.value is None:
        return [chart.suppressed(axis.left, y, height)]
    parts = [
        _rect(axis.left, y, axis.x_at(bar.value) - axis.left, height, fill=BAR),
        _text(axis.value_x, y + height / 2 + 4, axis.number(bar.value), weight="bold"),
    ]
    if bar.compare is not None:
        parts.append(_compare_marker(axis.x_at(bar.compare), y - 4, height + 8))
    return parts


def _compare_text(axis: _Axis, bar: Bar) -> str | None:
    if bar.value is None or bar.compare is None:
        return None
    return f"{axis.compare_name} {axis.number(bar.compare)}"


def _wide_row(chart: _Chart, axis: _Axis, bar: Bar, y: float) -> tuple[str, float]:
    """Label on the left, bar, value and comparison in a column on the right."""
    parts = [_row_label(y + 15, bar.label), *_bar(chart, axis, bar, y + 4, 20)]
    if compare := _compare_text(axis, bar):
        parts.append(_text(axis.value_x, y + 34, compare, size=SMALL, fill=MUTED))
    return "".join(parts), y + 42


def _stacked_row(chart: _Chart, axis: _Axis, bar: Bar, y: float) -> tuple[str, float]:
    """Label above (up to two lines), the bar and its value, the comparison beneath."""
    lines = _wrap(bar.label, _chars(NARROW - 20), 2)
    parts = [_lines(axis.left + 6, y + 14, lines)]
    bar_y = y + 14 + (len(lines) - 1) * LINE + 8
    parts += _bar(chart, axis, bar, bar_y, 20)
    bottom = bar_y + 20
    if compare := _compare_text(axis, bar):
        parts.append(_text(axis.left + 6, bottom + 16, compare, size=SMALL, fill=MUTED))
        bottom += 20
    return "".join(parts), bottom + 12
