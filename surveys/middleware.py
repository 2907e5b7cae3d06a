"""Deletes the draft cookies of a device whose drafts were deleted at sign-out."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from .drafts import COOKIE_PATH, FORGOTTEN_ATTR


class DraftCookiesMiddleware:
    """After signing out (surveys.drafts.forget_on_sign_out), the response also deletes the
    cookies that held the drafts' secrets, so that nothing on the device still names the
    invitation they were for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        for name in getattr(request, FORGOTTEN_ATTR, ()):
            response.delete_cookie(name, path=COOKIE_PATH, samesite="Lax")
        return response
