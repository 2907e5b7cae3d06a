"""The protocol and each inspection's timeline of expected contacts.

An organisation's protocol is versioned: saving it writes a new version and an inspection
keeps the version it was logged under. Each inspection's timeline is made from its
version's steps: one expected contact per step (per day for steps anchored to each
inspection day), due in working time from its anchor. `timeline_refresh` is the one
place that (re)computes it, and is safe to run at any time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from support_directory.selectors import active_buddy_of
from wellbeing_portal.outbox.services import email_enqueue_from_templates
from wellbeing_portal.people.models import Organisation, User
from wellbeing_portal.people.selectors import chair_of, link_officers_of, senior_officers_of

from . import protocol_defaults
from .models import ExpectedContact, Inspection, ProtocolStep, ProtocolVersion, SupportPlan
from .working_time import (
    add_working_days,
    add_working_hours,
    end_of_working_day,
    next_working_day,
    start_of_working_day,
)

STEP_FIELDS = ("phase", "responsible", "anchor", "offset", "unit", "condition", "description")


# The protocol ----------------------------------------------------------------------------


def protocol_current(*, organisation: Organisation) -> ProtocolVersion:
    """The organisation's protocol in force; the portal's default becomes version 1 the
    first time one is needed."""
    current = ProtocolVersion.objects.filter(organisation=organisation).first()
    if current is not None:
        return current
    return protocol_save(
        organisation=organisation,
        steps=protocol_defaults.default_steps(),
        escalation_grace_hours=protocol_defaults.GRACE_HOURS,
        by=None,
    )


@transaction.atomic
def protocol_save(
    *,
    organisation: Organisation,
    steps: list[dict[str, Any]],
    escalation_grace_hours: int,
    by: User | None,
) -> ProtocolVersion:
    """Write the protocol as a new version. Inspections already logged keep theirs.
    Every step is checked first; one bad step saves nothing."""
    if not steps:
        raise ValidationError("A protocol needs at least one step.")
    # The organisation row serialises two leads saving at once.
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    latest = ProtocolVersion.objects.filter(organisation=organisation).first()
    version = ProtocolVersion(
        organisation=organisation,
        number=(latest.number + 1) if latest else 1,
        escalation_grace_hours=escalation_grace_hours,
        created_by=by,
    )
    version.full_clean()
    made = [
        ProtocolStep(version=version, order=index, **{f: step[f] for f in STEP_FIELDS})
        for index, step in enumerate(steps, start=1)
    ]
    problems: list[str] = []
    for index, step in enumerate(made, start=1):
        try:
            step.full_clean(exclude=["version"])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                problems += [f"Step {index}, {field.replace('_', ' ')}: {m}" for m in messages]
    if problems:
        raise ValidationError(problems)
    version.save()
    for step in made:
        step.version = version
    ProtocolStep.objects.bulk_create(made)
    return version


# Due times -------------------------------------------------------------------------------


def inspection_day(inspection: Inspection, day: int) -> dt.date:
    """The date of inspection day `day` (from 0), counting working days."""
    return add_working_days(inspection.expected_start, day)


def anchor_time(inspection: Inspection, anchor: str, day: int = 0) -> dt.datetime | None:
    """When an anchor event happens (or is expected), or None while it is unknown."""
    A = ProtocolStep.Anchor
    if anchor == A.NOTIFICATION:
        return inspection.call_received_at
    if anchor == A.FIRST_DAY:
        return start_of_working_day(inspection_day(inspection, 0))
    if anchor == A.EACH_DAY:
        return start_of_working_day(inspection_day(inspection, day))
    if anchor == A.FINAL_FEEDBACK:
        if inspection.final_feedback_at:
            return inspection.final_feedback_at
        # Until it is recorded: the end of the last day.
        return end_of_working_day(inspection_day(inspection, inspection.expected_days - 1))
    if anchor == A.REPORT_PUBLISHED:
        if inspection.report_published_on is None:
            return None
        return start_of_working_day(inspection.report_published_on)
    raise ValueError(f"Unknown anchor {anchor!r}")


def due_time(
    step: ProtocolStep,
    inspection: Inspection,
    day: int = 0,
    *,
    not_before: dt.datetime | None = None,
) -> dt.datetime | None:
    """A step's due time: N working hours after its anchor, or the end of the Nth working
    day after it (0: the end of the anchor's own working day, or of the next one if the
    anchor is after hours). A step that starts applying later (a concern raised on day
    two) counts from then, never from an anchor already past."""
    anchor = anchor_time(inspection, step.anchor, day)
    if anchor is None:
        return None
    if not_before is not None and not_before > anchor:
        anchor = not_before
    if step.unit == ProtocolStep.Unit.HOURS:
        # "At final feedback" is when it happens, even after hours.
        return anchor if step.offset == 0 else add_working_hours(anchor, step.offset)
    first = timezone.localdate(anchor)
    if anchor > end_of_working_day(first):
        first = next_working_day(first)
    return end_of_working_day(add_working_days(first, step.offset))


def active_conditions(inspection: Inspection) -> dict[str, dt.datetime | None]:
    """The conditions that hold, each with when it began to (None: from the start)."""
    C = ProtocolStep.Condition
    active: dict[str, dt.datetime | None] = {C.ALWAYS.value: None}
    first_request = inspection.requests.order_by("requested_at").first()
    if first_request is not None:
        active[C.DEFERRAL] = first_request.requested_at
    first_concern = inspection.concerns.order_by("raised_at").first()
    if first_concern is not None:
        active[C.CONCERN] = first_concern.raised_at
    plan = SupportPlan.objects.filter(inspection=inspection).first()
    if plan is not None:
        active[C.SUPPORT_PLAN] = plan.opened_at
    return active


@transaction.atomic
def timeline_refresh(*, inspection: Inspection) -> None:
    """Make the inspection's expected contacts match its protocol version, its dates and
    what has happened (a deferral request, a concern, a support plan). Items already done
    keep their times; open items that no longer apply (a shorter inspection) go."""
    if inspection.protocol_version_id is None:
        return
    Inspection.objects.select_for_update().filter(pk=inspection.pk).first()
    active = active_conditions(inspection)
    wanted: dict[tuple[int, int], dt.datetime | None] = {}
    for step in ProtocolStep.objects.filter(version_id=inspection.protocol_version_id):
        if step.condition not in active:
            continue
        days = range(inspection.expected_days) if step.anchor == step.Anchor.EACH_DAY else [0]
        for day in days:
            wanted[(step.pk, day)] = due_time(
                step, inspection, day, not_before=active[step.condition]
            )
    existing = {(e.step_id, e.day): e for e in inspection.expected_contacts.all()}
    ExpectedContact.objects.bulk_create(
        [
            ExpectedContact(inspection=inspection, step_id=step_id, day=day, due_at=due)
            for (step_id, day), due in wanted.items()
            if (step_id, day) not in existing
        ]
    )
    changed = []
    for key, item in existing.items():
        if item.done_at is not None:
            continue
        if key not in wanted:
            item.delete()
        elif item.due_at != wanted[key]:
            new_due = wanted[key]
            if item.due_at is None or new_due is None or new_due > item.due_at:
                # Due later than it was: chase it afresh when the new time comes.
                item.reminded_at = item.escalated_at = None
            item.due_at = new_due
            changed.append(item)
    ExpectedContact.objects.bulk_update(changed, ["due_at", "reminded_at", "escalated_at"])


# Chasing -------------------------------------------------------------------------------


def responsible_people(inspection: Inspection, responsible: str) -> list[User]:
    """Who is reminded about a step. Nobody in the portal holds an HR role, so HR steps
    remind the senior officers, who pass them on."""
    R = ProtocolStep.Responsible
    school = inspection.school
    if responsible == R.LINK_OFFICER:
        return link_officers_of(school) or senior_officers_of(school)
    if responsible == R.BUDDY:
        pairing = active_buddy_of(inspection.head)
        return [pairing.buddy.user] if pairing else []
    if responsible == R.CHAIR:
        chair = chair_of(school)
        return [chair] if chair else []
    return senior_officers_of(school)


def timeline_chase(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Remind the responsible people about each overdue item once; if it is still open
    the organisation's grace period (working hours) after the reminder, tell the senior
    officers once. Safe to run often and from two workers at once: rows are claimed with
    SKIP LOCKED and every email is keyed in the outbox. Returns (reminded, escalated)."""
    now = now or timezone.now()
    reminded = escalated = 0
    candidates = ExpectedContact.objects.filter(
        done_at__isnull=True, due_at__lt=now, escalated_at__isnull=True
    ).exclude(inspection__phase=Inspection.Phase.CLOSED)
    for pk in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            item = (
                ExpectedContact.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related(
                    "step", "inspection__school", "inspection__head", "inspection__protocol_version"
                )
                .filter(pk=pk, done_at__isnull=True, escalated_at__isnull=True)
                .first()
            )
            if item is None or item.due_at is None:
                continue
            inspection = item.inspection
            if item.reminded_at is None:
                _email(item, "overdue", responsible_people(inspection, item.step.responsible))
                item.reminded_at = now
                item.save(update_fields=["reminded_at"])
                reminded += 1
                continue
            assert inspection.protocol_version is not None
            grace = inspection.protocol_version.escalation_grace_hours
            if now >= add_working_hours(item.reminded_at, grace):
                _email(item, "escalated", senior_officers_of(inspection.school))
                item.escalated_at = now
                item.save(update_fields=["escalated_at"])
                escalated += 1
    return reminded, escalated


def _email(item: ExpectedContact, kind: str, people: list[User]) -> None:
    # A buddy cannot open the record: their reminder points to their own page.
    is_buddy_step = item.step.responsible == ProtocolStep.Responsible.BUDDY and kind == "overdue"
    path = "/inspections/buddying/" if is_buddy_step else f"/inspections/{item.inspection_id}/"
    for person in people:
        email_enqueue_from_templates(
            kind=f"inspections.{kind}",
            obj=f"expected:{item.pk}",
            to=person.email,
            template=f"emails/inspections/{kind}",
            context={"item": item, "inspection": item.inspection, "user": person, "path": path},
            recipient_id=person.pk,
            due_at=item.due_at,  # a stable key: each person hears of each item once
        )
