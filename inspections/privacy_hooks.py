"""The inspections' part in a person's privacy (registered in `apps.py`): their export
lists the contacts they logged and the concerns they raised; erasure removes their
calendar feed (records they took part in stay); the nightly purge blanks the free text
of inspections closed longer ago than PORTAL_RETAIN_INSPECTION_NOTES_DAYS."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Coalesce

from wellbeing_portal.core.registry import PrivacyHooks, export_date
from wellbeing_portal.core.retention import text_blank

from .models import CalendarFeed, Concern, Contact, Inspection, InspectionRequest, LearningReview


def person_export(user: Any) -> dict[str, Any]:
    return {
        "inspection_contacts_logged": [
            {
                "school": c.inspection.school.name,
                "happened_at": export_date(c.happened_at),
                "with_whom": c.with_whom,
                "channel": c.get_channel_display(),
                "notes": c.notes,
            }
            for c in Contact.objects.filter(logged_by=user)
            .select_related("inspection__school")
            .order_by("pk")
        ],
        "inspection_concerns_raised": [
            {
                "school": c.inspection.school.name,
                "raised_at": export_date(c.raised_at),
                "category": c.get_category_display(),
                "severity": c.get_severity_display(),
                "description": c.description,
            }
            for c in Concern.objects.filter(raised_by=user)
            .select_related("inspection__school")
            .order_by("pk")
        ],
    }


def person_erase(user: Any) -> None:
    CalendarFeed.objects.filter(user=user).delete()


@transaction.atomic
def inspection_notes_purge(*, today: dt.date) -> int:
    """Blank the free text of inspections closed (report published, or else first day)
    longer ago than PORTAL_RETAIN_INSPECTION_NOTES_DAYS; rows, dates, counts and outcomes
    stay. Returns how many records lost text."""
    cutoff = today - dt.timedelta(days=settings.PORTAL_RETAIN_INSPECTION_NOTES_DAYS)
    old = Inspection.objects.alias(
        closed_on=Coalesce("report_published_on", "expected_start")
    ).filter(phase=Inspection.Phase.CLOSED, closed_on__lt=cutoff)
    return (
        text_blank(old, ("worries",))
        + text_blank(Contact.objects.filter(inspection__in=old), ("notes",))
        + text_blank(Concern.objects.filter(inspection__in=old), ("description", "resolution"))
        + text_blank(
            InspectionRequest.objects.filter(inspection__in=old), ("reason", "outcome_note")
        )
        + text_blank(
            LearningReview.objects.filter(inspection__in=old),
            ("attendees", "what_happened", "what_helped", "what_we_will_change"),
        )
    )


def retention_purge(today: dt.date) -> dict[str, int]:
    return {"inspection_records": inspection_notes_purge(today=today)}


HOOKS = PrivacyHooks(
    key="inspections",
    order=30,
    export=person_export,
    erase=person_erase,
    purge=retention_purge,
)
