"""Every CSV the portal writes is safe to open in a spreadsheet (OWASP, CSV injection)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellbeing_portal.core.csv_export import FORMULA_START, neutralise, safe_writer

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("  =1+1", "'  =1+1"),
        ("Pace of work", "Pace of work"),
        ("", ""),
        # Numbers the portal writes stay numbers.
        ("-0.5", "-0.5"),
        ("-3", "-3"),
        ("+2.25", "+2.25"),
        ("-12%", "-12%"),
        ("3.10", "3.10"),
        (-0.5, -0.5),
        (7, 7),
        (None, None),
    ],
)
def test_formulas_are_neutralised_and_numbers_kept(cell: object, written: object) -> None:
    assert neutralise(cell) == written


@given(st.lists(st.text(max_size=30), min_size=1, max_size=5))
def test_no_written_cell_can_start_a_formula(row: list[str]) -> None:
    out = io.StringIO()
    safe_writer(out).writerow(row)
    [read] = list(csv.reader(io.StringIO(out.getvalue())))
    for cell in read:
        if re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)%?", cell):
            continue  # a plain number
        assert not cell.lstrip(" \n").startswith(FORMULA_START), cell


def test_the_portal_writes_csv_only_through_the_safe_writer() -> None:
    """A new csv.writer in product code would bypass the neutralising: use safe_writer."""
    product = ["wellbeing_portal", "surveys", "inspections", "charters", "support_directory"]
    found = [
        str(path.relative_to(ROOT))
        for folder in product
        for path in (ROOT / folder).rglob("*.py")
        if re.search(r"csv\.(writer|DictWriter)\(", path.read_text())
    ]
    assert found == ["wellbeing_portal/core/csv_export.py"]
