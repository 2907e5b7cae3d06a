"""Blanking free text under the retention schedule: the one way every app's purge
(`privacy_hooks.py`) removes words while keeping the rows, dates, counts and outcomes."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

# What purged free text reads afterwards (some fields, such as a resolved concern's
# resolution, must say something).
PURGED_TEXT = "Removed under the retention schedule."


def text_blank(queryset: Any, fields: tuple[str, ...], *, to: str = PURGED_TEXT) -> int:
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
