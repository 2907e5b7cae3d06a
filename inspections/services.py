"""Writes about inspections: logging Ofsted's call and telling the right people at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from auditlog.signals import accessed
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from wellbeing_portal.outbox.services import email_enqueue_from_templates
from wellbeing_portal.people.models import Organisation, School, User

from . import selectors
from .models import Inspection, InspectionGuidance


def next_working_day(day: dt.date) -> dt.date:
    """The next weekday after `day` (bank holidays arrive with the protocol timeline)."""
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


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
    if inspection.expected_start < inspection.call_received_at.date():
        raise ValidationError({"expected_start": "The inspection cannot start before the call."})
    if inspection.call_received_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"call_received_at": "The call cannot be in the future."})
    inspection.full_clean()
    try:
        with transaction.atomic():
            inspection.save()
    except IntegrityError:
        raise ValidationError("This school already has an inspection logged.") from None

    buddy = selectors.active_buddy_of(head)
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
    recipients.pop(logged_by.pk, None)
    for person, role in recipients.values():
        email_enqueue_from_templates(
            kind="inspections.notified",
            obj=f"inspection:{inspection.pk}",
            to=person.email,
            template="emails/inspections/notified",
            context={"inspection": inspection, "user": person, "role": role},
            recipient_id=person.pk,
        )
    return inspection


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
