"""Small filters for results pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def mean(value: float | None) -> str:
    """3.456 → '3.46'; None (suppressed or no data) → '–'. Rounded as the charts round,
    and a tenth of floatformat's time: a 200-school table has over a thousand."""
    if value is None:
        return "–"
    return f"{value:.2f}"


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
