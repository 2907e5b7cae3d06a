"""Celery tasks for reports. Builds acknowledge late, so a worker that dies mid-build
hands the task back; `reports_recover` catches anything that still slips through."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def report_build_task(report_id: int) -> None:
    services.report_build(report_id=report_id)


@shared_task(ignore_result=True)
def reports_recover() -> tuple[int, int]:
    return services.reports_recover()


@shared_task(ignore_result=True)
def reports_schedule_due() -> int:
    return services.reports_schedule_due()
