"""With Redis, emails go through a real Celery worker, and beat runs the periodic tasks.

The worker, and the process that queues the email, are subprocesses started here with
the test database and a Redis queue of their own, so that they configure Celery from
settings exactly as the portal and the worker do in production.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from wellbeing_portal.outbox.models import OutboxEmail

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis (REDIS_URL)"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the worker shares the test database"
    ),
    pytest.mark.xdist_group("celery-worker"),
    pytest.mark.dates,
]

QUEUE_AN_EMAIL = """
from django.db import transaction
from django.utils import timezone
from wellbeing_portal.outbox.services import email_enqueue
with transaction.atomic():
    email_enqueue(kind="test.worker", obj="1", to="head@example.org", subject="Hello",
                  body_text="Hi", due_at=timezone.now())
"""


@pytest.fixture
def real_env() -> dict[str, str]:
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wellbeing_portal.settings.test",
        "PORTAL_TEST_REAL_WORKER": "true",
        "PORTAL_TEST_QUEUE": f"test-{uuid.uuid4().hex[:8]}",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
    }


@pytest.fixture
def worker(real_env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    command = [sys.executable, "-m", "celery", "-A", "wellbeing_portal", "worker"]
    command += ["--pool", "solo", "-Q", real_env["PORTAL_TEST_QUEUE"], "-l", "WARNING"]
    command += ["--without-gossip", "--without-mingle"]
    process = subprocess.Popen(command, env=real_env)
    yield process
    process.terminate()
    process.wait(timeout=20)


def _wait_for(predicate: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_an_email_queued_by_the_portal_is_sent_by_the_worker(
    worker: subprocess.Popen[bytes], real_env: dict[str, str]
) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", QUEUE_AN_EMAIL],
        env=real_env,
        check=True,
        timeout=60,
    )
    row = OutboxEmail.objects.get(kind="test.worker")
    assert _wait_for(
        lambda: OutboxEmail.objects.filter(pk=row.pk, status=OutboxEmail.Status.SENT).exists()
    ), "the worker did not send the email"
    row.refresh_from_db()
    assert row.attempts == 1


@pytest.fixture
def beat(real_env: dict[str, str], tmp_path) -> Iterator[subprocess.Popen[bytes]]:
    env = {**real_env, "PORTAL_TEST_BEAT_SECONDS": "1"}
    command = [sys.executable, "-m", "celery", "-A", "wellbeing_portal", "beat", "-l", "WARNING"]
    command += ["--schedule", str(tmp_path / "beat-schedule")]
    process = subprocess.Popen(command, env=env)
    yield process
    process.terminate()
    process.wait(timeout=20)


def test_beat_and_the_worker_remind_then_escalate_an_overdue_contact(
    world, worker: subprocess.Popen[bytes], beat: subprocess.Popen[bytes]
) -> None:
    from inspections import services
    from inspections.working_time import add_working_days

    # Called three working days ago: the first contacts are overdue.
    called = timezone.localdate()
    for _ in range(3):
        called -= dt.timedelta(days=1)
        while called.weekday() >= 5:
            called -= dt.timedelta(days=1)
    call = timezone.make_aware(dt.datetime.combine(called, dt.time(10, 5)))
    inspection = services.inspection_log(
        school=world.school,
        logged_by=world.user("headteacher"),
        **{
            **services.inspection_defaults(),
            "call_received_at": call,
            "expected_start": add_working_days(called, 1),
        },
    )  # fmt: skip

    # One item was reminded about days ago, so its grace period is over: beat escalates it.
    reminded = inspection.expected_contacts.get(step__description__startswith="Agree between")
    reminded.reminded_at = call + dt.timedelta(hours=3)
    reminded.save(update_fields=["reminded_at"])

    def sent(kind: str, to: str) -> bool:
        return OutboxEmail.objects.filter(
            kind=kind, to_email=to, status=OutboxEmail.Status.SENT
        ).exists()

    assert _wait_for(
        lambda: sent("inspections.overdue", world.user("link_officer").email), seconds=60
    ), "no reminder reached the link officer"
    assert _wait_for(
        lambda: sent("inspections.escalated", world.user("senior_officer").email), seconds=60
    ), "no escalation reached the senior officer"
    time.sleep(3)  # more beats: still one of each per item and person
    keys = list(
        OutboxEmail.objects.filter(kind="inspections.overdue").values_list("key", flat=True)
    )
    assert len(keys) == len(set(keys))


def test_the_worker_builds_a_report_pdf(
    world, worker: subprocess.Popen[bytes], real_env: dict[str, str]
) -> None:
    from reports.models import Report

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
    enqueue = f"from reports.tasks import report_build_task\nreport_build_task.delay({report.pk})\n"
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", enqueue], env=real_env, check=True, timeout=60
    )
    assert _wait_for(
        lambda: Report.objects.filter(pk=report.pk, status=Report.Status.READY).exists(),
        seconds=90,
    ), Report.objects.get(pk=report.pk).failure_reason or "the worker did not build the report"
    report.refresh_from_db()
    assert report.pages and report.pages >= 3  # cover, contents and sections
    with report.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert OutboxEmail.objects.filter(kind="reports.ready", to_email=world.user("chair").email)
