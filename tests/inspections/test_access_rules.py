"""Each access rule is written once (`SchoolReach` in the people policy) and gives both
the queryset filter and the yes or no for one school: the two never disagree."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from wellbeing_portal.people.models import School, User
from wellbeing_portal.people.policy import (
    SchoolReach,
    can_read_school_inspections,
    inspection_loggers_reach,
    inspection_officers_reach,
    inspection_readers_reach,
    school_leaders_reach,
    senior_officers_reach,
)

from ..conftest import World

RULES: dict[str, Callable[[User], SchoolReach]] = {
    "readers": inspection_readers_reach,
    "loggers": inspection_loggers_reach,
    "officers": inspection_officers_reach,
    "leaders": school_leaders_reach,
    "seniors": senior_officers_reach,
}

# SPEC §2: who reads Alpha Primary's inspection records.
READERS = {"headteacher", "school_leader", "link_officer", "senior_officer", "chair"}


@pytest.mark.django_db
@pytest.mark.parametrize("rule", list(RULES))
def test_the_filter_and_the_answer_of_each_rule_agree(world: World, rule: str) -> None:
    schools = [world.school, world.sibling_school, world.other_school]
    for role, user in world.people.items():
        reach = RULES[rule](user)
        filtered = set(School.objects.filter(reach.q()).values_list("pk", flat=True))
        answered = {school.pk for school in schools if reach.covers(school)}
        assert filtered == answered, (rule, role)
        assert bool(reach) == bool(answered), (rule, role)


@pytest.mark.django_db
def test_who_reads_a_schools_inspections(world: World) -> None:
    readers = {
        role
        for role, user in world.people.items()
        if can_read_school_inspections(user, world.school)
    }
    assert readers == READERS
    assert not any(
        can_read_school_inspections(user, world.other_school) for user in world.people.values()
    )
