"""Writes about the record itself: logging Ofsted's call and telling the right people at
once, correcting what was logged, the phase (closing and reopening), and the dates of
final feedback and the report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from auditlog.context import disable_auditlog
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.signals import accessed
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from support_directory.selectors import active_buddy_of
from wellbeing_portal.core.model_update import KEEP, Keep, model_update
from wellbeing_portal.outbox.services import email_enqueue_from_templates
from wellbeing_portal.people.models import Organisation, School, User
from wellbeing_portal.people.selectors import (
    chair_of,
    head_of,
    link_officers_of,
    senior_officers_of,
)

from .. import selectors, timeline
from ..models import Inspection, InspectionGuidance
from ..working_time import add_working_days, next_working_day
from .guard import CLOCK_SLACK, record_write

# Ofsted gives days' notice, not months: a start further off is a typing mistake.
LONGEST_NOTICE = dt.timedelta(days=60)

DETAIL_FIELDS = (
    "call_received_at",
    "inspection_type",
    "expected_start",
    "expected_days",
    "lead_inspector",
    "senior_inspector_number",
)
DATE_FIELDS = ("final_feedback_at", "draft_report_received_on", "report_published_on")
GUIDANCE_FIELDS = ("our_support", "raising_concerns", "pausing", "sharing_outcome")


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
def inspection_log(
    *,
    school: School,
    logged_by: User,
    call_received_at: dt.datetime,
    expected_start: dt.date,
    inspection_type: str = Inspection.Type.FULL,
    expected_days: int = 2,
    lead_inspector: str = "",
    senior_inspector_number: str = "",
    worries: str = "",
) -> Inspection:
    """Record Ofsted's call and queue an email, now, to each person who must know:
    the school's link officers, the senior officers, the head's buddy and the chair."""
    inspection = Inspection(
        school=school,
        head=head_of(school) or logged_by,
        logged_by=logged_by,
        call_received_at=call_received_at,
        expected_start=expected_start,
        inspection_type=inspection_type,
        expected_days=expected_days,
        lead_inspector=lead_inspector,
        senior_inspector_number=senior_inspector_number,
        worries=worries,
    )
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
def inspection_details_save(
    *,
    inspection: Inspection,
    call_received_at: dt.datetime | Keep = KEEP,
    inspection_type: str | Keep = KEEP,
    expected_start: dt.date | Keep = KEEP,
    expected_days: int | Keep = KEEP,
    lead_inspector: str | Keep = KEEP,
    senior_inspector_number: str | Keep = KEEP,
) -> Inspection:
    """Correct what was logged about the call (a mistyped day, a new start after a
    deferral); the timeline follows. Fields not given are left as they are."""
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    changed = model_update(
        instance=locked,
        fields=DETAIL_FIELDS,
        data={
            "call_received_at": call_received_at,
            "inspection_type": inspection_type,
            "expected_start": expected_start,
            "expected_days": expected_days,
            "lead_inspector": lead_inspector,
            "senior_inspector_number": senior_inspector_number,
        },
    )
    _check_call_and_start(locked)
    locked.full_clean()
    locked.save(update_fields=changed)
    timeline.timeline_refresh(inspection=locked)
    return locked


def _recipients(inspection: Inspection, logged_by: User | None) -> list[tuple[User, str]]:
    """Who hears of a newly logged inspection, each once, with the role they hear it as."""
    school = inspection.school
    buddy = active_buddy_of(inspection.head)
    chair = chair_of(school)
    recipients: dict[int, tuple[User, str]] = {}
    for officer in link_officers_of(school):
        recipients[officer.pk] = (officer, "link officer")
    for officer in senior_officers_of(school):
        recipients.setdefault(officer.pk, (officer, "senior officer"))
    if buddy:
        recipients.setdefault(buddy.buddy.user_id, (buddy.buddy.user, "buddy"))
    if chair:
        recipients.setdefault(chair.pk, (chair, "chair of governors"))
    recipients.setdefault(inspection.head_id, (inspection.head, "head"))
    if logged_by is not None:
        recipients.pop(logged_by.pk, None)
    return list(recipients.values())


def inspection_notify(*, inspection: Inspection, logged_by: User | None = None) -> int:
    """Queue the news to the school's link officers, the senior officers, the head's
    buddy, the chair and the head (not to whoever logged it). Each person is told once however
    often this runs: the outbox keys every email. Returns how many were queued now."""
    queued = 0
    for person, role in _recipients(inspection, logged_by):
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
    *,
    organisation: Organisation,
    by: User,
    raising_concerns: str | Keep = KEEP,
    pausing: str | Keep = KEEP,
    sharing_outcome: str | Keep = KEEP,
    our_support: str | Keep = KEEP,
) -> InspectionGuidance:
    """Write the organisation's own words for heads (the words given; the rest kept)."""
    guidance = InspectionGuidance.objects.filter(
        organisation=organisation
    ).first() or InspectionGuidance(organisation=organisation)
    given = {
        "raising_concerns": raising_concerns,
        "pausing": pausing,
        "sharing_outcome": sharing_outcome,
        "our_support": our_support,
    }
    model_update(
        instance=guidance,
        fields=GUIDANCE_FIELDS,
        data={k: v if v is KEEP else v.strip() for k, v in given.items()},
    )
    guidance.updated_by = by
    guidance.full_clean()
    guidance.save()
    return guidance


PHASE_ORDER = list(Inspection.Phase.values)


def phase_move_refusal(inspection: Inspection, phase: str, *, today: dt.date | None = None) -> str:
    """Why the record cannot move to `phase` now, or "" if it can. One phase at a time
    (closing any time: a deferral granted, a record logged twice); not "during" before
    the first day, so not "after" until it has been "during" on or after that day."""
    if phase not in PHASE_ORDER:
        return "Choose a phase."
    step = PHASE_ORDER.index(phase) - PHASE_ORDER.index(inspection.phase)
    if abs(step) != 1 and not (phase == Inspection.Phase.CLOSED and step > 0):
        return (
            f"The inspection is {inspection.get_phase_display().lower()}: "
            "it can move one phase at a time."
        )
    today = today or timezone.localdate()
    starts = date_format(inspection.expected_start, "l j F")
    if step == 1 and phase == Inspection.Phase.DURING and today < inspection.expected_start:
        return (
            f"The inspection starts on {starts}: it can move to during the inspection "
            "from that day. If Ofsted changed the date, correct the call's details first."
        )
    if step == 1 and phase == Inspection.Phase.AFTER and today < inspection.expected_start:
        return f"The inspection starts on {starts}: it cannot be over before then."
    return ""


@record_write
@transaction.atomic
def inspection_phase_set(*, inspection: Inspection, phase: str) -> Inspection:
    """Move one phase forward (or back one, to put a mistake right), or close, as
    `phase_move_refusal` allows. Closing remembers the phase it closed from, for a
    reopening."""
    if phase not in PHASE_ORDER:
        raise ValidationError("Choose a phase.")
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    refusal = phase_move_refusal(locked, phase)
    if refusal:
        raise ValidationError(refusal)
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


def _date_problems(inspection: Inspection) -> dict[str, str]:
    """What is wrong with the record's final feedback and report dates, by field."""
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
    return problems


@record_write
@transaction.atomic
def inspection_dates_save(
    *,
    inspection: Inspection,
    final_feedback_at: dt.datetime | Keep | None = KEEP,
    draft_report_received_on: dt.date | Keep | None = KEEP,
    report_published_on: dt.date | Keep | None = KEEP,
) -> Inspection:
    """Final feedback, the draft report and publication (those given; the others kept);
    the timeline follows them."""
    changed = model_update(
        instance=inspection,
        fields=DATE_FIELDS,
        data={
            "final_feedback_at": final_feedback_at,
            "draft_report_received_on": draft_report_received_on,
            "report_published_on": report_published_on,
        },
    )
    problems = _date_problems(inspection)
    if problems:
        raise ValidationError(problems)
    inspection.full_clean()
    inspection.save(update_fields=changed)  # never a stale phase over a newer one
    timeline.timeline_refresh(inspection=inspection)
    return inspection


def comments_due_on(inspection: Inspection) -> dt.date | None:
    """The school has five working days from receiving the draft report to comment."""
    if inspection.draft_report_received_on is None:
        return None
    return add_working_days(inspection.draft_report_received_on, 5)
