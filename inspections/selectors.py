"""Reads of inspections. Inspection records are confidential (SPEC §2): the head and
school leaders, the school's assigned link officers, the organisation's senior officers
and the chair of governors. Everyone else gets 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from support_directory.selectors import active_buddy_of, buddied_by, ofsted_contacts_of
from wellbeing_portal.people.models import School, User
from wellbeing_portal.people.policy import (
    AnyUser,
    inspection_loggers_reach,
    inspection_officers_reach,
    inspection_readers_reach,
    school_leaders_reach,
    senior_officers_reach,
)
from wellbeing_portal.people.selectors import link_officers_of, officers_of, senior_officers_of

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
from .timeline import responsible_people

if TYPE_CHECKING:
    from support_directory.selectors import BuddyPairing, OfstedContact


def inspections_visible_to(user: AnyUser) -> QuerySet[Inspection]:
    """The records the user may read: the policy's one rule (`inspection_readers_reach`),
    which also answers `can_read_school_inspections` for one school."""
    if not user.is_authenticated:
        return Inspection.objects.none()
    return Inspection.objects.filter(inspection_readers_reach(user).q("school")).select_related(
        "school", "head"
    )


def inspection_get_for_user(*, user: AnyUser, pk: int) -> Inspection:
    """One record the user may read, or Http404 (also when it exists but is not theirs)."""
    try:
        return inspections_visible_to(user).get(pk=pk)
    except Inspection.DoesNotExist:
        raise Http404("No such inspection.") from None


def schools_user_can_log_for(user: AnyUser) -> QuerySet[School]:
    """A head or leader logs for their school; a link officer for the schools they cover;
    a senior officer for any school of their organisation."""
    return (
        School.objects.filter(inspection_loggers_reach(user).q())
        .select_related("responsible_body")
        .order_by("name")
    )


def open_records_of_schools(*, user: AnyUser, schools: QuerySet[School]) -> list[Inspection]:
    """The open records of these schools that the user may read: where to go instead
    of logging a call already logged."""
    return list(
        inspections_visible_to(user)
        .filter(school__in=schools)
        .exclude(phase=Inspection.Phase.CLOSED)
        .order_by("school__name")
    )


@dataclass
class WhatNow:
    """Everything the head needs on the page after logging the call."""

    link_officers: list[User]
    senior_officers: list[User]
    buddy: BuddyPairing | None
    contacts: list[OfstedContact]  # people with Ofsted experience
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


def what_now(*, inspection: Inspection, user: AnyUser) -> WhatNow:
    """The page's contents; the Ofsted contacts' numbers only for this school's leaders
    and officers (a chair of governors reads the record but not those numbers)."""
    school = inspection.school
    rights = rights_on(user=user, inspection=inspection)
    return WhatNow(
        link_officers=link_officers_of(school),
        senior_officers=senior_officers_of(school),
        buddy=active_buddy_of(inspection.head),
        contacts=ofsted_contacts_of(school.responsible_body_id)
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
    """What the user may do on the record, from the same rules that filter the lists."""
    school = inspection.school
    return RecordRights(
        is_head=school_leaders_reach(user).covers(school),
        is_officer=inspection_officers_reach(user).covers(school),
        is_senior=senior_officers_reach(user).covers(school),
    )


def inspection_reloaded(*, inspection: Inspection) -> Inspection:
    """A fresh copy of a record already fetched for the user, for a form to change."""
    return Inspection.objects.get(pk=inspection.pk)


def grades_for(*, inspection: Inspection) -> QuerySet[ProvisionalGrade]:
    """The provisional grades, with their areas and grades."""
    return inspection.provisional_grades.select_related("area", "grade")


def request_get(*, inspection: Inspection, pk: int) -> InspectionRequest:
    """One deferral or pause request of the record, or Http404."""
    try:
        return inspection.requests.get(pk=pk)
    except InspectionRequest.DoesNotExist:
        raise Http404("No such request.") from None


def inspections_running_under(*, organisation_id: int) -> int:
    """How many open inspections follow one of the organisation's protocol versions."""
    return (
        Inspection.objects.filter(protocol_version__organisation_id=organisation_id)
        .exclude(phase=Inspection.Phase.CLOSED)
        .count()
    )


def support_plan_of(inspection: Inspection) -> SupportPlan | None:
    """The record's support plan, if one was opened."""
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
    """The contacts logged on the record, newest first, with who logged them."""
    return inspection.contacts.select_related("logged_by", "answers__step")


def concerns_for(*, inspection: Inspection) -> QuerySet[Concern]:
    """The record's concerns, with who raised and resolved them and their actions."""
    return inspection.concerns.select_related("raised_by", "resolved_by").prefetch_related(
        "actions__owner"
    )


def concern_get(*, inspection: Inspection, pk: int) -> Concern:
    """One concern of the record, or Http404."""
    try:
        return concerns_for(inspection=inspection).get(pk=pk)
    except Concern.DoesNotExist:
        raise Http404("No such concern.") from None


def concern_action_get(*, concern: Concern, pk: str) -> ConcernAction:
    """One action of the concern, by the id a button posted, or Http404."""
    action = concern.actions.filter(pk=int(pk)).first() if pk.isdigit() else None
    if action is None:
        raise Http404("No such action.")
    return action


def framework_for(inspection: Inspection) -> Framework | None:
    """The framework in force on the first day of the inspection."""
    return Framework.objects.filter(starts_on__lte=inspection.expected_start).first()


def areas_for(framework: Framework) -> QuerySet[EvaluationArea]:
    """The framework's evaluation areas, with their scales and grades."""
    return framework.areas.select_related("scale").prefetch_related("scale__grades")


def feedback_questions(inspection: Inspection) -> list[str]:
    """The organisation's feedback questions for this type of inspection."""
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
    rows = (
        Inspection.objects.filter(inspection_officers_reach(user).q("school"))
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
    if not user.is_authenticated:
        return []
    candidates = (
        ExpectedContact.objects.filter(done_at__isnull=True, due_at__isnull=False)
        .exclude(inspection__phase=Inspection.Phase.CLOSED)
        .filter(
            inspection_officers_reach(user).q("inspection__school")
            | buddied_by(user, head_path="inspection__head")
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
            responsible[key] = any(p.pk == user.pk for p in people)
        if responsible[key]:
            mine.append(item)
    return mine


def has_board(user: AnyUser) -> bool:
    """Senior officers, and link officers for the schools they cover: whoever the board's
    own rule (`inspection_officers_reach`) opens any school to."""
    return bool(inspection_officers_reach(user))


def phase_after(phase: str) -> str | None:
    """The phase after `phase`, or None after the last."""
    phases = list(Inspection.Phase.values)
    index = phases.index(phase)
    return phases[index + 1] if index + 1 < len(phases) else None


def phase_before(phase: str) -> str | None:
    """The phase before `phase`, or None before the first."""
    phases = list(Inspection.Phase.values)
    index = phases.index(phase)
    return phases[index - 1] if index > 0 else None


def officers_for(inspection: Inspection) -> QuerySet[User]:
    """Who can own a concern's action: the school's link officers and senior officers."""
    return officers_of(inspection.school)


def buddy_inspections(*, user: AnyUser) -> QuerySet[Inspection]:
    """Open inspections of the heads the user is the active buddy of. A buddy sees the
    school, the dates and the phase: nothing else of the record."""
    if not user.is_authenticated:
        return Inspection.objects.none()
    return (
        Inspection.objects.filter(buddied_by(user, head_path="head"))
        .exclude(phase=Inspection.Phase.CLOSED)
        .select_related("school", "head")
        .only("pk", "phase", "expected_start", "expected_days", "school__name", "head__full_name")
        .distinct()
    )


def buddy_inspection_get(*, user: AnyUser, pk: int) -> Inspection:
    """One open inspection of a head the user buddies, or Http404."""
    try:
        return buddy_inspections(user=user).get(pk=pk)
    except Inspection.DoesNotExist:
        raise Http404("No such inspection.") from None
