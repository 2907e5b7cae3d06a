"""Celery tasks for charters."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def charter_reminders_queue() -> int:
    """Daily: queue due-soon, overdue and review reminders (each once, via the outbox)."""
    return services.charter_reminders_queue()
