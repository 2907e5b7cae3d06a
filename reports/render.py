"""HTML to PDF with WeasyPrint: A4, tagged for accessibility (PDF/UA-1), fonts embedded."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from .content import ReportContent


def report_html(content: ReportContent) -> str:
    return render_to_string(
        "reports/pdf.html",
        {"c": content, "report": content.report, "portal_name": settings.PORTAL_NAME},
    )


def html_to_pdf(html: str) -> bytes:
    """The PDF of `html`. Imported here so that only the worker loads WeasyPrint."""
    from weasyprint import HTML

    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
    assert pdf is not None
    return pdf
