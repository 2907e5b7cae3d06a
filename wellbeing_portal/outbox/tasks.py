"""Celery tasks for the outbox. Each is idempotent: running it twice sends nothing twice."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def outbox_send_due() -> dict[str, int]:
    report = services.outbox_send_due()
    return {"sent": report.sent, "retried": report.retried, "failed": report.failed}


@shared_task(ignore_result=True)
def outbox_purge_old() -> int:
    return services.outbox_purge_old()
