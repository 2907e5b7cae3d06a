"""The URLs `benchmarks/load.py` serves: the portal's, and the floor of a survey submission.

The floor is the least any survey submission can cost in this stack. It goes through
every middleware (the CSRF check included), reads the posted form and stores the
response the portal's own way: sealed, in one statement, into the pending table
(surveys/services/storage.py). Then it answers "receipt-code" as
plain text. It does not validate, rate-limit, read the cache or render a page. Measured
beside the trivial view, it shows how high the submission's throughput ratio could be on
the machine, whatever the view did.

Only the benchmark's gunicorn loads this module (`PORTAL_BENCH_URLCONF`), and the
benchmark settings refuse it unless the database is the benchmark's own throwaway one
(its name ends in `_load`).
"""

from __future__ import annotations

import uuid
from functools import cache

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseNotFound
from django.urls import path
from django.utils import timezone

from portal.urls import handler404, handler500  # noqa: F401 (the portal's pages)
from portal.urls import urlpatterns as portal_urlpatterns
from surveys import selectors
from surveys.models import Item, OpenLink
from surveys.services.storage import NewResponse, pending_store


@cache
def _link(token: str) -> tuple[OpenLink, tuple[Item, ...]] | None:
    """Read once per gunicorn worker and link, mostly in the benchmark's warm-up turn: the
    floor leaves out even the cache read."""
    found = selectors.open_link_get(token)
    return (found[0], tuple(found[1])) if found else None


def floor(request: HttpRequest, token: str) -> HttpResponse:
    """Store the posted answers as a response through the open link `token`, checking
    nothing. Each answer is stored as its own scored value (the benchmark answers 3 on a
    1–5 scale, the same either way round), and the receipt hash is a random value rather
    than the hash of a code shown to anyone."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    found = _link(token)
    if found is None:
        return HttpResponseNotFound("no such open link", content_type="text/plain")
    link, items = found
    values = [int(request.POST[f"item_{item.pk}"]) for item in items]
    # The service's own write without the service's checks, so that only the checks and
    # the page are left out.
    stored = pending_store(
        NewResponse(
            wave=link.wave,
            school=link.school,
            role_group=request.POST["role_group"],
            today=timezone.localdate(),
            receipt_hash=uuid.uuid4().hex,
            metric_score=None,
            rows=[(item, value, value) for item, value in zip(items, values, strict=True)],
            comment="",
            invited=False,
        )
    )
    return HttpResponse("receipt-code" if stored else "closed", content_type="text/plain")


urlpatterns = [path("bench/floor/<str:token>/", floor), *portal_urlpatterns]
