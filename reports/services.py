"""Writes about reports: request one (shared with an identical one already being built),
build it (a Celery task calls this), recover builds a dead worker left behind, and the
termly schedule."""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from wellbeing_portal.outbox.services import email_enqueue_from_templates
from wellbeing_portal.people.models import Membership, Organisation, Role, School, User

from .content import report_content
from .models import Report, ReportSchedule
from .periods import Period, last_finished_term
from .render import html_to_pdf, report_html

logger = logging.getLogger(__name__)

# A build that has not finished in this time was lost with its worker (longer than the
# task's hard time limit, so a slow build is never handed to a second worker).
STALE_AFTER = dt.timedelta(minutes=15)
MAX_ATTEMPTS = 3


def _enqueue(report_id: int) -> None:
    """Ask a worker to build it. If the broker is down, `reports_recover` asks again."""
    from .tasks import report_build_task

    try:
        report_build_task.apply_async((report_id,), retry=False)
    except Exception:
        logger.warning(
            "Report %s queued; the broker is not answering, recovery will retry", report_id
        )


def report_request(
    *, organisation: Organisation, school: School | None, period: Period, by: User | None
) -> Report:
    """A report for the school (or the whole organisation) over the period. If an
    identical one is already queued or being built, that one is returned instead, and
    whoever asked is told when it is ready too (a scheduled request: the governors). A
    ready report is final: asking again builds a new one beside it, never over it."""
    scope_key = f"school:{school.pk}" if school else f"organisation:{organisation.pk}"
    for _ in range(3):  # a build can finish between a failed insert and the lookup
        existing = Report.objects.filter(
            scope_key=scope_key,
            period_key=period.key,
            status__in=[Report.Status.QUEUED, Report.Status.BUILDING],
        ).first()
        if existing is not None:
            existing.recipients.add(*_people_to_tell(existing.school, by))
            return existing
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    organisation=organisation,
                    school=school,
                    scope_key=scope_key,
                    period_key=period.key,
                    period_label=period.label,
                    starts_on=period.starts_on,
                    ends_on=period.ends_on,
                    requested_by=by,
                )
                transaction.on_commit(partial(_enqueue, report.pk))
        except IntegrityError:  # an identical request won the race: join it
            continue
        return report
    raise RuntimeError("Could not queue the report")  # pragma: no cover - three races lost


def _people_to_tell(school: School | None, by: User | None) -> list[User]:
    if by is not None:
        return [by]
    return [
        m.user
        for m in Membership.objects.filter(
            school=school, role=Role.GOVERNOR, user__is_active=True
        ).select_related("user")
    ]


def _claim(report_id: int, now: dt.datetime) -> Report | None:
    """Mark the report as building, unless someone else is building it right now."""
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(skip_locked=True)
            .filter(pk=report_id, status__in=[Report.Status.QUEUED, Report.Status.BUILDING])
            .first()
        )
        if report is None:
            return None
        if (
            report.status == Report.Status.BUILDING
            and report.started_at
            and (report.started_at > now - STALE_AFTER)
        ):
            return None
        report.status = Report.Status.BUILDING
        report.started_at = now
        report.attempts += 1
        report.save(update_fields=["status", "started_at", "attempts"])
        return report


def report_build(*, report_id: int) -> Report | None:
    """Build the PDF and store it through the storage API, then tell whoever asked.
    Safe to run twice: a report already built, or being built elsewhere, is left alone.
    A failure is recorded with its reason, never left "building"; a build that has
    lost its claim (recovery gave it to another worker) changes nothing."""
    from pypdf import PdfReader

    claimed_at = timezone.now()
    report = _claim(report_id, claimed_at)
    if report is None:
        return None
    mine = Report.objects.filter(pk=report.pk, status=Report.Status.BUILDING, started_at=claimed_at)
    try:
        pdf = html_to_pdf(report_html(report_content(report)))
        pages = len(PdfReader(ContentFile(pdf)).pages)
        name = f"{report.scope_key.replace(':', '-')}-{report.period_key}-{report.pk}.pdf"
        stored = report.file.storage.save(f"reports/{name}", ContentFile(pdf))
    except Exception as error:
        logger.exception("Report %s failed", report.pk)
        mine.update(
            status=Report.Status.FAILED,
            failure_reason=f"The report could not be built ({type(error).__name__}). "
            "Please ask for it again; if it fails again, tell the wellbeing team.",
            finished_at=timezone.now(),
        )
        return None
    with transaction.atomic():
        done = mine.update(
            file=stored,
            status=Report.Status.READY,
            finished_at=timezone.now(),
            pages=pages,
            failure_reason="",
        )
        if not done:  # another worker owns it now
            report.file.storage.delete(stored)
            return None
        report.refresh_from_db()
        _tell_ready(report)
    return report


def _tell_ready(report: Report) -> None:
    people = {p.pk: p for p in _people_to_tell(report.school, report.requested_by)}
    people.update({p.pk: p for p in report.recipients.filter(is_active=True)})
    for person in sorted(people.values(), key=lambda p: p.full_name):
        email_enqueue_from_templates(
            kind="reports.ready",
            obj=f"report:{report.pk}",
            to=person.email,
            template="emails/reports/ready",
            context={"report": report, "user": person},
            recipient_id=person.pk,
            due_at=report.requested_at,
        )


def reports_recover(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Builds a dead worker left "building", and requests a broker never handed on: hand
    them to a worker again, counting each try, and after three mark them failed with a
    reason. Returns (retried, failed)."""
    now = now or timezone.now()
    retried = failed = 0
    cutoff = now - STALE_AFTER
    stale = Report.objects.filter(
        Q(status=Report.Status.BUILDING, started_at__lt=cutoff)
        | Q(status=Report.Status.QUEUED, queued_at__lt=cutoff)
    )
    for report in stale:
        # A queued report a worker never claimed has not counted an attempt yet.
        tries = report.attempts + (report.status == Report.Status.QUEUED)
        same = Report.objects.filter(
            pk=report.pk, status=report.status, started_at=report.started_at
        )
        if tries >= MAX_ATTEMPTS:
            same.update(
                status=Report.Status.FAILED,
                failure_reason="The build stopped before it finished, three times. Please ask "
                "for the report again; if it fails again, tell the wellbeing team.",
                finished_at=now,
            )
            failed += 1
        elif same.update(status=Report.Status.QUEUED, queued_at=now, attempts=tries):
            transaction.on_commit(partial(_enqueue, report.pk))
            retried += 1
    return retried, failed


def schedule_set(*, organisation: Organisation, active: bool, by: User) -> ReportSchedule:
    schedule, _ = ReportSchedule.objects.update_or_create(
        organisation=organisation, defaults={"active": active, "changed_by": by}
    )
    return schedule


def reports_schedule_due(*, today: dt.date | None = None) -> int:
    """After each term, once: a report for every school of each organisation with an
    active schedule, for its governors. Returns how many were requested."""
    today = today or timezone.localdate()
    term = last_finished_term(today)
    requested = 0
    for schedule_id in ReportSchedule.objects.filter(active=True).values_list("pk", flat=True):
        with transaction.atomic():
            schedule = (
                ReportSchedule.objects.select_for_update(skip_locked=True)
                .select_related("organisation")
                .filter(pk=schedule_id, active=True)
                .exclude(last_period_key=term.key)
                .first()
            )
            if schedule is None:
                continue
            for school in School.objects.filter(responsible_body=schedule.organisation):
                report_request(
                    organisation=schedule.organisation, school=school, period=term, by=None
                )
                requested += 1
            schedule.last_period_key = term.key
            schedule.save(update_fields=["last_period_key"])
    return requested


def report_download_logged(*, report: Report) -> None:
    """Every download is in the audit log."""
    from auditlog.signals import accessed

    accessed.send(sender=Report, instance=report)
