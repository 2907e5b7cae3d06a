"""A ready report for the world's school, stored through the storage API."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

from reports.models import Report

from ..conftest import World


def ready_report(world: World) -> Report:
    existing = Report.objects.filter(school=world.school, status=Report.Status.READY).first()
    if existing is not None:
        return existing
    report = Report(
        organisation=world.trust,
        school=world.school,
        scope_key=f"school:{world.school.pk}",
        period_key="2026-autumn",
        period_label="Autumn term 2026",
        starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2026, 12, 31),
        status=Report.Status.READY,
        pages=1,
    )
    report.file.save("matrix.pdf", ContentFile(b"%PDF-1.7\n%%EOF"), save=False)
    report.save()
    return report
