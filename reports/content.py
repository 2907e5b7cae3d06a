"""What goes into a report: each section gathered from its app's own selectors, for
one school or the whole organisation, over one period. Survey figures come from the
surveys app's results, so they pass through exactly the same suppression as the pages;
inspections appear once they are over, and no provisional outcome before its report is
published."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone

from charters.models import Action, Charter, Progress, ProgressStatus, on_current_commitment
from charters.selectors import TRACKED_KINDS, commitments_of, school_progress, version_current
from inspections.models import Contact, ExpectedContact, Inspection, ProvisionalGrade
from support_directory.models import BuddyPairing, Service
from wellbeing_portal.people.models import School

from .models import Report
from .survey_section import SurveySection, survey_sections


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
class InspectionLine:
    school: str
    called_on: dt.date
    inspection_type: str
    phase: str
    expected: int
    on_time: int
    late: int
    concerns_raised: int
    concerns_resolved: int
    outcome: list[tuple[str, str]]  # only once the report is published
    published_on: dt.date | None


@dataclass
class ReportContent:
    report: Report
    schools: list[School]
    generated_at: dt.datetime
    charters: list[CharterSummary] = field(default_factory=list)
    you_said_we_did: list[Action] = field(default_factory=list)
    inspections: list[InspectionLine] = field(default_factory=list)
    pairings: int = 0
    heads: int = 0
    head_has_buddy: bool | None = None
    services: int = 0
    surveys: list[SurveySection] = field(default_factory=list)

    @property
    def is_school(self) -> bool:
        return self.report.school_id is not None


def _schools(report: Report) -> list[School]:
    if report.school_id:
        assert report.school is not None
        return [report.school]
    return list(School.objects.filter(responsible_body=report.organisation).order_by("name"))


def report_content(report: Report, *, today: dt.date | None = None) -> ReportContent:
    """Everything the report shows, in a bounded number of queries per section."""
    today = today or timezone.localdate()
    schools = _schools(report)
    content = ReportContent(report=report, schools=schools, generated_at=timezone.now())
    _charters(content, today)
    content.surveys = survey_sections(report)
    _inspections(content, today)
    _support(content)
    return content


def _charters(content: ReportContent, today: dt.date) -> None:
    report = content.report
    school_ids = [s.pk for s in content.schools]
    in_period = Q(completed_on__gte=report.starts_on, completed_on__lte=report.ends_on)
    for charter in Charter.objects.filter(organisation=report.organisation).order_by("title"):
        actions = Action.objects.filter(charter=charter, school_id__in=school_ids).filter(
            on_current_commitment()
        )
        summary = CharterSummary(
            title=charter.title,
            rows=[],
            counts=[],
            done_in_period=actions.filter(in_period, status=Action.Status.DONE).count(),
            overdue=actions.filter(status=Action.Status.OPEN, due_on__lt=today).count(),
        )
        if content.is_school:
            progress = school_progress(charter=charter, school=content.schools[0], today=today)
            summary.rows = [
                (r.commitment.title, r.status_label, r.open_actions, r.overdue_actions)
                for r in progress.rows
            ]
            summary.counts = progress.counts()
        else:
            summary.lines = _charter_lines(charter, content.schools, today)
        content.charters.append(summary)
    content.you_said_we_did = list(
        Action.objects.filter(school_id__in=school_ids, for_staff=True)
        .filter(on_current_commitment())
        .filter(
            Q(created_on__gte=report.starts_on, created_on__lte=report.ends_on)
            | Q(completed_on__gte=report.starts_on, completed_on__lte=report.ends_on)
        )
        .select_related("school")
        .order_by("school__name", "-created_on")[:60]
    )


STATUS_ORDER = (
    ProgressStatus.EMBEDDED,
    ProgressStatus.IN_PROGRESS,
    ProgressStatus.PLANNED,
    ProgressStatus.NOT_STARTED,
)


def _charter_lines(
    charter: Charter, schools: list[School], today: dt.date
) -> list[SchoolCharterLine]:
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


def _inspections(content: ReportContent, today: dt.date) -> None:
    report = content.report
    inspections = list(
        Inspection.objects.filter(
            school__in=content.schools,
            # An inspection under way is confidential to its record's readers (SPEC §2):
            # a report counts only those that are over.
            phase__in=[Inspection.Phase.AFTER, Inspection.Phase.CLOSED],
            call_received_at__date__gte=report.starts_on,
            call_received_at__date__lte=report.ends_on,
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
    ids = [i.pk for i in inspections]
    now = timezone.now()
    due = ExpectedContact.objects.filter(inspection_id__in=ids, due_at__lte=now)
    expected = dict(
        due.values("inspection_id").annotate(n=Count("pk")).values_list("inspection_id", "n")
    )
    on_time_ids = set(
        Contact.objects.filter(
            inspection_id__in=ids,
            answers__isnull=False,
            happened_at__lte=F("answers__due_at"),
        ).values_list("answers_id", flat=True)
    )
    on_time: dict[int, int] = {}
    late: dict[int, int] = {}
    for item_id, inspection_id, done_at in due.values_list("pk", "inspection_id", "done_at"):
        if item_id in on_time_ids:
            on_time[inspection_id] = on_time.get(inspection_id, 0) + 1
        elif done_at is not None:
            late[inspection_id] = late.get(inspection_id, 0) + 1
    grades: dict[int, list[tuple[str, str]]] = {}
    published = [
        i.pk for i in inspections if i.report_published_on and i.report_published_on <= today
    ]
    for grade in ProvisionalGrade.objects.filter(inspection_id__in=published).select_related(
        "area", "grade"
    ):
        grades.setdefault(grade.inspection_id, []).append((grade.area.name, grade.grade.label))
    content.inspections = [
        InspectionLine(
            school=i.school.name,
            called_on=timezone.localdate(i.call_received_at),
            inspection_type=i.get_inspection_type_display(),
            phase=i.get_phase_display(),
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


def _support(content: ReportContent) -> None:
    report = content.report
    active = BuddyPairing.objects.filter(
        head_school__in=content.schools, status=BuddyPairing.Status.ACTIVE
    )
    content.pairings = active.count()
    content.heads = len(content.schools)
    if content.is_school:
        content.head_has_buddy = content.pairings > 0
    content.services = Service.objects.filter(
        Q(scope=Service.Scope.NATIONAL)
        | Q(scope=Service.Scope.ORGANISATION, organisation=report.organisation)
        | Q(scope=Service.Scope.SCHOOL, school__in=content.schools)
    ).count()
