"""The outbox under a real Celery worker and beat, measured by `benchmarks/load.py`: an
inspection logged → every email it queues marked sent, beside one email queued directly.

The worker and beat are started as subprocesses, as `tests/integration/test_celery_worker.py`
does, on the benchmark's database; each script runs in `manage.py shell` and prints when it
started, and the outbox is polled until its emails are sent.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LOG_AN_INSPECTION = """
import time
from django.utils import timezone
from inspections import services
from inspections.models import Inspection
from wellbeing_portal.people.models import School, User
school = School.objects.filter(responsible_body__slug="northgate").exclude(
    inspections__phase__in=["notified", "before", "during", "after"]).first()
head = User.objects.get(memberships__school=school, memberships__role="headteacher")
print("START", time.time())
i = services.inspection_log(school=school, logged_by=head, **{
    **services.inspection_defaults(), "call_received_at": timezone.now(),
    "expected_start": timezone.localdate()})
print(i.pk)
"""
QUEUE_AN_EMAIL = """
import time
from django.db import transaction
from django.utils import timezone
from wellbeing_portal.outbox.services import email_enqueue
print("START", time.time())
with transaction.atomic():
    email_enqueue(kind="bench.reference", obj=str(time.time()), to="head@example.org", subject="Hello",
                  body_text="Hi", due_at=timezone.now())
print(0)
"""


def rows(env: dict[str, str]) -> list[tuple[str, str, str, str, bool]]:
    """The time from an inspection logged to its emails marked sent, beside one email
    queued directly, with a real worker and beat (every periodic task once a second)."""
    from wellbeing_portal.outbox.models import OutboxEmail

    real = {**env, "PORTAL_TEST_REAL_WORKER": "true", "PORTAL_TEST_QUEUE": f"bench-{uuid.uuid4().hex[:8]}",
            "PORTAL_TEST_BEAT_SECONDS": "1"}  # fmt: skip
    celery = [sys.executable, "-m", "celery", "-A", "wellbeing_portal"]
    with tempfile.TemporaryDirectory() as tmp:
        worker = subprocess.Popen(
            [
                *celery,
                "worker",
                "--pool",
                "solo",
                "-Q",
                real["PORTAL_TEST_QUEUE"],
                "-l",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
            ],
            env=real,
            cwd=ROOT,
        )
        beat = subprocess.Popen(
            [*celery, "beat", "-l", "WARNING", "--schedule", f"{tmp}/beat-schedule"],
            env=real,
            cwd=ROOT,
        )
        try:
            time.sleep(5)  # let the worker and beat start

            def timed(script: str, kind: str) -> float:
                out = subprocess.run(
                    [sys.executable, str(ROOT / "manage.py"), "shell", "-c", script],
                    env=real,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.split()
                start = float(out[out.index("START") + 1])
                since = dt.datetime.fromtimestamp(start, tz=dt.UTC)
                query = OutboxEmail.objects.filter(kind=kind, created_at__gte=since)
                deadline = time.time() + 30
                while time.time() < deadline:
                    rows = list(query.values_list("status", flat=True))
                    if rows and all(s == OutboxEmail.Status.SENT for s in rows):
                        return time.time() - start
                    time.sleep(0.05)
                return float("inf")

            reference = timed(QUEUE_AN_EMAIL, "bench.reference")
            notified = timed(LOG_AN_INSPECTION, "inspections.notified")
        finally:
            for process in (beat, worker):
                process.terminate()
                process.wait(timeout=20)
    return [
        (
            "inspection logged → every email sent (worker + beat)",
            f"{notified:.2f} s",
            f"one email queued directly: {reference:.2f} s",
            "< 5 s",
            notified < 5,
        )
    ]
