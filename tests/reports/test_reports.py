"""Governor reports: the PDF's figures for a known data set (and no suppressed figure),
identical requests sharing a build, a dead worker's build recovered or failed, the
termly schedule, and who may ask for and download what."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from inspections import services as inspections
from reports import services
from reports.models import Report, ReportSchedule
from reports.periods import Period, last_finished_term, term_of, year_of
from surveys import services as survey_services
from surveys.models import Wave
from wellbeing_portal.outbox.models import OutboxEmail

from ..conftest import World
from ..surveys.factories import matrix_surveys

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

AUTUMN = Period("2026-autumn", "Autumn term 2026", dt.date(2026, 9, 1), dt.date(2026, 12, 31))


def _text(report: Report) -> str:
    with report.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def test_periods_are_terms_and_academic_years() -> None:
    assert term_of(dt.date(2026, 11, 23)).label == "Autumn term 2026"
    assert term_of(dt.date(2027, 2, 1)).ends_on == dt.date(2027, 3, 31)
    assert year_of(dt.date(2027, 2, 1)).label == "Academic year 2026 to 2027"
    assert last_finished_term(dt.date(2027, 1, 4)).key == "2026-autumn"


def test_a_school_report_holds_the_figures_and_no_suppressed_one(
    rich_world: World, django_capture_on_commit_callbacks
) -> None:
    world = rich_world
    surveys = matrix_surveys(world)  # a closed wave with the school above the threshold
    wave = surveys["closed"]
    assert isinstance(wave, Wave)
    assert AUTUMN.starts_on <= wave.closes_on <= AUTUMN.ends_on
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(
            organisation=world.trust, school=world.school, period=AUTUMN, by=world.user("chair")
        )
    report.refresh_from_db()
    assert report.status == Report.Status.READY, report.failure_reason
    text = _text(report)
    assert "Alpha Primary" in text and "Autumn term 2026" in text
    assert "Charter progress" in text and "How this report was made" in text
    assert wave.title in text
    # The inspection called on 23 November is in the period; no outcome is published.
    assert "Inspection support" in text and "Outcomes appear only once" in text
    reader = PdfReader(report.file.open("rb"))
    assert report.pages is not None and len(reader.pages) == report.pages >= 4
    assert reader.metadata is not None
    assert reader.metadata.title == f"{world.school.name}: wellbeing report, Autumn term 2026"
    assert OutboxEmail.objects.filter(kind="reports.ready", to_email=world.user("chair").email)


def test_a_published_outcome_appears_and_an_unpublished_one_does_not(
    rich_world: World, django_capture_on_commit_callbacks
) -> None:
    world = rich_world
    inspection = world.services["inspection"]
    from inspections.models import EvaluationArea, Grade

    areas = list(EvaluationArea.objects.all())
    leadership = next(a for a in areas if a.name == "Leadership and governance")
    strong = Grade.objects.get(scale=leadership.scale, label="Strong standard")
    inspections.outcome_save(inspection=inspection, grades={leadership.pk: strong.pk}, areas=areas)
    type(inspection).objects.filter(pk=inspection.pk).update(phase="after")  # over

    def build() -> str:
        Report.objects.all().delete()
        with django_capture_on_commit_callbacks(execute=True):
            report = services.report_request(
                organisation=world.trust, school=world.school, period=AUTUMN, by=None
            )
        report.refresh_from_db()
        return _text(report)

    assert "Strong standard" not in build()
    with time_machine.travel(dt.datetime(2026, 12, 20, 12, tzinfo=dt.UTC), tick=False):
        type(inspection).objects.filter(pk=inspection.pk).update(
            report_published_on=dt.date(2026, 12, 18)
        )
        assert "Strong standard" in build()


def test_identical_requests_share_one_build(world: World) -> None:
    first = services.report_request(
        organisation=world.trust, school=world.school, period=AUTUMN, by=world.user("governor")
    )
    second = services.report_request(
        organisation=world.trust, school=world.school, period=AUTUMN, by=world.user("chair")
    )
    assert first.pk == second.pk
    assert Report.objects.count() == 1


def _stored(media_root: str) -> list[str]:
    folder = Path(media_root) / "reports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_asking_again_builds_a_new_report_and_a_ready_one_never_changes(
    world: World, settings, tmp_path, time_machine, django_capture_on_commit_callbacks
) -> None:
    """A built report is final (SPEC §8): asking again builds another beside it, and a
    second run of its build, or recovery long after, leaves its file and figures alone."""
    settings.MEDIA_ROOT = str(tmp_path)
    time_machine.move_to(dt.datetime(2027, 1, 4, 10, tzinfo=dt.UTC), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        ready = services.report_request(
            organisation=world.trust, school=world.school, period=AUTUMN, by=world.user("chair")
        )
    ready.refresh_from_db()
    assert ready.status == Report.Status.READY, ready.failure_reason
    kept = Report.objects.filter(pk=ready.pk).values().get()
    with ready.file.open("rb") as handle:
        pdf = handle.read()

    time_machine.move_to(dt.datetime(2027, 1, 5, 10, tzinfo=dt.UTC), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.report_request(
            organisation=world.trust, school=world.school, period=AUTUMN, by=world.user("chair")
        )
    assert again.pk != ready.pk
    again.refresh_from_db()
    assert again.status == Report.Status.READY and again.file.name != ready.file.name
    assert services.report_build(report_id=ready.pk) is None
    assert services.reports_recover(now=timezone.now() + dt.timedelta(days=30)) == (0, 0)

    assert Report.objects.filter(pk=ready.pk).values().get() == kept
    with ready.file.open("rb") as handle:
        assert handle.read() == pdf
    assert len(_stored(settings.MEDIA_ROOT)) == 2


def test_a_build_that_lost_its_claim_leaves_the_ready_report_alone(
    world: World, settings, tmp_path, time_machine, monkeypatch
) -> None:
    """A worker slow enough for recovery to hand its build to another, which finished
    first: its own PDF is thrown away, and the ready report keeps its file and figures."""
    from reports import services as module

    settings.MEDIA_ROOT = str(tmp_path)
    time_machine.move_to(dt.datetime(2027, 1, 4, 10, tzinfo=dt.UTC), tick=False)
    report = services.report_request(
        organisation=world.trust, school=world.school, period=AUTUMN, by=None
    )
    build_pdf = module.html_to_pdf

    def overtaken(html: str) -> bytes:
        Report.objects.filter(pk=report.pk).update(
            status=Report.Status.READY,
            file="reports/built-by-the-other-worker.pdf",
            pages=7,
            finished_at=timezone.now(),
        )
        return build_pdf(html)

    monkeypatch.setattr(module, "html_to_pdf", overtaken)
    assert services.report_build(report_id=report.pk) is None
    report.refresh_from_db()
    assert (report.status, report.file.name, report.pages) == (
        Report.Status.READY,
        "reports/built-by-the-other-worker.pdf",
        7,
    )
    assert _stored(settings.MEDIA_ROOT) == []  # the loser's PDF was not kept
    assert not OutboxEmail.objects.filter(kind="reports.ready").exists()


def test_a_build_a_dead_worker_left_is_retried_then_failed_never_stuck(world: World) -> None:
    report = services.report_request(
        organisation=world.trust, school=world.school, period=AUTUMN, by=None
    )
    # A worker claimed it and died: "building" since long ago.
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.BUILDING,
        started_at=timezone.now() - dt.timedelta(hours=1),
        attempts=1,
    )
    assert services.reports_recover() == (1, 0)
    report.refresh_from_db()
    assert report.status == Report.Status.QUEUED
    # A second worker cannot claim a report another is building right now.
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.BUILDING, started_at=timezone.now()
    )
    assert services.report_build(report_id=report.pk) is None
    # Three attempts lost: failed, with a reason a governor can act on.
    Report.objects.filter(pk=report.pk).update(
        started_at=timezone.now() - dt.timedelta(hours=1), attempts=3
    )
    assert services.reports_recover() == (0, 1)
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "ask for the report again" in report.failure_reason


def test_a_build_that_raises_is_failed_with_a_reason(world: World, monkeypatch) -> None:
    from reports import services as module

    def broken(html: str) -> bytes:
        raise OSError("no fonts")

    monkeypatch.setattr(module, "html_to_pdf", broken)
    report = services.report_request(
        organisation=world.trust, school=world.school, period=AUTUMN, by=None
    )
    services.report_build(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "OSError" in report.failure_reason


def test_the_termly_schedule_asks_once_per_term_for_every_school(world: World) -> None:
    ReportSchedule.objects.create(organisation=world.trust, active=True)
    schools = world.trust.schools.count()
    assert services.reports_schedule_due(today=dt.date(2027, 1, 4)) == schools
    assert services.reports_schedule_due(today=dt.date(2027, 1, 5)) == 0
    assert set(Report.objects.values_list("period_key", flat=True)) == {"2026-autumn"}


def test_a_governor_cannot_ask_about_or_download_another_school(rich_world: World, client) -> None:
    world = rich_world
    from .factories import ready_report

    theirs = ready_report(world)
    outsider = world.user("governor")
    from wellbeing_portal.people.models import Membership

    Membership.objects.filter(user=outsider).update(school=world.sibling_school)
    client.force_login(outsider)
    assert client.get(reverse("reports:download", kwargs={"pk": theirs.pk})).status_code == 404
    period = AUTUMN.key if AUTUMN.key in client.get(reverse("reports:new")).content.decode() else ""
    response = client.post(
        reverse("reports:new"), {"about": f"school:{world.school.pk}", "period": period}
    )
    assert response.status_code == 400
    assert Report.objects.count() == 1


def test_a_download_is_audit_logged(rich_world: World, client) -> None:
    from auditlog.models import LogEntry

    from .factories import ready_report

    report = ready_report(rich_world)
    client.force_login(rich_world.user("chair"))
    response = client.get(reverse("reports:download", kwargs={"pk": report.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reads = LogEntry.objects.get_for_object(report).filter(action=LogEntry.Action.ACCESS)
    assert reads.get().actor == rich_world.user("chair")


def test_a_school_too_small_to_show_has_no_survey_figures_in_its_report(
    rich_world: World, django_capture_on_commit_callbacks
) -> None:
    world = rich_world
    wave = matrix_surveys(world)["closed"]  # three answers at each school
    assert isinstance(wave, Wave)
    # Raised through the service: the wave's frozen results are worked out again.
    survey_services.wave_thresholds_update(wave=wave, score_threshold=5, comment_threshold=5)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(
            organisation=world.trust, school=world.school, period=AUTUMN, by=None
        )
    report.refresh_from_db()
    text = " ".join(_text(report).split())
    assert "no figures are shown" in text
    assert not re.search(r"\d+ people answered", text)  # not even the count
    assert "Domain scores (mean" not in text


def test_unpublished_survey_results_and_inspections_under_way_stay_out(
    rich_world: World, django_capture_on_commit_callbacks
) -> None:
    world = rich_world
    wave = matrix_surveys(world)["closed"]
    assert isinstance(wave, Wave)
    Wave.objects.filter(pk=wave.pk).update(results_published=False)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(
            organisation=world.trust, school=world.school, period=AUTUMN, by=None
        )
    report.refresh_from_db()
    text = " ".join(_text(report).split())
    assert wave.title not in text and "No staff survey closed in this period" in text
    # The world's inspection is still "notified": under way, so confidential.
    assert "No inspection notified in this period is over yet" in text


def test_a_request_the_broker_never_delivered_is_retried_then_failed(world: World) -> None:
    report = services.report_request(
        organisation=world.trust, school=world.school, period=AUTUMN, by=None
    )
    later = timezone.now()
    for expected in ((1, 0), (1, 0), (0, 1)):
        later += dt.timedelta(minutes=20)
        assert services.reports_recover(now=later) == expected
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED


def test_everyone_who_asked_while_it_was_building_is_told(world: World) -> None:
    first = services.report_request(
        organisation=world.trust, school=world.school, period=AUTUMN, by=world.user("governor")
    )
    services.report_request(
        organisation=world.trust, school=world.school, period=AUTUMN, by=world.user("chair")
    )
    services.report_build(report_id=first.pk)
    told = set(OutboxEmail.objects.filter(kind="reports.ready").values_list("to_email", flat=True))
    assert told == {world.user("governor").email, world.user("chair").email}


def test_a_ready_report_is_read_only_in_the_admin(rich_world: World, client: Any) -> None:
    from .factories import ready_report

    report = ready_report(rich_world)
    client.force_login(rich_world.user("platform_admin"))
    url = reverse("admin:reports_report_change", args=[report.pk])
    response = client.post(url, {"status": Report.Status.FAILED, "period_label": "Changed"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == Report.Status.READY and report.period_label != "Changed"
