"""The protocol timeline: items made from the organisation's protocol version, due in
working time, fulfilled by contacts, chased and escalated, and edits that leave running
inspections alone."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from inspections import services, timeline
from inspections.models import (
    Contact,
    EvaluationArea,
    ExpectedContact,
    Grade,
    Inspection,
    ProtocolStep,
    SupportPlan,
)
from wellbeing_portal.outbox.models import OutboxEmail

from ..conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

MONDAY_CALL = dt.datetime(2026, 11, 23, 10, 5, tzinfo=dt.UTC)  # GMT: local time too


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A wall-clock time in the portal's time zone (London)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


def _log(world: World) -> Inspection:
    with time_machine.travel(MONDAY_CALL, tick=False):
        return services.inspection_log(
            school=world.school,
            logged_by=world.user("headteacher"),
            **services.inspection_defaults(),
        )


def _item(inspection: Inspection, description_start: str, day: int = 0) -> ExpectedContact:
    return inspection.expected_contacts.select_related("step").get(
        step__description__startswith=description_start, day=day
    )


def test_the_default_protocol_makes_the_timeline_with_working_time_due_times(
    world: World,
) -> None:
    inspection = _log(world)
    assert inspection.protocol_version is not None
    assert inspection.protocol_version.number == 1
    # Two hours after a 10.05 call; before the first day starts; the end of each inspection
    # day; not the conditional steps.
    assert _item(inspection, "Acknowledge").due_at == local(2026, 11, 23, 12, 5)
    assert _item(inspection, "Buddy check-in").due_at == local(2026, 11, 24, 9, 0)
    assert _item(inspection, "Check in with the head at the end", 0).due_at == local(
        2026, 11, 24, 17, 0
    )
    assert _item(inspection, "Check in with the head at the end", 1).due_at == local(
        2026, 11, 25, 17, 0
    )
    assert not inspection.expected_contacts.filter(step__condition="concern").exists()
    assert not inspection.expected_contacts.filter(step__condition="support_plan").exists()
    publication = _item(inspection, "Check in with the head on the day")
    assert publication.due_at is None  # until the report's date is known


def test_dates_move_the_after_steps_and_publication_gives_its_check_in_a_time(
    world: World,
) -> None:
    inspection = _log(world)
    assert _item(inspection, "Decide the follow-up").due_at == local(2026, 11, 26, 17, 0)
    with time_machine.travel(dt.datetime(2027, 1, 15, 12, tzinfo=dt.UTC), tick=False):
        services.inspection_dates_save(
            inspection=inspection,
            final_feedback_at=local(2026, 11, 25, 15, 0),
            draft_report_received_on=dt.date(2026, 12, 18),
            report_published_on=dt.date(2027, 1, 12),
        )
    assert _item(inspection, "Decide the follow-up").due_at == local(2026, 11, 26, 17, 0)
    assert _item(inspection, "Complete the feedback form").due_at == local(2026, 12, 2, 17, 0)
    assert _item(inspection, "Check in with the head on the day").due_at == local(
        2027, 1, 12, 17, 0
    )
    # Five working days to comment on a draft received the Friday before Christmas.
    assert services.comments_due_on(inspection) == dt.date(2026, 12, 29)


def test_bad_dates_are_refused_and_nothing_changes(world: World) -> None:
    inspection = _log(world)
    with pytest.raises(ValidationError) as error:
        services.inspection_dates_save(
            inspection=inspection,
            final_feedback_at=local(2026, 11, 20, 15, 0),
            draft_report_received_on=dt.date(2026, 11, 1),
            report_published_on=None,
        )
    assert set(error.value.message_dict) == {"final_feedback_at", "draft_report_received_on"}
    inspection.refresh_from_db()
    assert inspection.final_feedback_at is None


def test_a_start_before_the_call_is_refused(world: World) -> None:
    with (
        pytest.raises(ValidationError, match="cannot start before the call"),
        time_machine.travel(MONDAY_CALL, tick=False),
    ):
        services.inspection_log(
            school=world.school,
            logged_by=world.user("headteacher"),
            **{**services.inspection_defaults(), "expected_start": dt.date(2026, 11, 20)},
        )
    assert not Inspection.objects.exists()


def test_a_contact_fulfils_the_item_it_answers(world: World) -> None:
    inspection = _log(world)
    item = _item(inspection, "Acknowledge")
    with time_machine.travel(MONDAY_CALL + dt.timedelta(hours=1), tick=False):
        services.contact_log(
            inspection=inspection,
            by=world.user("link_officer"),
            answers=item,
            happened_at=timezone.now(),
            with_whom="The head",
            channel="phone",
            phase="before",
            notes="Explained how we will be involved.",
            wellbeing_flag=False,
        )
    item.refresh_from_db()
    assert item.done_at == MONDAY_CALL + dt.timedelta(hours=1)
    assert item.status(MONDAY_CALL + dt.timedelta(days=3)) == "done"


def test_a_contact_in_the_future_is_refused_and_nothing_is_stored(world: World) -> None:
    inspection = _log(world)
    item = _item(inspection, "Acknowledge")
    with time_machine.travel(MONDAY_CALL, tick=False), pytest.raises(ValidationError) as error:
        services.contact_log(
            inspection=inspection,
            by=world.user("link_officer"),
            answers=item,
            happened_at=MONDAY_CALL + dt.timedelta(hours=3),
            with_whom="The head",
            channel="phone",
            phase="before",
        )
    assert "future" in error.value.message_dict["happened_at"][0]
    assert not Contact.objects.exists()
    item.refresh_from_db()
    assert item.done_at is None


def test_a_contact_cannot_answer_another_inspections_item(world: World, client) -> None:
    inspection = _log(world)
    other = world.services.get("inspection")  # not in this world: make one elsewhere
    assert other is None
    client.force_login(world.user("link_officer"))
    foreign = ExpectedContact.objects.exclude(inspection=inspection).first()
    assert foreign is None  # the only items are this inspection's
    with time_machine.travel(MONDAY_CALL + dt.timedelta(hours=1), tick=False):
        response = client.post(
            reverse("inspections:contact_new", kwargs={"pk": inspection.pk}),
            {
                "answers": "999999",
                "happened_at": "2026-11-23T11:00",
                "with_whom": "The head",
                "channel": "phone",
                "phase": "before",
            },
        )
    assert response.status_code == 400
    assert not Contact.objects.exists()


def test_editing_the_protocol_leaves_running_inspections_on_their_version(
    world: World, client
) -> None:
    running = _log(world)
    before = set(running.expected_contacts.values_list("step__description", flat=True))
    steps = [
        {
            "phase": "before",
            "responsible": "link_officer",
            "anchor": "notification",
            "offset": 1,
            "unit": "hours",
            "condition": "always",
            "description": "Ring the head within the hour",
        }
    ]
    version = timeline.protocol_save(
        organisation=world.trust, steps=steps, escalation_grace_hours=2, by=None
    )
    assert version.number == 2
    running.refresh_from_db()
    timeline.timeline_refresh(inspection=running)
    assert running.protocol_version is not None and running.protocol_version.number == 1
    assert set(running.expected_contacts.values_list("step__description", flat=True)) == before
    # The inspection starts on Tuesday: only then can it be under way, and over.
    with time_machine.travel(MONDAY_CALL + dt.timedelta(days=1), tick=False):
        services.inspection_phase_set(inspection=running, phase="before")
        services.inspection_phase_set(inspection=running, phase="during")
        services.inspection_phase_set(inspection=running, phase="after")
        services.inspection_phase_set(inspection=running, phase="closed")
    fresh = _log(world)
    assert fresh.protocol_version == version
    assert list(fresh.expected_contacts.values_list("step__description", flat=True)) == [
        "Ring the head within the hour"
    ]


def test_a_bad_protocol_step_saves_nothing(world: World, client) -> None:
    timeline.protocol_current(organisation=world.trust)
    client.force_login(world.user("wellbeing_lead"))
    url = reverse("inspections:protocol", kwargs={"slug": world.trust.slug})
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "escalation_grace_hours": "4",
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "60",
        "steps-0-phase": "before",
        "steps-0-description": "Ring the head",
        "steps-0-responsible": "link_officer",
        "steps-0-offset": "99",
        "steps-0-unit": "hours",
        "steps-0-anchor": "notification",
        "steps-0-condition": "always",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Step 1, due after" in response.content.decode()
    assert world.trust.protocol_versions.count() == 1
    response = client.post(url, {**data, "steps-0-offset": "1"})
    assert response.status_code == 302
    latest = world.trust.protocol_versions.get(number=2)
    assert latest.steps.get().description == "Ring the head"


def test_an_overdue_item_reminds_then_escalates_then_stops_once_fulfilled(
    world: World,
) -> None:
    inspection = _log(world)
    item = _item(inspection, "Acknowledge")  # due 12.05, link officer, grace 4 hours

    def emails(kind: str) -> list[str]:
        return sorted(OutboxEmail.objects.filter(kind=kind).values_list("to_email", flat=True))

    with time_machine.travel(local(2026, 11, 23, 12, 0), tick=False):
        timeline.timeline_chase()
    assert emails("inspections.overdue") == []  # not due yet
    with time_machine.travel(local(2026, 11, 23, 12, 10), tick=False):
        timeline.timeline_chase()
        timeline.timeline_chase()  # and again: still one reminder
    assert emails("inspections.overdue") == [world.user("link_officer").email]
    with time_machine.travel(local(2026, 11, 23, 16, 0), tick=False):
        timeline.timeline_chase()
    assert emails("inspections.escalated") == []  # four working hours from the reminder
    with time_machine.travel(local(2026, 11, 23, 16, 11), tick=False):
        timeline.timeline_chase()
        timeline.timeline_chase()
    assert emails("inspections.escalated") == [world.user("senior_officer").email]
    item.refresh_from_db()
    assert item.reminded_at and item.escalated_at

    # Another overdue item is fulfilled between reminder and escalation: no escalation.
    agree = _item(inspection, "Agree with the head how")  # due 14.05
    with time_machine.travel(local(2026, 11, 23, 14, 30), tick=False):
        timeline.timeline_chase()
        services.contact_log(
            inspection=inspection,
            by=world.user("link_officer"),
            answers=agree,
            happened_at=timezone.now(),
            with_whom="The head",
            channel="phone",
            phase="before",
        )
    with time_machine.travel(local(2026, 11, 24, 12, 0), tick=False):
        timeline.timeline_chase()
    agree.refresh_from_db()
    assert agree.reminded_at is not None and agree.escalated_at is None
    escalated_objects = OutboxEmail.objects.filter(kind="inspections.escalated")
    assert f"expected:{agree.pk}" not in "".join(escalated_objects.values_list("key", flat=True))


def test_a_concern_goes_to_the_senior_officer_and_starts_the_concern_steps(
    world: World,
) -> None:
    inspection = _log(world)
    with time_machine.travel(local(2026, 11, 24, 16, 30), tick=False):
        concern = services.concern_raise(
            inspection=inspection,
            by=world.user("headteacher"),
            category="conduct",
            severity="high",
            description="Shouted at staff.",
        )
    assert concern.act_by == local(2026, 11, 25, 9, 30)  # within the working hour
    sent = OutboxEmail.objects.filter(kind="inspections.concern")
    assert list(sent.values_list("to_email", flat=True)) == [world.user("senior_officer").email]
    assert "code of conduct" in sent.get().body_text
    assert inspection.expected_contacts.filter(step__condition="concern").count() == 2
    with (
        time_machine.travel(local(2026, 11, 26, 10, 0), tick=False),
        pytest.raises(ValidationError, match="Resolve the open concerns"),
    ):
        for phase in ("before", "during", "after", "closed"):
            services.inspection_phase_set(inspection=inspection, phase=phase)


def test_a_negative_provisional_outcome_opens_a_support_plan_with_check_ins(
    world: World,
) -> None:
    inspection = _log(world)
    areas = list(EvaluationArea.objects.filter(framework__starts_on="2025-11-10"))
    leadership = next(a for a in areas if a.name == "Leadership and governance")
    safeguarding = next(a for a in areas if a.name == "Safeguarding")
    needs_attention = Grade.objects.get(scale=leadership.scale, label="Needs attention")
    met = Grade.objects.get(scale=safeguarding.scale, label="Met")
    with pytest.raises(ValidationError, match="choose a grade from its scale"):
        services.outcome_save(
            inspection=inspection, grades={safeguarding.pk: needs_attention.pk}, areas=areas
        )
    assert not inspection.provisional_grades.exists()
    services.outcome_save(
        inspection=inspection,
        grades={leadership.pk: needs_attention.pk, safeguarding.pk: met.pk},
        areas=areas,
    )
    plan = SupportPlan.objects.get(inspection=inspection)
    assert "Leadership and governance" in plan.reason
    check_ins = inspection.expected_contacts.filter(step__description__contains="check-in (")
    assert check_ins.count() == 4


def test_phases_move_one_at_a_time(world: World) -> None:
    inspection = _log(world)
    with pytest.raises(ValidationError, match="one phase at a time"):
        services.inspection_phase_set(inspection=inspection, phase="after")
    assert services.inspection_phase_set(inspection=inspection, phase="before").phase == "before"


def test_a_deferral_request_adds_the_senior_officers_step(world: World, client) -> None:
    inspection = _log(world)
    client.force_login(world.user("headteacher"))
    with time_machine.travel(MONDAY_CALL + dt.timedelta(minutes=20), tick=False):
        response = client.post(
            reverse("inspections:request_new", kwargs={"pk": inspection.pk}),
            {
                "kind": "deferral",
                "requested_by": "head",
                "requested_at": "2026-11-23T10:20",
                "reason": "Our deputy is in hospital.",
            },
        )
    assert response.status_code == 302
    step = inspection.expected_contacts.get(step__condition=ProtocolStep.Condition.DEFERRAL)
    # Two working hours from the request, not from the call: it was not overdue at birth.
    assert step.due_at == local(2026, 11, 23, 12, 20)


@pytest.mark.django_db(transaction=True)
def test_the_notification_fans_out_once_even_from_two_workers_at_once(world: World) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent writers need PostgreSQL.")
    inspection = _log(world)
    first = OutboxEmail.objects.filter(kind="inspections.notified").count()
    assert first >= 3  # link officer, senior officer, chair
    barrier = threading.Barrier(2)

    def dispatch() -> None:
        barrier.wait()
        try:
            services.inspection_notify(inspection=inspection, logged_by=world.user("headteacher"))
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatch) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sent = OutboxEmail.objects.filter(kind="inspections.notified")
    assert sent.count() == first
    assert len(set(sent.values_list("to_email", flat=True))) == first


def test_a_retried_dispatch_later_tells_nobody_twice(world: World) -> None:
    inspection = _log(world)
    first = OutboxEmail.objects.filter(kind="inspections.notified").count()
    with time_machine.travel(MONDAY_CALL + dt.timedelta(minutes=17), tick=False):
        # Without the person who logged it, only the head (who logged it) is new.
        assert services.inspection_notify(inspection=inspection) == 1
        assert services.inspection_notify(inspection=inspection) == 0
    assert OutboxEmail.objects.filter(kind="inspections.notified").count() == first + 1


def test_a_due_time_that_moves_later_is_chased_afresh(world: World) -> None:
    inspection = _log(world)
    item = _item(inspection, "Attend final feedback")  # estimated: 17.00 on the last day
    assert item.due_at == local(2026, 11, 25, 17, 0)
    with time_machine.travel(local(2026, 11, 25, 17, 30), tick=False):
        timeline.timeline_chase()
    item.refresh_from_db()
    assert item.reminded_at is not None
    # Final feedback actually ran late, at 17.20: the item is due then, not yet chased.
    with time_machine.travel(local(2026, 11, 25, 17, 40), tick=False):
        services.inspection_dates_save(
            inspection=inspection, final_feedback_at=local(2026, 11, 25, 17, 20)
        )
    item.refresh_from_db()
    assert item.due_at == local(2026, 11, 25, 17, 20)
    assert item.reminded_at is None and item.escalated_at is None
    # A one-day step anchored after hours counts from the next working day.
    assert _item(inspection, "Decide the follow-up").due_at == local(2026, 11, 27, 17, 0)


def test_the_call_details_can_be_corrected_and_the_timeline_follows(world: World) -> None:
    inspection = _log(world)
    with time_machine.travel(MONDAY_CALL + dt.timedelta(hours=1), tick=False):
        with pytest.raises(ValidationError, match="more than 60 days"):
            services.inspection_details_save(
                inspection=inspection, expected_start=dt.date(9999, 12, 31)
            )
        services.inspection_details_save(inspection=inspection, expected_start=dt.date(2026, 12, 1))
    assert _item(inspection, "Check in with the head at the end", 0).due_at == local(
        2026, 12, 1, 17, 0
    )
    inspection.refresh_from_db()
    assert inspection.phase == "notified"  # nothing else changed
