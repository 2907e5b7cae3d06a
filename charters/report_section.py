"""The charters' part of a governor report: each charter's progress (per commitment for a
school, per school for the organisation) and "you said, we did". Registered in
`apps.py`; the report reads it as `c.sections.charters`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from wellbeing_portal.core.registry import ReportScope, ReportSection

from .models import Action, Charter, Progress, ProgressStatus, on_current_commitment
from .selectors import TRACKED_KINDS, commitments_of, school_progress, version_current


@dataclass
class SchoolCharterLine:
    school: str
    counts: list[tuple[str, int]]
    overdue: int


@dataclass
class CharterSummary:
    title: str
    rows: list[tuple[str, str, int, int]]  # commitment, status, open actions, overdue
    counts: list[tuple[str, int]]
    done_in_period: int
    overdue: int
    lines: list[SchoolCharterLine] = field(default_factory=list)  # organisation reports


@dataclass
class CharterReport:
    summaries: list[CharterSummary]
    you_said_we_did: list[Action]


def charter_report(scope: ReportScope) -> CharterReport:
    """Every charter of the organisation as it stands on `scope.today`, with the actions
    done in the period, and the actions shared with staff that began or ended in it."""
    school_ids = [s.pk for s in scope.schools]
    summaries = [
        _summary(charter, scope, school_ids)
        for charter in Charter.objects.filter(organisation=scope.organisation).order_by("title")
    ]
    you_said_we_did = list(
        Action.objects.filter(school_id__in=school_ids, for_staff=True)
        .filter(on_current_commitment())
        .filter(
            Q(created_on__gte=scope.starts_on, created_on__lte=scope.ends_on)
            | Q(completed_on__gte=scope.starts_on, completed_on__lte=scope.ends_on)
        )
        .select_related("school")
        .order_by("school__name", "-created_on")[:60]
    )
    return CharterReport(summaries=summaries, you_said_we_did=you_said_we_did)


def _summary(charter: Charter, scope: ReportScope, school_ids: list[Any]) -> CharterSummary:
    in_period = Q(completed_on__gte=scope.starts_on, completed_on__lte=scope.ends_on)
    actions = Action.objects.filter(charter=charter, school_id__in=school_ids).filter(
        on_current_commitment()
    )
    summary = CharterSummary(
        title=charter.title,
        rows=[],
        counts=[],
        done_in_period=actions.filter(in_period, status=Action.Status.DONE).count(),
        overdue=actions.filter(status=Action.Status.OPEN, due_on__lt=scope.today).count(),
    )
    if scope.is_school:
        progress = school_progress(charter=charter, school=scope.schools[0], today=scope.today)
        summary.rows = [
            (r.commitment.title, r.status_label, r.open_actions, r.overdue_actions)
            for r in progress.rows
        ]
        summary.counts = progress.counts()
    else:
        summary.lines = _charter_lines(charter, list(scope.schools), scope.today)
    return summary


STATUS_ORDER = (
    ProgressStatus.EMBEDDED,
    ProgressStatus.IN_PROGRESS,
    ProgressStatus.PLANNED,
    ProgressStatus.NOT_STARTED,
)


def _charter_lines(charter: Charter, schools: list[Any], today: dt.date) -> list[SchoolCharterLine]:
    """Each school's commitments at each status, and its overdue actions: three queries
    for the whole organisation, however many schools."""
    keys = {c.key for c in commitments_of(version_current(charter), kinds=TRACKED_KINDS)}
    tally: dict[int, dict[str, int]] = {s.pk: {} for s in schools}
    for school_id, status in Progress.objects.filter(
        charter=charter, school__in=schools, commitment_key__in=keys
    ).values_list("school_id", "status"):
        tally[school_id][status] = tally[school_id].get(status, 0) + 1
    overdue = dict(
        Action.objects.filter(
            charter=charter, school__in=schools, status=Action.Status.OPEN, due_on__lt=today
        )
        .filter(on_current_commitment())
        .values("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
    )
    lines = []
    for school in schools:
        counts = tally[school.pk]
        started = sum(n for status, n in counts.items() if status != ProgressStatus.NOT_STARTED)
        lines.append(
            SchoolCharterLine(
                school=school.name,
                counts=[
                    (
                        status.label,
                        len(keys) - started
                        if status == ProgressStatus.NOT_STARTED
                        else counts.get(status, 0),
                    )
                    for status in STATUS_ORDER
                ],
                overdue=overdue.get(school.pk, 0),
            )
        )
    return lines


SECTION = ReportSection(key="charters", order=10, build=charter_report)
