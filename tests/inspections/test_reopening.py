"""Reopening a closed inspection record: only a senior officer of the organisation, only
with a reason; the record goes back to the phase it was closed from, and the audit log
and the record's page say who reopened it, when and why."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inspections import selectors, services
from inspections.models import Inspection
from wellbeing_portal.people.models import Role

from ..conftest import World
from ..factories import MembershipFactory, UserFactory, give_totp
from .closed_record import HEAD, NOW, OFFICER, SENIOR, Closed, close_from

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

REASON = "The publication date was recorded wrongly: it needs putting right."


@pytest.fixture(autouse=True)
def _frozen(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


def test_a_senior_officer_reopens_with_a_reason_and_the_audit_log_keeps_it(
    closed: Closed, client: Any
) -> None:
    pk = closed.inspection.pk
    senior = closed.world.user(SENIOR)
    client.force_login(senior)
    response = client.post(reverse("inspections:reopen", kwargs={"pk": pk}), {"reason": REASON})
    assert response.status_code == 302
    assert response["Location"] == reverse("inspections:detail", kwargs={"pk": pk})
    record = Inspection.objects.get(pk=pk)
    assert (record.phase, record.closed_from_phase) == ("after", "")

    entry = selectors.reopenings_of(inspection=record).get()
    assert entry.actor == senior and entry.timestamp == NOW
    assert entry.additional_data == {selectors.REOPENED_BECAUSE: REASON}
    assert entry.changes_dict["phase"] == ["closed", "after"]
    page = client.get(reverse("inspections:detail", kwargs={"pk": pk})).content.decode()
    assert f"Reopened by {senior.full_name} on 8 December 2026, 11:00: {REASON}" in page
    assert services.CLOSED_MESSAGE not in page
    audit = client.get(reverse("inspections:audit", kwargs={"pk": pk})).content.decode()
    assert REASON in audit

    # Open again: the head can put the record right.
    client.force_login(closed.world.user(HEAD))
    response = client.post(
        reverse("inspections:dates", kwargs={"pk": pk}),
        {"final_feedback_at": "2026-11-25T15:00", "report_published_on": "2026-12-07"},
    )
    assert response.status_code == 302
    assert Inspection.objects.get(pk=pk).report_published_on == dt.date(2026, 12, 7)


def test_reopening_goes_back_to_the_phase_it_was_closed_from(rich_world: World) -> None:
    inspection = close_from(rich_world, "before", "during")
    assert inspection.closed_from_phase == "during"
    reopened = services.inspection_reopen(
        inspection=inspection, by=rich_world.user(SENIOR), reason=REASON
    )
    assert reopened.phase == "during"
    # A record closed before the phase was kept goes back to "after".
    Inspection.objects.filter(pk=inspection.pk).update(phase="closed", closed_from_phase="")
    reopened = services.inspection_reopen(
        inspection=inspection, by=rich_world.user(SENIOR), reason=REASON
    )
    assert reopened.phase == "after"
    assert selectors.reopenings_of(inspection=inspection).count() == 2


def test_reopening_needs_a_reason(closed: Closed, client: Any) -> None:
    pk = closed.inspection.pk
    client.force_login(closed.world.user(SENIOR))
    for reason in ("", "   "):
        response = client.post(reverse("inspections:reopen", kwargs={"pk": pk}), {"reason": reason})
        assert response.status_code == 400
        assert "Say why you are reopening the record." in response.content.decode()
    with pytest.raises(ValidationError, match="Say why"):
        services.inspection_reopen(
            inspection=closed.inspection, by=closed.world.user(SENIOR), reason="  "
        )
    assert Inspection.objects.get(pk=pk).phase == "closed"
    assert not selectors.reopenings_of(inspection=closed.inspection).exists()


def test_only_the_organisations_senior_officers_can_reopen(closed: Closed, client: Any) -> None:
    world = closed.world
    elsewhere = UserFactory.create()
    MembershipFactory.create(
        user=elsewhere, role=Role.SENIOR_OFFICER, organisation=world.other_trust
    )
    give_totp(elsewhere)
    url = reverse("inspections:reopen", kwargs={"pk": closed.inspection.pk})
    for person in (
        *(world.user(r) for r in ("headteacher", "school_leader", "link_officer", "chair")),
        *(world.user(r) for r in ("governor", "wellbeing_lead", "platform_admin")),
        elsewhere,
    ):
        client.force_login(person)
        assert client.post(url, {"reason": REASON}).status_code == 404, person
    client.logout()
    response = client.post(url, {"reason": REASON})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    with pytest.raises(ValidationError, match="Only a senior officer"):
        services.inspection_reopen(
            inspection=closed.inspection, by=world.user(OFFICER), reason=REASON
        )
    assert Inspection.objects.get(pk=closed.inspection.pk).phase == "closed"
    assert not selectors.reopenings_of(inspection=closed.inspection).exists()


def test_an_open_record_or_one_whose_school_has_another_open_is_not_reopened(
    rich_world: World, client: Any
) -> None:
    inspection: Inspection = rich_world.services["inspection"]
    senior = rich_world.user(SENIOR)
    client.force_login(senior)
    response = client.post(
        reverse("inspections:reopen", kwargs={"pk": inspection.pk}), {"reason": REASON}
    )
    assert response.status_code == 400
    assert "This inspection is not closed." in response.content.decode()

    close_from(rich_world, "before")
    services.inspection_log(
        school=rich_world.school,
        logged_by=rich_world.user(HEAD),
        **services.inspection_defaults(),
    )
    with pytest.raises(ValidationError, match="another inspection open"):
        services.inspection_reopen(inspection=inspection, by=senior, reason=REASON)
    assert Inspection.objects.get(pk=inspection.pk).phase == "closed"
    assert not selectors.reopenings_of(inspection=inspection).exists()


def test_the_platform_admin_cannot_edit_a_closed_record_in_the_admin(
    closed: Closed, client: Any
) -> None:
    inspection = closed.inspection
    client.force_login(closed.world.user("platform_admin"))
    url = reverse("admin:inspections_inspection_change", args=[inspection.pk])
    response = client.post(url, {"phase": Inspection.Phase.AFTER, "lead_inspector": "Changed"})
    assert response.status_code == 403
    inspection.refresh_from_db()
    assert inspection.phase == Inspection.Phase.CLOSED
    assert inspection.lead_inspector != "Changed"
