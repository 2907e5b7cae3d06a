"""The outbox: an email is a row before it is a message, so nothing is lost or sent twice.

The unique `key` (kind, object, recipient, due time) makes queuing idempotent: asking
for the same reminder twice queues it once. Redis may be flushed or down; the rows stay.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutboxEmail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    class AfterSend(models.TextChoices):
        """What is kept once the email has gone (or has failed for good)."""

        KEEP = "keep", "Keep the email"
        # The body held something that must not outlive sending (a personal survey link).
        FORGET_BODY = "forget_body", "Keep who and when, forget the text"
        # The row itself says too much (a reminder to someone who has not answered yet).
        DELETE = "delete", "Delete the email"

    key = models.CharField(max_length=255, unique=True)
    kind = models.CharField(max_length=80)
    to_email = models.EmailField(max_length=254)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    due_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    after_send = models.CharField(max_length=12, choices=AfterSend.choices, default=AfterSend.KEEP)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = "outbox email"
        indexes: ClassVar = [
            # The sender's query: pending rows that are due, oldest first.
            models.Index(
                fields=["due_at"],
                condition=Q(status="pending"),
                name="outbox_pending_due_idx",
            ),
            models.Index(fields=["kind", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to_email} ({self.get_status_display()})"
