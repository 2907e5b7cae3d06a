"""Celery tasks for the outbox. Each is idempotent: running it twice sends nothing twice."""

from __future__ import annotations

from celery import shared_task

from wellbeing_portal.core.health import worker_heartbeat_record

from . import services


@shared_task(ignore_result=True)
def outbox_send_due(from_beat: bool = False) -> dict[str, int]:
    """Send what is due. Beat sends this every 30 seconds with `from_beat`, and then it
    first leaves the heartbeat /health/ reads to know a worker and beat are running (it
    is also sent whenever an email is queued, which says nothing of beat)."""
    if from_beat:
        worker_heartbeat_record()
    report = services.outbox_send_due()
    return {"sent": report.sent, "retried": report.retried, "failed": report.failed}


@shared_task(ignore_result=True)
def outbox_purge_old() -> int:
    return services.outbox_purge_old()
