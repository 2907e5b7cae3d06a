"""With Redis, emails go through a real Celery worker.

The worker, and the process that queues the email, are subprocesses started here with
the test database and a Redis queue of their own, so that they configure Celery from
settings exactly as the portal and the worker do in production.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.db import connection

from wellbeing_portal.outbox.models import OutboxEmail

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis (REDIS_URL)"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the worker shares the test database"
    ),
    pytest.mark.xdist_group("celery-worker"),
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
