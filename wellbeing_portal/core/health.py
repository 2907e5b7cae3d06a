"""The health endpoint: database, Redis and the Celery worker.

Written here rather than with django-health-check because its last release for Python
3.11 has a different API from its current docs, and we need one specific rule: answer
503 only when the database is down (the web keeps working without Redis or a worker).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        logger.error("Health: database unreachable: %s", exc)
        return False, "unreachable"
    return True, "ok"


def _check_redis() -> tuple[bool, str]:
    if not settings.REDIS_URL:
        return True, "not configured (demo: tasks run in-process)"
    try:
        import redis

        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
    except Exception as exc:
        logger.warning("Health: Redis unreachable: %s", exc)
        return False, "unreachable"
    return True, "ok"


def _check_worker() -> tuple[bool, str]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True, "not needed (tasks run in-process)"
    from wellbeing_portal.celery import app

    try:
        replies = app.control.ping(timeout=1.0)
    except Exception as exc:
        logger.warning("Health: could not ask workers: %s", exc)
        return False, "unreachable"
    if not replies:
        return False, "no worker answered"
    return True, f"{len(replies)} worker(s) answered"


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    checks: dict[str, Any] = {}
    db_ok, checks["database"] = _check_database()
    redis_ok, checks["redis"] = _check_redis()
    worker_ok, checks["worker"] = _check_worker()
    status = "ok" if db_ok and redis_ok and worker_ok else ("degraded" if db_ok else "down")
    return JsonResponse({"status": status, "checks": checks}, status=200 if db_ok else 503)
