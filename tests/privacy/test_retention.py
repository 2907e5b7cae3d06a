"""The retention purge blanks free text and keeps every row, date, count and outcome."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from inspections.models import (
    Concern,
    Contact,
    Inspection,
    InspectionRequest,
    LearningReview,
)
from privacy.services import PURGED_TEXT, retention_purge
from wellbeing_portal.outbox.models import OutboxEmail
from wellbeing_portal.outbox.services import outbox_send_due

from ..conftest import World

pytestmark = pytest.mark.dates

PUBLISHED = dt.date(2026, 12, 18)


@pytest.fixture
def closed(rich_world: World, settings: Any) -> Inspection:
    settings.PORTAL_RETAIN_INSPECTION_NOTES_DAYS = 100
    inspection: Inspection = rich_world.services["inspection"]
    head = rich_world.user("headteacher")
    Inspection.objects.filter(pk=inspection.pk).update(
        phase=Inspection.Phase.CLOSED, report_published_on=PUBLISHED, worries="Sleepless."
    )
    Concern.objects.filter(pk=rich_world.services["concern"].pk).update(
        resolution="Spoke to the lead inspector.", resolved_at=timezone.now()
    )
    InspectionRequest.objects.filter(pk=rich_world.services["request"].pk).update(
        outcome=InspectionRequest.Outcome.GRANTED, outcome_note="Granted by phone."
    )
    Contact.objects.create(
        inspection=inspection,
        happened_at=inspection.call_received_at,
        with_whom="The head",
        channel=Contact.Channel.PHONE,
        phase="before",
        notes="Talked through the first day.",
        logged_by=rich_world.user("link_officer"),
    )
    LearningReview.objects.create(
        inspection=inspection,
        held_on=PUBLISHED,
        attendees="Head, chair",
        what_happened="A long week.",
        what_helped="The buddy.",
        what_we_will_change="Earlier calls.",
        recorded_by=head,
    )
    inspection.refresh_from_db()
    return inspection


def _facts(inspection: Inspection) -> dict[str, Any]:
    """What aggregates and history are built from: rows, dates and outcomes."""
    return {
        "inspection": Inspection.objects.filter(pk=inspection.pk)
        .values("phase", "expected_start", "report_published_on", "call_received_at")
        .get(),
        "contacts": list(inspection.contacts.values_list("pk", "happened_at", "channel")),
        "concerns": list(
            inspection.concerns.values_list(
                "pk", "category", "severity", "raised_at", "resolved_at"
            )
        ),
        "requests": list(inspection.requests.values_list("pk", "kind", "outcome")),
        "reviews": LearningReview.objects.filter(inspection=inspection).count(),
    }


def _texts(inspection: Inspection) -> list[str]:
    inspection.refresh_from_db()
    review = LearningReview.objects.get(inspection=inspection)
    return [
        inspection.worries,
        *inspection.contacts.values_list("notes", flat=True),
        *inspection.concerns.values_list("description", flat=True),
        *inspection.concerns.values_list("resolution", flat=True),
        *inspection.requests.values_list("reason", flat=True),
        *inspection.requests.values_list("outcome_note", flat=True),
        review.attendees,
        review.what_happened,
        review.what_helped,
        review.what_we_will_change,
    ]


def test_closed_inspection_text_is_kept_until_the_retention_period_ends(
    closed: Inspection,
) -> None:
    result = retention_purge(today=PUBLISHED + dt.timedelta(days=100))
    assert result["inspection_records"] == 0
    assert all(_texts(closed))
    assert PURGED_TEXT not in _texts(closed)


def test_purge_blanks_text_keeps_aggregates_and_is_idempotent(closed: Inspection) -> None:
    before = _facts(closed)
    today = PUBLISHED + dt.timedelta(days=101)
    # Inspection, contact, concern, request and learning review each lost text.
    assert retention_purge(today=today)["inspection_records"] == 5
    assert set(_texts(closed)) == {PURGED_TEXT}
    assert _facts(closed) == before
    assert retention_purge(today=today) == {
        "survey_comments": 0,
        "inspection_records": 0,
        "outbox_bodies": 0,
    }
    assert _facts(closed) == before


def test_inspections_that_are_not_closed_keep_their_text(closed: Inspection) -> None:
    Inspection.objects.filter(pk=closed.pk).update(phase=Inspection.Phase.AFTER)
    assert retention_purge(today=PUBLISHED + dt.timedelta(days=400))["inspection_records"] == 0
    assert PURGED_TEXT not in _texts(closed)


def test_without_a_report_the_first_day_counts(closed: Inspection) -> None:
    Inspection.objects.filter(pk=closed.pk).update(report_published_on=None)
    start = closed.expected_start
    assert retention_purge(today=start + dt.timedelta(days=100))["inspection_records"] == 0
    assert retention_purge(today=start + dt.timedelta(days=101))["inspection_records"] == 5


@pytest.mark.django_db
def test_sent_email_bodies_are_blanked_and_never_sent_again(settings: Any, mailoutbox: Any) -> None:
    settings.PORTAL_RETAIN_OUTBOX_BODY_DAYS = 30
    now = timezone.now()

    def row(key: str, status: str, sent_days_ago: int | None) -> OutboxEmail:
        return OutboxEmail.objects.create(
            key=key,
            kind="test",
            to_email="head@example.org",
            subject="Subject stays",
            body_text="Dear head",
            body_html="<p>Dear head</p>",
            due_at=now - dt.timedelta(days=60),
            status=status,
            sent_at=None if sent_days_ago is None else now - dt.timedelta(days=sent_days_ago),
        )

    old = row("old", OutboxEmail.Status.SENT, 31)
    recent = row("recent", OutboxEmail.Status.SENT, 29)
    pending = row("pending", OutboxEmail.Status.PENDING, None)
    today = timezone.localdate() + dt.timedelta(days=1)
    assert retention_purge(today=today)["outbox_bodies"] == 1
    assert retention_purge(today=today)["outbox_bodies"] == 0
    old.refresh_from_db()
    assert (old.body_text, old.body_html) == ("", "")
    assert (old.key, old.subject, old.status) == ("old", "Subject stays", OutboxEmail.Status.SENT)
    recent.refresh_from_db()
    pending.refresh_from_db()
    assert recent.body_text == pending.body_text == "Dear head"
    outbox_send_due(now=now)
    assert [m.subject for m in mailoutbox] == ["Subject stays"]  # only the pending one
    assert OutboxEmail.objects.count() == 3


def test_the_purge_runs_daily_from_beat(settings: Any) -> None:
    from privacy import tasks

    entry = settings.CELERY_BEAT_SCHEDULE["privacy-retention-purge"]
    assert entry["task"] == tasks.retention_purge.name
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({4}, {30})


def test_survey_comments_go_with_the_purge_and_scores_stay(world: World, settings: Any) -> None:
    from surveys import services as survey_services
    from surveys.models import Answer, Comment, Response

    from ..surveys.factories import CLOSES, open_wave, respond

    settings.SURVEY_COMMENT_RETENTION_DAYS = 30
    wave = open_wave(organisation=world.trust, schools=[world.school])
    respond(wave, world.school, 2, comment="Please fix the photocopier.")
    survey_services.wave_close(wave=wave)
    answers = Answer.objects.count()
    assert retention_purge(today=CLOSES + dt.timedelta(days=30))["survey_comments"] == 0
    assert retention_purge(today=CLOSES + dt.timedelta(days=31))["survey_comments"] == 2
    assert retention_purge(today=CLOSES + dt.timedelta(days=31))["survey_comments"] == 0
    assert not Comment.objects.exists()
    assert (Response.objects.count(), Answer.objects.count()) == (2, answers)
