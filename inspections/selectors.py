"""Reads of inspections. Inspection records are confidential (SPEC §2): the head and
school leaders, the school's assigned link officers, the organisation's senior officers
and the chair of governors. Everyone else gets 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from support_directory.models import BuddyPairing, OfstedContact
from wellbeing_portal.people.models import Membership, OfficerAssignment, Role, School, User
from wellbeing_portal.people.policy import (
    SCHOOL_LEADERS,
    AnyUser,
    access_for,
    can_read_school_inspections,
)

from . import guidance_defaults
from .models import (
    Concern,
    ConcernAction,
    Contact,
    EvaluationArea,
    ExpectedContact,
    FeedbackForm,
    FeedbackQuestion,
    Framework,
    Inspection,
    InspectionGuidance,
    InspectionRequest,
    LearningReview,
    ProvisionalGrade,
    SupportPlan,
)


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
    """A head or leader logs for their school; a link officer for the schools they cover;
    a senior officer for any school of their organisation."""
    access = access_for(user)
    return (
        School.objects.filter(
            Q(pk__in=access.school_ids(SCHOOL_LEADERS))
            | Q(pk__in=access.assigned_school_ids)
            | Q(responsible_body_id__in=access.organisation_ids({Role.SENIOR_OFFICER}))
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
    """The page's contents; the Ofsted contacts' numbers only for this school's leaders
    and officers (a chair of governors reads the record but not those numbers)."""
    school = inspection.school
    rights = rights_on(user=user, inspection=inspection)
    return WhatNow(
        link_officers=link_officers_of(school),
        senior_officers=senior_officers_of(school),
        buddy=active_buddy_of(inspection.head),
        contacts=list(OfstedContact.objects.filter(organisation_id=school.responsible_body_id))
        if rights.is_head or rights.is_officer
        else [],
        guidance=guidance_for(school.responsible_body_id),
    )


# Who may do what on one record ------------------------------------------------------------


@dataclass(frozen=True)
class RecordRights:
    """What the reader of an inspection record may do. Reading itself is decided by
    `inspection_get_for_user`."""

    is_head: bool
    is_officer: bool
    is_senior: bool

    @property
    def can_update(self) -> bool:
        """Phase, dates, provisional outcome, deferral and pause requests."""
        return self.is_head or self.is_officer

    @property
    def can_log_contacts(self) -> bool:
        return self.is_officer

    can_raise_concern = True  # anyone on the record

    @property
    def can_handle_concerns(self) -> bool:
        return self.is_officer

    @property
    def can_see_audit(self) -> bool:
        return self.is_senior

    @property
    def can_reopen(self) -> bool:
        """A closed record, with a reason (SPEC §8)."""
        return self.is_senior


def rights_on(*, user: AnyUser, inspection: Inspection) -> RecordRights:
    access = access_for(user)
    school = inspection.school
    is_senior = access.has_organisation_role(school.responsible_body_id, {Role.SENIOR_OFFICER})
    return RecordRights(
        is_head=access.has_school_role(school, SCHOOL_LEADERS),
        is_officer=is_senior or access.is_assigned_officer(school),
        is_senior=is_senior,
    )


def support_plan_of(inspection: Inspection) -> SupportPlan | None:
    return SupportPlan.objects.filter(inspection=inspection).first()


@dataclass(frozen=True)
class TimelineRow:
    item: ExpectedContact
    status: str  # done, due, overdue, or not yet due


def timeline_for(*, inspection: Inspection, now: dt.datetime) -> list[TimelineRow]:
    """The expected contacts with the contacts logged against each (two queries). Once
    the record is closed, what was never done is "not done", not overdue."""
    items = inspection.expected_contacts.select_related("step").prefetch_related(
        Prefetch("contacts", queryset=Contact.objects.order_by("happened_at"))
    )
    closed = inspection.phase == Inspection.Phase.CLOSED
    return [
        TimelineRow(item, "not done" if closed and not item.done_at else item.status(now))
        for item in items
    ]


def contacts_for(*, inspection: Inspection) -> QuerySet[Contact]:
    return inspection.contacts.select_related("logged_by", "answers__step")


def concerns_for(*, inspection: Inspection) -> QuerySet[Concern]:
    return inspection.concerns.select_related("raised_by", "resolved_by").prefetch_related(
        "actions__owner"
    )


def concern_get(*, inspection: Inspection, pk: int) -> Concern:
    try:
        return concerns_for(inspection=inspection).get(pk=pk)
    except Concern.DoesNotExist:
        raise Http404("No such concern.") from None


def framework_for(inspection: Inspection) -> Framework | None:
    """The framework in force on the first day of the inspection."""
    return Framework.objects.filter(starts_on__lte=inspection.expected_start).first()


def areas_for(framework: Framework) -> QuerySet[EvaluationArea]:
    return framework.areas.select_related("scale").prefetch_related("scale__grades")


def feedback_questions(inspection: Inspection) -> list[str]:
    return list(
        FeedbackQuestion.objects.filter(inspection_type=inspection.inspection_type).values_list(
            "text", flat=True
        )
    )


# The audit entry of a reopening carries its reason under this key.
REOPENED_BECAUSE = "reopened_because"


def reopenings_of(*, inspection: Inspection) -> QuerySet[LogEntry]:
    """Each time the closed record was reopened, newest first: who, when and why, as the
    audit log keeps it."""
    return (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Inspection),
            object_pk=str(inspection.pk),
            additional_data__has_key=REOPENED_BECAUSE,
        )
        .select_related("actor")
        .order_by("-timestamp")
    )


def audit_trail(*, inspection: Inspection) -> QuerySet[LogEntry]:
    """Everything the audit log holds about the record: who read it, who changed what,
    and the changes to its contacts, concerns and outcome."""
    parts: tuple[tuple[type[models.Model], str], ...] = (
        (Contact, "inspection"),
        (Concern, "inspection"),
        (ConcernAction, "concern__inspection"),
        (InspectionRequest, "inspection"),
        (ProvisionalGrade, "inspection"),
        (SupportPlan, "inspection"),
        (FeedbackForm, "inspection"),
        (LearningReview, "inspection"),
    )
    types = ContentType.objects.get_for_models(Inspection, *(model for model, _ in parts))
    children = Q()
    for model, field in parts:
        ids = model._default_manager.filter(**{field: inspection}).values_list("pk", flat=True)
        children |= Q(content_type=types[model], object_pk__in=[str(pk) for pk in ids])
    return (
        LogEntry.objects.filter(
            Q(content_type=types[Inspection], object_pk=str(inspection.pk)) | children
        )
        .select_related("actor", "content_type")
        .order_by("-timestamp")
    )


# Oversight -------------------------------------------------------------------------------


def board_for(
    *, user: AnyUser, phase: str = "", only: str = "", now: dt.datetime | None = None
) -> QuerySet[Inspection]:
    """Every inspection under way in the organisations where the user is a senior
    officer (a link officer: in the schools they cover), with counts of overdue items,
    open concerns and wellbeing flags, in a fixed number of queries whatever the number
    of inspections."""
    now = now or timezone.now()
    access = access_for(user)
    rows = (
        Inspection.objects.filter(
            Q(school__responsible_body_id__in=access.organisation_ids({Role.SENIOR_OFFICER}))
            | Q(school_id__in=access.assigned_school_ids)
        )
        .exclude(phase=Inspection.Phase.CLOSED)
        .select_related("school", "head")
        .annotate(
            overdue=Count(
                "expected_contacts",
                filter=Q(
                    expected_contacts__done_at__isnull=True, expected_contacts__due_at__lt=now
                ),
                distinct=True,
            ),
            open_concerns=Count(
                "concerns", filter=Q(concerns__resolved_at__isnull=True), distinct=True
            ),
            flagged=Exists(Contact.objects.filter(inspection=OuterRef("pk"), wellbeing_flag=True)),
        )
        .order_by("expected_start", "school__name")
    )
    if phase in Inspection.Phase.values:
        rows = rows.filter(phase=phase)
    if only == "overdue":
        rows = rows.filter(overdue__gt=0)
    elif only == "concerns":
        rows = rows.filter(open_concerns__gt=0)
    elif only == "flagged":
        rows = rows.filter(flagged=True)
    return rows


def due_for_person(*, user: AnyUser) -> list[ExpectedContact]:
    """Open expected contacts the person is responsible for, for their calendar."""
    from .timeline import responsible_people  # the timeline's rule, in one place

    access = access_for(user)
    if not access.is_authenticated:
        return []
    candidates = (
        ExpectedContact.objects.filter(done_at__isnull=True, due_at__isnull=False)
        .exclude(inspection__phase=Inspection.Phase.CLOSED)
        .filter(
            Q(inspection__school_id__in=access.assigned_school_ids)
            | Q(
                inspection__school__responsible_body_id__in=access.organisation_ids(
                    {Role.SENIOR_OFFICER}
                )
            )
            | Q(
                inspection__head__buddy_pairings__buddy__user_id=access.user_id,
                inspection__head__buddy_pairings__status=BuddyPairing.Status.ACTIVE,
            )
        )
        .select_related("step", "inspection__school", "inspection__head")
        .distinct()
    )
    # Who is responsible depends only on the inspection and the role: ask once for each.
    responsible: dict[tuple[int, str], bool] = {}
    mine = []
    for item in candidates:
        key = (item.inspection_id, item.step.responsible)
        if key not in responsible:
            people = responsible_people(item.inspection, item.step.responsible)
            responsible[key] = any(p.pk == access.user_id for p in people)
        if responsible[key]:
            mine.append(item)
    return mine


def has_board(user: AnyUser) -> bool:
    """Senior officers, and link officers for the schools they cover."""
    access = access_for(user)
    return bool(access.organisation_ids({Role.SENIOR_OFFICER}) or access.assigned_school_ids)


def phase_after(phase: str) -> str | None:
    phases = list(Inspection.Phase.values)
    index = phases.index(phase)
    return phases[index + 1] if index + 1 < len(phases) else None


def phase_before(phase: str) -> str | None:
    phases = list(Inspection.Phase.values)
    index = phases.index(phase)
    return phases[index - 1] if index > 0 else None


def officers_for(inspection: Inspection) -> QuerySet[User]:
    """Who can own a concern's action: the school's link officers and senior officers."""
    school = inspection.school
    return (
        User.objects.filter(
            Q(
                memberships__organisation_id=school.responsible_body_id,
                memberships__role=Role.SENIOR_OFFICER,
            )
            | Q(
                pk__in=OfficerAssignment.objects.filter(school=school).values("membership__user_id")
            )
        )
        .distinct()
        .order_by("full_name")
    )


def buddy_inspections(*, user: AnyUser) -> QuerySet[Inspection]:
    """Open inspections of the heads the user is the active buddy of. A buddy sees the
    school, the dates and the phase: nothing else of the record."""
    if not user.is_authenticated:
        return Inspection.objects.none()
    return (
        Inspection.objects.filter(
            head__buddy_pairings__buddy__user_id=user.pk,
            head__buddy_pairings__status=BuddyPairing.Status.ACTIVE,
        )
        .exclude(phase=Inspection.Phase.CLOSED)
        .select_related("school", "head")
        .only("pk", "phase", "expected_start", "expected_days", "school__name", "head__full_name")
        .distinct()
    )


def buddy_inspection_get(*, user: AnyUser, pk: int) -> Inspection:
    try:
        return buddy_inspections(user=user).get(pk=pk)
    except Inspection.DoesNotExist:
        raise Http404("No such inspection.") from None
