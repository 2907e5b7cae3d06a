"""One way for services to change some fields of a model, after HackSoft's `model_update`.

An update service takes each field it may change as an explicit keyword argument whose
default is `KEEP`, and hands them here with the list of fields it allows: only the
fields given are set, so a caller that changes one field never writes a stale value over
another. Validation and saving stay with the service, which often checks several fields
together before it saves (`instance.save(update_fields=changed)`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any, Final, Literal

from django.db import models


class _Keep(Enum):
    KEEP = "keep"

    def __repr__(self) -> str:
        return "KEEP"


# The default of an update service's keyword arguments: "leave this field as it is".
KEEP: Final = _Keep.KEEP
Keep = Literal[_Keep.KEEP]


def model_update(
    *, instance: models.Model, fields: Iterable[str], data: Mapping[str, Any]
) -> list[str]:
    """Set on `instance` each field of `data` that is not `KEEP`, and return their names
    (for `save(update_fields=...)`). A name outside `fields` is a programming error:
    TypeError, and nothing is set."""
    allowed = set(fields)
    unknown = set(data) - allowed
    if unknown:
        raise TypeError(f"Not a field this service changes: {', '.join(sorted(unknown))}.")
    changed = [name for name, value in data.items() if value is not KEEP]
    for name in changed:
        setattr(instance, name, data[name])
    return changed
