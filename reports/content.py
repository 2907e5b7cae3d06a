"""What goes into a report, for one school or the whole organisation, over one period.

Each section is the contribution of the app that owns its data (`report_section.py` in
charters, surveys, inspections and support_directory, registered in each app's
`apps.py`): this module only works out the scope and asks every registered section for
its part. Survey figures come from the surveys app's results, so they pass through
exactly the same suppression as the pages; inspections appear once they are over, and no
provisional outcome before its report is published."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from wellbeing_portal.core.registry import ReportScope, report_sections
from wellbeing_portal.people.models import School

from .models import Report


@dataclass
class ReportContent:
    report: Report
    schools: list[School]
    generated_at: dt.datetime
    # Each registered section's part, by its key (the template reads c.sections.<key>).
    sections: dict[str, Any] = field(default_factory=dict)

    @property
    def is_school(self) -> bool:
        return self.report.school_id is not None


def _schools(report: Report) -> list[School]:
    if report.school_id:
        assert report.school is not None
        return [report.school]
    return list(School.objects.filter(responsible_body=report.organisation).order_by("name"))


def report_scope(report: Report, *, today: dt.date | None = None) -> ReportScope:
    """The schools and period `report` covers, as the sections are asked about them."""
    return ReportScope(
        organisation=report.organisation,
        school=report.school if report.school_id else None,
        schools=tuple(_schools(report)),
        starts_on=report.starts_on,
        ends_on=report.ends_on,
        today=today or timezone.localdate(),
    )


def report_content(report: Report, *, today: dt.date | None = None) -> ReportContent:
    """Everything the report shows, in a bounded number of queries per section."""
    scope = report_scope(report, today=today)
    content = ReportContent(report=report, schools=list(scope.schools), generated_at=timezone.now())
    for section in report_sections:
        content.sections[section.key] = section.build(scope)
    return content
