from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .support import NATIONAL_SUPPORT_LINES


def portal(request: HttpRequest) -> dict[str, Any]:
    """The organisation's name, the support lines, and whether this is the demo."""
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "PORTAL_ORGANISATION_NAME": settings.PORTAL_ORGANISATION_NAME,
        "PORTAL_CONTACT_EMAIL": settings.PORTAL_CONTACT_EMAIL,
        "PORTAL_DEMO": settings.PORTAL_DEMO_MAILBOX,
        "PORTAL_MFA_OFF": not settings.PORTAL_REQUIRE_MFA,
        "OUTBOX_KEEP_SENT_DAYS": settings.OUTBOX_KEEP_SENT_DAYS,
        "support_lines": NATIONAL_SUPPORT_LINES,
    }
