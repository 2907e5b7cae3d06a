"""Text and number layout shared by the charts: wrapping labels, formatting numbers,
choosing ticks, checking inputs, and the sentence about suppressed results."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from .svg import CHAR, FONT, LABEL_RIGHT, LINE, _lines


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
    """Rounded half up on the number as written, as the tables beside the charts round
    it (the `mean` filter), so that a chart and its table never differ: 3.625 → 3.63."""
    exact = Decimal(repr(float(value)))
    text = f"{exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP):f}"
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
