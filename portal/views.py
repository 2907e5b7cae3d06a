"""The front door: the home page, which shows each person what they need next from every
app (through each app's selectors), and the demo mailbox."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from charters.selectors import charters_visible_to
from inspections.selectors import inspections_visible_to
from surveys.selectors import invitations_open_for, waves_visible_to
from wellbeing_portal.outbox.selectors import demo_mailbox_list
from wellbeing_portal.people.models import School
from wellbeing_portal.people.policy import (
    GOVERNORS,
    LINK_OFFICERS,
    OVERSEERS,
    REPORT_REQUESTERS,
    SCHOOL_LEADERS,
    SENIOR_OFFICERS,
    WELLBEING_CHAMPIONS,
    WELLBEING_LEADS,
    access_for,
)
from wellbeing_portal.people.selectors import (
    assigned_schools_list,
    link_officers_of,
    organisations_led_summary,
    school_in_window,
    school_window_opens_on,
    schools_in_window_overseen,
    senior_officers_of,
)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Signed out: what the portal is. Signed in: what this person needs next, by role."""
    if not request.user.is_authenticated:
        return render(request, "portal/landing.html")
    access = access_for(request.user)
    school_memberships = [m for m in access.memberships if m.school_id]
    inspections = list(inspections_visible_to(request.user).exclude(phase="closed")[:20])
    led_schools = [
        _led_school(m.school, inspections)  # type: ignore[arg-type]
        for m in school_memberships
        if m.role in SCHOOL_LEADERS
    ]
    context = {
        "memberships": access.memberships,
        "school_memberships": school_memberships,
        "led_schools": led_schools,
        "is_staff_member": bool(school_memberships),
        "is_governor": access.holds_any(GOVERNORS),
        # The same rule as the header's Reports link.
        "can_request_reports": access.holds_any(REPORT_REQUESTERS),
        "is_champion": access.holds_any(WELLBEING_CHAMPIONS),
        "is_senior_officer": access.holds_any(SENIOR_OFFICERS),
        "led_organisations": organisations_led_summary(user=request.user)
        if access.holds_any(WELLBEING_LEADS)
        else [],
        "assigned_schools": [
            {"school": s, "in_window": school_in_window(s)}
            for s in assigned_schools_list(user=request.user)
        ]
        if access.holds_any(LINK_OFFICERS)
        else [],
        "window_schools": [
            {"school": s, "since": school_window_opens_on(s)}
            for s in schools_in_window_overseen(user=request.user)
        ]
        if access.holds_any(OVERSEERS)
        else None,
        "charters": list(charters_visible_to(request.user)),
        # Only people at a school are invited to answer surveys.
        "survey_invitations": list(invitations_open_for(request.user))
        if school_memberships
        else [],
        "has_survey_results": waves_visible_to(request.user).exists(),
        "inspections": inspections,
        "is_platform_admin": access.is_platform_admin,
        "mfa_enabled": is_mfa_enabled(request.user, [Authenticator.Type.TOTP]),
        "mfa_required": access.requires_mfa,
    }
    return render(request, "portal/home.html", context)


def _led_school(school: School, inspections: list[Any]) -> dict[str, Any]:
    """A school the user leads: its window, its open record (if any), and its officers,
    by name, to call."""
    return {
        "school": school,
        "in_window": school_in_window(school),
        "open_record": next((i for i in inspections if i.school_id == school.pk), None),
        "link_officers": link_officers_of(school),
        "senior_officers": senior_officers_of(school),
    }


@require_GET
def demo_mailbox(request: HttpRequest) -> HttpResponse:
    """Every email the outbox holds, so that a newcomer to the demo sees them arrive.

    Only in the demo (PORTAL_DEMO_MAILBOX): anywhere else this page does not exist. Even
    there it shows everyone's password-reset and welcome links, so only a signed-in
    platform admin reads it; for anyone else signed in it does not exist.
    """
    if not settings.PORTAL_DEMO_MAILBOX:
        raise Http404("No such page.")
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not access_for(request.user).is_platform_admin:
        raise Http404("No such page.")
    return render(request, "portal/demo_mailbox.html", {"emails": demo_mailbox_list()})
