"""Support lines shown on every page that may meet someone in distress (DOMAIN.md §6).

Kept in one place so that a change of number is one edit (500.html alone repeats the
first two, since an error page cannot rely on the request context). The support
directory app will hold the organisation's own services; these lines are always shown.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SupportLine:
    name: str
    how: str
    hours: str


NATIONAL_SUPPORT_LINES = (
    SupportLine("Education Support helpline", "Call 08000 562 561", "24 hours, every day"),
    SupportLine("Samaritans", "Call 116 123", "24 hours, every day"),
    SupportLine("Shout", "Text SHOUT to 85258", "24 hours, every day"),
    SupportLine("NHS 111", "Call 111 and choose the mental health option", "24 hours, every day"),
    SupportLine("Emergency", "Call 999 if a life is at risk", "Always"),
)
