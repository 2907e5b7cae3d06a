"""Reads of inspections. Inspection records are confidential (SPEC §2): the head and
school leaders, the school's assigned link officers, the organisation's senior officers
and the chair of governors. Everyone else gets 404."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from support_directory.models import BuddyPairing, OfstedContact
from support_directory.selectors import can_see_ofsted_contacts
from wellbeing_portal.people.models import Membership, OfficerAssignment, Role, School, User
from wellbeing_portal.people.policy import (
    SCHOOL_LEADERS,
    AnyUser,
    access_for,
    can_read_school_inspections,
)

from . import guidance_defaults
from .models import Inspection, InspectionGuidance


def inspections_visible_to(user: AnyUser) -> QuerySet[Inspection]:
    access = access_for(user)
    if not access.is_authenticated:
        return Inspection.objects.none()
    chair_of = {m.school_id for m in access.memberships if m.is_chair}
    return Inspection.objects.filter(
        Q(school_id__in=access.school_ids(SCHOOL_LEADERS))
        | Q(school_id__in=access.assigned_school_ids)
        | Q(school__responsible_body_id__in=access.organisation_ids({Role.SENIOR_OFFICER}))
        | Q(school_id__in=chair_of)
    ).select_related("school", "head")


def inspection_get_for_user(*, user: AnyUser, pk: int) -> Inspection:
    try:
        inspection = inspections_visible_to(user).get(pk=pk)
    except Inspection.DoesNotExist:
        raise Http404("No such inspection.") from None
    assert can_read_school_inspections(user, inspection.school)
    return inspection


def schools_user_can_log_for(user: AnyUser) -> QuerySet[School]:
    """A head or leader logs for their school; a link officer for the schools they cover."""
    access = access_for(user)
    return (
        School.objects.filter(
            Q(pk__in=access.school_ids(SCHOOL_LEADERS)) | Q(pk__in=access.assigned_school_ids)
        )
        .select_related("responsible_body")
        .order_by("name")
    )


def head_of(school: School) -> User | None:
    membership = (
        Membership.objects.filter(school=school, role=Role.HEADTEACHER)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


@dataclass
class WhatNow:
    """Everything the head needs on the page after logging the call."""

    link_officers: list[User]
    senior_officers: list[User]
    buddy: BuddyPairing | None
    contacts: list[OfstedContact]
    guidance: InspectionGuidance


def guidance_for(organisation_id: int) -> InspectionGuidance:
    """The organisation's own words, or the portal's defaults until it writes them."""
    saved = InspectionGuidance.objects.filter(organisation_id=organisation_id).first()
    return saved or InspectionGuidance(
        organisation_id=organisation_id,
        raising_concerns=guidance_defaults.RAISING_CONCERNS,
        pausing=guidance_defaults.PAUSING,
        sharing_outcome=guidance_defaults.SHARING_OUTCOME,
        our_support=guidance_defaults.OUR_SUPPORT,
    )


def link_officers_of(school: School) -> list[User]:
    return list(
        User.objects.filter(
            pk__in=OfficerAssignment.objects.filter(school=school).values("membership__user_id")
        ).order_by("full_name")
    )


def senior_officers_of(school: School) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organisation_id=school.responsible_body_id,
            memberships__role=Role.SENIOR_OFFICER,
        )
        .distinct()
        .order_by("full_name")
    )


def chair_of(school: School) -> User | None:
    membership = (
        Membership.objects.filter(school=school, is_chair=True).select_related("user").first()
    )
    return membership.user if membership else None


def active_buddy_of(head: User) -> BuddyPairing | None:
    return (
        BuddyPairing.objects.filter(head=head, status=BuddyPairing.Status.ACTIVE)
        .select_related("buddy__user", "buddy__school")
        .first()
    )


def what_now(*, inspection: Inspection, user: AnyUser) -> WhatNow:
    """The page's contents; the Ofsted contacts' numbers only for heads and officers
    (a chair of governors reads the record but not those numbers)."""
    school = inspection.school
    return WhatNow(
        link_officers=link_officers_of(school),
        senior_officers=senior_officers_of(school),
        buddy=active_buddy_of(inspection.head),
        contacts=list(OfstedContact.objects.filter(organisation_id=school.responsible_body_id))
        if can_see_ofsted_contacts(user)
        else [],
        guidance=guidance_for(school.responsible_body_id),
    )
