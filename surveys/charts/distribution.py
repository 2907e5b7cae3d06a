"""100% stacked bars: how people answered at each point of the scale."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString

from .canvas import _Chart, _legend, _swatch_drawer
from .layout import _chars, _finite, _require, _row_label, _suppressed_summary, _wrap
from .palette import WHITE, _ink_on, _shade
from .svg import CHAR, LINE, NARROW, PLOT_X, SMALL, WIDTH, _el, _lines, _rect, _text


@dataclass(frozen=True)
class DistributionRow:
    """Shares of respondents at each scale point, summing to 1; None means suppressed."""

    label: str
    shares: Sequence[float] | None


def distribution_chart(
    *,
    title: str,
    description: str,
    rows: Sequence[DistributionRow],
    labels: Sequence[str],
    stacked: bool = False,
) -> SafeString:
    """100% stacked bars, one per row, with segments in the order of ``labels`` from
    left to right (and light to dark) and a legend above. Shares must sum to 1 within
    0.01. A segment too narrow for its percentage is left unlabelled: the table beside
    the chart has it.

    ``stacked`` (for a web page): each row's label on its own line above its bar, in a
    chart narrow enough for a phone and drawn at its actual size, so no text shrinks."""
    _check_rows(rows, labels)
    chart = _Chart(title)
    if not rows:
        return chart.empty(description, actual_size=stacked)
    width = NARROW if stacked else WIDTH
    left = 10 if stacked else PLOT_X

    last = max(len(labels) - 1, 1)
    colours = [_shade(index / last) for index in range(len(labels))]
    legend, top = _legend(
        [(_swatch_drawer(colour), label) for colour, label in zip(colours, labels, strict=True)],
        sample_width=14,
        width=width,
    )
    chart.add(legend)
    bar_height = 24
    y = float(top)
    for index, row in enumerate(rows):
        if stacked:
            lines = _wrap(row.label, _chars(width - 20), 2)
            parts = [_lines(left + 6, y + 14, lines)]
            y += (len(lines) - 1) * LINE + 20
        else:
            parts = [_row_label(y + 16, row.label)]
        if row.shares is None:
            parts.append(chart.suppressed(left, y + 4, bar_height))
        else:
            parts.append(_segments(y, row.shares, colours, bar_height, left, width - left - 10))
        chart.add(_el("g", "".join(parts), id=f"{chart.id}-row-{index}"))
        y += 40
    summary = "Segments run left to right in the order of the legend. " + _suppressed_summary(
        sum(row.shares is None for row in rows), len(rows)
    )
    return chart.render(
        description, summary.strip(), height=y + 8, width=width, actual_size=stacked
    )


def _check_rows(rows: Sequence[DistributionRow], labels: Sequence[str]) -> None:
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


def _segments(
    y: float,
    shares: Sequence[float],
    colours: Sequence[str],
    bar_height: int,
    left: float,
    plot_width: float,
) -> str:
    """One row's stacked segments across the plot, each with its percentage where it fits."""
    total = sum(shares)
    x = float(left)
    parts: list[str] = []
    for share, colour in zip(shares, colours, strict=True):
        width = plot_width * share / total
        if width <= 0:
            continue
        parts.append(_rect(x, y + 4, width, bar_height, fill=colour, stroke=WHITE))
        percent = f"{round(share * 100)}%"
        if width >= (len(percent) + 1) * SMALL * CHAR:
            ink = _ink_on(colour)
            middle = x + width / 2
            parts.append(_text(middle, y + 20, percent, size=SMALL, anchor="middle", fill=ink))
        x += width
    return "".join(parts)
