"""Celery tasks for surveys."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def waves_daily() -> int:
    """Daily: open and close waves on their dates, queue today's reminders (each date's
    once), take the participation snapshots, purge expired drafts."""
    report = services.waves_daily()
    return report.reminded


@shared_task(ignore_result=True)
def responses_flush() -> int:
    """Every ten minutes: write waiting responses of open waves in shuffled batches, for
    each school with at least the threshold of invited answers waiting."""
    return services.responses_flush_open()


@shared_task(ignore_result=True, acks_late=True)
def wave_results_prepare(wave_id: int) -> bool:
    """After a lead's "Close now": write, rewrite and freeze the wave's results (a few
    seconds for a large wave; the daily task catches up if this never runs)."""
    from .models import Wave

    wave = Wave.objects.filter(pk=wave_id).first()
    return wave is not None and services.wave_results_prepare(wave=wave)
