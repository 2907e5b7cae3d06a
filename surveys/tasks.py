"""Celery tasks for surveys."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def waves_daily() -> int:
    """Daily: open and close waves on their dates, queue today's reminders (each once:
    the outbox key is per wave, person and day), purge old comments."""
    report = services.waves_daily()
    return report.reminded
