"""/health/: database, Redis and worker; 503 only when the database is down."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db.utils import OperationalError

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


def test_no_worker_answering_is_reported(client, settings) -> None:
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with mock.patch("wellbeing_portal.celery.app.control.ping", return_value=[]):
        body = client.get("/health/").json()
    assert body["checks"]["worker"] == "no worker answered"
    assert body["status"] == "degraded"
