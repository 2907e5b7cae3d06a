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

A page draws its charts at their actual size (``actual_size``, or ``stacked`` for the
bars, which also puts each label above its bar in a chart narrow enough for a phone), so
their text is never shown below 12 px; a PDF lets them scale to its column.

One module per kind of chart (`bars`, `distribution`, `heatmap`, `lines`), drawn with the
shared `canvas` (a chart being drawn, legends), `svg` (markup), `layout` (text and
numbers) and `palette` (colours).
"""

from .bars import Bar, bar_chart
from .distribution import DistributionRow, distribution_chart
from .heatmap import Against, Standing, heatmap, standing
from .lines import MARKERS, Series, line_chart
from .palette import BAR, GRID, INK, MUTED, SERIES_COLOURS, SERIES_DASHES, WHITE, _ink_on, _shade

__all__ = [
    "BAR",
    "GRID",
    "INK",
    "MARKERS",
    "MUTED",
    "SERIES_COLOURS",
    "SERIES_DASHES",
    "WHITE",
    "Against",
    "Bar",
    "DistributionRow",
    "Series",
    "Standing",
    "_ink_on",
    "_shade",
    "bar_chart",
    "distribution_chart",
    "heatmap",
    "line_chart",
    "standing",
]
