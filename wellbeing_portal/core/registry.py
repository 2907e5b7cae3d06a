"""Registries: the apps contribute, the consumers iterate.

Each domain app registers, from its `AppConfig.ready()`, what it adds to a governor
report (`report_sections`, from its `report_section.py`) and what it does for a person's
privacy (`privacy_hooks`, from its `privacy_hooks.py`): their data export, their
erasure, and the nightly purge of old free text. `reports` and `privacy` loop over
these and never import another app's models, so an app joins both by registering,
with no change to either.

The core knows nothing of the apps: what a hook receives (a user, a school) is typed
loosely here and precisely in the app that registers it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar


class _Keyed(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def order(self) -> int: ...


T = TypeVar("T", bound=_Keyed)


class Registry(Generic[T]):
    """Entries by key, iterated in their `order` (then key). Registering a key again
    replaces its entry, so an app's `ready()` may safely run twice."""

    def __init__(self, what: str) -> None:
        self.what = what
        self._entries: dict[str, T] = {}

    def add(self, entry: T) -> None:
        self._entries[entry.key] = entry

    def __iter__(self) -> Iterator[T]:
        return iter(sorted(self._entries.values(), key=lambda e: (e.order, e.key)))

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<Registry of {self.what}: {', '.join(e.key for e in self)}>"


# Governor reports --------------------------------------------------------------------


@dataclass(frozen=True)
class ReportScope:
    """What a report covers: one school (`school`) or every school of `organisation`,
    over `starts_on`..`ends_on`, as seen on `today`."""

    organisation: Any  # people.Organisation
    school: Any | None  # people.School, for one school's report
    schools: tuple[Any, ...]  # every school the report covers, by name
    starts_on: dt.date
    ends_on: dt.date
    today: dt.date

    @property
    def is_school(self) -> bool:
        return self.school is not None

    @property
    def school_id(self) -> int | None:
        return self.school.pk if self.school is not None else None


@dataclass(frozen=True)
class ReportSection:
    """One app's part of a governor report. `build` returns what the report's template
    reads as `c.sections.<key>`; it reads the app's own rows for `scope`, in a bounded
    number of queries however many schools."""

    key: str
    order: int
    build: Callable[[ReportScope], Any]


# Privacy -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrivacyHooks:
    """One app's part in a person's privacy.

    - `export(user)`: the entries it adds to the person's own data (a dict of plain data,
      merged into the export in `order`);
    - `erase(user)`: after the account is anonymised, remove or blank what of the app's
      would still identify them or reach them (records they took part in stay);
    - `purge(today)`: blank free text past its retention period, keeping every row,
      date, count and outcome; idempotent; returns {what: how many} for the log.
    """

    key: str
    order: int
    export: Callable[[Any], dict[str, Any]] | None = None
    erase: Callable[[Any], None] | None = None
    purge: Callable[[dt.date], dict[str, int]] | None = None


def export_date(value: dt.date | dt.datetime | None) -> str | None:
    """A date or time in a person's export: ISO 8601, or None."""
    return value.isoformat() if value is not None else None


report_sections: Registry[ReportSection] = Registry("report sections")
privacy_hooks: Registry[PrivacyHooks] = Registry("privacy hooks")
