"""Small filters for results pages."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()

_HUNDREDTH = Decimal("0.01")


@register.filter
def mean(value: object) -> str:
    """3.456 → '3.46'; '–' for anything that is not a number (a suppressed group, or no
    score: a missing attribute reaches a filter as ''). Rounded as floatformat:2 rounds
    (half up, on the number as written, so 2.675 → '2.68') at a fraction of its time: a
    200-school table has over a thousand."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return "–"
    if isinstance(value, float) and not math.isfinite(value):
        return "–"
    rounded = Decimal(repr(value) if isinstance(value, float) else value).quantize(
        _HUNDREDTH, rounding=ROUND_HALF_UP
    )
    return f"{rounded + 0:.2f}"  # + 0: never '-0.00'


@register.filter
def percent(value: float | None) -> str:
    """0.734 → '73%'."""
    if value is None:
        return "–"
    return f"{value:.0%}"


@register.filter
def shares(group: object, domain_key: str) -> list[float] | None:
    """A group's shares of answers per scale point on one domain (None when hidden)."""
    return group.shares(domain_key)  # type: ignore[attr-defined]


@register.filter
def school_pk(key: str) -> int:
    """The school id in a group key like 'school:12'."""
    return int(key.split(":", 1)[1].split("/", 1)[0])


@register.filter
def get_item(mapping: dict[str, object], key: str) -> object:
    return mapping.get(key)
