"""Erasing a person removes what identifies them and keeps counts, records and audit."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from django.urls import reverse

from charters.models import Action, Pledge
from inspections.models import CalendarFeed, Concern, Inspection, InspectionRequest
from privacy.services import person_erase
from support_directory.models import BuddyPairing, BuddyProfile
from wellbeing_portal.outbox.models import OutboxEmail
from wellbeing_portal.people.models import Membership, Role, User

from ..conftest import World
from ..factories import MembershipFactory


def _erase_url(person: User) -> str:
    return reverse("privacy:erase", kwargs={"pk": person.pk})


def _log_text() -> str:
    return " ".join(f"{e.object_repr} {e.changes} {e.actor_email}" for e in LogEntry.objects.all())


def _counts() -> dict[str, int]:
    return {
        "inspections": Inspection.objects.count(),
        "concerns": Concern.objects.count(),
        "requests": InspectionRequest.objects.count(),
        "actions": Action.objects.count(),
        "pledges": Pledge.objects.count(),
        "pairings": BuddyPairing.objects.count(),
        "users": User.objects.count(),
    }


@pytest.fixture
def head(rich_world: World) -> User:
    """The head, with a pledge, a calendar feed, a buddy profile, a second factor, emails."""
    head = rich_world.user("headteacher")
    Pledge.objects.create(
        charter=rich_world.charters["charter"], commitment_key=rich_world.charters["key"], user=head
    )
    CalendarFeed.objects.create(user=head, token_hash="a" * 64)
    BuddyProfile.objects.create(
        user=head,
        school=rich_world.school,
        availability="After 4pm",
        profile="Twenty years a head.",
    )
    Authenticator.objects.create(user=head, type=Authenticator.Type.TOTP, data={"secret": "x"})
    for key, status in (("pending", "pending"), ("sent", "sent")):
        OutboxEmail.objects.create(
            key=key,
            kind="test",
            to_email=head.email,
            recipient=head,
            subject="Hello",
            body_text="Dear Headteacher Tester",
            status=status,
        )
    return head


def test_a_lead_erases_a_person_keeping_counts_records_and_audit(
    rich_world: World, head: User, client: Any
) -> None:
    lead = rich_world.user("wellbeing_lead")
    old_name, old_email = head.full_name, head.email
    membership_pk = head.memberships.get().pk
    entries_before = set(LogEntry.objects.values_list("pk", flat=True))
    assert old_name in _log_text()  # the membership's creation was audited under the name
    counts = _counts()
    client.force_login(lead)

    page = client.get(_erase_url(head))
    assert page.status_code == 200
    assert old_name in page.content.decode()
    refused = client.post(_erase_url(head), {"confirmation": "erase"})
    assert refused.status_code == 200
    assert "There is a problem" in refused.content.decode()
    head.refresh_from_db()
    assert head.full_name == old_name  # nothing happened without the typed confirmation

    done = client.post(_erase_url(head), {"confirmation": "ERASE"})
    assert done.status_code == 302
    head.refresh_from_db()
    assert head.full_name == f"Erased person {head.pk}"
    assert head.email == f"erased-{head.pk}@erased.invalid"
    assert not head.is_active
    assert not head.has_usable_password()
    assert not head.memberships.exists()
    assert not Authenticator.objects.filter(user=head).exists()
    assert not CalendarFeed.objects.filter(user=head).exists()
    profile = BuddyProfile.objects.get(user=head)
    assert (profile.available, profile.availability, profile.profile) == (False, "", "")

    # Counts and records stay, pointing at the anonymous account.
    assert _counts() == counts
    assert Inspection.objects.get(pk=rich_world.services["inspection"].pk).head == head
    assert Concern.objects.get(pk=rich_world.services["concern"].pk).raised_by == head
    assert Action.objects.get(pk=rich_world.charters["action"].pk).owner == head
    assert Pledge.objects.filter(user=head).count() == 1
    pairing = BuddyPairing.objects.get(pk=rich_world.services["pairing"].pk)
    assert (pairing.head, pairing.status) == (head, BuddyPairing.Status.ENDED)

    # Every audit entry stays; the role's removal is audited; the name appears nowhere.
    assert entries_before < set(LogEntry.objects.values_list("pk", flat=True))
    deleted = LogEntry.objects.get(object_pk=str(membership_pk), action=LogEntry.Action.DELETE)
    assert deleted.object_repr.startswith(f"Erased person {head.pk}")
    assert old_name not in _log_text()
    assert old_email not in _log_text()
    erasure = LogEntry.objects.get_for_object(head).get()
    assert (erasure.actor, erasure.changes) == (lead, {"erased": ["no", "yes"]})

    # Nothing more goes to them; the copy of what was sent no longer says anything.
    assert list(OutboxEmail.objects.values_list("key", "to_email", "body_text")) == [
        ("sent", head.email, "")
    ]
    # Once erased, they are no longer anyone's to erase.
    assert client.get(_erase_url(head)).status_code == 404


@pytest.mark.parametrize(
    ("actor", "target"),
    [
        ("other_org_lead", "staff"),  # outside their organisation
        ("wellbeing_lead", "wellbeing_lead"),  # themselves
        ("wellbeing_lead", "platform_admin"),
        ("senior_officer", "staff"),  # not a lead
        ("staff", "staff"),
    ],
)
def test_erasure_out_of_scope_is_not_found_and_changes_nothing(
    rich_world: World, client: Any, actor: str, target: str
) -> None:
    person = rich_world.user(target)
    client.force_login(rich_world.user(actor))
    assert client.get(_erase_url(person)).status_code == 404
    assert client.post(_erase_url(person), {"confirmation": "ERASE"}).status_code == 404
    person.refresh_from_db()
    assert person.is_active
    assert not person.full_name.startswith("Erased")


def test_someone_who_also_works_elsewhere_is_erased_by_a_platform_admin_only(
    rich_world: World, client: Any
) -> None:
    staff = rich_world.user("staff")
    MembershipFactory.create(user=staff, role=Role.STAFF, school=rich_world.other_school)
    client.force_login(rich_world.user("wellbeing_lead"))
    assert client.get(_erase_url(staff)).status_code == 404
    client.force_login(rich_world.user("platform_admin"))
    assert client.post(_erase_url(staff), {"confirmation": "ERASE"}).status_code == 302
    assert not Membership.objects.filter(user=staff).exists()


def test_an_officers_assignments_lose_their_name_in_the_audit_log(world: World) -> None:
    officer = world.user("link_officer")
    assert "Link Officer Tester → Alpha Primary" in _log_text()
    person_erase(user=officer, by=world.user("wellbeing_lead"))
    assert "Link Officer Tester" not in _log_text()
    assert f"Erased person {officer.pk} → Alpha Primary" in _log_text()


def test_the_finder_names_only_people_in_scope(rich_world: World, client: Any) -> None:
    client.force_login(rich_world.user("other_org_lead"))
    url = reverse("privacy:erase_find")
    refused = client.post(url, {"email": "staff@example.org"})
    assert refused.status_code == 200
    assert "Nobody you can erase" in refused.content.decode()
    client.force_login(rich_world.user("wellbeing_lead"))
    found = client.post(url, {"email": "STAFF@example.org"})
    assert found.headers["Location"] == _erase_url(rich_world.user("staff"))


def test_the_service_refuses_self_erasure(world: World) -> None:
    lead = world.user("wellbeing_lead")
    with pytest.raises(ValueError, match="themselves"):
        person_erase(user=lead, by=lead)
    lead.refresh_from_db()
    assert lead.is_active
