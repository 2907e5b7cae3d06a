"""Inspection pages: log Ofsted's call, then see what happens now."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from wellbeing_portal.core.forms import add_errors
from wellbeing_portal.people.models import User
from wellbeing_portal.people.policy import organisation_led_get_for_user, organisations_led_by

from . import selectors, services
from .forms import GuidanceForm, NotificationForm


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "inspections/list.html",
        {
            "inspections": selectors.inspections_visible_to(request.user),
            "can_log": selectors.schools_user_can_log_for(request.user).exists(),
            "led": organisations_led_by(request.user),
        },
    )


@login_required
def notify(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    schools = selectors.schools_user_can_log_for(user)
    if not schools.exists():
        raise Http404("Only heads, school leaders and their link officers log inspections.")
    form = NotificationForm(
        request.POST or None, schools=schools, initial=services.inspection_defaults()
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "school"}
        try:
            inspection = services.inspection_log(
                school=form.cleaned_data["school"], logged_by=user, data=data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Logged. The people below have been told.")
            return redirect("inspections:detail", pk=inspection.pk)
    return render(
        request, "inspections/notify.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """What happens now: who will contact the head, their buddy, who to call, their rights."""
    inspection = selectors.inspection_get_for_user(user=request.user, pk=pk)
    services.inspection_record_read(inspection=inspection)
    return render(
        request,
        "inspections/detail.html",
        {
            "inspection": inspection,
            "now": selectors.what_now(inspection=inspection, user=request.user),
        },
    )


@login_required
def guidance(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_led_get_for_user(user=request.user, slug=slug)
    user = request.user
    assert isinstance(user, User)
    current = selectors.guidance_for(organisation.pk)
    form = GuidanceForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.guidance_save(
                organisation=organisation,
                by=user,
                data={name: form.cleaned_data[name] for name in GuidanceForm.Meta.fields},
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Saved. Heads will see these words after logging a call.")
            return redirect("inspections:list")
    return render(
        request,
        "inspections/guidance.html",
        {"form": form, "organisation": organisation},
        status=400 if form.errors else 200,
    )
