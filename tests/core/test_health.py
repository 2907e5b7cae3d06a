"""/health/: database, Redis and worker; 503 only when the database is down.
/health/live/: answers while the process can serve a request."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.db.utils import OperationalError

from wellbeing_portal.core import health
from wellbeing_portal.outbox.tasks import outbox_send_due

pytestmark = pytest.mark.django_db


def test_healthy_in_process(client, settings) -> None:
    settings.REDIS_URL = ""
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["checks"]["database"] == "ok"


def test_database_down_answers_503(client) -> None:
    with mock.patch(
        "wellbeing_portal.core.health.connection.cursor", side_effect=OperationalError("gone")
    ):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unreachable"


def test_redis_down_is_degraded_not_down(client, settings) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["redis"] == "unreachable"


def test_no_worker_heartbeat_is_reported(client, settings) -> None:
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    cache.delete(health.WORKER_HEARTBEAT_KEY)
    body = client.get("/health/").json()
    assert body["checks"]["worker"] == "no worker has run the scheduled jobs"
    assert body["status"] == "degraded"


def test_the_outbox_job_is_the_workers_heartbeat(client, settings) -> None:
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    cache.delete(health.WORKER_HEARTBEAT_KEY)
    outbox_send_due.run()
    body = client.get("/health/").json()
    assert body["checks"]["worker"] == "the scheduled jobs ran 0 seconds ago"
    assert body["status"] == "ok"


def test_a_silent_worker_is_reported_after_two_minutes(client, settings) -> None:
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    cache.set(health.WORKER_HEARTBEAT_KEY, time.time() - health.WORKER_SILENT_AFTER - 5)
    body = client.get("/health/").json()
    assert body["checks"]["worker"].startswith("no worker has run the scheduled jobs for 12")
    assert body["status"] == "degraded"


def test_redis_is_asked_over_one_pooled_client(client, settings) -> None:
    """A new client per check cost a connection, its handshake and a package-metadata
    read each time; the check must reuse one."""
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    health._redis_client.cache_clear()
    client.get("/health/")
    client.get("/health/")
    info = health._redis_client.cache_info()
    assert (info.misses, info.hits) == (1, 1)


def test_live_checks_nothing(client) -> None:
    with mock.patch(
        "wellbeing_portal.core.health.connection.cursor", side_effect=OperationalError("gone")
    ):
        response = client.get("/health/live/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]
