"""The URLs `benchmarks/load.py` serves: the portal's, and the floor of a survey submission.

The floor is the least any survey submission can cost in this stack. It goes through
every middleware (the CSRF check included), reads the posted form and stores the
response with the portal's own one-statement insert. Then it answers "receipt-code" as
plain text. It does not validate, rate-limit, read the cache or render a page. Measured
beside the trivial view, it shows how high the submission's throughput ratio could be on
the machine, whatever the view did.

Only the benchmark's gunicorn loads this module (`PORTAL_BENCH_URLCONF`), and only
against its own throwaway database.
"""

from __future__ import annotations

import uuid
from functools import cache

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import path
from django.utils import timezone

from surveys import selectors
from surveys.models import Item, OpenLink
from surveys.services.responses import _insert_in_one_statement, _NewResponse
from wellbeing_portal.urls import urlpatterns as portal_urlpatterns


@cache
def _link(token: str) -> tuple[OpenLink, tuple[Item, ...]]:
    """Read once per gunicorn worker: the floor leaves out even the cache read."""
    found = selectors.open_link_get(token)
    assert found is not None, "the floor is posted to through an open link's token"
    return found[0], tuple(found[1])


def floor(request: HttpRequest, token: str) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    link, items = _link(token)
    values = [int(request.POST[f"item_{item.pk}"]) for item in items]
    stored = _insert_in_one_statement(
        _NewResponse(
            wave=link.wave,
            school=link.school,
            role_group=request.POST["role_group"],
            today=timezone.localdate(),
            receipt_hash=uuid.uuid4().hex,
            metric_score=None,
            rows=[(item, value, value) for item, value in zip(items, values, strict=True)],
            comment="",
        )
    )
    return HttpResponse("receipt-code" if stored else "closed", content_type="text/plain")


urlpatterns = [path("bench/floor/<str:token>/", floor), *portal_urlpatterns]
