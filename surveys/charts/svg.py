"""SVG markup: elements, escaped text, and the sizes every chart is laid out in.

Labels are user-entered: every text node goes through `_escape` and every attribute
through `_attribute`, so a chart's markup is safe to mark safe."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from xml.sax.saxutils import escape

from .palette import GRID, INK

WIDTH = 720
NARROW = 340  # a chart drawn for a 375 px phone's column (345 px) at its actual size
LABEL_RIGHT = 190  # row labels end here, right-aligned
PLOT_X = 210
FONT = 13
SMALL = 12
CHAR = 0.56  # rough width of an average sans-serif character, in ems
LINE = 15  # distance between lines of one label
SUPPRESSED = "suppressed"


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


def _gridline(x1: float, y1: float, x2: float, y2: float) -> str:
    return _el("line", x1=x1, y1=y1, x2=x2, y2=y2, stroke=GRID, stroke_dasharray="2 3")
