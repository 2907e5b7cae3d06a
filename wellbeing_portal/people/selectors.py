"""Reads about people and schools, each scoped by the requesting user."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Organisation, Role, School, User
from .policy import AnyUser, access_for, organisations_led_by, schools_assigned_to


def school_window_opens_on(school: School) -> dt.date | None:
    """When the school enters the Ofsted window, by its organisation's setting."""
    if school.last_inspection_date is None:
        return None
    months = school.responsible_body.inspection_window_months
    return school.last_inspection_date + relativedelta(months=months)


def school_in_window(school: School, *, today: dt.date | None = None) -> bool:
    """In the window once the organisation's months have passed since the last inspection.

    A school never inspected (no date recorded) counts as in the window.
    """
    opens = school_window_opens_on(school)
    return opens is None or (today or timezone.localdate()) >= opens


@dataclass(frozen=True)
class OrganisationSummary:
    organisation: Organisation
    schools: int
    people: int


def organisations_led_summary(*, user: AnyUser) -> list[OrganisationSummary]:
    """For a wellbeing lead: each organisation they lead, with its school and people counts.

    Two queries per organisation led; a lead rarely leads more than one.
    """
    summaries = []
    for organisation in organisations_led_by(user):
        people = (
            User.objects.filter(
                Q(memberships__school__responsible_body=organisation)
                | Q(memberships__organisation=organisation)
            )
            .distinct()
            .count()
        )
        summaries.append(OrganisationSummary(organisation, organisation.schools.count(), people))
    return summaries


def schools_in_window_overseen(*, user: AnyUser) -> list[School]:
    """Schools in the Ofsted window, of organisations the user oversees (one query)."""
    access = access_for(user)
    overseen = access.organisation_ids({Role.SENIOR_OFFICER, Role.WELLBEING_LEAD})
    schools = School.objects.filter(responsible_body_id__in=overseen).select_related(
        "responsible_body"
    )
    today = timezone.localdate()
    return [school for school in schools if school_in_window(school, today=today)]


def assigned_schools_list(*, user: AnyUser) -> QuerySet[School]:
    """The schools a link officer covers, with their responsible body for window dates."""
    return schools_assigned_to(user).select_related("responsible_body")
