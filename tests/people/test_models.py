"""Constraints on people and roles hold in the database, not only in forms."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from wellbeing_portal.people.models import Membership, Role, User
from wellbeing_portal.people.services import membership_create, officer_assign, user_create

from ..conftest import World
from ..factories import OrganisationFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_the_login_and_unique_whatever_its_case() -> None:
    user_create(email="Jo.Bloggs@Example.org", full_name="Jo Bloggs")
    assert User.objects.get().email == "jo.bloggs@example.org"
    with pytest.raises(ValidationError):
        user_create(email="JO.BLOGGS@example.org", full_name="Someone Else")
    with transaction.atomic(), pytest.raises(IntegrityError):
        User.objects.create(email="JO.BLOGGS@EXAMPLE.ORG", full_name="Bypassing the service")


def test_school_urn_is_unique_and_six_or_seven_digits() -> None:
    school = SchoolFactory.create(urn="123456")
    with transaction.atomic(), pytest.raises(IntegrityError):
        SchoolFactory.create(urn="123456")
    school.urn = "12AB"
    with pytest.raises(ValidationError, match="6 or 7 digit"):
        school.full_clean()


@pytest.mark.parametrize(
    ("role", "at_school"),
    [(Role.STAFF, False), (Role.HEADTEACHER, False), (Role.SENIOR_OFFICER, True)],
)
def test_a_role_is_held_at_the_right_kind_of_place(role: str, at_school: bool) -> None:
    trust = OrganisationFactory.create()
    school = SchoolFactory.create(responsible_body=trust)
    place: dict[str, object] = {"school": school} if at_school else {"organisation": trust}
    with transaction.atomic(), pytest.raises(IntegrityError):
        Membership.objects.create(user=UserFactory.create(), role=role, **place)


def test_only_governors_carry_governor_flags_and_a_school_has_one_chair() -> None:
    school = SchoolFactory.create()
    with pytest.raises(ValidationError):
        membership_create(user=UserFactory.create(), role=Role.STAFF, school=school, is_chair=True)
    membership_create(user=UserFactory.create(), role=Role.GOVERNOR, school=school, is_chair=True)
    with pytest.raises(ValidationError, match="already has a chair"):
        membership_create(
            user=UserFactory.create(), role=Role.GOVERNOR, school=school, is_chair=True
        )
    assert Membership.objects.filter(is_chair=True).count() == 1


def test_the_same_role_twice_at_the_same_school_is_refused() -> None:
    user, school = UserFactory.create(), SchoolFactory.create()
    membership_create(user=user, role=Role.STAFF, school=school)
    with pytest.raises(ValidationError, match="already holds"):
        membership_create(user=user, role=Role.STAFF, school=school)
    # A different role at the same school is fine: people wear several hats.
    membership_create(user=user, role=Role.WELLBEING_CHAMPION, school=school)
    assert user.memberships.count() == 2


def test_link_officer_title_comes_from_their_organisation(world: World) -> None:
    membership = world.user("link_officer").memberships.get()
    assert membership.role_label == "School improvement partner"


def test_an_officer_covers_only_schools_of_their_own_organisation(world: World) -> None:
    membership = world.user("link_officer").memberships.get()
    with pytest.raises(ValidationError, match="own organisation"):
        officer_assign(membership=membership, school=world.other_school)
    staff_membership = world.user("staff").memberships.get()
    with pytest.raises(ValidationError, match="Only a link officer"):
        officer_assign(membership=staff_membership, school=world.school)
