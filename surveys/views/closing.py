"""The closing page after answering a survey, drawn cheaply and always the same size.

It is the page every submission answers with, so it is the survey's busiest page. For
someone not signed in, with no message waiting, it is the same for everyone except the
receipt code and whether the support block shows: each process draws it once, with
markers in those two places, and fills them in (the load benchmark's submissions measure
the saving). Its size never depends on the answers: the support block stands in as
spaces when not shown, and receipt codes have one length."""

from __future__ import annotations

import secrets

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

TEMPLATE = "surveys/thanks.html"
# Random for each process: nothing a template holds can look like them.
_CODE_MARK = f"[receipt-{secrets.token_hex(8)}]"
_BLOCK_MARK = f"[support-{secrets.token_hex(8)}]"
_drawn: dict[str, str] = {}


def closing_page(request: HttpRequest, *, receipt_code: str, distress: bool) -> HttpResponse:
    """The closing page with the receipt code, and with more support if `distress`."""
    if request.user.is_authenticated or _messages_waiting(request):
        block = render_to_string("surveys/_distress.html", request=request)
        return render(
            request,
            TEMPLATE,
            {"receipt_code": receipt_code, "distress_html": mark_safe(_shown(block, distress))},  # noqa: S308 # nosec (our own template)
        )
    if not _drawn:
        _drawn["block"] = render_to_string("surveys/_distress.html", request=request)
        _drawn["page"] = render_to_string(
            TEMPLATE,
            {"receipt_code": _CODE_MARK, "distress_html": _BLOCK_MARK},
            request=request,
        )
    page = _drawn["page"].replace(_CODE_MARK, receipt_code, 1)
    return HttpResponse(page.replace(_BLOCK_MARK, _shown(_drawn["block"], distress), 1))


def _shown(block: str, distress: bool) -> str:
    """The block, or as many spaces as it has bytes: the page is one size either way."""
    return block if distress else " " * len(block.encode())


def _messages_waiting(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0
