"""Taking a survey (no account needed: the invitation link's token, or a school's open
link, is the key), the closing page, and the receipt-code holder's replies.

An invitation link's token is checked, handed to the browser in a cookie that only the
answering page receives, and dropped from the address at once: the requests that answer
carry no token in their URL, and the server-side session never holds it. The survey is
answered a step at a time (taking.py, surveys.steps). A half-finished survey is kept
sealed for one invitation on one device (surveys.drafts), never beside a user id; open
links keep nothing between pages but the pages themselves. Every page here is sent with
`Cache-Control: no-store`."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from allauth.account.adapter import get_adapter as get_account_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from wellbeing_portal.core.forms import add_errors

from .. import drafts, respondents, selectors, services
from ..forms import ReceiptForm, ReplyForm
from ..models import Comment, Invitation, Reply, Wave
from ..steps import sending
from .taking import Answering, take_page

DONE_COOKIE = "surveys_done_{}"
# Holds the plain invitation token between the link and the answering page (signed).
INVITATION_COOKIE = "surveys_invitation"
INVITATION_SALT = "surveys.invitation"
# Open links: a school's staff often share one address, so the limit is generous.
OPEN_LINK_LIMIT = 120  # submissions per address and link per hour
RECEIPT_LIMIT = 20  # receipt-code look-ups per address per hour

OPEN_AGAIN = (
    "Open the link in your invitation email again. This page works only in the browser "
    "where you opened that link."
)
ANOTHER_INVITATION = (
    "Another invitation has been opened in this browser since this page was. Open the link "
    "in your invitation email again: nothing was sent."
)
INVITED_ELSEWHERE = (
    "You were invited to this survey: use the link in your email (or 'Answer the survey' "
    "on your home page). The school's shared link is for staff without an invitation, so "
    "that each person answers once."
)


def _rate_limited(request: HttpRequest, scope: str, limit: int) -> bool:
    """Count this request against a per-address limit for an hour (the address is hashed
    and kept only in the cache). The address is the client's as allauth's rate limits
    see it (behind a proxy: ALLAUTH_TRUSTED_PROXY_COUNT). If the cache is down the
    request is let through."""
    address = get_account_adapter().get_client_ip(request) or ""
    key = "surveys:rl:" + hashlib.sha256(f"{scope}:{address}".encode()).hexdigest()
    try:
        try:
            count = cache.incr(key)  # one round trip, except for the hour's first
        except ValueError:  # no count yet: start one (or count on one started meanwhile)
            count = 1 if cache.add(key, 1, timeout=3600) else cache.incr(key)
    except Exception:
        return False
    return bool(count) and count > limit


# Taking a survey -------------------------------------------------------------------------


def _closed(request: HttpRequest, message: str, status: int = 410) -> HttpResponse:
    return render(request, "surveys/unavailable.html", {"message": message}, status=status)


def _refusal(
    request: HttpRequest, invitation: Invitation, *, answering: bool
) -> HttpResponse | None:
    """The page instead of the form when the invitation cannot be answered now. (A
    second answer being sent is refused by the service instead, with the form.)"""
    if invitation.completed and not answering:
        return _closed(request, "You have already answered this survey. Thank you for taking part.")
    if invitation.wave.status != Wave.Status.OPEN:
        return _closed(request, "This survey is not open. Thank you for wanting to take part.")
    return None


def _page_check(invitation: Invitation) -> str:
    """Sent with the form: tells the answering page which invitation the form was drawn
    for (the cookie may since hold another person's), without saying which to anyone."""
    return hashlib.sha256(f"page:{invitation.token_hash}".encode()).hexdigest()[:16]


def take_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """One person's invitation link: checks the token, gives it to this browser in a
    signed cookie that only the answering page receives, and goes there (take_invited)."""
    try:
        invitation = services.invitation_for_token(token)
    except Invitation.DoesNotExist:
        return _closed(
            request,
            "This survey link is not valid. Check you used the whole link from your email.",
            404,
        )
    refused = _refusal(request, invitation, answering=False)  # nothing is answered here
    if refused is not None:
        return refused
    target = reverse("surveys:take_invited")
    response = HttpResponseRedirect(target, status=303)
    # A browser-session cookie: gone when the browser closes, and never sent elsewhere.
    response.set_signed_cookie(
        INVITATION_COOKIE,
        token,
        salt=INVITATION_SALT,
        path=target,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


def take_invited(request: HttpRequest) -> HttpResponse:
    """The survey through an invitation link, once take_invitation has put the link's
    token in this browser's cookie: without it, the page asks for the link again."""
    token = request.get_signed_cookie(INVITATION_COOKIE, default=None, salt=INVITATION_SALT)
    try:
        invitation = services.invitation_for_token(token) if token else None
    except Invitation.DoesNotExist:
        invitation = None
    if invitation is None:
        return _closed(request, OPEN_AGAIN, 400)
    check = _page_check(invitation)
    # (A post without it, from a script, answers for the invitation in the cookie.)
    posted = request.POST.get("invitation") if request.method == "POST" else None
    if posted is not None and posted != check:
        return _closed(request, ANOTHER_INVITATION, 400)

    def forget_token(response: HttpResponse) -> None:  # answered: the token is spent
        response.delete_cookie(INVITATION_COOKIE, path=request.path, samesite="Lax")

    return _take_for_invitation(request, invitation, page_check=check, after_submit=forget_token)


@login_required
def take_mine(request: HttpRequest, pk: int) -> HttpResponse:
    """The survey through the signed-in person's own invitation (for reminder emails)."""
    try:
        invitation = selectors.invitation_own_get(user=request.user, wave_pk=pk)
    except Http404:
        return _closed(request, "You have no invitation to this survey that is still open.", 404)
    return _take_for_invitation(request, invitation)


def _take_for_invitation(
    request: HttpRequest,
    invitation: Invitation,
    *,
    page_check: str = "",
    after_submit: Callable[[HttpResponse], None] | None = None,
) -> HttpResponse:
    answering = request.method == "POST" and sending(request.POST)
    refused = _refusal(request, invitation, answering=answering)
    if refused is not None:
        return refused

    def submit(**kwargs: Any) -> services.Submitted:
        return services.response_submit(invitation=invitation, **kwargs)

    survey = Answering(
        wave=invitation.wave,
        items=selectors.survey_items(invitation.wave),
        school_name=invitation.school.name,
        submit=submit,
        place=drafts.place_for(invitation),
        page_check=page_check,
        after_submit=after_submit,
    )
    return take_page(request, survey)


def take_open(request: HttpRequest, token: str) -> HttpResponse:
    """The survey through a school's open link: one response per browser, rate limited,
    no drafts, and not for anyone signed in who was invited to the wave."""
    found = selectors.open_link_get(token)
    if found is None:
        return _closed(
            request, "This survey link is not valid. Check you used the whole link.", 404
        )
    link, items = found
    wave = link.wave
    if respondents.invited_to(user=request.user, wave=wave):
        return _closed(request, INVITED_ELSEWHERE, 403)
    cookie = DONE_COOKIE.format(wave.pk)
    if request.get_signed_cookie(cookie, default=None, salt="surveys") == "1":
        return _closed(
            request, "Someone has already answered this survey from this browser. Thank you."
        )
    if wave.status != Wave.Status.OPEN:
        return _closed(request, "This survey is not open. Thank you for wanting to take part.")
    if (
        request.method == "POST"
        and sending(request.POST)
        and _rate_limited(request, f"open:{link.pk}", OPEN_LINK_LIMIT)
    ):
        return render(request, "429.html", status=429)

    def submit(**kwargs: Any) -> services.Submitted:
        return services.open_response_submit(link=link, **kwargs)

    def remember(response: HttpResponse) -> None:
        response.set_signed_cookie(
            cookie,
            "1",
            salt="surveys",
            max_age=60 * 60 * 24 * 120,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )

    survey = Answering(
        wave=wave,
        items=items,
        school_name=link.school.name,
        submit=submit,
        place=None,
        page_check="",
        after_submit=remember,
    )
    return take_page(request, survey)


def reply_lookup(request: HttpRequest) -> HttpResponse:
    """Whoever holds a receipt code reads replies to their comment and answers them."""
    form = ReceiptForm(request.POST or None)
    reply_form = ReplyForm(request.POST if request.POST.get("text") is not None else None)
    comment: Comment | None = None
    found = False
    if request.method == "POST" and form.is_valid():
        if _rate_limited(request, "receipt", RECEIPT_LIMIT):
            return render(request, "429.html", status=429)
        response = services.response_for_receipt(form.cleaned_data["code"])
        if response is None:
            # A response waits, sealed, until its batch or its wave's close: nobody can
            # look it up by its code until then (services/storage.py).
            form.add_error(
                "code",
                "No comment can be read with that code yet. If the survey is still open, "
                "your answers are safely stored and replies can come once it has closed. "
                "Otherwise, check the code and try again.",
            )
        else:
            found = True
            comment = getattr(response, "comment", None)
            if comment is not None and reply_form.is_bound and reply_form.is_valid():
                try:
                    services.reply_create(
                        comment=comment,
                        sender=Reply.From.RESPONDENT,
                        text=reply_form.cleaned_data["text"],
                    )
                except ValidationError as error:
                    add_errors(reply_form, error)
                else:
                    messages.success(
                        request, "Your reply has been sent. Nobody can see who wrote it."
                    )
                    reply_form = ReplyForm()
    return render(
        request,
        "surveys/receipt.html",
        {
            "form": form,
            "reply_form": reply_form if found else None,
            "found": found,
            "comment": comment,
            "replies": selectors.replies_to(comment),
        },
        status=400 if form.errors else 200,
    )
