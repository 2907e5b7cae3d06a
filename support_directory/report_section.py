"""The support directory's part of a governor report: heads paired with a buddy, and the
services listed for the schools' staff. Registered in `apps.py`; the report reads it as
`c.sections.support`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from wellbeing_portal.core.registry import ReportScope, ReportSection

from .models import BuddyPairing, Service


@dataclass
class SupportReport:
    pairings: int  # heads of the schools with an active buddy pairing
    heads: int
    head_has_buddy: bool | None  # a school's report only
    services: int  # national, the organisation's, and the schools' own


def support_report(scope: ReportScope) -> SupportReport:
    """The support in place today for the schools the report covers."""
    pairings = BuddyPairing.objects.filter(
        head_school__in=scope.schools, status=BuddyPairing.Status.ACTIVE
    ).count()
    services = Service.objects.filter(
        Q(scope=Service.Scope.NATIONAL)
        | Q(scope=Service.Scope.ORGANISATION, organisation=scope.organisation)
        | Q(scope=Service.Scope.SCHOOL, school__in=scope.schools)
    ).count()
    return SupportReport(
        pairings=pairings,
        heads=len(scope.schools),
        head_has_buddy=pairings > 0 if scope.is_school else None,
        services=services,
    )


SECTION = ReportSection(key="support", order=40, build=support_report)
