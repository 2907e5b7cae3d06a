from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

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
        # The header, title and footer name the signed-in person's own organisation.
        "HEADER_ORGANISATION_NAME": SimpleLazyObject(lambda: _own_organisation_name(request)),
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


def _own_organisation_name(request: HttpRequest) -> str:
    """The one organisation the signed-in person belongs to (their organisation role's,
    or their school's responsible body); the portal's operator when signed out, or when
    they belong to several or none."""
    if not request.user.is_authenticated:
        return str(settings.PORTAL_ORGANISATION_NAME)
    memberships = access_for(request.user).memberships
    ids = {
        m.organisation_id or (m.school.responsible_body_id if m.school else None)
        for m in memberships
    }
    ids.discard(None)
    if len(ids) != 1:
        return str(settings.PORTAL_ORGANISATION_NAME)
    for m in memberships:
        if m.organisation is not None:
            return m.organisation.name
    school = next(m.school for m in memberships if m.school is not None)
    return school.responsible_body.name
