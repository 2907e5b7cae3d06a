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
from django.utils import timezone

from wellbeing_portal.core.registry import export_date, privacy_hooks
from wellbeing_portal.core.retention import PURGED_TEXT, text_blank
from wellbeing_portal.outbox.models import OutboxEmail
from wellbeing_portal.people.models import User

__all__ = [  # PURGED_TEXT is the core's, named here too for the retention tests and docs
    "ERASED_EMAIL_DOMAIN",
    "PURGED_TEXT",
    "erased_email",
    "erased_name",
    "outbox_bodies_purge",
    "person_erase",
    "person_export",
    "retention_purge",
]

ERASED_EMAIL_DOMAIN = "erased.invalid"  # a reserved top-level domain: never delivered


# Retention -------------------------------------------------------------------------


@transaction.atomic
def outbox_bodies_purge(*, now: dt.datetime) -> int:
    """Blank the bodies of emails sent longer ago than PORTAL_RETAIN_OUTBOX_BODY_DAYS; the
    row and its key stay, so nothing is sent again. Returns how many emails lost a body."""
    cutoff = now - dt.timedelta(days=settings.PORTAL_RETAIN_OUTBOX_BODY_DAYS)
    sent = OutboxEmail.objects.filter(status=OutboxEmail.Status.SENT, sent_at__lt=cutoff)
    return text_blank(sent, ("body_text", "body_html"), to="")


def retention_purge(*, today: dt.date | None = None) -> dict[str, int]:
    """Apply every retention period once (each app's, through its privacy hooks, and the
    outbox's); idempotent (a second run on the same day changes nothing) and each kind of
    record is purged in its own transaction. Returns how many of each lost text."""
    today = today or timezone.localdate()
    now = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    purged: dict[str, int] = {}
    for hooks in privacy_hooks:
        if hooks.purge is not None:
            purged.update(hooks.purge(today))
    purged["outbox_bodies"] = outbox_bodies_purge(now=now)
    return purged


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
    # Each app removes what of its own would still identify or reach them.
    for hooks in privacy_hooks:
        if hooks.erase is not None:
            hooks.erase(user)
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


def person_export(*, user: User) -> dict[str, Any]:
    """Everything the portal holds about `user` that they gave or that names them as its
    author or owner, as plain data: their account and roles, then each app's part (its
    privacy hooks); never survey answers (nothing links them to a person) and nothing
    other people wrote about anyone else."""
    memberships = user.memberships.select_related("school", "organisation").order_by("pk")
    data: dict[str, Any] = {
        "portal": settings.PORTAL_NAME,
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "full_name": user.full_name,
            "email": user.email,
            "date_joined": export_date(user.date_joined),
            "last_login": export_date(user.last_login),
            "platform_admin": user.is_staff,
        },
        "roles": [
            {
                "role": m.get_role_display(),
                "title": m.title,
                "place": str(m.place),
                "chair_of_governors": m.is_chair,
                "wellbeing_lead_governor": m.is_wellbeing_lead_governor,
                "since": export_date(m.created_at),
            }
            for m in memberships
        ],
    }
    for hooks in privacy_hooks:
        if hooks.export is not None:
            data.update(hooks.export(user))
    return data
