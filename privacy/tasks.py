"""Celery tasks for privacy operations. The purge is idempotent: a second run changes nothing."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def retention_purge() -> dict[str, int]:
    return services.retention_purge()
