"""Horizontal bar charts: a mean per domain, against a comparison (norm, trust average)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString

from .canvas import _Chart, _compare_marker
from .layout import _finite, _number, _require, _row_label, _suppressed_summary, _ticks
from .palette import BAR, INK, MUTED
from .svg import PLOT_X, SMALL, _el, _gridline, _rect, _text


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
