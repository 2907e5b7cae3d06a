"""Celery tasks for surveys."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def waves_daily() -> int:
    """Daily: open and close waves on their dates, queue today's reminders (each date's
    once), take the participation snapshots, purge old comments and expired drafts."""
    report = services.waves_daily()
    return report.reminded


@shared_task(ignore_result=True)
def responses_flush() -> int:
    """Every ten minutes: write waiting responses of open waves in shuffled batches, for
    each school with at least the threshold of invited answers waiting."""
    return services.responses_flush_open()
