"""Property: whatever the sizes of schools and role groups, what the CSV export shows
never lets a reader work out a hidden group of fewer than `threshold` people by
subtracting shown counts from a shown total (SPEC §3, secondary suppression).

This checks the results pipeline end to end through surveys.suppression, whose own
properties are tested in test_suppression.py."""

from __future__ import annotations

import csv
import io
import itertools
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveys import results, services
from surveys.models import STAFF_ROLE_GROUPS, Response, Survey, Wave
from tests.conftest import World
from tests.factories import SchoolFactory
from wellbeing_portal.people.models import Organisation

from .factories import CLOSES, OPENS, bank_survey

pytestmark = pytest.mark.dates

_counter = itertools.count()

schools_strategy = st.lists(
    st.tuples(*(st.integers(min_value=0, max_value=9) for _ in STAFF_ROLE_GROUPS)),
    min_size=1,
    max_size=4,
)


def _wave(
    survey: Survey, sizes: list[tuple[int, ...]], threshold: int, open_link: list[int]
) -> Wave:
    """A closed wave with `sizes` invited answers per school and role group, and
    `open_link[i]` more teaching staff's answers through school i's open link."""
    n = next(_counter)
    org = Organisation.objects.create(name=f"Prop {n}", slug=f"prop-{n}", kind="trust")
    wave = Wave.objects.create(
        organisation=org,
        survey=survey,
        title=f"Prop {n}",
        roles=["staff"],
        opens_on=OPENS,
        closes_on=CLOSES,
        status=Wave.Status.CLOSED,
        score_threshold=threshold,
        comment_threshold=threshold,
    )
    rows = []
    for index, school_sizes in enumerate(sizes):
        # Names sort in creation order, as the export lists schools by name.
        school = SchoolFactory.create(name=f"School {n:05d}-{index}", responsible_body=org)
        wave.schools.add(school)
        extra = open_link[index] if index < len(open_link) else 0
        for group, count in zip(STAFF_ROLE_GROUPS, school_sizes, strict=True):
            opened = extra if group == STAFF_ROLE_GROUPS[0] else 0
            rows += [
                Response(
                    id=uuid.uuid4(),
                    wave=wave,
                    school=school,
                    role_group=group.value,
                    submitted_on=OPENS,
                    invited=n < count,
                )
                for n in range(count + opened)
            ]
    Response.objects.bulk_create(rows)
    results.result_set_freeze(wave=wave)
    return wave


def _shown_counts(body: str) -> dict[tuple[str, str, str], int | None]:
    counts: dict[tuple[str, str, str], int | None] = {}
    for row in csv.DictReader(io.StringIO(body)):
        key = (row["group"], row["school"], row["role_group"])
        value = row["respondents"]
        counts[key] = None if value == "suppressed" else int(value)
    return counts


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    sizes=schools_strategy,
    threshold=st.integers(min_value=3, max_value=6),
    open_link=st.lists(st.integers(min_value=0, max_value=4), max_size=4),
    raised=st.integers(min_value=1, max_value=4),
)
def test_the_export_never_lets_a_small_hidden_group_be_worked_out(
    world: World,
    sizes: list[tuple[int, ...]],
    threshold: int,
    open_link: list[int],
    raised: int,
) -> None:
    wave = _wave(bank_survey(), sizes, threshold, open_link)
    shown = _check(sizes, threshold, open_link, wave)
    # A raised threshold hides more, never less, and shows nothing it did not.
    services.wave_thresholds_update(
        wave=wave, score_threshold=threshold + raised, comment_threshold=threshold + raised
    )
    wave.refresh_from_db()
    later = _check(sizes, threshold + raised, open_link, wave)
    assert all(shown[key] == value for key, value in later.items() if value is not None)


def _check(
    sizes: list[tuple[int, ...]], threshold: int, open_link: list[int], wave: Wave
) -> dict[tuple[str, str, str], int | None]:
    shown = _shown_counts(results.results_csv(results.wave_results(wave)))
    # Every group shown has at least `threshold` people.
    assert all(v is None or v >= threshold for v in shown.values())

    def check_difference(total: int | None, parts: list[int | None], hidden_true: int) -> None:
        """If the total is shown, total − shown parts = the hidden parts together: that
        sum must be nobody or at least the threshold."""
        if total is None:
            return
        leftover = total - sum(p for p in parts if p is not None)
        assert leftover == hidden_true
        assert leftover == 0 or leftover >= threshold, (sizes, threshold, shown)

    def extra(index: int) -> int:
        return open_link[index] if index < len(open_link) else 0

    org_total = shown[("organisation", "", "")]
    school_names = [name for (level, name, _r) in shown if level == "school"]
    school_true = {
        name: sum(s) + extra(i) for i, (name, s) in enumerate(zip(school_names, sizes, strict=True))
    }
    check_difference(
        org_total,
        [shown[("school", name, "")] for name in school_names],
        sum(school_true[name] for name in school_names if shown[("school", name, "")] is None),
    )
    for index, (name, school_sizes) in enumerate(zip(school_names, sizes, strict=True)):
        # Only invited answers make a school or a role group big enough to show.
        if shown[("school", name, "")] is not None:
            assert sum(school_sizes) >= threshold
        roles = [shown[("role group", name, g.label)] for g in STAFF_ROLE_GROUPS]
        for invited, role in zip(school_sizes, roles, strict=True):
            assert role is None or invited >= threshold
        true_roles = [c + (extra(index) if i == 0 else 0) for i, c in enumerate(school_sizes)]
        check_difference(
            shown[("school", name, "")],
            roles,
            sum(c for c, r in zip(true_roles, roles, strict=True) if r is None),
        )
    return shown
