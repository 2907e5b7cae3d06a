"""Two-factor authentication required by role.

allauth's MFA has no "require it for these users" switch, so RequireMFAMiddleware sends
any signed-in officer, senior officer, wellbeing lead or platform admin who has not set
up an authenticator app to allauth's set-up page before they can use anything else.
Who must is the policy layer's answer (`requires_mfa`).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from .policy import access_for

# The only pages (by URL name) that a person who must set up MFA reaches before they
# have: an allow-list, so a new page is behind MFA without anyone remembering to put it
# there. Static files never get here (WhiteNoise answers them first); a path that names
# no page is sent to set up MFA like any other. Deliberately absent: "my data" and
# erasure (privacy:*), the demo mailbox (everyone's reset links), allauth's other pages.
MFA_SETUP_ALLOWED = frozenset(
    {
        # Signing in (a signed-in person is sent on from it) and signing out.
        "account_login",
        "account_logout",
        # Setting up the authenticator app. allauth asks for the password again before
        # it if the sign-in was long ago; the recovery codes come after, once MFA is on.
        "mfa_activate_totp",
        "account_reauthenticate",
        # The statements every visitor may read: how the portal uses personal data
        # (not "my data" or erasure, which are under privacy:) and accessibility.
        "core:privacy",
        "core:accessibility",
        # Helplines for someone in distress: nothing may stand between them and a number.
        "core:help_now",
        # The organisation's colour, which every page links to, set-up page included.
        "core:brand_css",
        # Probes: they answer the same to everyone and show nobody's data.
        "core:health",
        "core:live",
    }
)


class RequireMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_set_up_mfa(request):
            target = reverse("mfa_activate_totp")
            return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _must_set_up_mfa(request: HttpRequest) -> bool:
        if not settings.PORTAL_REQUIRE_MFA:
            return False
        user = request.user
        if not user.is_authenticated or _allowed_before_mfa(request):
            return False
        if not access_for(user).requires_mfa:
            return False
        return not is_mfa_enabled(user, [Authenticator.Type.TOTP])


def _allowed_before_mfa(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in MFA_SETUP_ALLOWED
