"""A closed inspection record for the tests of closing and reopening: built through the
services while open, at a frozen moment after the inspection."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry

from inspections import selectors, services
from inspections.models import (
    Concern,
    ConcernAction,
    Contact,
    EvaluationArea,
    ExpectedContact,
    FeedbackForm,
    Grade,
    Inspection,
    InspectionRequest,
    LearningReview,
    ProvisionalGrade,
    SupportPlan,
)
from wellbeing_portal.outbox.models import OutboxEmail

from ..clock import london
from ..conftest import World

# A Tuesday, two weeks after the world's inspection (called Monday 23 November 2026).
NOW = london(dt.date(2026, 12, 8), 11)
HEAD, OFFICER, SENIOR = "headteacher", "link_officer", "senior_officer"
EVERYONE_ON_IT, OFFICERS = (HEAD, OFFICER, SENIOR), (OFFICER, SENIOR)


@dataclass
class Closed:
    world: World
    inspection: Inspection
    request: InspectionRequest
    open_concern: Concern
    open_action: ConcernAction
    plan: SupportPlan
    area: EvaluationArea
    other_grade: Grade


def close_from(world: World, *phases: str) -> Inspection:
    """The world's inspection, its concern resolved, moved through `phases` and closed."""
    inspection: Inspection = world.services["inspection"]
    services.concern_resolve(
        concern=world.services["concern"], by=world.user(SENIOR), resolution="Talked it over."
    )
    for phase in (*phases, "closed"):
        services.inspection_phase_set(inspection=inspection, phase=phase)
    return inspection


def build_closed(world: World) -> Closed:
    """The world's inspection as a full record, closed after the inspection through the
    services; then a concern left open on it, with an action, as the old hole allowed.
    The clock must stand at NOW."""
    inspection: Inspection = world.services["inspection"]
    officer, senior = world.user(OFFICER), world.user(SENIOR)
    services.concern_action_add(
        concern=world.services["concern"],
        description="Ring the head on Friday",
        owner=officer,
        due_on=None,
    )
    for phase in ("before", "during", "after"):
        services.inspection_phase_set(inspection=inspection, phase=phase)
    services.inspection_dates_save(
        inspection=inspection,
        final_feedback_at=london(dt.date(2026, 11, 25), 15),
    )
    services.contact_log(
        inspection=inspection,
        by=officer,
        answers=inspection.expected_contacts.get(step__description__startswith="Ack"),
        happened_at=london(dt.date(2026, 11, 23), 11),
        with_whom="The head",
        channel="phone",
        phase="before",
        notes="Talked through our role.",
    )
    framework = selectors.framework_for(inspection)
    area = EvaluationArea.objects.get(framework=framework, name="Leadership and governance")
    negative = Grade.objects.filter(scale=area.scale, is_negative=True).first()
    other = Grade.objects.filter(scale=area.scale, is_negative=False).first()
    assert negative is not None and other is not None
    services.outcome_save(
        inspection=inspection, grades={area.pk: negative.pk}, areas=[area]
    )  # opens a support plan
    services.feedback_save(
        inspection=inspection,
        by=officer,
        answers=dict.fromkeys(selectors.feedback_questions(inspection), "Clear and courteous."),
    )
    services.learning_review_save(
        inspection=inspection,
        by=senior,
        held_on=dt.date(2026, 12, 7),
        attendees="Head, chair, link officer",
        what_happened="A two-day inspection.",
        what_helped="",
        what_we_will_change="Nothing yet.",
    )
    services.concern_resolve(
        concern=world.services["concern"], by=senior, resolution="Talked it over."
    )
    services.inspection_phase_set(inspection=inspection, phase="closed")
    open_concern = Concern.objects.create(
        inspection=inspection,
        category=Concern.Category.WELLBEING,
        severity=Concern.Severity.MEDIUM,
        description="Raised after closing, before closing meant read-only.",
        raised_by=world.user(HEAD),
        act_by=NOW,
    )
    open_action = ConcernAction.objects.create(concern=open_concern, description="Call back")
    inspection.refresh_from_db()
    assert inspection.phase == "closed" and inspection.closed_from_phase == "after"
    return Closed(
        world=world,
        inspection=inspection,
        request=world.services["request"],
        open_concern=open_concern,
        open_action=open_action,
        plan=SupportPlan.objects.get(inspection=inspection),
        area=area,
        other_grade=other,
    )


def snapshot(inspection: Inspection) -> dict[str, list[dict[str, Any]]]:
    """Every row of the record, the outbox, and the audit log's changes to the record
    (readings are logged too, and are not changes)."""
    rows = {
        "inspection": Inspection.objects.filter(pk=inspection.pk),
        "grades": ProvisionalGrade.objects.filter(inspection=inspection),
        "contacts": Contact.objects.filter(inspection=inspection),
        "timeline": ExpectedContact.objects.filter(inspection=inspection),
        "requests": InspectionRequest.objects.filter(inspection=inspection),
        "concerns": Concern.objects.filter(inspection=inspection),
        "actions": ConcernAction.objects.filter(concern__inspection=inspection),
        "support plan": SupportPlan.objects.filter(inspection=inspection),
        "feedback": FeedbackForm.objects.filter(inspection=inspection),
        "learning review": LearningReview.objects.filter(inspection=inspection),
        "outbox": OutboxEmail.objects.all(),
        "audit": selectors.audit_trail(inspection=inspection).exclude(
            action=LogEntry.Action.ACCESS
        ),
    }
    return {name: list(query.order_by("pk").values()) for name, query in rows.items()}
