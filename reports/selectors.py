"""Who may request and read which reports (SPEC §2 and §7): a governor their school's;
a wellbeing lead or senior officer any school of their organisation, or the whole
organisation. Everyone else: 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from surveys.selectors import waves_visible_to
from wellbeing_portal.people.models import Organisation, Role, School
from wellbeing_portal.people.policy import OVERSEERS, AnyUser, access_for

from .models import Report, ReportSchedule


@dataclass(frozen=True)
class Scopes:
    schools: list[School]
    organisations: list[Organisation]

    def __bool__(self) -> bool:
        return bool(self.schools or self.organisations)


def report_scopes_for(user: AnyUser) -> Scopes:
    """What the user may ask a report about (two queries)."""
    access = access_for(user)
    overseen = access.organisation_ids(OVERSEERS)
    schools = School.objects.filter(
        Q(pk__in=access.school_ids({Role.GOVERNOR})) | Q(responsible_body_id__in=overseen)
    ).select_related("responsible_body")
    return Scopes(
        schools=list(schools.order_by("name")),
        organisations=list(Organisation.objects.filter(pk__in=overseen).order_by("name")),
    )


def reports_visible_to(user: AnyUser) -> QuerySet[Report]:
    access = access_for(user)
    if not access.is_authenticated:
        return Report.objects.none()
    return Report.objects.filter(
        Q(school_id__in=access.school_ids({Role.GOVERNOR}))
        | Q(organisation_id__in=access.organisation_ids(OVERSEERS))
    ).select_related("school", "organisation", "requested_by")


def report_get_for_user(*, user: AnyUser, pk: int) -> Report:
    try:
        return reports_visible_to(user).get(pk=pk)
    except Report.DoesNotExist:
        raise Http404("No such report.") from None


def schedule_for(organisation: Organisation) -> ReportSchedule | None:
    return ReportSchedule.objects.filter(organisation=organisation).first()


def survey_days_for(user: AnyUser) -> list[dt.date]:
    """The days the survey waves whose results the user may read closed on: where a
    report for them has survey data (one query)."""
    return list(waves_visible_to(user).values_list("closes_on", flat=True))
