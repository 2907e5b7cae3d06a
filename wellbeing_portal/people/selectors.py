"""Reads about people and schools: those for a page are scoped by the requesting user;
the lookups at the end (a school's head, chair and officers) address emails and lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Membership, OfficerAssignment, Organisation, School, User
from .policy import (
    HEADTEACHERS,
    OVERSEERS,
    SENIOR_OFFICERS,
    AnyUser,
    access_for,
    organisations_led_by,
    schools_assigned_to,
)


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
    overseen = access.organisation_ids(OVERSEERS)
    schools = School.objects.filter(responsible_body_id__in=overseen).select_related(
        "responsible_body"
    )
    today = timezone.localdate()
    return [school for school in schools if school_in_window(school, today=today)]


def assigned_schools_list(*, user: AnyUser) -> QuerySet[School]:
    """The schools a link officer covers, with their responsible body for window dates."""
    return schools_assigned_to(user).select_related("responsible_body")


# Who is this school's ...? ----------------------------------------------------------------
# Lookups for telling and reminding people (not scoped by a requesting user: the callers
# decide who may ask, and use the answer to address an email or fill a list).


def head_of(school: School) -> User | None:
    """The school's headteacher, if it has one in the portal."""
    membership = (
        Membership.objects.filter(school=school, role__in=HEADTEACHERS)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def chair_of(school: School) -> User | None:
    """The school's chair of governors, if it has one in the portal."""
    membership = (
        Membership.objects.filter(school=school, is_chair=True).select_related("user").first()
    )
    return membership.user if membership else None


def link_officers_of(school: School) -> list[User]:
    """The officers assigned to the school, by name."""
    return list(
        User.objects.filter(
            pk__in=OfficerAssignment.objects.filter(school=school).values("membership__user_id")
        ).order_by("full_name")
    )


def senior_officers_of(school: School) -> list[User]:
    """The senior officers of the school's responsible body, by name."""
    return list(
        User.objects.filter(
            memberships__organisation_id=school.responsible_body_id,
            memberships__role__in=SENIOR_OFFICERS,
        )
        .distinct()
        .order_by("full_name")
    )


def officers_of(school: School) -> QuerySet[User]:
    """The school's link officers and its responsible body's senior officers, by name."""
    return (
        User.objects.filter(
            Q(
                memberships__organisation_id=school.responsible_body_id,
                memberships__role__in=SENIOR_OFFICERS,
            )
            | Q(
                pk__in=OfficerAssignment.objects.filter(school=school).values("membership__user_id")
            )
        )
        .distinct()
        .order_by("full_name")
    )


def schools_of_organisation(organisation: Organisation) -> QuerySet[School]:
    """The schools the organisation runs, by name (the staff import names them by URN)."""
    return organisation.schools.order_by("name")
