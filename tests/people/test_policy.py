"""The policy layer: each person sees their own scope, and 404 beyond it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from wellbeing_portal.people.policy import (
    access_for,
    can_manage_people,
    can_read_school_inspections,
    organisations_visible_to,
    school_get_for_user,
    schools_visible_to,
)

from ..conftest import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("staff", {"Alpha Primary"}),
        ("headteacher", {"Alpha Primary"}),
        ("governor", {"Alpha Primary"}),
        ("link_officer", {"Alpha Primary", "Beta Secondary"}),
        ("senior_officer", {"Alpha Primary", "Beta Secondary"}),
        ("wellbeing_lead", {"Alpha Primary", "Beta Secondary"}),
        ("other_org_lead", {"Gamma Primary"}),
        ("no_role", set()),
        ("platform_admin", set()),
    ],
)
def test_schools_visible_to(world: World, role: str, expected: set[str]) -> None:
    assert {s.name for s in schools_visible_to(world.user(role))} == expected


def test_a_school_outside_your_scope_is_404_like_one_that_does_not_exist(world: World) -> None:
    head = world.user("headteacher")
    assert school_get_for_user(user=head, pk=world.school.pk) == world.school
    with pytest.raises(Http404):
        school_get_for_user(user=head, pk=world.other_school.pk)
    with pytest.raises(Http404):
        school_get_for_user(user=head, pk=-1)


def test_organisations_visible_to(world: World) -> None:
    assert list(organisations_visible_to(world.user("staff"))) == [world.trust]
    assert list(organisations_visible_to(world.user("other_org_lead"))) == [world.other_trust]


def test_only_the_organisations_own_lead_manages_its_people(world: World) -> None:
    assert can_manage_people(world.user("wellbeing_lead"), world.trust)
    assert not can_manage_people(world.user("wellbeing_lead"), world.other_trust)
    assert not can_manage_people(world.user("senior_officer"), world.trust)
    assert not can_manage_people(world.user("platform_admin"), world.trust)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("headteacher", True),
        ("school_leader", True),
        ("link_officer", True),
        ("senior_officer", True),
        ("chair", True),
        ("governor", False),
        ("staff", False),
        ("wellbeing_champion", False),
        ("wellbeing_lead", False),
        ("other_org_lead", False),
    ],
)
def test_who_reads_a_schools_inspection_record(world: World, role: str, allowed: bool) -> None:
    assert can_read_school_inspections(world.user(role), world.school) is allowed


def test_link_officer_reads_inspections_only_of_assigned_schools(world: World) -> None:
    assert not can_read_school_inspections(world.user("link_officer"), world.sibling_school)


def test_roles_are_loaded_once_per_request(world: World) -> None:
    user = world.user("link_officer")
    with CaptureQueriesContext(connection) as queries:
        access_for(user)
        access_for(user)
        schools_visible_to(user)
        can_read_school_inspections(user, world.school)
    assert len(queries) == 2  # memberships, then assignments; the rest is in memory


@pytest.mark.parametrize(
    ("role", "needs_mfa"),
    [
        ("staff", False),
        ("headteacher", False),
        ("governor", False),
        ("link_officer", True),
        ("senior_officer", True),
        ("wellbeing_lead", True),
        ("platform_admin", True),
    ],
)
def test_which_roles_need_two_factor_authentication(
    world: World, role: str, needs_mfa: bool
) -> None:
    assert access_for(world.user(role)).requires_mfa is needs_mfa
