"""Celery tasks for the outbox. Each is idempotent: running it twice sends nothing twice."""

from __future__ import annotations

from celery import shared_task

from wellbeing_portal.core.health import worker_heartbeat_record

from . import services


@shared_task(ignore_result=True)
def outbox_send_due() -> dict[str, int]:
    """Send what is due (beat runs this every 30 seconds), and leave the heartbeat that
    /health/ reads to know a worker and beat are running."""
    report = services.outbox_send_due()
    worker_heartbeat_record()
    return {"sent": report.sent, "retried": report.retried, "failed": report.failed}


@shared_task(ignore_result=True)
def outbox_purge_old() -> int:
    return services.outbox_purge_old()
