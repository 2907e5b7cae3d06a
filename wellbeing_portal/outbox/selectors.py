"""Reads of the outbox."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import OutboxEmail


def demo_mailbox_list(*, limit: int = 200) -> QuerySet[OutboxEmail]:
    """The newest emails, for the demo mailbox page (only enabled in the demo)."""
    return OutboxEmail.objects.order_by("-created_at")[:limit]
