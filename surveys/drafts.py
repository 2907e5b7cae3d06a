"""Half-finished surveys ("Save and finish later"), kept for one invitation on one device.

Saving makes a random secret that only the browser holds (a cookie whose name belongs to
the invitation, so a second invitee on the same browser never meets the first one's
draft). The database keeps the draft sealed with a key made from that secret, under the
secret's HMAC: the row has no user, wave or invitation, and without the cookie nobody can
tell whose it is or read it. The cookie lasts until the end of the wave's last day, so a
draft outlives the browser session and the sign-in (people come back days later). A draft
goes when its answers are sent, when someone signs out on the device, and (unsent) once
its wave's last day has passed.

Open links never keep drafts: on a link shared by a whole school the portal cannot tell
two people on one device apart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone

from .models import Draft, Invitation
from .sealing import Unsealable, device_key, seal, unseal

COOKIE_PREFIX = "surveys_draft_"
PURPOSE = "surveys.draft"
ID_PURPOSE = "surveys.draft-id"
# An unsent draft is kept this long after its wave's last day, then purged (drafts_purge):
# nothing can be sent after that day, so nothing is kept longer.
KEEP_DAYS_AFTER_CLOSE = 0
# The cookie must reach the sign-out page too, which deletes the drafts it names.
COOKIE_PATH = "/"
_SECRET = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
_VALUE_CHARS = 32  # an answer or a role group is a short code
_COMMENT_CHARS = 2000  # as ResponseForm's comment


@dataclass(frozen=True)
class DraftPlace:
    """Where one invitation's draft lives: the cookie holding its secret, what its box is
    bound to, and when it is purged."""

    cookie: str
    associated: bytes
    expires_on: dt.date


def place_for(invitation: Invitation) -> DraftPlace:
    """The draft place of an invitation, the same through its email link and through
    "Answer the survey" when signed in (both know the invitation's token hash)."""
    return DraftPlace(
        cookie=COOKIE_PREFIX + hashlib.sha256(invitation.token_hash.encode()).hexdigest()[:16],
        associated=f"invitation:{invitation.token_hash}".encode(),
        expires_on=invitation.wave.closes_on + dt.timedelta(days=KEEP_DAYS_AFTER_CLOSE),
    )


def _draft_id(secret: str) -> str:
    """The row's id: one-way from the secret, and unlike the sealing key."""
    return device_key(secret, ID_PURPOSE).hex()


def _secret(request: HttpRequest, cookie: str) -> str | None:
    value = request.COOKIES.get(cookie, "")
    return value if _SECRET.fullmatch(value) else None


def draft_load(*, request: HttpRequest, place: DraftPlace) -> dict[str, str] | None:
    """The answers saved on this device for this place, or None (no cookie, or a draft
    that has gone or cannot be opened)."""
    secret = _secret(request, place.cookie)
    if secret is None:
        return None
    row = Draft.objects.filter(id=_draft_id(secret)).values_list("sealed", flat=True).first()
    if row is None:
        return None
    try:
        box = unseal(row, keys=[device_key(secret, PURPOSE)], associated=place.associated)
    except Unsealable:
        return None
    fields = box.get("f", {})
    return {str(k): str(v) for k, v in fields.items()} if isinstance(fields, dict) else None


def draft_save(
    *,
    request: HttpRequest,
    response: HttpResponseBase,
    place: DraftPlace,
    fields: Mapping[str, Any],
    allowed: Iterable[str],
) -> None:
    """Seal the posted `fields` that are in `allowed` (the form's fields) under a new
    secret, store them, and give the secret to the browser in a cookie on `response`.
    The place's previous draft on this device is deleted."""
    allowed = set(allowed)
    kept = {
        name: str(value)[: _COMMENT_CHARS if name == "comment" else _VALUE_CHARS]
        for name, value in fields.items()
        if name in allowed
    }
    old = _secret(request, place.cookie)
    if old is not None:
        Draft.objects.filter(id=_draft_id(old)).delete()
    secret = secrets.token_urlsafe(32)
    Draft.objects.create(
        id=_draft_id(secret),
        sealed=seal({"f": kept}, key=device_key(secret, PURPOSE), associated=place.associated),
        expires_on=place.expires_on,
    )
    response.set_cookie(
        place.cookie,
        secret,
        max_age=_seconds_left(place.expires_on),
        path=COOKIE_PATH,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def _seconds_left(last_day: dt.date) -> int:
    """Seconds from now to the end of `last_day` (local time): the cookie lasts as long
    as its draft can be used, and not a session shorter (people come back days later)."""
    end = dt.datetime.combine(
        last_day + dt.timedelta(days=1), dt.time(0), tzinfo=timezone.get_current_timezone()
    )
    return max(int((end - timezone.now()).total_seconds()), 60)


def draft_clear(*, request: HttpRequest, response: HttpResponseBase, place: DraftPlace) -> None:
    """Delete this place's draft on this device, if any, and its cookie."""
    secret = _secret(request, place.cookie)
    if secret is not None:
        Draft.objects.filter(id=_draft_id(secret)).delete()
    draft_cookie_drop(request=request, response=response, place=place)


def draft_cookie_drop(
    *, request: HttpRequest, response: HttpResponseBase, place: DraftPlace
) -> None:
    """Delete this place's cookie if the browser still sends one (its draft has gone, or
    cannot be opened here): the row, if any, is left to its owner and to the purge."""
    if place.cookie in request.COOKIES:
        response.delete_cookie(place.cookie, path=COOKIE_PATH, samesite="Lax")


def drafts_forget(*, request: HttpRequest) -> list[str]:
    """Delete every draft whose cookie this request carries (someone signs out on this
    device); returns the names of those cookies, for the response to delete."""
    names = [name for name in request.COOKIES if name.startswith(COOKIE_PREFIX)]
    ids = [_draft_id(s) for s in (_secret(request, name) for name in names) if s is not None]
    if ids:
        Draft.objects.filter(id__in=ids).delete()
    return names


def drafts_purge(*, today: dt.date) -> int:
    """Delete the drafts kept past their date (a few days after their wave closed);
    returns how many."""
    deleted, _ = Draft.objects.filter(expires_on__lt=today).delete()
    return deleted


def sessions_purge() -> None:
    """Delete expired sessions from the session store (Django keeps them until told)."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()


# Signing out -----------------------------------------------------------------------------

# Set on the request by the sign-out receiver: DraftCookiesMiddleware deletes these cookies.
FORGOTTEN_ATTR = "surveys_forgotten_draft_cookies"


def forget_on_sign_out(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """Receiver of `user_logged_out`: signing out on a device deletes its saved drafts."""
    if request is None:
        return
    setattr(request, FORGOTTEN_ATTR, drafts_forget(request=request))
