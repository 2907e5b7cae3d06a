"""Template helpers for addresses and times people act on."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def webcal(address: str) -> str:
    """A calendar feed's address as a subscribe link: `webcal://` opens the calendar app
    (Outlook, Apple Calendar) and asks to subscribe, where `https://` would download a file."""
    for scheme in ("https://", "http://"):
        if address.startswith(scheme):
            return "webcal://" + address[len(scheme) :]
    return address


@register.filter
def is_past(moment: dt.datetime | None) -> bool:
    """Whether a moment has passed (an overdue item)."""
    return moment is not None and moment < timezone.now()
