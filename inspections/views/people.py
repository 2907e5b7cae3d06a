"""Screens for one person rather than one record: the officers' board of inspections
under way, a buddy's view of their head's inspection and check-in, and the private
calendar of what is due."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from wellbeing_portal.core.forms import form_page

from .. import calendar, selectors, services
from ..forms import BuddyCheckInForm
from ..models import Inspection
from .common import FORM_TEMPLATE, user_of


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """The senior officer's board of every inspection under way."""
    if not selectors.has_board(request.user):
        raise Http404("The board is for officers.")
    phase = request.GET.get("phase", "")
    only = request.GET.get("only", "")
    return render(
        request,
        "inspections/board.html",
        {
            "rows": selectors.board_for(user=request.user, phase=phase, only=only),
            "phase": phase,
            "only": only,
            "phases": [p for p in Inspection.Phase.choices if p[0] != Inspection.Phase.CLOSED],
        },
    )


@login_required
def buddying(request: HttpRequest) -> HttpResponse:
    """For a buddy: whether their paired head has an inspection under way, and its
    phase; nothing else of the record."""
    return render(
        request,
        "inspections/buddying.html",
        {"inspections": selectors.buddy_inspections(user=request.user)},
    )


@login_required
def buddy_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.buddy_inspection_get(user=request.user, pk=pk)
    form = BuddyCheckInForm(
        request.POST or None,
        initial={"happened_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    return form_page(
        request,
        FORM_TEMPLATE,
        {"heading": f"Log a check-in with {inspection.head.full_name}", "back": "buddying"},
        form=form,
        save=lambda data: services.buddy_check_in(
            inspection=inspection, by=user_of(request), **data
        ),
        then=lambda _: redirect("inspections:buddying"),
        message="Check-in logged. Thank you.",
    )


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    token = None
    if request.method == "POST":
        token = services.calendar_feed_reset(user=user)
    return render(
        request,
        "inspections/calendar.html",
        {
            "token": token,
            "has_feed": hasattr(user, "calendar_feed"),
            "due": selectors.due_for_person(user=user)[:20],
        },
    )


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private calendar address: no sign-in (calendar apps cannot), so the token in
    the address is the key, and an unknown one is 404."""
    user = services.calendar_feed_owner(token=token)
    if user is None:
        raise Http404("No such calendar.")
    body = calendar.ics_for(user=user, items=selectors.due_for_person(user=user))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
