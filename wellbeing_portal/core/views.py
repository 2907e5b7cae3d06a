"""Pages every visitor shares: the accessibility statement, the privacy notice, where to
get help now and the organisation's colours. (The home page and the demo mailbox are the
front door's: `portal/views.py`.)"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_GET
def help_now(request: HttpRequest) -> HttpResponse:
    """Helplines and what a person can do today, for anyone: the survey's closing page
    sends people here who may not have an account (open links) and may be struggling."""
    return render(request, "core/help_now.html")


@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    # The retention periods the nightly purge applies, so the notice says what is true.
    return render(
        request,
        "core/privacy.html",
        {
            "SURVEY_COMMENT_RETENTION_DAYS": settings.SURVEY_COMMENT_RETENTION_DAYS,
            "PORTAL_RETAIN_INSPECTION_NOTES_DAYS": settings.PORTAL_RETAIN_INSPECTION_NOTES_DAYS,
            "PORTAL_RETAIN_OUTBOX_BODY_DAYS": settings.PORTAL_RETAIN_OUTBOX_BODY_DAYS,
        },
    )


@require_GET
@cache_control(max_age=300, public=True)
def brand_css(request: HttpRequest) -> HttpResponse:
    """The organisation's colour as a stylesheet: CSP forbids inline styles."""
    css = f":root {{ --portal-brand: {settings.PORTAL_BRAND_COLOUR}; }}\n"
    return HttpResponse(css, content_type="text/css; charset=utf-8")
