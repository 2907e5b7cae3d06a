"""Screens along the protocol: logging a contact, deferral and pause requests and what
Ofsted decided, and the organisation's own protocol and guidance, which its wellbeing
lead edits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from wellbeing_portal.core.forms import add_errors, form_page
from wellbeing_portal.people.models import Organisation
from wellbeing_portal.people.policy import organisation_led_get_for_user

from .. import selectors, services, timeline
from ..forms import (
    ContactForm,
    GuidanceForm,
    ProtocolSettingsForm,
    ProtocolStepFormSet,
    RequestDecisionForm,
    RequestForm,
)
from ..timeline import STEP_FIELDS
from .common import record_for, record_form_page, user_of, working_hours


def _this_minute() -> dt.datetime:
    """`happened_at` (or `requested_at`) to start from: now, to the minute."""
    return timezone.localtime().replace(second=0, microsecond=0)


@login_required
def contact_new(request: HttpRequest, pk: int) -> HttpResponse:
    inspection, _ = record_for(request, pk, "can_log_contacts")
    initial: dict[str, Any] = {"happened_at": _this_minute()}
    if "item" in request.GET:
        initial["answers"] = request.GET["item"]
    return record_form_page(
        request,
        inspection,
        form=ContactForm(request.POST or None, inspection=inspection, initial=initial),
        save=lambda data: services.contact_log(inspection=inspection, by=user_of(request), **data),
        done="Contact logged.",
        heading="Log a contact",
        button="Log contact",
    )


@login_required
def request_new(request: HttpRequest, pk: int) -> HttpResponse:
    inspection, _ = record_for(request, pk, "can_update")
    return record_form_page(
        request,
        inspection,
        form=RequestForm(request.POST or None, initial={"requested_at": _this_minute()}),
        save=lambda data: services.request_record(
            inspection=inspection, by=user_of(request), **data
        ),
        done="Request recorded. The senior officer's steps are on the timeline.",
        heading="Record a request to defer or pause",
        intro=selectors.guidance_for(inspection.school.responsible_body_id).pausing,
    )


@login_required
def request_decide(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    inspection, _ = record_for(request, pk, "can_update")
    asked = selectors.request_get(inspection=inspection, pk=request_pk)
    form = RequestDecisionForm(
        request.POST or None, initial={"outcome": asked.outcome, "outcome_note": asked.outcome_note}
    )
    return record_form_page(
        request,
        inspection,
        form=form,
        save=lambda data: services.request_decide(
            request=asked, outcome=data["outcome"], note=data["outcome_note"]
        ),
        done="Saved.",
        heading=f"What Ofsted decided: {asked.get_kind_display().lower()}",
    )


@login_required
def guidance(request: HttpRequest, slug: str) -> HttpResponse:
    """The wellbeing lead's words for heads, shown after logging a call."""
    organisation = organisation_led_get_for_user(user=request.user, slug=slug)
    form = GuidanceForm(request.POST or None, instance=selectors.guidance_for(organisation.pk))
    return form_page(
        request,
        "inspections/guidance.html",
        {"organisation": organisation},
        form=form,
        save=lambda data: services.guidance_save(
            organisation=organisation, by=user_of(request), **data
        ),
        then=lambda _: redirect("inspections:list"),
        message="Saved. Heads will see these words after logging a call.",
    )


@login_required
def protocol(request: HttpRequest, slug: str) -> HttpResponse:
    """The wellbeing lead edits the protocol; saving writes a new version.

    Not a `form_page`: the page is a form (the settings) and a formset (the steps),
    valid together, and the steps' errors have their own summary on the page."""
    organisation = organisation_led_get_for_user(user=request.user, slug=slug)
    current = timeline.protocol_current(organisation=organisation)
    initial = [{f: getattr(s, f) for f in STEP_FIELDS} for s in current.steps.all()]
    formset = ProtocolStepFormSet(request.POST or None, initial=initial, prefix="steps")
    settings_form = ProtocolSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and formset.is_valid() and settings_form.is_valid():
        saved = _protocol_save(request, organisation, formset, settings_form)
        if saved:
            return redirect("inspections:protocol", slug=slug)
    invalid = any(formset.errors) or formset.non_form_errors() or settings_form.errors
    return render(
        request,
        "inspections/protocol.html",
        {
            "organisation": organisation,
            "current": current,
            "formset": formset,
            "form": settings_form,
            "running": selectors.inspections_running_under(organisation_id=organisation.pk),
            "working_hours": working_hours(),
        },
        status=400 if invalid else 200,
    )


def _protocol_save(
    request: HttpRequest,
    organisation: Organisation,
    formset: Any,
    settings_form: ProtocolSettingsForm,
) -> bool:
    """Save the steps as a new version and say so; a refusal goes on the settings form."""
    steps = [
        f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]
    try:
        version = timeline.protocol_save(
            organisation=organisation,
            steps=steps,
            escalation_grace_hours=settings_form.cleaned_data["escalation_grace_hours"],
            by=user_of(request),
        )
    except ValidationError as error:
        add_errors(settings_form, error)
        return False
    messages.success(
        request,
        f"Saved as version {version.number}. New inspections follow it; those under "
        "way keep the version they started with.",
    )
    return True
