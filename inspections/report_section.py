"""The inspections' part of a governor report: each inspection notified in the period
and now over, the protocol's contacts made on time and late, concerns raised and
resolved, and the outcome once Ofsted has published it. Registered in `apps.py`; the
report reads it as `c.sections.inspections`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from wellbeing_portal.core.registry import ReportScope, ReportSection

from .models import Contact, ExpectedContact, Inspection, ProvisionalGrade


@dataclass
class InspectionLine:
    school: str
    called_on: dt.date
    inspection_type: str
    phase: str
    logged: int  # every contact logged on the record
    expected: int
    on_time: int
    late: int
    concerns_raised: int
    concerns_resolved: int
    outcome: list[tuple[str, str]]  # only once the report is published
    published_on: dt.date | None


def inspection_report(scope: ReportScope) -> list[InspectionLine]:
    """One line per inspection called in the period that is over: one under way is
    confidential to its record's readers (SPEC §2), and no provisional outcome shows
    before its report is published."""
    inspections = list(
        Inspection.objects.filter(
            school__in=scope.schools,
            phase__in=[Inspection.Phase.AFTER, Inspection.Phase.CLOSED],
            call_received_at__date__gte=scope.starts_on,
            call_received_at__date__lte=scope.ends_on,
        )
        .select_related("school")
        .annotate(
            raised=Count("concerns", distinct=True),
            resolved=Count(
                "concerns", filter=Q(concerns__resolved_at__isnull=False), distinct=True
            ),
        )
        .order_by("call_received_at")
    )
    logged, expected, on_time, late = _contacts_made([i.pk for i in inspections])
    grades = _published_grades(inspections, scope.today)
    return [
        InspectionLine(
            school=i.school.name,
            called_on=timezone.localdate(i.call_received_at),
            inspection_type=i.get_inspection_type_display(),
            phase=i.get_phase_display(),
            logged=logged.get(i.pk, 0),
            expected=expected.get(i.pk, 0),
            on_time=on_time.get(i.pk, 0),
            late=late.get(i.pk, 0),
            concerns_raised=getattr(i, "raised", 0),
            concerns_resolved=getattr(i, "resolved", 0),
            outcome=grades.get(i.pk, []),
            published_on=i.report_published_on,
        )
        for i in inspections
    ]


def _contacts_made(
    ids: list[int],
) -> tuple[dict[int, int], dict[int, int], dict[int, int], dict[int, int]]:
    """Per inspection, as its record's timeline shows them: the contacts logged; the
    protocol's items due by now or already done (one done early counts: it was made);
    those done no later than they were due; and those done late."""
    logged = dict(
        Contact.objects.filter(inspection_id__in=ids)
        .values("inspection_id")
        .annotate(n=Count("pk"))
        .values_list("inspection_id", "n")
    )
    due = ExpectedContact.objects.filter(inspection_id__in=ids).filter(
        Q(due_at__lte=timezone.now()) | Q(done_at__isnull=False)
    )
    expected: dict[int, int] = {}
    on_time: dict[int, int] = {}
    late: dict[int, int] = {}
    for inspection_id, due_at, done_at in due.values_list("inspection_id", "due_at", "done_at"):
        expected[inspection_id] = expected.get(inspection_id, 0) + 1
        if done_at is None:
            continue
        made = on_time if due_at is None or done_at <= due_at else late
        made[inspection_id] = made.get(inspection_id, 0) + 1
    return logged, expected, on_time, late


def _published_grades(
    inspections: Sequence[Inspection], today: dt.date
) -> dict[int, list[tuple[str, str]]]:
    grades: dict[int, list[tuple[str, str]]] = {}
    published = [
        i.pk for i in inspections if i.report_published_on and i.report_published_on <= today
    ]
    for grade in ProvisionalGrade.objects.filter(inspection_id__in=published).select_related(
        "area", "grade"
    ):
        grades.setdefault(grade.inspection_id, []).append((grade.area.name, grade.grade.label))
    return grades


SECTION = ReportSection(key="inspections", order=30, build=inspection_report)
