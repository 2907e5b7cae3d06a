"""What every instrument file is checked against, whatever its format: the limits, the
parsed shape, and the problems found so far (all reported together)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from wellbeing_portal.core.csv_import import ImportProblem, ImportRejected

from ..models import Domain, Instrument, Item

MAX_BYTES = 1024 * 1024
KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")  # used with fullmatch
CSV_COLUMNS = ("item_key", "domain_key", "domain_label", "text", "reverse_scored")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
RAW_TOTAL = re.compile(r"[0-9]{1,6}")


def _max_length(model: type[models.Model], name: str) -> int:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.max_length is not None
    return field.max_length


# What the database holds: every length is checked against it before anything is stored.
NAME_MAX = _max_length(Instrument, "name")
DOMAIN_LABEL_MAX = _max_length(Domain, "label")
ITEM_TEXT_MAX = _max_length(Item, "text")
# Not limited by a column, but by what a page can show.
SCALE_LABEL_MAX = 100
DESCRIPTION_MAX = 2000
MAX_DOMAINS = 100
MAX_ITEMS = 500


@dataclass
class Parsed:
    key: str = ""
    name: str = ""
    description: str = ""
    scale_min: int = 1
    scale_max: int = 5
    scale_labels: list[str] = field(default_factory=list)
    favourable_from: int = 4
    domains: list[tuple[str, str]] = field(default_factory=list)
    # (key, domain key, text, reverse scored)
    items: list[tuple[str, str, str, bool]] = field(default_factory=list)
    conversion: dict[str, float] = field(default_factory=dict)
    norms: dict[str, Any] = field(default_factory=dict)


class Problems:
    def __init__(self) -> None:
        self.found: list[ImportProblem] = []

    def add(self, row: int, message: str) -> None:
        self.found.append(ImportProblem(row, message))

    def raise_if_any(self) -> None:
        if self.found:
            raise ImportRejected(self.found)


def read_int(value: object, name: str, problems: Problems, row: int = 0) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        problems.add(row, f"{name}: must be a whole number.")
        return None
    return value


def is_number(value: object) -> bool:
    """A finite JSON number (not true or false, not a 400-digit overflow)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def read_text(value: object, name: str, problems: Problems, row: int = 0) -> str:
    """A string field, stripped; a problem (and "") if it is a number, a list or an object."""
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.add(row, f"{name}: must be text in quotes.")
        return ""
    return value.strip()


def strings_in(value: object) -> Iterator[str]:
    """Every string in a JSON document, keys included."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, str):
            yield current
        elif isinstance(current, dict):
            stack.extend(current.keys())
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)


def storable(text: str) -> bool:
    """PostgreSQL stores neither NUL characters nor lone surrogates (from JSON escapes)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
