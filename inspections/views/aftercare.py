"""Screens for a worry and for what follows: concerns and their actions, the support
plan, the feedback form and the learning review."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from wellbeing_portal.core.forms import form_page

from .. import selectors, services
from ..forms import (
    ConcernActionForm,
    ConcernForm,
    FeedbackFormForm,
    LearningReviewForm,
    ResolveForm,
    SupportPlanForm,
)
from ..models import Concern, Inspection
from .common import record_for, record_form_page, user_of


@login_required
def concern_new(request: HttpRequest, pk: int) -> HttpResponse:
    inspection, _ = record_for(request, pk)
    return record_form_page(
        request,
        inspection,
        form=ConcernForm(request.POST or None),
        save=lambda data: services.concern_raise(
            inspection=inspection, by=user_of(request), **data
        ),
        done="Concern raised. The senior officer has been told.",
        then=lambda concern: redirect("inspections:concern", pk=pk, concern_pk=concern.pk),
        heading="Raise a concern",
        intro="The senior officer is told at once, and a course of action is due within "
        "the working hour. Concerns about an inspector's conduct fall under Ofsted's code "
        "of conduct.",
    )


@login_required
def concern_detail(request: HttpRequest, pk: int, concern_pk: int) -> HttpResponse:
    """The concern, with its actions; officers add actions, mark them done and resolve it."""
    inspection, rights = record_for(request, pk)
    concern = selectors.concern_get(inspection=inspection, pk=concern_pk)
    if request.method == "POST" and not rights.can_handle_concerns:
        raise Http404("Not a page for you.")
    if request.method == "POST" and "done" in request.POST:
        return _concern_action_done(request, concern, request.POST["done"])
    adding = "add_action" in request.POST
    action_form = ConcernActionForm(
        request.POST if adding else None, people=selectors.officers_for(inspection)
    )
    resolve_form = ResolveForm(request.POST if "resolve" in request.POST else None)
    form: forms.BaseForm = action_form if adding else resolve_form
    return form_page(
        request,
        "inspections/concern.html",
        {
            "inspection": inspection,
            "concern": concern,
            "rights": rights,
            "closed": inspection.phase == Inspection.Phase.CLOSED,
            "action_form": action_form,
            "resolve_form": resolve_form,
        },
        form=form,
        save=lambda data: (
            services.concern_action_add(concern=concern, **data)
            if adding
            else services.concern_resolve(
                concern=concern, by=user_of(request), resolution=data["resolution"]
            )
        ),
        then=lambda _: redirect("inspections:concern", pk=pk, concern_pk=concern_pk),
        message="Action added." if adding else "Concern resolved.",
    )


def _concern_action_done(request: HttpRequest, concern: Concern, done: str) -> HttpResponse:
    """A button: the action is done; told how it went, back on the concern's page."""
    action = selectors.concern_action_get(concern=concern, pk=done)
    try:
        services.concern_action_done(action=action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Action done.")
    return redirect("inspections:concern", pk=concern.inspection_id, concern_pk=concern.pk)


@login_required
def support_plan(request: HttpRequest, pk: int) -> HttpResponse:
    inspection, _ = record_for(request, pk, "can_handle_concerns")
    plan = selectors.support_plan_of(inspection)
    if plan is None and request.method == "POST" and "open" in request.POST:
        try:
            services.support_plan_open(inspection=inspection, reason="Opened by an officer")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("inspections:detail", pk=pk)
        return redirect("inspections:support_plan", pk=pk)
    if plan is None:
        return render(request, "inspections/support_plan_open.html", {"inspection": inspection})
    return record_form_page(
        request,
        inspection,
        form=SupportPlanForm(request.POST or None, instance=plan),
        save=lambda data: services.support_plan_save(support_plan=plan, **data),
        done="Support plan saved.",
        heading="Support plan for the head and leadership team",
        intro="Agree it with the governors. Its check-ins after 1, 5, 10 and 20 working "
        "days are on the timeline.",
    )


@login_required
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    inspection, _ = record_for(request, pk, "can_log_contacts")
    saved = getattr(inspection, "feedback", None)
    form = FeedbackFormForm(
        request.POST or None,
        questions=selectors.feedback_questions(inspection),
        answers=saved.answers if saved else {},
    )
    return record_form_page(
        request,
        inspection,
        form=form,
        save=lambda _: services.feedback_save(
            inspection=inspection, by=user_of(request), answers=form.answers()
        ),
        done="Feedback form saved.",
        heading=f"Feedback form: {inspection.get_inspection_type_display().lower()}",
    )


@login_required
def learning_review(request: HttpRequest, pk: int) -> HttpResponse:
    inspection, _ = record_for(request, pk, "can_see_audit")
    form = LearningReviewForm(
        request.POST or None, instance=getattr(inspection, "learning_review", None)
    )
    return record_form_page(
        request,
        inspection,
        form=form,
        save=lambda data: services.learning_review_save(
            inspection=inspection, by=user_of(request), **data
        ),
        done="Learning review saved.",
        heading="Internal learning review",
        intro="What happened, what helped and what we will change, so the next head is "
        "better supported.",
    )
