"""Writes about inspections: logging Ofsted's call and telling the right people at once,
then everything recorded on the way: contacts, phases, requests, the provisional outcome,
concerns, the support plan, the feedback form and the learning review.

A closed record is read-only (SPEC §8): every write to a record goes through
`record_write`, which refuses once the record is closed. Only `inspection_reopen`, by a
senior officer giving a reason, opens it again."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from auditlog.context import disable_auditlog
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.signals import accessed
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from wellbeing_portal.outbox.services import email_enqueue_from_templates
from wellbeing_portal.people.models import Organisation, School, User

from . import selectors, timeline
from .models import (
    CalendarFeed,
    Concern,
    ConcernAction,
    Contact,
    EvaluationArea,
    ExpectedContact,
    FeedbackForm,
    Grade,
    Inspection,
    InspectionGuidance,
    InspectionRequest,
    LearningReview,
    ProtocolStep,
    ProvisionalGrade,
    SupportPlan,
)
from .working_time import add_working_days, add_working_hours, next_working_day

# A clock a few minutes fast must not stop anyone logging what just happened.
CLOCK_SLACK = dt.timedelta(minutes=5)

CLOSED_MESSAGE = "This inspection is closed. A senior officer can reopen it, giving a reason."

P = ParamSpec("P")
R = TypeVar("R")

# The names of the services `record_write` guards (a test checks that none is missing).
RECORD_WRITES: set[str] = set()


def _record_id(kwargs: dict[str, Any]) -> int:
    """The record a service writes to, from the part of it the service is given."""
    for value in kwargs.values():
        if isinstance(value, Inspection):
            return value.pk
        if isinstance(value, Concern | InspectionRequest | SupportPlan):
            return value.inspection_id
        if isinstance(value, ConcernAction):
            return Concern.objects.values_list("inspection_id", flat=True).get(pk=value.concern_id)
    raise TypeError("A record write names the inspection, or a part of it, by keyword.")


def _require_open(inspection_id: int) -> None:
    """Lock the record and refuse if it is closed. The lock makes a write and a close
    (or a reopen) of the same record wait for each other, so nothing slips in after."""
    phase = (
        Inspection.objects.select_for_update()
        .filter(pk=inspection_id)
        .values_list("phase", flat=True)
        .first()
    )
    if phase == Inspection.Phase.CLOSED:
        raise ValidationError(CLOSED_MESSAGE, code="closed")


def record_write(service: Callable[P, R]) -> Callable[P, R]:
    """Every service that changes an inspection record, or anything on it, wears this:
    it runs only while the record is open, read from the database, not from the
    caller's copy."""

    @functools.wraps(service)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic():
            _require_open(_record_id(kwargs))
            return service(*args, **kwargs)

    RECORD_WRITES.add(service.__name__)
    return guarded


def inspection_defaults(*, now: dt.datetime | None = None) -> dict[str, Any]:
    """How Ofsted notifies today: a call (on a Monday) for a two-day full inspection that
    starts the next working day. The head changes anything that differs."""
    now = timezone.localtime(now or timezone.now())
    return {
        "call_received_at": now.replace(second=0, microsecond=0),
        "inspection_type": Inspection.Type.FULL,
        "expected_start": next_working_day(now.date()),
        "expected_days": 2,
    }


@transaction.atomic
def inspection_log(*, school: School, logged_by: User, data: dict[str, Any]) -> Inspection:
    """Record Ofsted's call and queue an email, now, to each person who must know:
    the school's link officers, the senior officers, the head's buddy and the chair."""
    head = selectors.head_of(school) or logged_by
    inspection = Inspection(school=school, head=head, logged_by=logged_by, **data)
    _check_call_and_start(inspection)
    inspection.protocol_version = timeline.protocol_current(organisation=school.responsible_body)
    inspection.full_clean()
    try:
        with transaction.atomic():
            inspection.save()
    except IntegrityError:
        raise ValidationError("This school already has an inspection logged.") from None
    timeline.timeline_refresh(inspection=inspection)
    inspection_notify(inspection=inspection, logged_by=logged_by)
    return inspection


# Ofsted gives days' notice, not months: a start further off is a typing mistake.
LONGEST_NOTICE = dt.timedelta(days=60)


def _check_call_and_start(inspection: Inspection) -> None:
    if inspection.call_received_at is None or inspection.expected_start is None:
        raise ValidationError("Say when Ofsted called and when the inspection starts.")
    call_day = timezone.localdate(inspection.call_received_at)
    if inspection.expected_start < call_day:
        raise ValidationError({"expected_start": "The inspection cannot start before the call."})
    if inspection.expected_start > call_day + LONGEST_NOTICE:
        raise ValidationError(
            {"expected_start": "That is more than 60 days after the call: check the date."}
        )
    if inspection.call_received_at > timezone.now() + CLOCK_SLACK:
        raise ValidationError({"call_received_at": "The call cannot be in the future."})


@record_write
@transaction.atomic
def inspection_details_save(*, inspection: Inspection, data: dict[str, Any]) -> Inspection:
    """Correct what was logged about the call (a mistyped day, a new start after a
    deferral); the timeline follows. Other fields are left as they are."""
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    for name, value in data.items():
        setattr(locked, name, value)
    _check_call_and_start(locked)
    locked.full_clean()
    locked.save(update_fields=list(data))
    timeline.timeline_refresh(inspection=locked)
    return locked


def inspection_notify(*, inspection: Inspection, logged_by: User | None = None) -> int:
    """Queue the news to the school's link officers, the senior officers, the head's
    buddy, the chair and the head (not to whoever logged it). Each person is told once however
    often this runs: the outbox keys every email. Returns how many were queued now."""
    school = inspection.school
    buddy = selectors.active_buddy_of(inspection.head)
    chair = selectors.chair_of(school)
    recipients: dict[int, tuple[User, str]] = {}
    for officer in selectors.link_officers_of(school):
        recipients[officer.pk] = (officer, "link officer")
    for officer in selectors.senior_officers_of(school):
        recipients.setdefault(officer.pk, (officer, "senior officer"))
    if buddy:
        recipients.setdefault(buddy.buddy.user_id, (buddy.buddy.user, "buddy"))
    if chair:
        recipients.setdefault(chair.pk, (chair, "chair of governors"))
    recipients.setdefault(inspection.head_id, (inspection.head, "head"))
    if logged_by is not None:
        recipients.pop(logged_by.pk, None)
    queued = 0
    for person, role in recipients.values():
        queued += (
            email_enqueue_from_templates(
                kind="inspections.notified",
                obj=f"inspection:{inspection.pk}",
                to=person.email,
                template="emails/inspections/notified",
                context={"inspection": inspection, "user": person, "role": role},
                recipient_id=person.pk,
                due_at=inspection.created_at,  # a stable key: a retry is the same email
            )
            is not None
        )
    return queued


def inspection_record_read(*, inspection: Inspection) -> None:
    """Inspection records are confidential: every reading is in the audit log."""
    accessed.send(sender=Inspection, instance=inspection)


def guidance_save(
    *, organisation: Organisation, data: dict[str, str], by: User
) -> InspectionGuidance:
    guidance = InspectionGuidance.objects.filter(
        organisation=organisation
    ).first() or InspectionGuidance(organisation=organisation)
    for name, value in data.items():
        setattr(guidance, name, value.strip())
    guidance.updated_by = by
    guidance.full_clean()
    guidance.save()
    return guidance


# Tracking ---------------------------------------------------------------------------------


@record_write
@transaction.atomic
def contact_log(*, inspection: Inspection, by: User, data: dict[str, Any]) -> Contact:
    """Record a contact with the head. If it answers an expected contact, that item is
    done from the moment the contact happened."""
    contact = Contact(inspection=inspection, logged_by=by, **data)
    if contact.happened_at and contact.happened_at > timezone.now() + CLOCK_SLACK:
        raise ValidationError({"happened_at": "A contact cannot be logged in the future."})
    if contact.happened_at and contact.happened_at < inspection.call_received_at - dt.timedelta(
        days=1
    ):
        raise ValidationError({"happened_at": "That is before Ofsted called: check the date."})
    answers = contact.answers
    if answers is not None and answers.inspection_id != inspection.pk:
        raise ValidationError({"answers": "That expected contact belongs to another inspection."})
    contact.full_clean()
    contact.save()
    if answers is not None:
        ExpectedContact.objects.filter(pk=answers.pk, done_at__isnull=True).update(
            done_at=contact.happened_at
        )
    return contact


@record_write
@transaction.atomic
def buddy_check_in(*, inspection: Inspection, by: User, data: dict[str, Any]) -> Contact:
    """A buddy logs their own check-in; it fulfils the buddy's next open item."""
    item = (
        inspection.expected_contacts.filter(
            done_at__isnull=True, step__responsible=ProtocolStep.Responsible.BUDDY
        )
        .order_by("due_at")
        .first()
    )
    phase = inspection.phase if inspection.phase in ("before", "during", "after") else "before"
    return contact_log(
        inspection=inspection,
        by=by,
        data={**data, "with_whom": inspection.head.full_name, "phase": phase, "answers": item},
    )


PHASE_ORDER = list(Inspection.Phase.values)


@record_write
@transaction.atomic
def inspection_phase_set(*, inspection: Inspection, phase: str) -> Inspection:
    """Move one phase forward (or back one, to put a mistake right), or close. Closing
    remembers the phase it closed from, for a reopening."""
    if phase not in PHASE_ORDER:
        raise ValidationError("Choose a phase.")
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    step = PHASE_ORDER.index(phase) - PHASE_ORDER.index(locked.phase)
    # One phase at a time; closing (a deferral granted, a record logged twice) any time.
    if abs(step) != 1 and not (phase == Inspection.Phase.CLOSED and step > 0):
        raise ValidationError(
            f"The inspection is {locked.get_phase_display().lower()}: it can move one phase at a time."
        )
    if (
        phase == Inspection.Phase.CLOSED
        and locked.concerns.filter(resolved_at__isnull=True).exists()
    ):
        raise ValidationError("Resolve the open concerns before closing the record.")
    if phase == Inspection.Phase.CLOSED:
        locked.closed_from_phase = locked.phase
    locked.phase = phase
    try:
        with transaction.atomic():
            locked.save(update_fields=["phase", "closed_from_phase"])
    except IntegrityError:
        raise ValidationError("This school already has another inspection open.") from None
    inspection.phase, inspection.closed_from_phase = phase, locked.closed_from_phase
    return locked


@transaction.atomic
def inspection_reopen(*, inspection: Inspection, by: User, reason: str) -> Inspection:
    """A senior officer of the inspection's organisation reopens a closed record, saying
    why. It goes back to the phase it was closed from (after the inspection, for a record
    closed before that was kept), and the audit log keeps who, when and the reason."""
    if not selectors.rights_on(user=by, inspection=inspection).is_senior:
        raise ValidationError("Only a senior officer of the organisation can reopen a record.")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why you are reopening the record."})
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if locked.phase != Inspection.Phase.CLOSED:
        raise ValidationError("This inspection is not closed.")
    before = Inspection.objects.get(pk=locked.pk)
    locked.phase = locked.closed_from_phase or Inspection.Phase.AFTER
    locked.closed_from_phase = ""
    fields = ["phase", "closed_from_phase"]
    try:
        # One audit entry, written below with the reason, rather than the automatic one.
        with transaction.atomic(), disable_auditlog():
            locked.save(update_fields=fields)
    except IntegrityError:
        raise ValidationError(
            "The school has another inspection open: close that one before reopening this."
        ) from None
    LogEntry.objects.log_create(
        locked,
        action=LogEntry.Action.UPDATE,
        changes=model_instance_diff(before, locked, fields_to_check=fields),
        actor=by,
        actor_email=by.email,
        additional_data={selectors.REOPENED_BECAUSE: reason},
    )
    inspection.phase, inspection.closed_from_phase = locked.phase, ""
    return locked


@record_write
@transaction.atomic
def inspection_dates_save(*, inspection: Inspection, data: dict[str, Any]) -> Inspection:
    """Final feedback, the draft report and publication; the timeline follows them."""
    for name, value in data.items():
        setattr(inspection, name, value)
    problems: dict[str, str] = {}
    start = inspection.expected_start
    if inspection.final_feedback_at and timezone.localdate(inspection.final_feedback_at) < start:
        problems["final_feedback_at"] = "Final feedback cannot be before the inspection starts."
    draft = inspection.draft_report_received_on
    if draft and draft < start:
        problems["draft_report_received_on"] = "The draft report cannot come before the inspection."
    published = inspection.report_published_on
    if published and draft and published < draft:
        problems["report_published_on"] = "The report cannot be published before the draft came."
    for name in ("draft_report_received_on", "report_published_on"):
        if getattr(inspection, name) and getattr(inspection, name) > timezone.localdate():
            problems.setdefault(name, "That date is in the future.")
    if problems:
        raise ValidationError(problems)
    inspection.full_clean()
    inspection.save(update_fields=list(data))  # never a stale phase over a newer one
    timeline.timeline_refresh(inspection=inspection)
    return inspection


def comments_due_on(inspection: Inspection) -> dt.date | None:
    """The school has five working days from receiving the draft report to comment."""
    if inspection.draft_report_received_on is None:
        return None
    return add_working_days(inspection.draft_report_received_on, 5)


@record_write
@transaction.atomic
def request_record(*, inspection: Inspection, by: User, data: dict[str, Any]) -> InspectionRequest:
    """A deferral or pause request; the protocol's deferral steps start."""
    request = InspectionRequest(inspection=inspection, recorded_by=by, **data)
    if request.requested_at and request.requested_at > timezone.now() + CLOCK_SLACK:
        raise ValidationError({"requested_at": "A request cannot be in the future."})
    request.full_clean()
    request.save()
    timeline.timeline_refresh(inspection=inspection)
    return request


@record_write
def request_decide(*, request: InspectionRequest, outcome: str, note: str) -> InspectionRequest:
    if outcome not in InspectionRequest.Outcome.values:
        raise ValidationError({"outcome": "Choose what Ofsted decided."})
    request.outcome = outcome
    request.outcome_note = note.strip()
    request.full_clean()
    request.save(update_fields=["outcome", "outcome_note"])
    return request


@record_write
@transaction.atomic
def outcome_save(
    *, inspection: Inspection, grades: dict[int, int | None], areas: list[EvaluationArea]
) -> list[ProvisionalGrade]:
    """The provisional outcome, area by area (empty: not graded or does not apply). A
    negative grade opens a support plan for the head and leadership team."""
    Inspection.objects.select_for_update().filter(pk=inspection.pk).first()
    by_area = {area.pk: area for area in areas}
    wanted: list[ProvisionalGrade] = []
    for area_id, grade_id in grades.items():
        area = by_area.get(area_id)
        if area is None:
            raise ValidationError("That evaluation area is not in this inspection's framework.")
        if grade_id is None:
            continue
        grade = Grade.objects.filter(pk=grade_id, scale_id=area.scale_id).first()
        if grade is None:
            raise ValidationError(f"{area.name}: choose a grade from its scale.")
        wanted.append(ProvisionalGrade(inspection=inspection, area=area, grade=grade))
    # Changed in place, not deleted and made again, so the audit log keeps each change.
    current = {g.area_id: g for g in inspection.provisional_grades.all()}
    for given in wanted:
        saved = current.pop(given.area_id, None)
        if saved is None:
            given.save()
        elif saved.grade_id != given.grade_id:
            saved.grade = given.grade
            saved.save(update_fields=["grade"])
    for gone in current.values():
        gone.delete()
    negative = [g.area.name for g in wanted if g.grade.is_negative]
    if negative and selectors.support_plan_of(inspection) is None:
        support_plan_open(
            inspection=inspection,
            reason="Provisional outcome: " + ", ".join(f"{a}" for a in negative),
        )
    return wanted


# Concerns and support -----------------------------------------------------------------------


@record_write
@transaction.atomic
def concern_raise(*, inspection: Inspection, by: User, data: dict[str, Any]) -> Concern:
    """Record a concern and tell the senior officers now; a course of action is due
    within the working hour."""
    concern = Concern(
        inspection=inspection,
        raised_by=by,
        act_by=add_working_hours(timezone.now(), 1),
        **data,
    )
    concern.full_clean()
    concern.save()
    recipients = {p.pk: p for p in selectors.senior_officers_of(inspection.school)}
    if not recipients:  # an organisation without a senior officer still hears of it
        recipients = {p.pk: p for p in selectors.link_officers_of(inspection.school)}
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
    timeline.timeline_refresh(inspection=inspection)
    return concern


@record_write
def concern_action_add(*, concern: Concern, data: dict[str, Any]) -> ConcernAction:
    if concern.resolved_at:
        raise ValidationError("This concern is resolved.")
    action = ConcernAction(concern=concern, **data)
    action.full_clean()
    action.save()
    return action


@record_write
def concern_action_done(*, action: ConcernAction) -> ConcernAction:
    if action.done_at is None:
        action.done_at = timezone.now()
        action.save(update_fields=["done_at"])
    return action


@record_write
@transaction.atomic
def concern_resolve(*, concern: Concern, by: User, resolution: str) -> Concern:
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
def support_plan_save(*, plan: SupportPlan, data: dict[str, Any]) -> SupportPlan:
    for name, value in data.items():
        setattr(plan, name, value)
    if plan.agreed_with_governors_on and plan.agreed_with_governors_on > timezone.localdate():
        raise ValidationError({"agreed_with_governors_on": "That date is in the future."})
    plan.full_clean()
    plan.save()
    return plan


@record_write
def feedback_save(*, inspection: Inspection, by: User, answers: dict[str, str]) -> FeedbackForm:
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
    *, inspection: Inspection, by: User, data: dict[str, Any]
) -> LearningReview:
    review = LearningReview.objects.filter(inspection=inspection).first() or LearningReview(
        inspection=inspection
    )
    for name, value in data.items():
        setattr(review, name, value)
    review.recorded_by = by
    if review.held_on and review.held_on > timezone.localdate():
        raise ValidationError({"held_on": "Record the review once it has been held."})
    review.full_clean()
    review.save()
    return review


def calendar_feed_reset(*, user: User) -> str:
    """A new private calendar address for the user; the old one stops working. The token
    is returned once and only its hash is kept."""
    token = secrets.token_urlsafe(24)
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"token_hash": hashlib.sha256(token.encode()).hexdigest()}
    )
    return token


def calendar_feed_owner(*, token: str) -> User | None:
    digest = hashlib.sha256(token.encode()).hexdigest()
    feed = CalendarFeed.objects.filter(token_hash=digest).select_related("user").first()
    return feed.user if feed and feed.user.is_active else None
