"""The charts' colours: marks with at least 3:1 contrast against white, text at least
4.5:1 against whatever it sits on, and a single-hue sequential scale."""

from __future__ import annotations

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


# Diverging scale against an average: blue above it, orange below (told apart by
# people with red-green colour blindness), a light grey near it; the further from the
# average, the darker. Cells carry their value as text in `_ink_on` of their colour.
ABOVE_LIGHT, ABOVE_DARK = (0xC6, 0xDB, 0xEF), (0x08, 0x45, 0x94)
BELOW_LIGHT, BELOW_DARK = (0xFD, 0xD0, 0xA2), (0x8C, 0x2D, 0x04)
NEAR = "#f3f2f1"


def _mix(light: tuple[int, int, int], dark: tuple[int, int, int], share: float) -> str:
    share = min(max(share, 0.0), 1.0)
    channels = (round(a + (b - a) * share) for a, b in zip(light, dark, strict=True))
    return "#" + "".join(f"{channel:02x}" for channel in channels)


def _diverging(standing: str, strength: float) -> str:
    """The colour of a cell ``standing`` ("above", "near", "below") its average,
    ``strength`` (0..1) of the way from just past the near band to far from it."""
    if standing == "above":
        return _mix(ABOVE_LIGHT, ABOVE_DARK, strength)
    if standing == "below":
        return _mix(BELOW_LIGHT, BELOW_DARK, strength)
    return NEAR
