"""Shared fixtures: a small world with a person in every role, in two organisations."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from charters import services as charter_services
from charters.models import Commitment
from inspections import protocol_defaults, timeline
from inspections.models import Concern, Inspection, InspectionRequest
from support_directory.models import BuddyPairing, BuddyProfile, Service, SharedResource
from wellbeing_portal.people.models import Organisation, Role, School, User
from wellbeing_portal.people.services import officer_assign

from .factories import MembershipFactory, OrganisationFactory, SchoolFactory, UserFactory, give_totp

# Property tests run on two shared cores, often beside another busy process: how long an
# example takes is never a failure (tests/README.md). A test's own @settings keep these
# unless they name the same setting.
hypothesis_settings.register_profile(
    "portal", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("portal")

# Every role the permission matrix checks, plus two kinds of outsider.
ROLE_NAMES = (
    "anonymous",
    "staff",
    "headteacher",
    "school_leader",
    "wellbeing_champion",
    "governor",
    "chair",
    "link_officer",
    "senior_officer",
    "wellbeing_lead",
    "platform_admin",
    "other_org_lead",
    "no_role",
)


@dataclass
class World:
    trust: Organisation
    other_trust: Organisation
    school: School
    sibling_school: School
    other_school: School
    people: dict[str, User]
    charters: dict[str, Any] = field(default_factory=dict)
    services: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> User:
        return self.people[role]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: rate-limit counts and cached survey grains
    from an earlier test (whose ids SQLite may reuse) must not leak into it."""
    cache.clear()


@pytest.fixture
def world(db: None) -> World:
    """Trust A with two schools and a person in every role; trust B with its own lead."""
    # Migration data goes when a transactional test flushes the database: load it again.
    protocol_defaults.install_framework_and_forms(django_apps)
    trust = OrganisationFactory.create(
        name="Trust A", slug="trust-a", link_officer_title="School improvement partner"
    )
    other_trust = OrganisationFactory.create(name="Trust B", slug="trust-b")
    school = SchoolFactory.create(name="Alpha Primary", urn="100001", responsible_body=trust)
    sibling = SchoolFactory.create(
        name="Beta Secondary", urn="100002", responsible_body=trust, phase=School.Phase.SECONDARY
    )
    other_school = SchoolFactory.create(
        name="Gamma Primary", urn="200001", responsible_body=other_trust
    )

    people: dict[str, User] = {}

    def person(key: str, role: str | None, **membership: object) -> User:
        user = UserFactory.create(
            email=f"{key}@example.org", full_name=key.replace("_", " ").title() + " Tester"
        )
        if role:
            MembershipFactory.create(user=user, role=role, **membership)
        people[key] = user
        return user

    person("staff", Role.STAFF, school=school)
    person("headteacher", Role.HEADTEACHER, school=school)
    person("school_leader", Role.SCHOOL_LEADER, school=school)
    person("wellbeing_champion", Role.WELLBEING_CHAMPION, school=school)
    person("governor", Role.GOVERNOR, school=school)
    person("chair", Role.GOVERNOR, school=school, is_chair=True)
    officer = person("link_officer", Role.LINK_OFFICER, organisation=trust)
    officer_assign(membership=officer.memberships.get(), school=school)
    person("senior_officer", Role.SENIOR_OFFICER, organisation=trust)
    person("wellbeing_lead", Role.WELLBEING_LEAD, organisation=trust)
    admin = person("platform_admin", None)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    person("other_org_lead", Role.WELLBEING_LEAD, organisation=other_trust)
    person("no_role", None)
    for key in (
        "link_officer",
        "senior_officer",
        "wellbeing_lead",
        "platform_admin",
        "other_org_lead",
    ):
        give_totp(people[key])
    return World(trust, other_trust, school, sibling, other_school, people)


@pytest.fixture
def rich_world(world: World, settings: Any, tmp_path: Any) -> World:
    """The world with something of every app in it: Trust A's adopted charters, a draft,
    an action and a file of evidence; a national service and one of Trust A's."""
    settings.MEDIA_ROOT = str(tmp_path)
    charter, pledges = (
        charter_services.charter_adopt(
            organisation=world.trust,
            template_key=key,
            adopted_on=dt.date(2026, 9, 1),
            review_on=dt.date(2027, 9, 1),
            adopted_by=None,
        )
        for key in ("education-staff-wellbeing", "residential-workforce")
    )
    draft = charter_services.charter_version_start(charter=charter, started_by=None)
    key = charter.versions.get(number=1).commitments.values_list("key", flat=True)[0]
    action = charter_services.action_create(
        charter=charter,
        school=world.school,
        commitment_key=key,
        title="An action",
        owner=world.user("headteacher"),
        due_on=dt.date(2030, 1, 1),
    )
    evidence = charter_services.evidence_add(
        charter=charter,
        school=world.school,
        commitment_key=key,
        added_by=world.user("headteacher"),
        file=io.BytesIO(b"%PDF-1.7\n%%EOF"),
        file_name="minutes.pdf",
    )
    draft_commitment = draft.commitments.order_by("position")[1]
    assert isinstance(draft_commitment, Commitment)
    world.charters = {
        "charter": charter,
        "pledges": pledges,
        "draft_commitment": draft_commitment,
        "key": key,
        "action": action,
        "evidence": evidence,
    }
    world.services = {
        "national": Service.objects.create(
            name="A national helpline",
            kind="helpline",
            description="Anyone can call.",
            phone="0800 000 000",
            scope=Service.Scope.NATIONAL,
        ),
        "trust": Service.objects.create(
            name="Trust A's counselling",
            kind="counselling",
            description="For Trust A's staff.",
            phone="01632 960 000",
            scope=Service.Scope.ORGANISATION,
            organisation=world.trust,
        ),
    }
    buddy_user = UserFactory.create(full_name="Bea Buddy")
    MembershipFactory.create(user=buddy_user, role=Role.HEADTEACHER, school=world.sibling_school)
    buddy = BuddyProfile.objects.create(user=buddy_user, school=world.sibling_school, capacity=2)
    head = world.user("headteacher").memberships.get()
    world.services["head"] = head
    world.services["resource"] = SharedResource.objects.create(
        organisation=world.trust,
        author=world.user("headteacher"),
        title="Shared notes",
        description="Notes.",
        file="directory/resources/notes.pdf",
        file_name="notes.pdf",
        file_type="application/pdf",
    )
    (tmp_path / "directory" / "resources").mkdir(parents=True)
    (tmp_path / "directory" / "resources" / "notes.pdf").write_bytes(b"%PDF-1.7\n%%EOF")
    inspection = Inspection.objects.create(
        school=world.school,
        head=world.user("headteacher"),
        logged_by=world.user("headteacher"),
        call_received_at=dt.datetime(2026, 11, 23, 9, 45, tzinfo=dt.UTC),
        expected_start=dt.date(2026, 11, 24),
        protocol_version=timeline.protocol_current(organisation=world.trust),
    )
    world.services["inspection"] = inspection
    world.services["concern"] = Concern.objects.create(
        inspection=inspection,
        category=Concern.Category.PROCESS,
        severity=Concern.Severity.LOW,
        description="The timetable changed twice.",
        raised_by=world.user("headteacher"),
        act_by=inspection.call_received_at,
    )
    world.services["request"] = InspectionRequest.objects.create(
        inspection=inspection,
        kind=InspectionRequest.Kind.DEFERRAL,
        requested_by=InspectionRequest.By.HEAD,
        requested_at=inspection.call_received_at,
        reason="Half the staff are off with flu.",
        recorded_by=world.user("headteacher"),
    )
    timeline.timeline_refresh(inspection=inspection)
    world.services["pairing"] = BuddyPairing.objects.create(
        buddy=buddy, head=head.user, head_school=world.school, started_on=dt.date(2026, 9, 1)
    )
    return world
