"""A Celery worker killed (SIGKILL) in the middle of sending an email, and in the middle
of building a PDF report: nothing lost, nothing sent twice, no report stuck "building".

Each kill is exact, not a race: the SMTP sink holds the email unanswered, so the worker
is inside the send with the outbox row locked; the report is killed as soon as the
database shows it claimed ("building")."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess

import pytest
from django.utils import timezone

from reports.models import Report
from tests.conftest import World
from wellbeing_portal.outbox.models import OutboxEmail
from wellbeing_portal.outbox.services import outbox_key

from .conftest import (
    SmtpSink,
    ThrowawayRedis,
    needs_postgresql,
    portal_env,
    run_python,
    start_worker,
    stop,
    wait_for,
)

pytestmark = [
    pytest.mark.faults,
    pytest.mark.xdist_group("faults"),
    pytest.mark.django_db(transaction=True),
]

SEND_NOW = (
    "from wellbeing_portal.outbox.tasks import outbox_send_due\n"
    "for _ in range({times}):\n"
    "    outbox_send_due.delay()\n"
)


def _kill(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def test_a_worker_killed_while_sending_loses_nothing_and_sends_nothing_twice(
    throwaway_redis: ThrowawayRedis, smtp_sink: SmtpSink
) -> None:
    needs_postgresql()
    due = timezone.now() - dt.timedelta(minutes=1)
    rows = [
        OutboxEmail.objects.create(
            key=outbox_key(kind="faults.kill", obj=str(i), to=f"p{i}@example.org", due_at=due),
            kind="faults.kill",
            to_email=f"p{i}@example.org",
            subject=f"Email {i}",
            body_text="Hello",
            due_at=due,
        )
        for i in range(12)
    ]
    env = portal_env(redis_url=throwaway_redis.url, smtp_port=smtp_sink.port)
    smtp_sink.hang = True
    first = start_worker(env)
    try:
        run_python(env, SEND_NOW.format(times=1))
        assert smtp_sink.hanging.wait(60), "the worker never started sending"
        # The first email is in the sink's hands, unanswered: the worker dies mid-send.
        _kill(first)
    finally:
        stop(first)
    assert smtp_sink.counts() == {}
    # The row it held was never marked: its transaction died with the worker.
    assert not OutboxEmail.objects.exclude(status=OutboxEmail.Status.PENDING).exists()
    assert not OutboxEmail.objects.filter(attempts__gt=0).exists()

    # Two workers take over, each asked three times (as beat would): every row once.
    second, third = start_worker(env), start_worker(env)
    try:
        run_python(env, SEND_NOW.format(times=3))
        assert wait_for(
            lambda: not OutboxEmail.objects.exclude(status=OutboxEmail.Status.SENT).exists(),
            seconds=60,
        ), "the emails were not all sent after the kill"
    finally:
        stop(second)
        stop(third)
    assert smtp_sink.counts() == {str(row.pk): 1 for row in rows}
    assert set(OutboxEmail.objects.values_list("attempts", flat=True)) == {1}


def test_a_worker_killed_while_building_a_report_leaves_nothing_stuck(
    world: World, throwaway_redis: ThrowawayRedis, smtp_sink: SmtpSink
) -> None:
    needs_postgresql()
    from reports.services import STALE_AFTER

    report = Report.objects.create(
        organisation=world.trust,
        school=world.school,
        scope_key=f"school:{world.school.pk}",
        period_key="2026-autumn",
        period_label="Autumn term 2026",
        starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2026, 12, 31),
        requested_by=world.user("chair"),
    )
    env = portal_env(redis_url=throwaway_redis.url, smtp_port=smtp_sink.port)
    build = f"from reports.tasks import report_build_task\nreport_build_task.delay({report.pk})\n"
    first = start_worker(env)
    try:
        run_python(env, build)
        claimed = wait_for(
            lambda: Report.objects.filter(pk=report.pk, status=Report.Status.BUILDING).exists(),
            seconds=60,
            step=0.01,
        )
        _kill(first)
    finally:
        stop(first)
    assert claimed, "the worker never claimed the report"
    report.refresh_from_db()
    assert report.status == Report.Status.BUILDING, "the build finished before the kill"
    assert report.attempts == 1 and not report.file

    # Recovery, run as beat runs it but with the clock past the stale limit, hands the
    # report to a second worker, which builds it once and tells each person once.
    later = timezone.now() + STALE_AFTER + dt.timedelta(minutes=1)
    second = start_worker(env)
    try:
        out = run_python(
            env,
            "import datetime as dt\n"
            "from reports.services import reports_recover\n"
            f"print(reports_recover(now=dt.datetime.fromisoformat({later.isoformat()!r})))\n",
        )
        assert out.strip() == "(1, 0)"  # one retried, none failed
        assert wait_for(
            lambda: Report.objects.filter(pk=report.pk, status=Report.Status.READY).exists(),
            seconds=90,
        ), Report.objects.get(pk=report.pk).failure_reason or "the report was not rebuilt"
        ready = OutboxEmail.objects.filter(kind="reports.ready")
        assert wait_for(
            lambda: ready.exists() and not ready.exclude(status=OutboxEmail.Status.SENT).exists(),
            seconds=30,
        ), "the report's emails were not sent"
    finally:
        stop(second)
    report.refresh_from_db()
    assert report.attempts == 2 and report.pages and report.pages >= 3
    with report.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    keys = list(ready.values_list("key", flat=True))
    assert len(keys) == len(set(keys))
    assert smtp_sink.counts() == {str(pk): 1 for pk in ready.values_list("pk", flat=True)}
    assert not Report.objects.filter(status=Report.Status.BUILDING).exists()
