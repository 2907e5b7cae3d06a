"""Celery tasks for inspections."""

from __future__ import annotations

from celery import shared_task

from . import timeline


@shared_task(ignore_result=True)
def timeline_chase() -> tuple[int, int]:
    """Every few minutes: remind about overdue contacts, then escalate (each once)."""
    return timeline.timeline_chase()
