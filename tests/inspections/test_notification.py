"""Logging Ofsted's call: defaults that follow how Ofsted notifies, the right people told
once each, the record confidential and its reading audited."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from inspections import services
from inspections.models import Inspection
from support_directory.models import BuddyPairing, BuddyProfile
from wellbeing_portal.outbox.models import OutboxEmail
from wellbeing_portal.people.models import Role
from wellbeing_portal.people.services import membership_create

from ..conftest import World
from ..factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

MONDAY_CALL = dt.datetime(2026, 11, 23, 10, 5, tzinfo=dt.UTC)  # a Monday, after 9.30am


def test_defaults_follow_a_monday_call_for_a_two_day_inspection() -> None:
    defaults = services.inspection_defaults(now=MONDAY_CALL)
    assert defaults["expected_start"] == dt.date(2026, 11, 24)  # Tuesday
    assert defaults["expected_days"] == 2
    assert defaults["inspection_type"] == Inspection.Type.FULL
    friday = services.inspection_defaults(now=dt.datetime(2026, 11, 27, 11, tzinfo=dt.UTC))
    assert friday["expected_start"] == dt.date(2026, 11, 30)  # a deferred call: next Monday


def _log(world: World, **changes: object) -> Inspection:
    with time_machine.travel(MONDAY_CALL, tick=False):
        data = {
            **services.inspection_defaults(),
            "lead_inspector": "Ann Inspector",
            "senior_inspector_number": "0300 123 4666",
            "worries": "",
            **changes,
        }
        return services.inspection_log(
            school=world.school, logged_by=world.user("headteacher"), **data
        )


def test_the_right_people_are_told_once_each(world: World) -> None:
    buddy_user = UserFactory.create()
    membership_create(user=buddy_user, role=Role.HEADTEACHER, school=world.sibling_school)
    profile = BuddyProfile.objects.create(user=buddy_user, school=world.sibling_school)
    BuddyPairing.objects.create(
        buddy=profile,
        head=world.user("headteacher"),
        head_school=world.school,
        started_on=dt.date(2026, 9, 1),
    )
    inspection = _log(world)
    told = set(
        OutboxEmail.objects.filter(kind="inspections.notified").values_list("to_email", flat=True)
    )
    assert told == {world.user(r).email for r in ("link_officer", "senior_officer", "chair")} | {
        buddy_user.email
    }
    assert world.user("headteacher").email not in told  # the head logged it
    assert world.user("staff").email not in told
    assert world.user("governor").email not in told
    email = OutboxEmail.objects.get(to_email=world.user("chair").email)
    assert f"/inspections/{inspection.pk}/" in email.body_text
    assert "&#x27;" not in email.body_text


def test_a_second_open_inspection_for_the_school_is_refused(world: World) -> None:
    _log(world)
    with pytest.raises(ValidationError, match="already has an inspection"):
        _log(world)
    assert Inspection.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"expected_days": 9}, "between 1 and 5"),
        ({"senior_inspector_number": "ring Ofsted"}, "UK phone number"),
        ({"expected_start": dt.date(2026, 11, 20)}, "cannot start before the call"),
    ],
)
def test_bad_input_is_refused_and_nobody_is_told(
    world: World, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        _log(world, **changes)
    assert not Inspection.objects.exists()
    assert not OutboxEmail.objects.exists()


def test_an_officer_logs_on_the_heads_behalf(world: World, client) -> None:
    client.force_login(world.user("link_officer"))
    with time_machine.travel(MONDAY_CALL, tick=False):
        response = client.post(
            reverse("inspections:notify"),
            {
                "school": world.school.pk,
                "call_received_at": "2026-11-23T10:00",
                "inspection_type": "full",
                "expected_start": "2026-11-24",
                "expected_days": "2",
            },
        )
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert inspection.head == world.user("headteacher")
    assert inspection.logged_by == world.user("link_officer")


def test_reading_the_record_is_audited(world: World, client) -> None:
    inspection = _log(world)
    client.force_login(world.user("chair"))
    response = client.get(reverse("inspections:what_now", kwargs={"pk": inspection.pk}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "What happens now" in page
    assert "0300 123 4666" in page
    reads = LogEntry.objects.get_for_object(inspection).filter(action=LogEntry.Action.ACCESS)
    assert reads.get().actor == world.user("chair")


def test_the_lead_changes_what_heads_are_told(world: World, client) -> None:
    client.force_login(world.user("wellbeing_lead"))
    url = reverse("inspections:guidance", kwargs={"slug": world.trust.slug})
    form = client.get(url).content.decode()
    assert "senior inspector number" in form  # the portal's defaults, ready to edit
    response = client.post(
        url,
        {
            "our_support": "Sam will ring you within the hour.",
            "raising_concerns": "x",
            "pausing": "y",
            "sharing_outcome": "z",
        },
    )
    assert response.status_code == 302
    inspection = _log(world)
    client.force_login(world.user("headteacher"))
    page = client.get(
        reverse("inspections:what_now", kwargs={"pk": inspection.pk})
    ).content.decode()
    assert "Sam will ring you within the hour." in page


def test_the_call_cannot_be_in_the_future(world: World) -> None:
    with pytest.raises(ValidationError, match="future"):
        services.inspection_log(
            school=world.school,
            logged_by=world.user("headteacher"),
            **{
                **services.inspection_defaults(),
                "call_received_at": timezone.now() + dt.timedelta(days=1),
                "expected_start": (timezone.now() + dt.timedelta(days=2)).date(),
            },
        )


def test_the_chair_reads_the_record_but_not_the_ofsted_contacts_numbers(
    world: World, client
) -> None:
    from support_directory import services as directory

    directory.ofsted_contact_save(
        organisation=world.trust,
        name="Olive Inspector",
        experience="Serving inspector",
        phone="01632 960 999",
        email="",
        when_available="Weekdays",
    )
    inspection = _log(world)
    client.force_login(world.user("chair"))
    assert (
        "01632 960 999"
        not in client.get(
            reverse("inspections:what_now", kwargs={"pk": inspection.pk})
        ).content.decode()
    )
    client.force_login(world.user("headteacher"))
    assert (
        "01632 960 999"
        in client.get(
            reverse("inspections:what_now", kwargs={"pk": inspection.pk})
        ).content.decode()
    )


def test_the_buddy_is_told_but_not_given_the_heads_worries(world: World) -> None:
    buddy_user = UserFactory.create()
    membership_create(user=buddy_user, role=Role.HEADTEACHER, school=world.sibling_school)
    profile = BuddyProfile.objects.create(user=buddy_user, school=world.sibling_school)
    BuddyPairing.objects.create(
        buddy=profile,
        head=world.user("headteacher"),
        head_school=world.school,
        started_on=dt.date(2026, 9, 1),
    )
    _log(world, worries="I have not slept since the call.")
    to_buddy = OutboxEmail.objects.get(to_email=buddy_user.email)
    assert "not slept" not in to_buddy.body_text
    assert "/inspections/" not in to_buddy.body_text
    assert (
        "not slept" in OutboxEmail.objects.get(to_email=world.user("link_officer").email).body_text
    )
