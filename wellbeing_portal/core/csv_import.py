"""Reading an uploaded CSV strictly: size, UTF-8, the named columns, one dict per line.

Shared by every import (staff, support services). A problem with the whole file stops
at once; each importer then checks its rows and reports every problem by line.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class ImportProblem:
    line: int  # 0 for a problem with the whole file
    message: str


class ImportRejected(Exception):
    """The file was rejected; nothing was imported."""

    def __init__(self, problems: list[ImportProblem]):
        super().__init__(f"{len(problems)} problem(s) in the file")
        self.problems = problems


def _reject(line: int, message: str) -> ImportRejected:
    return ImportRejected([ImportProblem(line, message)])


def quoted(value: str, limit: int = 60) -> str:
    """A value from the file as a problem message repeats it: at most `limit` characters,
    so that a problem list stays readable whatever the file holds."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def csv_rows(
    data: bytes, *, required: tuple[str, ...], max_bytes: int
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, {column: stripped value}) for each non-blank line after the header.

    Column names are matched case-insensitively, with spaces read as underscores.
    Raises ImportRejected for a file that is too large, not UTF-8, empty, missing a
    required column or naming one twice, or not readable as CSV (at the line it fails).
    """
    if len(data) > max_bytes:
        raise _reject(
            0,
            f"The file is larger than {max_bytes // (1024 * 1024)} MB. "
            "Split it into smaller files.",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _reject(
            0,
            "The file is not UTF-8 text. In a spreadsheet, save it as "
            "'CSV UTF-8 (comma delimited)'.",
        ) from None
    if "\x00" in text:
        raise _reject(0, "The file is not a CSV text file.")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            raise _reject(0, "The file is empty.")
        columns = [cell.strip().lower().replace(" ", "_") for cell in header]
        twice = sorted(c for c, n in Counter(columns).items() if c and n > 1)
        if twice:
            raise _reject(1, f"The first line names a column twice: {quoted(', '.join(twice))}.")
        missing = [c for c in required if c not in columns]
        if missing:
            raise _reject(
                1,
                f"The first line must name the columns {', '.join(required)}. "
                f"Missing: {', '.join(missing)}.",
            )
        while True:
            line_no = reader.line_num + 1  # where the row starts: a cell may span lines
            cells = next(reader, None)
            if cells is None:
                return
            if not any(cell.strip() for cell in cells):
                continue
            cells = cells + [""] * (len(columns) - len(cells))
            yield line_no, {column: cells[i].strip() for i, column in enumerate(columns)}
    except csv.Error as error:
        # A cell longer than the csv module's limit (128 KiB), or a broken quote.
        raise _reject(
            reader.line_num, f"This line is not valid CSV ({quoted(str(error), 80)})."
        ) from None
