"""Writes along the protocol: contacts with the head (one may fulfil an expected contact
on the timeline), a buddy's check-in, deferral and pause requests and what Ofsted
decided, and the private calendar address for what is due."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wellbeing_portal.people.models import User

from .. import timeline
from ..models import (
    CalendarFeed,
    Contact,
    ExpectedContact,
    Inspection,
    InspectionRequest,
    ProtocolStep,
)
from .guard import CLOCK_SLACK, record_write


@record_write
@transaction.atomic
def contact_log(
    *,
    inspection: Inspection,
    by: User,
    happened_at: dt.datetime,
    with_whom: str,
    channel: str,
    phase: str,
    notes: str = "",
    wellbeing_flag: bool = False,
    answers: ExpectedContact | None = None,
) -> Contact:
    """Record a contact with the head. If it answers an expected contact, that item is
    done from the moment the contact happened."""
    if happened_at and happened_at > timezone.now() + CLOCK_SLACK:
        raise ValidationError({"happened_at": "A contact cannot be logged in the future."})
    if happened_at and happened_at < inspection.call_received_at - dt.timedelta(days=1):
        raise ValidationError({"happened_at": "That is before Ofsted called: check the date."})
    if answers is not None and answers.inspection_id != inspection.pk:
        raise ValidationError({"answers": "That expected contact belongs to another inspection."})
    contact = Contact(
        inspection=inspection,
        logged_by=by,
        happened_at=happened_at,
        with_whom=with_whom,
        channel=channel,
        phase=phase,
        notes=notes,
        wellbeing_flag=wellbeing_flag,
        answers=answers,
    )
    contact.full_clean()
    contact.save()
    if answers is not None:
        ExpectedContact.objects.filter(pk=answers.pk, done_at__isnull=True).update(
            done_at=contact.happened_at
        )
    return contact


@record_write
@transaction.atomic
def buddy_check_in(
    *,
    inspection: Inspection,
    by: User,
    happened_at: dt.datetime,
    channel: str,
    notes: str = "",
    wellbeing_flag: bool = False,
) -> Contact:
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
        happened_at=happened_at,
        channel=channel,
        notes=notes,
        wellbeing_flag=wellbeing_flag,
        with_whom=inspection.head.full_name,
        phase=phase,
        answers=item,
    )


@record_write
@transaction.atomic
def request_record(
    *,
    inspection: Inspection,
    by: User,
    kind: str,
    requested_by: str,
    requested_at: dt.datetime,
    reason: str,
) -> InspectionRequest:
    """A deferral or pause request; the protocol's deferral steps start."""
    if requested_at and requested_at > timezone.now() + CLOCK_SLACK:
        raise ValidationError({"requested_at": "A request cannot be in the future."})
    request = InspectionRequest(
        inspection=inspection,
        recorded_by=by,
        kind=kind,
        requested_by=requested_by,
        requested_at=requested_at,
        reason=reason,
    )
    request.full_clean()
    request.save()
    timeline.timeline_refresh(inspection=inspection)
    return request


@record_write
def request_decide(*, request: InspectionRequest, outcome: str, note: str) -> InspectionRequest:
    """What Ofsted decided about a deferral or pause request."""
    if outcome not in InspectionRequest.Outcome.values:
        raise ValidationError({"outcome": "Choose what Ofsted decided."})
    request.outcome = outcome
    request.outcome_note = note.strip()
    request.full_clean()
    request.save(update_fields=["outcome", "outcome_note"])
    return request


def calendar_feed_reset(*, user: User) -> str:
    """A new private calendar address for the user; the old one stops working. The token
    is returned once and only its hash is kept."""
    token = secrets.token_urlsafe(24)
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"token_hash": hashlib.sha256(token.encode()).hexdigest()}
    )
    return token


def calendar_feed_owner(*, token: str) -> User | None:
    """Whose calendar a token opens (an active user), or None."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    feed = CalendarFeed.objects.filter(token_hash=digest).select_related("user").first()
    return feed.user if feed and feed.user.is_active else None
