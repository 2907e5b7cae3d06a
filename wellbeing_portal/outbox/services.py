"""Writes to the outbox: queue an email once, and send what is due with retries."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutboxEmail

logger = logging.getLogger(__name__)

# Minutes to wait before each retry; the last is reused until OUTBOX_MAX_ATTEMPTS.
RETRY_BACKOFF_MINUTES = (1, 5, 15, 60, 240)


def outbox_key(*, kind: str, obj: str, to: str, due_at: datetime) -> str:
    """The idempotency key: one email per kind, object, recipient and due time."""
    return f"{kind}:{obj}:{to.lower()}:{due_at.isoformat(timespec='minutes')}"[:255]


def email_enqueue(
    *,
    kind: str,
    obj: str,
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    due_at: datetime | None = None,
    recipient_id: int | None = None,
    after_send: str = OutboxEmail.AfterSend.KEEP,
) -> OutboxEmail | None:
    """Queue an email. Returns the new row, or None if the same key was already queued.
    `after_send` says what is kept of it once sent (OutboxEmail.AfterSend).

    Call it inside the transaction that makes the email necessary: the row commits or
    rolls back with it. Sending is triggered after commit; the periodic task is the
    safety net.
    """
    due = due_at or timezone.now()
    key = outbox_key(kind=kind, obj=obj, to=to, due_at=due)
    try:
        with transaction.atomic():
            row = OutboxEmail.objects.create(
                key=key,
                kind=kind,
                to_email=to,
                recipient_id=recipient_id,
                subject=" ".join(subject.split())[:255],
                body_text=body_text,
                body_html=body_html,
                due_at=due,
                after_send=after_send,
            )
    except IntegrityError:
        if OutboxEmail.objects.filter(key=key).exists():
            return None
        raise
    if due <= timezone.now():
        transaction.on_commit(_trigger_send)
    return row


def email_enqueue_from_templates(
    *,
    kind: str,
    obj: str,
    to: str,
    template: str,
    context: dict[str, Any],
    due_at: datetime | None = None,
    recipient_id: int | None = None,
    after_send: str = OutboxEmail.AfterSend.KEEP,
) -> OutboxEmail | None:
    """Render `<template>_subject.txt` and `<template>_body.txt` (and `_body.html` if present)."""
    context = {"portal_name": settings.PORTAL_NAME, "base_url": settings.PORTAL_BASE_URL, **context}
    subject = render_to_string(f"{template}_subject.txt", context)
    body_text = render_to_string(f"{template}_body.txt", context).strip() + "\n"
    return email_enqueue(
        kind=kind,
        obj=obj,
        to=to,
        subject=subject,
        body_text=body_text,
        due_at=due_at,
        recipient_id=recipient_id,
        after_send=after_send,
    )


# After the broker fails to answer, stop asking it for a while: a request that queues
# several emails must not wait for the broker once per email.
BROKER_QUIET_SECONDS = 30.0
_broker_failed_at: float | None = None


def _trigger_send() -> None:
    """Ask a worker to send now. If the broker is down, the periodic task sends later."""
    global _broker_failed_at
    from .tasks import outbox_send_due

    if (
        _broker_failed_at is not None
        and time.monotonic() - _broker_failed_at < BROKER_QUIET_SECONDS
    ):
        return
    try:
        outbox_send_due.apply_async(retry=False)
    except Exception:  # the broker being down must never fail the request
        _broker_failed_at = time.monotonic()
        logger.warning("Could not reach the task broker; the outbox will send on its next run.")
    else:
        _broker_failed_at = None


@dataclass(frozen=True)
class SendReport:
    sent: int
    retried: int
    failed: int


def outbox_send_due(*, now: datetime | None = None, limit: int | None = None) -> SendReport:
    """Send every pending email that is due, one row per transaction.

    Each row is locked (SKIP LOCKED on PostgreSQL) while it is sent, so two workers never
    send the same row, and marked sent in the same transaction. A failure schedules a
    retry with backoff; after OUTBOX_MAX_ATTEMPTS the row is marked failed with the error.
    """
    now = now or timezone.now()
    limit = limit or settings.OUTBOX_BATCH_SIZE
    sent = retried = failed = 0
    for _ in range(limit):
        with transaction.atomic():
            row = (
                OutboxEmail.objects.select_for_update(skip_locked=True)
                .filter(status=OutboxEmail.Status.PENDING, due_at__lte=now)
                .order_by("due_at", "pk")
                .first()
            )
            if row is None:
                break
            try:
                _deliver(row)
            except Exception as exc:
                row.attempts += 1
                row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                if row.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                    row.status = OutboxEmail.Status.FAILED
                    failed += 1
                    logger.error("Outbox email %s failed for good: %s", row.pk, row.last_error)
                    _after_send(row)
                else:
                    wait = RETRY_BACKOFF_MINUTES[min(row.attempts, len(RETRY_BACKOFF_MINUTES)) - 1]
                    row.due_at = now + timedelta(minutes=wait)
                    retried += 1
                if row.pk is not None:
                    row.save(
                        update_fields=[
                            *("attempts", "last_error", "status", "due_at"),
                            *("body_text", "body_html"),
                        ]
                    )
                continue
            row.status = OutboxEmail.Status.SENT
            row.attempts += 1
            row.sent_at = timezone.now()
            _after_send(row)
            if row.pk is not None:
                row.save(update_fields=["status", "attempts", "sent_at", "body_text", "body_html"])
            sent += 1
    return SendReport(sent=sent, retried=retried, failed=failed)


FORGOTTEN_BODY = "(This email held a personal link. Its text is not kept once it has gone.)\n"


def _after_send(row: OutboxEmail) -> None:
    """Forget what the row must not keep once its email has gone or failed for good."""
    if row.after_send == OutboxEmail.AfterSend.FORGET_BODY:
        row.body_text, row.body_html = FORGOTTEN_BODY, ""
    elif row.after_send == OutboxEmail.AfterSend.DELETE:
        row.delete()


def _deliver(row: OutboxEmail) -> None:
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.to_email],
        headers={"X-Portal-Outbox-Id": str(row.pk)},
    )
    if row.body_html:
        message.attach_alternative(row.body_html, "text/html")
    message.send(fail_silently=False)


def outbox_purge_old(*, now: datetime | None = None) -> int:
    """Delete sent emails older than OUTBOX_KEEP_SENT_DAYS; they may hold personal data."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.OUTBOX_KEEP_SENT_DAYS)
    deleted, _ = OutboxEmail.objects.filter(
        status=OutboxEmail.Status.SENT, sent_at__lt=cutoff
    ).delete()
    return deleted
