"""allauth hooks: no self sign-up, every account email goes through the outbox, and
every link in one is on `settings.PORTAL_BASE_URL`."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.models import EmailConfirmation
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest
from django.utils import timezone

from wellbeing_portal.outbox.services import email_enqueue


def portal_url(url: str) -> str:
    """`url`'s path and query on the portal's configured address. allauth builds its links
    from the request's Host header, which whoever sends the request chooses: a reset link
    for someone else's account must not point at a host the sender controls."""
    parts = urlsplit(url)
    return settings.PORTAL_BASE_URL + urlunsplit(("", "", parts.path, parts.query, parts.fragment))


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts come from the organisation (staff import or admin), never self sign-up.
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        # An officer made to set up MFA straight after signing in has just proved who
        # they are: asking for the password again a moment later helps nobody.
        request = self.request
        if request is not None and request.user.is_authenticated:
            records = get_authentication_records(request, request.user)
            if (
                records
                and time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT
            ):
                return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def get_reset_password_from_key_url(self, key: str) -> str:
        return portal_url(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(
        self, request: HttpRequest, emailconfirmation: EmailConfirmation
    ) -> str:
        return portal_url(super().get_email_confirmation_url(request, emailconfirmation))

    def format_email_subject(self, subject: str) -> str:
        return f"{settings.PORTAL_NAME}: {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        request = self.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "PORTAL_NAME": settings.PORTAL_NAME,
            "PORTAL_ORGANISATION_NAME": settings.PORTAL_ORGANISATION_NAME,
        }
        ctx.update(context)
        # Some links allauth builds without asking the adapter (the sign-up and reset
        # pages in "unknown account" and "account already exists" emails).
        ctx = {
            key: portal_url(value) if key.endswith("_url") and isinstance(value, str) else value
            for key, value in ctx.items()
        }
        message = self.render_mail(template_prefix, email, ctx)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = str(content)
        user = context.get("user")
        email_enqueue(
            kind=f"account.{template_prefix.rsplit('/', 1)[-1]}",
            # Each request for a reset link is its own email: key it by the moment asked.
            obj=f"at:{timezone.now().isoformat()}",
            to=email,
            subject=str(message.subject),
            body_text=str(message.body),
            body_html=html,
            recipient_id=getattr(user, "pk", None),
        )
