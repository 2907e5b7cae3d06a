"""The health endpoints.

`/health/` (readiness): the database, Redis, and whether a worker is running the
scheduled jobs. It answers 503 only when the database is down: without Redis or a worker
the portal keeps working and emails wait in the outbox. `/health/live/` (liveness)
checks nothing: it answers while the process can serve a request.

Both are cheap enough to be polled often, and neither can hold a web worker: Redis is
asked over one pooled connection per process with a one-second timeout, and the worker
is judged by the heartbeat the outbox job leaves in the cache when beat sends it (every
30 seconds) rather than by a broadcast ping, which waits out its whole timeout each time.

Written here rather than with django-health-check because its last release for Python
3.11 has a different API from its current docs, and we need one specific rule: 503 only
when the database is down.
"""

from __future__ import annotations

import functools
import logging
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

WORKER_HEARTBEAT_KEY = "health:worker-heartbeat"
# Beat sends the outbox job every 30 seconds: four missed runs and the worker is silent.
WORKER_SILENT_AFTER = 120  # seconds


def worker_heartbeat_record() -> None:
    """Called by the outbox job when beat sent it: a worker and beat are both running.
    The heartbeat expires by itself, so a stopped worker is noticed without comparing
    clocks; the time it holds is only shown."""
    cache.set(WORKER_HEARTBEAT_KEY, time.time(), timeout=WORKER_SILENT_AFTER)


@functools.lru_cache(maxsize=4)
def _redis_client(url: str) -> Any:
    """One client (and connection pool) per process and URL, reconnecting as needed."""
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)


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
        _redis_client(settings.REDIS_URL).ping()
    except Exception as exc:
        logger.warning("Health: Redis unreachable: %s", exc)
        return False, "unreachable"
    return True, "ok"


def _check_worker(redis_ok: bool) -> tuple[bool, str]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True, "not needed (tasks run in-process)"
    if not redis_ok:  # the heartbeat is kept in Redis, and tasks reach workers through it
        return False, "unknown (Redis is unreachable)"
    beat = cache.get(WORKER_HEARTBEAT_KEY)
    if beat is None:
        return False, f"no worker has run the scheduled jobs in {WORKER_SILENT_AFTER} seconds"
    return True, f"the scheduled jobs ran {max(0, round(time.time() - beat))} seconds ago"


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    checks: dict[str, Any] = {}
    db_ok, checks["database"] = _check_database()
    redis_ok, checks["redis"] = _check_redis()
    worker_ok, checks["worker"] = _check_worker(redis_ok)
    status = "ok" if db_ok and redis_ok and worker_ok else ("degraded" if db_ok else "down")
    return JsonResponse({"status": status, "checks": checks}, status=200 if db_ok else 503)


@never_cache
def live(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
