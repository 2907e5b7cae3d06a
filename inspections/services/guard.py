"""A closed record is read-only (SPEC §8): every write to a record goes through
`record_write`, which refuses once the record is closed. Only `inspection_reopen`, by a
senior officer giving a reason, opens it again."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Concern, ConcernAction, Inspection, InspectionRequest, SupportPlan

# A clock a few minutes fast must not stop anyone logging what just happened.
CLOCK_SLACK = dt.timedelta(minutes=5)

CLOSED_MESSAGE = "This inspection is closed. A senior officer can reopen it, giving a reason."

P = ParamSpec("P")
R = TypeVar("R")

# The names of the services `record_write` guards (a test checks that none is missing).
RECORD_WRITES: set[str] = set()


def _record_id(kwargs: dict[str, Any]) -> int:
    """The record a service writes to, from the part of it the service is given."""
    for value in kwargs.values():
        if isinstance(value, Inspection):
            return value.pk
        if isinstance(value, Concern | InspectionRequest | SupportPlan):
            return value.inspection_id
        if isinstance(value, ConcernAction):
            return Concern.objects.values_list("inspection_id", flat=True).get(pk=value.concern_id)
    raise TypeError("A record write names the inspection, or a part of it, by keyword.")


def _require_open(inspection_id: int) -> None:
    """Lock the record and refuse if it is closed. The lock makes a write and a close
    (or a reopen) of the same record wait for each other, so nothing slips in after."""
    phase = (
        Inspection.objects.select_for_update()
        .filter(pk=inspection_id)
        .values_list("phase", flat=True)
        .first()
    )
    if phase == Inspection.Phase.CLOSED:
        raise ValidationError(CLOSED_MESSAGE, code="closed")


def record_write(service: Callable[P, R]) -> Callable[P, R]:
    """Every service that changes an inspection record, or anything on it, wears this:
    it runs only while the record is open, read from the database, not from the
    caller's copy."""

    @functools.wraps(service)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic():
            _require_open(_record_id(kwargs))
            return service(*args, **kwargs)

    RECORD_WRITES.add(service.__name__)
    return guarded
