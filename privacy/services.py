"""Privacy operations: the retention purge, erasure of a person and a person's own data.

Aggregates are never touched: the purge blanks free text but keeps every row, date,
count and outcome; erasure anonymises the person but keeps the records they took part
in (pointing at the now-anonymous account) and every audit entry.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from charters.models import Action, Pledge
from inspections.models import (
    CalendarFeed,
    Concern,
    Contact,
    Inspection,
    InspectionRequest,
    LearningReview,
)
from reports.models import Report
from support_directory.models import BuddyPairing, BuddyProfile, SharedResource
from surveys.services import comments_purge
from wellbeing_portal.outbox.models import OutboxEmail
from wellbeing_portal.people.models import User

ERASED_EMAIL_DOMAIN = "erased.invalid"  # a reserved top-level domain: never delivered


# Retention -------------------------------------------------------------------------


# What purged free text reads afterwards (some fields, such as a resolved concern's
# resolution, must say something).
PURGED_TEXT = "Removed under the retention schedule."


def _blank(queryset: Any, fields: tuple[str, ...], *, to: str = PURGED_TEXT) -> int:
    """Replace with `to` each of `fields` that still holds text, on the rows of `queryset`;
    empty fields stay empty. Returns how many rows had text to lose."""

    def holding(name: str) -> Q:
        return ~Q(**{name: ""}) & ~Q(**{name: to})

    any_text = Q()
    for name in fields:
        any_text |= holding(name)
    count = int(queryset.filter(any_text).count())
    for name in fields:
        queryset.filter(holding(name)).update(**{name: to})
    return count


@transaction.atomic
def inspection_notes_purge(*, today: dt.date) -> int:
    """Blank the free text of inspections closed (report published, or else first day)
    longer ago than PORTAL_RETAIN_INSPECTION_NOTES_DAYS; rows, dates, counts and outcomes
    stay. Returns how many records lost text."""
    cutoff = today - dt.timedelta(days=settings.PORTAL_RETAIN_INSPECTION_NOTES_DAYS)
    old = Inspection.objects.alias(
        closed_on=Coalesce("report_published_on", "expected_start")
    ).filter(phase=Inspection.Phase.CLOSED, closed_on__lt=cutoff)
    return (
        _blank(old, ("worries",))
        + _blank(Contact.objects.filter(inspection__in=old), ("notes",))
        + _blank(Concern.objects.filter(inspection__in=old), ("description", "resolution"))
        + _blank(InspectionRequest.objects.filter(inspection__in=old), ("reason", "outcome_note"))
        + _blank(
            LearningReview.objects.filter(inspection__in=old),
            ("attendees", "what_happened", "what_helped", "what_we_will_change"),
        )
    )


@transaction.atomic
def outbox_bodies_purge(*, now: dt.datetime) -> int:
    """Blank the bodies of emails sent longer ago than PORTAL_RETAIN_OUTBOX_BODY_DAYS; the
    row and its key stay, so nothing is sent again. Returns how many emails lost a body."""
    cutoff = now - dt.timedelta(days=settings.PORTAL_RETAIN_OUTBOX_BODY_DAYS)
    sent = OutboxEmail.objects.filter(status=OutboxEmail.Status.SENT, sent_at__lt=cutoff)
    return _blank(sent, ("body_text", "body_html"), to="")


def retention_purge(*, today: dt.date | None = None) -> dict[str, int]:
    """Apply every retention period once; idempotent (a second run on the same day changes
    nothing) and each kind of record is purged in its own transaction."""
    today = today or timezone.localdate()
    now = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    return {
        "survey_comments": comments_purge(today=today),
        "inspection_records": inspection_notes_purge(today=today),
        "outbox_bodies": outbox_bodies_purge(now=now),
    }


# Erasure ---------------------------------------------------------------------------


def erased_name(user: User) -> str:
    return f"Erased person {user.pk}"


def erased_email(user: User) -> str:
    return f"erased-{user.pk}@{ERASED_EMAIL_DOMAIN}"


@transaction.atomic
def person_erase(*, user: User, by: User) -> User:
    """Anonymise `user`: no name, email, password, roles, second factor or calendar feed;
    records they took part in (their pairings ended) and every audit entry stay, now naming
    the placeholder.
    Who may erase whom is decided by policy.person_erasable_get_for_user, not here."""
    if user.pk == by.pk:
        raise ValueError("Nobody can erase themselves.")
    old_name, old_email = user.full_name, user.email
    user.full_name = erased_name(user)
    user.email = erased_email(user)
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.save()

    # Old audit entries keep their action, actor and time; only the name they quoted (a
    # role's or an assignment's description) goes.
    if old_name:
        for entry in LogEntry.objects.filter(object_repr__contains=old_name).only(
            "pk", "object_repr"
        ):
            LogEntry.objects.filter(pk=entry.pk).update(
                object_repr=entry.object_repr.replace(old_name, user.full_name)
            )
    LogEntry.objects.filter(actor=user).exclude(actor_email="").update(actor_email=user.email)
    # Roles go (each deletion is itself audited, under the placeholder's name).
    for membership in user.memberships.select_related("user", "school", "organisation"):
        membership.delete()

    Authenticator.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    BuddyProfile.objects.filter(user=user).update(
        available=False, availability="", experience_note="", profile=""
    )
    # A pairing with someone who can no longer sign in is over; it still counts as one.
    BuddyPairing.objects.filter(
        Q(head=user) | Q(buddy__user=user), status=BuddyPairing.Status.ACTIVE
    ).update(status=BuddyPairing.Status.ENDED, ended_on=timezone.localdate())
    to_them = OutboxEmail.objects.filter(Q(recipient=user) | Q(to_email__iexact=old_email))
    to_them.filter(status=OutboxEmail.Status.PENDING).delete()
    to_them.update(to_email=user.email, body_text="", body_html="")
    # The erasure itself is audited: who erased which (now anonymous) account, and when.
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(User),
        object_pk=str(user.pk),
        object_id=user.pk,
        object_repr=user.full_name,
        action=LogEntry.Action.UPDATE,
        changes={"erased": ["no", "yes"]},
        actor=by,
        actor_email=by.email,
    )
    return user


# Export ----------------------------------------------------------------------------


def _date(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def person_export(*, user: User) -> dict[str, Any]:
    """Everything the portal holds about `user` that they gave or that names them as its
    author or owner, as plain data; never survey answers (nothing links them to a person)
    and nothing other people wrote about anyone else."""
    memberships = user.memberships.select_related("school", "organisation").order_by("pk")
    buddy = BuddyProfile.objects.filter(user=user).select_related("school").first()
    pairings = BuddyPairing.objects.filter(Q(head=user) | Q(buddy__user=user)).select_related(
        "buddy__user", "head", "head_school"
    )
    return {
        "portal": settings.PORTAL_NAME,
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "full_name": user.full_name,
            "email": user.email,
            "date_joined": _date(user.date_joined),
            "last_login": _date(user.last_login),
            "platform_admin": user.is_staff,
        },
        "roles": [
            {
                "role": m.get_role_display(),
                "title": m.title,
                "place": str(m.place),
                "chair_of_governors": m.is_chair,
                "wellbeing_lead_governor": m.is_wellbeing_lead_governor,
                "since": _date(m.created_at),
            }
            for m in memberships
        ],
        "survey_answers": (
            "None can be shown: survey answers are stored with no link to any person, so "
            "nobody, including the portal, can tell which answers are yours."
        ),
        "charter_actions_owned": [
            {
                "title": a.title,
                "school": a.school.name,
                "due_on": _date(a.due_on),
                "status": a.get_status_display(),
                "completed_on": _date(a.completed_on),
            }
            for a in Action.objects.filter(owner=user).select_related("school").order_by("pk")
        ],
        "pledges": [
            {
                "charter": p.charter.title,
                "commitment": p.commitment_key,
                "signed_at": _date(p.signed_at),
            }
            for p in Pledge.objects.filter(user=user).select_related("charter").order_by("pk")
        ],
        "inspection_contacts_logged": [
            {
                "school": c.inspection.school.name,
                "happened_at": _date(c.happened_at),
                "with_whom": c.with_whom,
                "channel": c.get_channel_display(),
                "notes": c.notes,
            }
            for c in Contact.objects.filter(logged_by=user)
            .select_related("inspection__school")
            .order_by("pk")
        ],
        "inspection_concerns_raised": [
            {
                "school": c.inspection.school.name,
                "raised_at": _date(c.raised_at),
                "category": c.get_category_display(),
                "severity": c.get_severity_display(),
                "description": c.description,
            }
            for c in Concern.objects.filter(raised_by=user)
            .select_related("inspection__school")
            .order_by("pk")
        ],
        "buddy_profile": None
        if buddy is None
        else {
            "school": buddy.school.name,
            "available": buddy.available,
            "availability": buddy.availability,
            "experience_note": buddy.experience_note,
            "profile": buddy.profile,
        },
        "buddy_pairings": [
            {
                "buddy": p.buddy.user.full_name,
                "head": p.head.full_name,
                "head_school": p.head_school.name,
                "status": p.get_status_display(),
                "started_on": _date(p.started_on),
                "ended_on": _date(p.ended_on),
            }
            for p in pairings
        ],
        "shared_resources_written": [
            {"title": r.title, "status": r.get_status_display()}
            for r in SharedResource.objects.filter(author=user).order_by("pk")
        ],
        "reports_requested": [
            {
                "period": r.period_label,
                "about": str(r.school or r.organisation),
                "requested_at": _date(r.requested_at),
                "status": r.get_status_display(),
            }
            for r in Report.objects.filter(requested_by=user)
            .select_related("school", "organisation")
            .order_by("pk")
        ],
    }
