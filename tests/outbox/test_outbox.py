"""The outbox: queued once, sent once, retried with backoff, failures recorded."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from wellbeing_portal.outbox import services
from wellbeing_portal.outbox.models import OutboxEmail
from wellbeing_portal.outbox.services import email_enqueue, outbox_purge_old, outbox_send_due

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)


def _queue(**overrides: object) -> OutboxEmail | None:
    fields = {
        "kind": "test.reminder",
        "obj": "thing:1",
        "to": "head@example.org",
        "subject": "A reminder",
        "body_text": "Hello",
        "due_at": NOW,
        **overrides,
    }
    return email_enqueue(**fields)  # type: ignore[arg-type]


def test_the_same_email_is_queued_once() -> None:
    assert _queue() is not None
    assert _queue() is None
    assert _queue(to="HEAD@example.org") is None  # the key ignores case
    assert _queue(obj="thing:2") is not None
    assert _queue(due_at=NOW + dt.timedelta(days=1)) is not None
    assert OutboxEmail.objects.count() == 3


def test_a_queued_email_rolls_back_with_its_transaction() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        _queue()
        raise RuntimeError("the write that needed the email failed")
    assert not OutboxEmail.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_only_due_emails_are_sent_and_each_only_once() -> None:
    _queue(obj="now")
    _queue(obj="later", due_at=NOW + dt.timedelta(hours=1))
    first = outbox_send_due()
    second = outbox_send_due()
    assert (first.sent, second.sent) == (1, 0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "A reminder"
    sent = OutboxEmail.objects.get(key__contains=":now:")
    assert sent.status == OutboxEmail.Status.SENT and sent.sent_at == NOW
    assert OutboxEmail.objects.get(key__contains=":later:").status == OutboxEmail.Status.PENDING


@time_machine.travel(NOW, tick=False)
def test_a_failure_is_retried_with_backoff_then_recorded(settings) -> None:
    settings.OUTBOX_MAX_ATTEMPTS = 3
    row = _queue()
    assert row is not None
    with mock.patch.object(services, "_deliver", side_effect=ConnectionError("SMTP refused")):
        report = outbox_send_due()
        row.refresh_from_db()
        assert report.retried == 1
        assert (row.status, row.attempts) == (OutboxEmail.Status.PENDING, 1)
        assert row.due_at == NOW + dt.timedelta(minutes=1)
        assert outbox_send_due().retried == 0  # not due again yet

        outbox_send_due(now=NOW + dt.timedelta(minutes=2))
        row.refresh_from_db()
        assert (row.attempts, row.due_at) == (2, NOW + dt.timedelta(minutes=7))

        report = outbox_send_due(now=NOW + dt.timedelta(minutes=8))
        row.refresh_from_db()
    assert report.failed == 1
    assert row.status == OutboxEmail.Status.FAILED
    assert row.last_error == "ConnectionError: SMTP refused"
    assert not mail.outbox


def test_queuing_asks_a_worker_to_send_after_commit(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _queue(due_at=timezone.now())
    assert len(mail.outbox) == 1
    assert OutboxEmail.objects.get().status == OutboxEmail.Status.SENT


def test_a_future_email_waits_for_the_periodic_task(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _queue(due_at=timezone.now() + dt.timedelta(days=2))
    assert callbacks == []
    assert not mail.outbox


def test_a_broker_that_is_down_does_not_fail_the_request(
    django_capture_on_commit_callbacks,
) -> None:
    with (
        mock.patch(
            "wellbeing_portal.outbox.tasks.outbox_send_due.apply_async",
            side_effect=ConnectionRefusedError("redis is down"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        row = _queue(due_at=timezone.now())
    assert row is not None
    row.refresh_from_db()
    assert row.status == OutboxEmail.Status.PENDING  # still there for the next run
    assert outbox_send_due().sent == 1


def test_old_sent_emails_are_purged_but_pending_ones_kept(settings) -> None:
    settings.OUTBOX_KEEP_SENT_DAYS = 30
    with time_machine.travel(NOW - dt.timedelta(days=40), tick=False):
        _queue(obj="old", due_at=timezone.now())
        outbox_send_due()
        _queue(obj="stuck", due_at=timezone.now() + dt.timedelta(days=365))
    with time_machine.travel(NOW - dt.timedelta(days=10), tick=False):
        _queue(obj="recent", due_at=timezone.now())
        outbox_send_due()
    assert outbox_purge_old(now=NOW) == 1
    assert not OutboxEmail.objects.filter(key__contains=":old:").exists()
    assert OutboxEmail.objects.count() == 2


def test_the_beat_schedule_names_real_tasks(settings) -> None:
    from wellbeing_portal.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]
