"""QR codes for open links, drawn as SVG on the server (the `qrcode` package, which
django-allauth's MFA already brings in, so no new dependency)."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.utils.html import escape


def qr_svg(url: str, *, title: str) -> bytes:
    """An SVG QR code of `url`, with a title for screen readers."""
    image = qrcode.make(
        url,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        box_size=10,
        border=4,
    )
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    # Drop the XML declaration and give the drawing an accessible name.
    svg = svg[svg.index("<svg") :]
    end = svg.index(">")
    return (
        svg[:end].replace("<svg", '<svg role="img"', 1)
        + f"><title>{escape(title)}</title>"
        + svg[end + 1 :]
    ).encode()
