"""Taking a survey (no account needed: the invitation link's token, or a school's open
link, is the key), the closing page, and the receipt-code holder's replies.

A half-finished survey is kept in the respondent's own session, keyed by wave, never
in the database against a person."""

from __future__ import annotations

import hashlib
from typing import Any

from allauth.account.adapter import get_adapter as get_account_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wellbeing_portal.core.forms import add_errors

from .. import selectors, services
from ..forms import (
    ReceiptForm,
    ReplyForm,
    ResponseForm,
)
from ..models import Comment, Invitation, Item, Reply, Wave

DRAFT_KEY = "surveys:draft:{}"
DONE_COOKIE = "surveys_done_{}"
# Open links: a school's staff often share one address, so the limit is generous.
OPEN_LINK_LIMIT = 120  # submissions per address and link per hour
RECEIPT_LIMIT = 20  # receipt-code look-ups per address per hour
# A domain mean in the lowest quarter of the scale (2 or less on 1–5) shows more support.
DISTRESS_SHARE = 0.25


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


def _take(
    request: HttpRequest,
    *,
    wave: Wave,
    items: list[Item],
    school_name: str,
    submit: Any,
    after_submit: Any = None,
) -> HttpResponse:
    """The survey form, its draft in the session, and the closing page after submitting."""
    draft_key = DRAFT_KEY.format(wave.pk)
    draft = request.session.get(draft_key, {})
    started = request.method == "POST" or request.GET.get("start") == "1" or bool(draft)
    if request.method == "POST" and request.POST.get("save") == "later":
        request.session[draft_key] = {
            k: v
            for k, v in request.POST.items()
            if k.startswith("item_") or k in ("role_group", "comment")
        }
        return render(request, "surveys/saved.html", {"wave": wave, "school_name": school_name})
    form = ResponseForm(request.POST or None, wave=wave, items=items, initial=draft)
    if request.method == "POST" and form.is_valid():
        try:
            submitted = submit(
                role_group=form.cleaned_data["role_group"],
                answers=form.answers(),
                comment=form.cleaned_data.get("comment", ""),
                items=items,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            request.session.pop(draft_key, None)
            # Computed from this request's answers only; nothing records that it was shown.
            instrument = wave.survey.instrument
            span = instrument.scale_max - instrument.scale_min
            distress = any(
                (sum(values) / len(values) - instrument.scale_min) / span <= DISTRESS_SHARE
                for values in submitted.scored.values()
                if values
            )
            response = render(
                request,
                "surveys/thanks.html",
                {"wave": wave, "receipt_code": submitted.receipt_code, "distress": distress},
            )
            if after_submit:
                after_submit(response)
            return response
    return render(
        request,
        "surveys/take.html",
        {
            "wave": wave,
            "school_name": school_name,
            "form": form,
            "started": started,
            "items": items,
            "has_draft": bool(draft),
        },
        status=400 if form.errors else 200,
    )


def _closed(request: HttpRequest, message: str, status: int = 410) -> HttpResponse:
    return render(request, "surveys/unavailable.html", {"message": message}, status=status)


def take_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The survey through one person's invitation link."""
    try:
        invitation = services.invitation_for_token(token)
    except Invitation.DoesNotExist:
        return _closed(
            request,
            "This survey link is not valid. Check you used the whole link from your email.",
            404,
        )
    return _take_for_invitation(request, invitation)


@login_required
def take_mine(request: HttpRequest, pk: int) -> HttpResponse:
    """The survey through the signed-in person's own invitation (for reminder emails)."""
    invitation = selectors.invitation_own_get(user=request.user, wave_pk=pk)
    return _take_for_invitation(request, invitation)


def _take_for_invitation(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    wave = invitation.wave
    if invitation.completed and request.method != "POST":
        return _closed(request, "You have already answered this survey. Thank you for taking part.")
    if wave.status != Wave.Status.OPEN:
        return _closed(request, "This survey is not open. Thank you for wanting to take part.")

    def submit(**kwargs: Any) -> services.Submitted:
        return services.response_submit(invitation=invitation, **kwargs)

    return _take(
        request,
        wave=wave,
        items=selectors.survey_items(wave),
        school_name=invitation.school.name,
        submit=submit,
    )


def take_open(request: HttpRequest, token: str) -> HttpResponse:
    """The survey through a school's open link: one response per browser, rate limited."""
    found = selectors.open_link_get(token)
    if found is None:
        return _closed(
            request, "This survey link is not valid. Check you used the whole link.", 404
        )
    link, items = found
    wave = link.wave
    cookie = DONE_COOKIE.format(wave.pk)
    if request.get_signed_cookie(cookie, default=None, salt="surveys") == "1":
        return _closed(
            request, "Someone has already answered this survey from this browser. Thank you."
        )
    if wave.status != Wave.Status.OPEN:
        return _closed(request, "This survey is not open. Thank you for wanting to take part.")
    submitting = request.method == "POST" and request.POST.get("save") != "later"
    if submitting and _rate_limited(request, f"open:{link.pk}", OPEN_LINK_LIMIT):
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

    return _take(
        request,
        wave=wave,
        items=items,
        school_name=link.school.name,
        submit=submit,
        after_submit=remember,
    )


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
            form.add_error("code", "No response has that code. Check it and try again.")
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
            "replies": list(comment.replies.all()) if comment else [],
        },
        status=400 if form.errors else 200,
    )
