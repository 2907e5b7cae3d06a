"""Writes about what follows, or a worry during the inspection: concerns and their
actions, the support plan, the feedback form and the learning review."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wellbeing_portal.core.model_update import KEEP, Keep, model_update
from wellbeing_portal.outbox.services import email_enqueue_from_templates
from wellbeing_portal.people.models import User
from wellbeing_portal.people.selectors import link_officers_of, senior_officers_of

from .. import selectors, timeline
from ..models import (
    Concern,
    ConcernAction,
    FeedbackForm,
    Inspection,
    LearningReview,
    SupportPlan,
)
from ..working_time import add_working_hours
from .guard import record_write

SUPPORT_PLAN_FIELDS = ("reason", "plan", "agreed_with_governors_on", "closed_on")
LEARNING_REVIEW_FIELDS = (
    "held_on",
    "attendees",
    "what_happened",
    "what_helped",
    "what_we_will_change",
)


@record_write
@transaction.atomic
def concern_raise(
    *, inspection: Inspection, by: User, category: str, severity: str, description: str
) -> Concern:
    """Record a concern and tell the senior officers now; a course of action is due
    within the working hour."""
    concern = Concern(
        inspection=inspection,
        raised_by=by,
        act_by=add_working_hours(timezone.now(), 1),
        category=category,
        severity=severity,
        description=description,
    )
    concern.full_clean()
    concern.save()
    _concern_tell(concern, by)
    timeline.timeline_refresh(inspection=inspection)
    return concern


def _concern_tell(concern: Concern, by: User) -> None:
    """Queue the news of a concern to the senior officers (to the link officers where
    the organisation has none), except to whoever raised it."""
    inspection = concern.inspection
    recipients = {p.pk: p for p in senior_officers_of(inspection.school)}
    if not recipients:  # an organisation without a senior officer still hears of it
        recipients = {p.pk: p for p in link_officers_of(inspection.school)}
    recipients.pop(by.pk, None)
    for person in recipients.values():
        email_enqueue_from_templates(
            kind="inspections.concern",
            obj=f"concern:{concern.pk}",
            to=person.email,
            template="emails/inspections/concern",
            context={"concern": concern, "inspection": inspection, "user": person},
            recipient_id=person.pk,
            due_at=concern.raised_at,
        )


@record_write
def concern_action_add(
    *,
    concern: Concern,
    description: str,
    owner: User | None = None,
    due_on: dt.date | None = None,
) -> ConcernAction:
    """An action agreed on an open concern."""
    if concern.resolved_at:
        raise ValidationError("This concern is resolved.")
    action = ConcernAction(concern=concern, description=description, owner=owner, due_on=due_on)
    action.full_clean()
    action.save()
    return action


@record_write
def concern_action_done(*, action: ConcernAction) -> ConcernAction:
    """Mark an action done (once: the first time counts)."""
    if action.done_at is None:
        action.done_at = timezone.now()
        action.save(update_fields=["done_at"])
    return action


@record_write
@transaction.atomic
def concern_resolve(*, concern: Concern, by: User, resolution: str) -> Concern:
    """Resolve an open concern, saying how."""
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if concern.resolved_at:
        raise ValidationError("This concern is already resolved.")
    if not resolution.strip():
        raise ValidationError({"resolution": "Say how the concern was resolved."})
    concern.resolution = resolution.strip()
    concern.resolved_at = timezone.now()
    concern.resolved_by = by
    concern.full_clean()
    concern.save()
    return concern


@record_write
@transaction.atomic
def support_plan_open(*, inspection: Inspection, reason: str) -> SupportPlan:
    """Open the support plan (once); its check-ins join the timeline."""
    plan, _ = SupportPlan.objects.get_or_create(inspection=inspection, defaults={"reason": reason})
    timeline.timeline_refresh(inspection=inspection)
    return plan


@record_write
def support_plan_save(
    *,
    support_plan: SupportPlan,
    reason: str | Keep = KEEP,
    plan: str | Keep = KEEP,
    agreed_with_governors_on: dt.date | Keep | None = KEEP,
    closed_on: dt.date | Keep | None = KEEP,
) -> SupportPlan:
    """Change the support plan (the fields given; the others kept). `plan` is its text:
    what we will do."""
    model_update(
        instance=support_plan,
        fields=SUPPORT_PLAN_FIELDS,
        data={
            "reason": reason,
            "plan": plan,
            "agreed_with_governors_on": agreed_with_governors_on,
            "closed_on": closed_on,
        },
    )
    agreed = support_plan.agreed_with_governors_on
    if agreed and agreed > timezone.localdate():
        raise ValidationError({"agreed_with_governors_on": "That date is in the future."})
    support_plan.full_clean()
    support_plan.save()
    return support_plan


@record_write
def feedback_save(*, inspection: Inspection, by: User, answers: dict[str, str]) -> FeedbackForm:
    """The organisation's feedback form for this type of inspection, answered."""
    questions = selectors.feedback_questions(inspection)
    unknown = set(answers) - set(questions)
    if unknown:
        raise ValidationError("The form changed while you were filling it in: please reload.")
    if not any(value.strip() for value in answers.values()):
        raise ValidationError("Answer at least one question.")
    form, _ = FeedbackForm.objects.update_or_create(
        inspection=inspection,
        defaults={
            "answers": {q: answers.get(q, "").strip() for q in questions},
            "completed_by": by,
        },
    )
    return form


@record_write
def learning_review_save(
    *,
    inspection: Inspection,
    by: User,
    held_on: dt.date | Keep = KEEP,
    attendees: str | Keep = KEEP,
    what_happened: str | Keep = KEEP,
    what_helped: str | Keep = KEEP,
    what_we_will_change: str | Keep = KEEP,
) -> LearningReview:
    """Record the internal learning review once held (or change it: the fields given)."""
    review = LearningReview.objects.filter(inspection=inspection).first() or LearningReview(
        inspection=inspection
    )
    model_update(
        instance=review,
        fields=LEARNING_REVIEW_FIELDS,
        data={
            "held_on": held_on,
            "attendees": attendees,
            "what_happened": what_happened,
            "what_helped": what_helped,
            "what_we_will_change": what_we_will_change,
        },
    )
    review.recorded_by = by
    if review.held_on and review.held_on > timezone.localdate():
        raise ValidationError({"held_on": "Record the review once it has been held."})
    review.full_clean()
    review.save()
    return review
