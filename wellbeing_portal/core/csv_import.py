"""Reading an uploaded CSV strictly: size, UTF-8, the named columns, one dict per line.

Shared by every import (staff, support services). A problem with the whole file stops
at once; each importer then checks its rows and reports every problem by line.
"""

from __future__ import annotations

import csv
import io
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


def csv_rows(
    data: bytes, *, required: tuple[str, ...], max_bytes: int
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, {column: stripped value}) for each non-blank line after the header.

    Column names are matched case-insensitively, with spaces read as underscores.
    Raises ImportRejected for a file that is too large, not UTF-8, empty, or missing
    a required column.
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
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise _reject(0, "The file is empty.")
    columns = [cell.strip().lower().replace(" ", "_") for cell in header]
    missing = [c for c in required if c not in columns]
    if missing:
        raise _reject(
            1,
            f"The first line must name the columns {', '.join(required)}. "
            f"Missing: {', '.join(missing)}.",
        )
    for line_no, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        cells = cells + [""] * (len(columns) - len(cells))
        yield line_no, {column: cells[i].strip() for i, column in enumerate(columns)}
