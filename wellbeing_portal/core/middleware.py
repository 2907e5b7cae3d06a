"""The portal's own middleware: the Permissions-Policy header (Django has no setting that
sends it), and no caching of any page unless its view says otherwise. (Two-factor
authentication required by role is the people app's: `people/middleware.py`.)"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class PermissionsPolicyMiddleware:
    """Send `settings.PERMISSIONS_POLICY_HEADER` with every response: the portal needs
    no camera, microphone, location, payment or USB, so browsers refuse them to it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY_HEADER

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        return response


class NoStoreMiddleware:
    """Every page the portal renders is `Cache-Control: no-store, private` unless its view
    set a Cache-Control of its own: nothing a page showed (a survey's ticked answers, an
    inspection record, results) stays in a browser's or a proxy's cache. An allow-list
    by default: a new page is covered without anyone remembering to. Static files are
    served (and cached) by WhiteNoise before this runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store, private"
        return response
