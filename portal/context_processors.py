from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from wellbeing_portal.core.support import NATIONAL_SUPPORT_LINES
from wellbeing_portal.people.policy import REPORT_REQUESTERS, access_for


def portal(request: HttpRequest) -> dict[str, Any]:
    """The organisation's name, the support lines, and whether this is the demo."""
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        # Addresses people copy or print (open links, calendar feeds) use the configured
        # base URL, never the Host header of whoever asked.
        "PORTAL_BASE_URL": settings.PORTAL_BASE_URL,
        "PORTAL_ORGANISATION_NAME": settings.PORTAL_ORGANISATION_NAME,
        "PORTAL_CONTACT_EMAIL": settings.PORTAL_CONTACT_EMAIL,
        "PORTAL_DEMO": settings.PORTAL_DEMO_MAILBOX,
        "PORTAL_MFA_OFF": not settings.PORTAL_REQUIRE_MFA,
        "OUTBOX_KEEP_SENT_DAYS": settings.OUTBOX_KEEP_SENT_DAYS,
        "support_lines": NATIONAL_SUPPORT_LINES,
        "nav_reports": _can_request_reports(request),
    }


def _can_request_reports(request: HttpRequest) -> bool:
    """Governors, wellbeing leads and senior officers see Reports in the header. Uses the
    roles the request has already loaded (no query of its own after the first)."""
    if not request.user.is_authenticated:
        return False
    return access_for(request.user).holds_any(REPORT_REQUESTERS)
