"""/health/: database, Redis and worker; 503 only when the database is down.
/health/live/: answers while the process can serve a request."""

from __future__ import annotations

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
    assert body["checks"]["worker"] == "no worker has run the scheduled jobs in 120 seconds"
    assert body["status"] == "degraded"


def test_the_outbox_job_sent_by_beat_is_the_workers_heartbeat(client, settings) -> None:
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    cache.delete(health.WORKER_HEARTBEAT_KEY)
    outbox_send_due.run()  # as when an email is queued: says nothing of beat
    assert client.get("/health/").json()["status"] == "degraded"
    outbox_send_due.run(from_beat=True)
    body = client.get("/health/").json()
    assert body["checks"]["worker"].startswith("the scheduled jobs ran ")
    assert body["status"] == "ok"


def test_beat_sends_the_outbox_job_as_a_heartbeat(settings) -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["outbox-send-due"]
    assert entry["kwargs"] == {"from_beat": True}
    assert entry["schedule"] * 4 <= health.WORKER_SILENT_AFTER


def test_a_silent_worker_is_noticed_when_its_heartbeat_expires(client, settings) -> None:
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with mock.patch.object(health.cache, "set") as cache_set:
        health.worker_heartbeat_record()
    assert cache_set.call_args.kwargs["timeout"] == health.WORKER_SILENT_AFTER


def test_with_redis_down_the_worker_is_unknown(client, settings) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    health.worker_heartbeat_record()  # a heartbeat the cache still holds is not trusted
    body = client.get("/health/").json()
    assert body["checks"]["worker"] == "unknown (Redis is unreachable)"
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
