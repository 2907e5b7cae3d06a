"""One chart being drawn (its id, its parts, the hatch for suppressed results, the
outer <svg>), and the pieces several charts share: legends and the comparison marker."""

from __future__ import annotations

import hashlib
import math
import uuid
from collections.abc import Callable, Sequence

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from .layout import _chars, _truncate
from .palette import INK, MUTED, WHITE
from .svg import CHAR, FONT, SMALL, SUPPRESSED, WIDTH, _el, _escape, _n, _rect, _text


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

    def empty(self, description: str, *, actual_size: bool = False) -> SafeString:
        self.add(_text(10, 26, "No data to show", fill=MUTED))
        return self.render(
            description, "There is no data to show.", height=40, actual_size=actual_size
        )

    def render(
        self,
        description: str,
        summary: str,
        *,
        height: float,
        width: float = WIDTH,
        actual_size: bool = False,
    ) -> SafeString:
        """The outer <svg>. It scales to its container (a PDF's column), or with
        ``actual_size`` is drawn one unit to a CSS pixel, so its text is never shown
        smaller than it was set: a page puts it in a box that scrolls when it is wider
        than the screen."""
        if actual_size:
            # Whole pixels: a browser lays out in fractions of a pixel, and a width of
            # 804.2 could come out as 804.19, drawing 12 px text at 11.9998 px.
            width, height = math.ceil(width), math.ceil(height)
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
            width=_n(width) if actual_size else "100%",
            height=_n(height) if actual_size else None,
            viewBox=f"0 0 {_n(width)} {_n(height)}",
            preserveAspectRatio="xMinYMin meet",
            role="img",
            aria_labelledby=f"{self.id}-title {self.id}-desc",
            font_family="sans-serif",
            font_size=FONT,
        )
        # Every text node went through _escape and every attribute through _attribute.
        return mark_safe(svg)  # noqa: S308 # nosec


def _compare_marker(x: float, y: float, height: float) -> str:
    """A black rule across the bar (3.8:1 on the bar colour) with a diamond on top."""
    rule = _el("line", x1=x, y1=y + 2, x2=x, y2=y + height, stroke=INK, stroke_width=2.5)
    diamond = f"M{_n(x)},{_n(y - 4)} l5,5 l-5,5 l-5,-5 Z"
    return rule + _el("path", d=diamond, fill=INK, stroke=WHITE, stroke_width=1)


Drawer = Callable[[float, float], str]


def _swatch_drawer(colour: str) -> Drawer:
    def draw(x: float, y: float) -> str:
        return _rect(x, y, 14, 14, fill=colour)

    return draw


def _legend(
    items: Sequence[tuple[Drawer, str]], *, sample_width: float, width: float = WIDTH
) -> tuple[str, int]:
    """Legend entries left to right, wrapping to new lines; returns the markup and the y
    where the chart can start below it."""
    parts: list[str] = []
    x, y = 10.0, 6
    for draw, label in items:
        text = _truncate(label, min(40, _chars(width - sample_width - 26, SMALL)))
        room = sample_width + 6 + len(text) * SMALL * CHAR + 20
        if x + room > width and x > 10:
            x, y = 10.0, y + 22
        parts.append(draw(x, y) + _text(x + sample_width + 6, y + 12, text, size=SMALL))
        x += room
    return "".join(parts), y + 28
