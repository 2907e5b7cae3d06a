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
    action: str  # what to do, the number itself left out: "Call", "Text SHOUT to"
    number: str  # as people read it: "08000 562 561"
    rest: str  # what follows the number, if anything
    hours: str
    text: str = ""  # for a text line, the word to send

    @property
    def href(self) -> str:
        """A link a phone can act on at once: it calls, or opens a text with the word in."""
        digits = self.number.replace(" ", "")
        return f"sms:{digits}?body={self.text}" if self.text else f"tel:{digits}"


NATIONAL_SUPPORT_LINES = (
    SupportLine("Education Support helpline", "Call", "08000 562 561", "", "24 hours, every day"),
    SupportLine("Samaritans", "Call", "116 123", "", "24 hours, every day"),
    SupportLine("Shout", "Text SHOUT to", "85258", "", "24 hours, every day", text="SHOUT"),
    SupportLine(
        "NHS 111", "Call", "111", "and choose the mental health option", "24 hours, every day"
    ),
    SupportLine("Emergency", "Call", "999", "if a life is at risk", "Always"),
)
