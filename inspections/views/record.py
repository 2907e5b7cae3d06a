"""The record's own screens: the list, logging Ofsted's call, what happens now, the
record itself, its phase (closing and reopening), its details and dates, and its audit."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from wellbeing_portal.core.forms import form_page
from wellbeing_portal.people.policy import organisations_led_by

from .. import selectors, services
from ..forms import DatesForm, DetailsForm, NotificationForm, ReopenForm
from ..models import Inspection
from .common import record_for, record_form_page, user_of, working_hours


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "inspections/list.html",
        {
            "inspections": selectors.inspections_visible_to(request.user),
            "can_log": selectors.schools_user_can_log_for(request.user).exists(),
            "led": organisations_led_by(request.user),
            "has_board": selectors.has_board(request.user),
            "buddying": selectors.buddy_inspections(user=request.user).exists(),
        },
    )


@login_required
def notify(request: HttpRequest) -> HttpResponse:
    """Log Ofsted's call: the people who must know are told at once."""
    user = user_of(request)
    schools = selectors.schools_user_can_log_for(user)
    if not schools.exists():
        raise Http404("Only heads, school leaders and their officers log inspections.")
    initial = services.inspection_defaults()
    asked = request.GET.get("school", "")
    if asked.isdigit() and schools.filter(pk=int(asked)).exists():  # the home page's button
        initial["school"] = int(asked)
    form = NotificationForm(request.POST or None, schools=schools, initial=initial)
    return form_page(
        request,
        "inspections/notify.html",
        {"already_logged": selectors.open_records_of_schools(user=user, schools=schools)},
        form=form,
        save=lambda data: services.inspection_log(logged_by=user, **data),
        then=lambda inspection: redirect("inspections:what_now", pk=inspection.pk),
        message="Logged. The people below have been told.",
    )


@login_required
def what_now(request: HttpRequest, pk: int) -> HttpResponse:
    """Who will contact the head, their buddy, who to call, their rights."""
    inspection, _ = record_for(request, pk)
    return render(
        request,
        "inspections/what_now.html",
        {
            "inspection": inspection,
            "now": selectors.what_now(inspection=inspection, user=request.user),
        },
    )


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The record: phase, timeline, contacts, requests, outcome, concerns and after."""
    inspection, rights = record_for(request, pk)
    closed = inspection.phase == Inspection.Phase.CLOSED
    next_phase = selectors.phase_after(inspection.phase)
    return render(
        request,
        "inspections/detail.html",
        {
            "inspection": inspection,
            "rights": rights,
            "closed": closed,
            "closed_message": services.CLOSED_MESSAGE,
            "reopen_form": ReopenForm() if closed and rights.can_reopen else None,
            "reopenings": selectors.reopenings_of(inspection=inspection),
            "working_hours": working_hours(),
            "timeline": selectors.timeline_for(inspection=inspection, now=timezone.now()),
            "contacts": selectors.contacts_for(inspection=inspection),
            "requests": inspection.requests.all(),
            "grades": selectors.grades_for(inspection=inspection),
            "framework": selectors.framework_for(inspection),
            "comments_due_on": services.comments_due_on(inspection),
            "concerns": selectors.concerns_for(inspection=inspection),
            "plan": selectors.support_plan_of(inspection),
            "feedback": getattr(inspection, "feedback", None),
            "review": getattr(inspection, "learning_review", None),
            "next_phase": next_phase,
            "next_phase_refusal": services.phase_move_refusal(inspection, next_phase)
            if next_phase
            else "",
            "previous_phase": selectors.phase_before(inspection.phase),
        },
    )


@login_required
@require_POST
def phase(request: HttpRequest, pk: int) -> HttpResponse:
    """A button on the record: the next (or previous) phase, or closing."""
    inspection, _ = record_for(request, pk, "can_update")
    try:
        moved = services.inspection_phase_set(
            inspection=inspection, phase=request.POST.get("phase", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The inspection is now: {moved.get_phase_display().lower()}.")
    return redirect("inspections:detail", pk=pk)


@login_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """A senior officer reopens a closed record, giving a reason (the form is on the
    record's page; it comes back here only with an error)."""
    inspection, _ = record_for(request, pk, "can_reopen")
    return record_form_page(
        request,
        inspection,
        form=ReopenForm(request.POST),
        save=lambda data: services.inspection_reopen(
            inspection=inspection, by=user_of(request), reason=data["reason"]
        ),
        done="Reopened. The record can be changed again; the reason is on the record and in "
        "the audit log.",
        heading="Reopen the record",
        button="Reopen the record",
    )


def _record_fields_page(
    request: HttpRequest,
    pk: int,
    form_class: type[DetailsForm | DatesForm],
    service: Callable[..., Inspection],
    *,
    heading: str,
    intro: str,
) -> HttpResponse:
    """Change some of the record's own fields through `service`; the timeline follows."""
    inspection, _ = record_for(request, pk, "can_update")
    form = form_class(
        request.POST or None, instance=selectors.inspection_reloaded(inspection=inspection)
    )
    return record_form_page(
        request,
        inspection,
        form=form,
        save=lambda data: service(inspection=inspection, **data),
        done="Saved. The timeline follows the new dates.",
        heading=heading,
        intro=intro,
    )


@login_required
def details(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_fields_page(
        request,
        pk,
        DetailsForm,
        services.inspection_details_save,
        heading="Correct the call's details",
        intro="If the inspection was deferred and Ofsted has given a new date, "
        "change the start here.",
    )


@login_required
def dates(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_fields_page(
        request,
        pk,
        DatesForm,
        services.inspection_dates_save,
        heading="Final feedback and the report",
        intro="The school has five working days from receiving the draft report to "
        "comment on it. Check-ins after final feedback and on publication day are "
        "timed from these dates.",
    )


@login_required
def audit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection, _ = record_for(request, pk, "can_see_audit")
    return render(
        request,
        "inspections/audit.html",
        {"inspection": inspection, "entries": selectors.audit_trail(inspection=inspection)[:500]},
    )
