"""Writing CSV that a spreadsheet cannot run: every CSV the portal writes goes through here.

OWASP's CSV injection guidance: a cell that starts with =, +, -, @, a tab or a carriage
return may be read by Excel, LibreOffice or Google Sheets as a formula (which can fetch
URLs or, with DDE, run commands). Such a text cell is written with a leading ' so that it
is shown as text. A plain number the portal writes itself ("-0.5", "-3") stays a number.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO, Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain decimal number, optionally signed, optionally a percentage: not a formula.
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)%?$")


def neutralise(cell: object) -> object:
    """`cell` as safe to open in a spreadsheet: numbers as they are, text that a
    spreadsheet would read as a formula with a leading apostrophe."""
    if cell is None or isinstance(cell, bool | int | float):
        return cell
    text = str(cell)
    # Some spreadsheets skip leading spaces and line breaks before reading a formula.
    if text.lstrip(" \n").startswith(FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


class SafeWriter:
    """csv.writer's writerow and writerows, with every cell neutralised."""

    def __init__(self, out: IO[str], **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[object]) -> Any:
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def safe_writer(out: IO[str], **options: Any) -> SafeWriter:
    """A CSV writer for `out` whose cells cannot run as formulas."""
    return SafeWriter(out, **options)
