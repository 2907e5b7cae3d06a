"""The report's print styles keep a table's caption on the same page as its first row,
wherever the table falls (a caption alone at the foot of a page was issue #19)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from django.conf import settings
from pypdf import PdfReader
from weasyprint import HTML

STYLE = re.search(
    r"<style>(.*?)</style>",
    (Path(settings.BASE_DIR) / "templates" / "reports" / "pdf.html").read_text(),
    re.S,
)


def _pages(filler: int) -> list[tuple[bool, bool]]:
    """(has the caption, has the first row) for each page of a table after `filler` mm."""
    assert STYLE is not None
    lines = f'<div style="height: {filler}mm">Before the table.</div>'
    rows = "".join(f"<tr><th scope='row'>School {n}</th><td>{n}</td></tr>" for n in range(30))
    html = (
        f"<html><head><style>{STYLE.group(1)}</style></head><body><section>{lines}<table>"
        "<caption>THE CAPTION</caption><thead><tr><th>School</th><th>N</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section></body></html>"
    )
    reader = PdfReader(io.BytesIO(HTML(string=html).write_pdf()))
    texts = [page.extract_text() for page in reader.pages]
    return [("THE CAPTION" in text, "School 0" in text) for text in texts]


def test_a_caption_is_never_left_without_its_table() -> None:
    # A4 less the margins leaves 255 mm: tables from near the foot of the first page on.
    for filler in range(226, 256, 2):
        for page, (caption, first_row) in enumerate(_pages(filler), start=1):
            assert caption == first_row or not caption, (filler, page)
