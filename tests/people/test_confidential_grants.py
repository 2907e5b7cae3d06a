"""Separation of duties: a role that opens confidential records (inspection records, survey
comments) is never given by a person to themselves, and only by a senior officer of the
organisation or a platform admin; each such grant is logged and the person is told."""

from __future__ import annotations

import io
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wellbeing_portal.core.csv_import import ImportRejected
from wellbeing_portal.outbox.models import OutboxEmail
from wellbeing_portal.people.models import Membership, OfficerAssignment, Role, User
from wellbeing_portal.people.policy import CONFIDENTIAL_ROLES, is_confidential_role
from wellbeing_portal.people.services import (
    membership_create,
    membership_save,
    officer_assign,
    staff_import,
)

from ..conftest import World
from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def _state() -> tuple[int, ...]:
    return (
        User.objects.count(),
        Membership.objects.count(),
        OfficerAssignment.objects.count(),
        OutboxEmail.objects.count(),
        LogEntry.objects.count(),
    )


def _record_urls(world: World) -> list[str]:
    inspection = world.services["inspection"]
    return [
        reverse("inspections:detail", kwargs={"pk": inspection.pk}),
        reverse(
            "inspections:concern",
            kwargs={"pk": inspection.pk, "concern_pk": world.services["concern"].pk},
        ),
    ]


# The attack -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["school_leader", "headteacher", "Head teacher"])
def test_a_lead_importing_themself_as_a_school_leader_is_refused(
    rich_world: World, client: Any, role: str
) -> None:
    lead = rich_world.user("wellbeing_lead")
    client.force_login(lead)
    for url in _record_urls(rich_world):
        assert client.get(url).status_code == 404
    before = _state()
    csv = (
        "name,email,school_urn,role\n"
        "Asha Green,asha@example.org,100001,staff\n"
        f"Me Myself,{lead.email.upper()},100001,{role}\n"
    )
    response = client.post(
        reverse("people:staff_import", kwargs={"slug": rich_world.trust.slug}),
        {"file": SimpleUploadedFile("staff.csv", csv.encode())},
    )
    assert response.status_code == 400
    page = " ".join(response.content.decode().split())
    assert "You cannot give yourself the" in page
    assert '<td class="govuk-table__cell">3</td>' in page  # the line it is on
    assert _state() == before, "a refused import changes nothing"
    assert not lead.memberships.filter(school=rich_world.school).exists()
    for url in _record_urls(rich_world):
        assert client.get(url).status_code == 404


def test_a_lead_cannot_import_anyone_as_a_head(world: World) -> None:
    before = _state()
    csv = (
        "name,email,school_urn,role\n"
        "Asha Green,asha@example.org,100001,staff\n"
        "Bo Li,bo@example.org,100002,headteacher\n"
        f"Someone,{world.user('staff').email},100001,school_leader\n"
    )
    with pytest.raises(ImportRejected) as error:
        staff_import(
            organisation=world.trust,
            file=io.BytesIO(csv.encode()),
            imported_by=world.user("wellbeing_lead"),
        )
    assert [(p.line, p.message) for p in error.value.problems] == [
        (3, "Only a senior officer of Trust A or a platform admin can give the headteacher role."),
        (
            4,
            "Only a senior officer of Trust A or a platform admin can give the school leader role.",
        ),
    ]
    assert _state() == before


def test_a_lead_still_imports_staff_champions_and_governors(world: World) -> None:
    csv = (
        "name,email,school_urn,role\n"
        "Asha Green,asha@example.org,100001,staff\n"
        "Bo Li,bo@example.org,100002,champion\n"
        f"Me,{world.user('wellbeing_lead').email},100001,governor\n"
    )
    result = staff_import(
        organisation=world.trust,
        file=io.BytesIO(csv.encode()),
        imported_by=world.user("wellbeing_lead"),
    )
    assert result.roles_added == 3
    assert not OutboxEmail.objects.filter(kind="people.role_granted").exists()


def test_a_role_already_held_is_no_problem_in_a_leads_file(world: World) -> None:
    head = world.user("headteacher")
    csv = f"name,email,school_urn,role\nHead,{head.email},100001,headteacher\n"
    result = staff_import(
        organisation=world.trust,
        file=io.BytesIO(csv.encode()),
        imported_by=world.user("wellbeing_lead"),
    )
    assert (result.roles_added, result.unchanged) == (0, 1)


# Who may grant ----------------------------------------------------------------------


def _confidential_grant(world: World, role: str, user: User) -> dict[str, Any]:
    """Arguments of membership_create giving `user` a confidential `role` in Trust A."""
    if role == "chair":
        return {
            "user": user,
            "role": Role.GOVERNOR,
            "school": world.sibling_school,
            "is_chair": True,
        }
    if role in (Role.HEADTEACHER, Role.SCHOOL_LEADER):
        return {"user": user, "role": role, "school": world.sibling_school}
    return {"user": user, "role": role, "organisation": world.trust}


CONFIDENTIAL = [*sorted(CONFIDENTIAL_ROLES), "chair"]
GRANTERS = [
    "staff",
    "headteacher",
    "school_leader",
    "governor",
    "chair",
    "link_officer",
    "senior_officer",
    "wellbeing_lead",
    "platform_admin",
    "other_org_lead",
    "no_role",
]


def test_the_set_is_what_opens_records() -> None:
    assert {
        Role.HEADTEACHER,
        Role.SCHOOL_LEADER,
        Role.LINK_OFFICER,
        Role.SENIOR_OFFICER,
        Role.WELLBEING_LEAD,
    } == CONFIDENTIAL_ROLES
    assert is_confidential_role(Role.GOVERNOR, is_chair=True)
    assert not is_confidential_role(Role.GOVERNOR)
    assert not is_confidential_role(Role.WELLBEING_CHAMPION)
    assert not is_confidential_role(Role.STAFF)


@pytest.mark.parametrize("granter", GRANTERS)
@pytest.mark.parametrize("role", CONFIDENTIAL)
def test_nobody_grants_themselves_a_confidential_role(
    world: World, granter: str, role: str
) -> None:
    me = world.user(granter)
    before = _state()
    with pytest.raises(ValidationError, match=r"cannot give yourself|Only a senior officer"):
        membership_create(**_confidential_grant(world, role, me), granted_by=me)
    assert _state() == before


@pytest.mark.parametrize("granter", ["senior_officer", "platform_admin"])
@pytest.mark.parametrize("role", CONFIDENTIAL)
def test_a_senior_officer_or_admin_grants_someone_else_and_they_are_told(
    world: World, granter: str, role: str
) -> None:
    by = world.user(granter)
    someone = world.user("no_role")
    membership = membership_create(**_confidential_grant(world, role, someone), granted_by=by)
    assert membership.pk
    email = OutboxEmail.objects.get(kind="people.role_granted", to_email=someone.email)
    assert by.full_name in email.body_text
    assert membership.place.name in email.subject  # type: ignore[union-attr]
    entry = LogEntry.objects.get_for_object(membership).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == by
    assert entry.additional_data["granted_by"] == by.email


@pytest.mark.parametrize(
    "granter", ["wellbeing_lead", "headteacher", "link_officer", "chair", "other_org_lead"]
)
@pytest.mark.parametrize("role", CONFIDENTIAL)
def test_nobody_else_grants_a_confidential_role(world: World, granter: str, role: str) -> None:
    before = _state()
    with pytest.raises(ValidationError, match="Only a senior officer of Trust A"):
        membership_create(
            **_confidential_grant(world, role, world.user("no_role")),
            granted_by=world.user(granter),
        )
    assert _state() == before


def test_another_organisations_senior_officer_cannot_grant_here(world: World) -> None:
    theirs = UserFactory.create()
    membership_create(user=theirs, role=Role.SENIOR_OFFICER, organisation=world.other_trust)
    with pytest.raises(ValidationError, match="Only a senior officer of Trust A"):
        membership_create(
            user=world.user("no_role"),
            role=Role.HEADTEACHER,
            school=world.school,
            granted_by=theirs,
        )


def test_making_a_governor_chair_is_a_grant(world: World) -> None:
    governor = world.user("governor").memberships.get()
    governor.is_chair = True
    Membership.objects.filter(is_chair=True).delete()
    with pytest.raises(ValidationError, match="cannot give yourself"):
        membership_save(membership=governor, granted_by=world.user("governor"))
    with pytest.raises(ValidationError, match="Only a senior officer"):
        membership_save(membership=governor, granted_by=world.user("wellbeing_lead"))
    membership_save(membership=governor, granted_by=world.user("senior_officer"))
    assert Membership.objects.get(pk=governor.pk).is_chair
    assert OutboxEmail.objects.filter(
        kind="people.role_granted", to_email=world.user("governor").email
    ).exists()


def test_a_senior_officer_imports_someone_else_as_head_but_not_themself(world: World) -> None:
    senior = world.user("senior_officer")
    csv = "name,email,school_urn,role\nBo Li,bo@example.org,100002,headteacher\n"
    result = staff_import(
        organisation=world.trust, file=io.BytesIO(csv.encode()), imported_by=senior
    )
    assert result.roles_added == 1
    bo = User.objects.get(email="bo@example.org")
    assert OutboxEmail.objects.filter(kind="people.role_granted", to_email=bo.email).exists()
    entry = LogEntry.objects.get_for_object(bo.memberships.get()).get()
    assert entry.actor == senior

    before = _state()
    mine = f"name,email,school_urn,role\nMe,{senior.email},100002,headteacher\n"
    with pytest.raises(ImportRejected) as error:
        staff_import(organisation=world.trust, file=io.BytesIO(mine.encode()), imported_by=senior)
    [(line, message)] = [(p.line, p.message) for p in error.value.problems]
    assert line == 2 and message.startswith("You cannot give yourself the headteacher role")
    assert _state() == before


def test_officer_assignments_follow_the_same_rules(world: World) -> None:
    officer = world.user("link_officer").memberships.get()
    with pytest.raises(ValidationError, match="cannot give yourself"):
        officer_assign(
            membership=officer, school=world.sibling_school, assigned_by=world.user("link_officer")
        )
    with pytest.raises(ValidationError, match="Only a senior officer"):
        officer_assign(
            membership=officer,
            school=world.sibling_school,
            assigned_by=world.user("wellbeing_lead"),
        )
    assert not OfficerAssignment.objects.filter(school=world.sibling_school).exists()
    officer_assign(
        membership=officer, school=world.sibling_school, assigned_by=world.user("senior_officer")
    )
    assert OutboxEmail.objects.filter(
        kind="people.role_granted", to_email=world.user("link_officer").email
    ).exists()


# The Django admin -------------------------------------------------------------------


def _admin_add(client: Any, data: dict[str, Any]) -> Any:
    return client.post(
        reverse("admin:people_membership_add"),
        {
            "title": "",
            "assignments-TOTAL_FORMS": "0",
            "assignments-INITIAL_FORMS": "0",
            **data,
        },
    )


def test_an_admin_cannot_give_themself_a_confidential_role(world: World, client: Any) -> None:
    admin = world.user("platform_admin")
    client.force_login(admin)
    before = _state()
    response = _admin_add(
        client, {"user": admin.pk, "role": Role.HEADTEACHER, "school": world.school.pk}
    )
    assert response.status_code == 200
    assert "You cannot give yourself the headteacher role" in response.content.decode()
    assert _state() == before


def test_an_admin_cannot_give_themself_one_through_their_own_user_page(
    world: World, client: Any
) -> None:
    admin = world.user("platform_admin")
    client.force_login(admin)
    page = client.get(reverse("admin:people_user_change", args=[admin.pk]))
    assert page.status_code == 200
    data = {
        "email": admin.email,
        "full_name": admin.full_name,
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-0-role": Role.SENIOR_OFFICER,
        "memberships-0-organisation": world.trust.pk,
        "memberships-0-title": "",
    }
    before = _state()
    response = client.post(reverse("admin:people_user_change", args=[admin.pk]), data)
    assert response.status_code == 200
    assert "You cannot give yourself the senior officer role" in response.content.decode()
    assert _state() == before


def test_an_admin_gives_someone_else_a_confidential_role(world: World, client: Any) -> None:
    admin = world.user("platform_admin")
    someone = world.user("no_role")
    client.force_login(admin)
    response = _admin_add(
        client, {"user": someone.pk, "role": Role.HEADTEACHER, "school": world.school.pk}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = Membership.objects.get(user=someone)
    assert LogEntry.objects.get_for_object(membership).get().actor == admin
    assert OutboxEmail.objects.filter(kind="people.role_granted", to_email=someone.email).exists()


def test_an_admin_cannot_move_someones_confidential_role_to_themself(
    world: World, client: Any
) -> None:
    admin = world.user("platform_admin")
    head = world.user("headteacher").memberships.get()
    client.force_login(admin)
    response = client.post(
        reverse("admin:people_membership_change", args=[head.pk]),
        {
            "user": admin.pk,
            "role": Role.HEADTEACHER,
            "school": world.school.pk,
            "title": "",
            "assignments-TOTAL_FORMS": "0",
            "assignments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert Membership.objects.get(pk=head.pk).user == world.user("headteacher")


def _assignment_post(world: World, school_pk: int) -> dict[str, Any]:
    officer = world.user("link_officer").memberships.get()
    current = officer.assignments.get()
    return {
        "user": officer.user_id,
        "role": Role.LINK_OFFICER,
        "organisation": world.trust.pk,
        "title": "",
        "assignments-TOTAL_FORMS": "2",
        "assignments-INITIAL_FORMS": "1",
        "assignments-0-id": current.pk,
        "assignments-0-membership": officer.pk,
        "assignments-0-school": current.school_id,
        "assignments-1-membership": officer.pk,
        "assignments-1-school": school_pk,
    }


def test_an_admin_assigns_an_officer_who_is_told(world: World, client: Any) -> None:
    officer = world.user("link_officer").memberships.get()
    client.force_login(world.user("platform_admin"))
    url = reverse("admin:people_membership_change", args=[officer.pk])
    wrong = client.post(url, _assignment_post(world, world.other_school.pk))
    assert wrong.status_code == 200
    assert "only cover schools of their own organisation" in wrong.content.decode()

    response = client.post(url, _assignment_post(world, world.sibling_school.pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    assignment = OfficerAssignment.objects.get(membership=officer, school=world.sibling_school)
    entry = LogEntry.objects.get_for_object(assignment).get()
    assert entry.actor == world.user("platform_admin")
    assert entry.additional_data["granted_by"] == world.user("platform_admin").email
    assert OutboxEmail.objects.filter(
        kind="people.role_granted", to_email=world.user("link_officer").email
    ).exists()
