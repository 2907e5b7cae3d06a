"""A closed inspection record is read-only (SPEC §8). The attack: every write URL of the
app, posted by the head, the link officer and the senior officer, and every write
service, called directly, on a closed record: nothing in the database changes and the
answer says why."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from inspections import selectors, services
from inspections.models import Inspection, SupportPlan

from ..conftest import World
from .closed_record import (
    EVERYONE_ON_IT,
    HEAD,
    NOW,
    OFFICER,
    OFFICERS,
    SENIOR,
    Closed,
    snapshot,
)

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


@pytest.fixture(autouse=True)
def _frozen(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


# The attack through the pages --------------------------------------------------------


@dataclass(frozen=True)
class Write:
    """One write URL, a post that would change the record if it were open, the roles
    the page exists for (others: 404), and how the page refuses: "form" (the form again,
    400, with the message) or "message" (a button: sent back, to the record unless
    `back` says where, with the message)."""

    name: str
    data: Callable[[Closed], dict[str, Any]]
    roles: tuple[str, ...] = EVERYONE_ON_IT
    kwargs: Callable[[Closed], dict[str, int]] = lambda c: {"pk": c.inspection.pk}
    refusal: str = "form"
    prepare: Callable[[Closed], object] = lambda c: None
    back: Callable[[Closed], str] = lambda c: reverse(
        "inspections:detail", kwargs={"pk": c.inspection.pk}
    )


def _on_open_concern(c: Closed) -> dict[str, int]:
    return {"pk": c.inspection.pk, "concern_pk": c.open_concern.pk}


WRITES = (
    Write("inspections:phase", lambda c: {"phase": "after"}, refusal="message"),
    Write(
        "inspections:details",
        lambda c: {
            "call_received_at": "2026-11-23T09:45",
            "inspection_type": "full",
            "expected_start": "2026-11-24",
            "expected_days": "3",
            "lead_inspector": "Someone else",
            "senior_inspector_number": "",
        },
    ),
    Write(
        "inspections:dates",
        lambda c: {
            "final_feedback_at": "2026-11-25T16:00",
            "draft_report_received_on": "2026-12-01",
            "report_published_on": "2026-12-07",
        },
    ),
    Write(
        "inspections:request_new",
        lambda c: {
            "kind": "pause",
            "requested_by": "head",
            "requested_at": "2026-11-24T10:00",
            "reason": "A pause, after the event.",
        },
    ),
    Write(
        "inspections:request_decide",
        lambda c: {"outcome": "granted", "outcome_note": "Rewritten later."},
        kwargs=lambda c: {"pk": c.inspection.pk, "request_pk": c.request.pk},
    ),
    Write("inspections:outcome", lambda c: {f"area_{c.area.pk}": str(c.other_grade.pk)}),
    Write(
        "inspections:concern_new",
        lambda c: {"category": "wellbeing", "severity": "high", "description": "Late news."},
    ),
    Write(
        "inspections:concern",
        lambda c: {"add_action": "1", "description": "Another action", "owner": "", "due_on": ""},
        roles=OFFICERS,
        kwargs=_on_open_concern,
    ),
    Write(
        "inspections:concern",
        lambda c: {"done": str(c.open_action.pk)},
        roles=OFFICERS,
        kwargs=_on_open_concern,
        refusal="message",
        back=lambda c: reverse("inspections:concern", kwargs=_on_open_concern(c)),
    ),
    Write(
        "inspections:concern",
        lambda c: {"resolve": "1", "resolution": "Resolved after closing."},
        roles=OFFICERS,
        kwargs=_on_open_concern,
    ),
    Write(
        "inspections:contact_new",
        lambda c: {
            "answers": "",
            "happened_at": "2026-12-08T10:00",
            "with_whom": "The head",
            "channel": "phone",
            "phase": "after",
            "notes": "A call after closing.",
        },
        roles=OFFICERS,
    ),
    Write(
        "inspections:support_plan",
        lambda c: {
            "reason": "Rewritten",
            "plan": "Rewritten",
            "agreed_with_governors_on": "2026-12-01",
            "closed_on": "",
        },
        roles=OFFICERS,
    ),
    # With no plan yet, the page's one button opens one.
    Write(
        "inspections:support_plan",
        lambda c: {"open": "1"},
        roles=OFFICERS,
        refusal="message",
        prepare=lambda c: SupportPlan.objects.filter(pk=c.plan.pk).delete(),
    ),
    Write(
        "inspections:feedback",
        lambda c: {"q0": "Rewritten after closing."},
        roles=OFFICERS,
    ),
    Write(
        "inspections:learning_review",
        lambda c: {
            "held_on": "2026-12-08",
            "attendees": "Nobody",
            "what_happened": "Rewritten.",
            "what_helped": "",
            "what_we_will_change": "Rewritten.",
        },
        roles=(SENIOR,),
    ),
)


def test_the_attack_covers_every_write_url_of_the_app() -> None:
    from inspections import urls

    reads = {
        "list",
        "board",
        "buddying",
        "calendar_feed",
        "detail",
        "what_now",
        "audit",
        # Not the record: the organisation's words and protocol, a person's calendar
        # address, logging a new inspection.
        "guidance",
        "protocol",
        "calendar",
        "notify",
        # The way in (test_reopening.py), and the buddy's page, which a closed record leaves.
        "reopen",
        "buddy_check_in",
    }
    names = {f"inspections:{p.name}" for p in urls.urlpatterns} - {
        f"inspections:{n}" for n in reads
    }
    assert names == {write.name for write in WRITES}


@pytest.mark.parametrize(
    "write", WRITES, ids=[f"{w.name.split(':')[1]}-{i}" for i, w in enumerate(WRITES)]
)
def test_posting_to_a_closed_record_changes_nothing_and_says_why(
    closed: Closed, client: Any, write: Write
) -> None:
    write.prepare(closed)
    url = reverse(write.name, kwargs=write.kwargs(closed))
    failures = []
    for role in EVERYONE_ON_IT:
        client.force_login(closed.world.user(role))
        before = snapshot(closed.inspection)
        response = client.post(url, write.data(closed))
        changed = [
            name for name, rows in snapshot(closed.inspection).items() if rows != before[name]
        ]
        if changed:
            failures.append(f"{role}: changed {changed}")
        if role not in write.roles:
            refused = response.status_code == 404
        elif write.refusal == "form":
            refused = (
                response.status_code == 400 and services.CLOSED_MESSAGE in response.content.decode()
            )
        else:
            told = [str(m) for m in get_messages(response.wsgi_request)]
            refused = (
                response.status_code == 302
                and response["Location"] == write.back(closed)
                and services.CLOSED_MESSAGE in told
            )
        if not refused:
            failures.append(f"{role}: answered {response.status_code}, not a clear refusal")
    assert not failures, "; ".join(failures)


def test_a_buddy_cannot_check_in_on_a_closed_record(closed: Closed, client: Any) -> None:
    client.force_login(closed.world.services["pairing"].buddy.user)
    before = snapshot(closed.inspection)
    response = client.post(
        reverse("inspections:buddy_check_in", kwargs={"pk": closed.inspection.pk}),
        {"happened_at": "2026-12-08T10:00", "channel": "phone", "notes": ""},
    )
    assert response.status_code == 404
    assert snapshot(closed.inspection) == before


def test_the_closed_record_offers_no_change_and_only_seniors_the_reopen_form(
    closed: Closed, client: Any
) -> None:
    pk = closed.inspection.pk
    writes = (
        "phase",
        "details",
        "dates",
        "request_new",
        "outcome",
        "concern_new",
        "contact_new",
        "support_plan",
        "feedback",
        "learning_review",
    )
    for role in (*EVERYONE_ON_IT, "chair"):
        client.force_login(closed.world.user(role))
        page = client.get(reverse("inspections:detail", kwargs={"pk": pk})).content.decode()
        assert services.CLOSED_MESSAGE in page, role
        for name in writes:
            assert reverse(f"inspections:{name}", kwargs={"pk": pk}) not in page, (role, name)
        reopen = reverse("inspections:reopen", kwargs={"pk": pk})
        assert (reopen in page) == (role == SENIOR), role
        concern = client.get(
            reverse("inspections:concern", kwargs={"pk": pk, "concern_pk": closed.open_concern.pk})
        ).content.decode()
        assert "Add action" not in concern and "Mark done" not in concern, role


# The attack on the services ------------------------------------------------------------


def _service_calls(c: Closed) -> dict[str, Callable[[], object]]:
    world, inspection = c.world, c.inspection
    officer, senior = world.user(OFFICER), world.user(SENIOR)
    contact: dict[str, Any] = {
        "happened_at": NOW - dt.timedelta(hours=1),
        "channel": "phone",
        "notes": "After closing.",
    }
    return {
        "inspection_details_save": lambda: services.inspection_details_save(
            inspection=inspection, lead_inspector="Someone else"
        ),
        "contact_log": lambda: services.contact_log(
            inspection=inspection,
            by=officer,
            **contact,
            with_whom="The head",
            phase="after",
        ),
        "buddy_check_in": lambda: services.buddy_check_in(
            inspection=inspection, by=world.services["pairing"].buddy.user, **contact
        ),
        "inspection_phase_set": lambda: services.inspection_phase_set(
            inspection=inspection, phase="after"
        ),
        "inspection_dates_save": lambda: services.inspection_dates_save(
            inspection=inspection, report_published_on=dt.date(2026, 12, 7)
        ),
        "request_record": lambda: services.request_record(
            inspection=inspection,
            by=officer,
            kind="pause",
            requested_by="head",
            requested_at=NOW - dt.timedelta(days=1),
            reason="Late.",
        ),
        "request_decide": lambda: services.request_decide(
            request=c.request, outcome="granted", note=""
        ),
        "outcome_save": lambda: services.outcome_save(
            inspection=inspection, grades={c.area.pk: c.other_grade.pk}, areas=[c.area]
        ),
        "concern_raise": lambda: services.concern_raise(
            inspection=inspection,
            by=world.user(HEAD),
            category="wellbeing",
            severity="high",
            description="Late.",
        ),
        "concern_action_add": lambda: services.concern_action_add(
            concern=c.open_concern, description="Another"
        ),
        "concern_action_done": lambda: services.concern_action_done(action=c.open_action),
        "concern_resolve": lambda: services.concern_resolve(
            concern=c.open_concern, by=senior, resolution="Late."
        ),
        "support_plan_open": lambda: services.support_plan_open(
            inspection=inspection, reason="Again"
        ),
        "support_plan_save": lambda: services.support_plan_save(
            support_plan=c.plan, plan="Rewritten"
        ),
        "feedback_save": lambda: services.feedback_save(
            inspection=inspection,
            by=officer,
            answers=dict.fromkeys(selectors.feedback_questions(inspection), "Rewritten."),
        ),
        "learning_review_save": lambda: services.learning_review_save(
            inspection=inspection,
            by=senior,
            what_we_will_change="Rewritten.",
        ),
    }


def test_every_write_service_refuses_a_closed_record_and_changes_nothing(
    closed: Closed,
) -> None:
    calls = _service_calls(closed)
    assert set(calls) == services.RECORD_WRITES
    before = snapshot(closed.inspection)
    for name, call in calls.items():
        with pytest.raises(ValidationError) as refused:
            call()
        assert refused.value.messages == [services.CLOSED_MESSAGE], name
        assert snapshot(closed.inspection) == before, name


def test_even_a_copy_loaded_while_the_record_was_open_cannot_write(rich_world: World) -> None:
    """The guard reads the record's phase from the database, not from the caller's copy."""
    inspection: Inspection = rich_world.services["inspection"]
    stale = Inspection.objects.get(pk=inspection.pk)
    services.concern_resolve(
        concern=rich_world.services["concern"], by=rich_world.user(SENIOR), resolution="Done."
    )
    services.inspection_phase_set(inspection=inspection, phase="closed")
    assert stale.phase == "notified"
    with pytest.raises(ValidationError, match="This inspection is closed"):
        services.inspection_details_save(inspection=stale, lead_inspector="Late")
    with pytest.raises(ValidationError, match="This inspection is closed"):
        services.inspection_phase_set(inspection=stale, phase="before")
    assert Inspection.objects.get(pk=inspection.pk).lead_inspector == ""


# Only record-writing services take a part of the record and are left unguarded on
# purpose: these read, compute or notify, or are the one way back in.
NOT_RECORD_WRITES = {
    "inspection_notify",
    "inspection_record_read",
    "comments_due_on",
    "inspection_reopen",
    "phase_move_refusal",  # a read: why the phase cannot move now
}
RECORD_PARTS = {"inspection", "concern", "action", "request", "support_plan"}


def test_every_service_that_takes_a_record_is_guarded() -> None:
    """A write service added later without `record_write` fails here."""
    takes_a_record = {
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__.startswith(f"{services.__name__}.")
        and not name.startswith("_")
        and RECORD_PARTS & set(inspect.signature(function).parameters)
    }
    assert takes_a_record - NOT_RECORD_WRITES == services.RECORD_WRITES
