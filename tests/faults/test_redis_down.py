"""Redis stopped while staff submit surveys and a head logs an inspection: both succeed,
the outbox holds the emails; once Redis is back, a worker and beat send each exactly once.

The web runs as a subprocess with the production cache (django-redis, errors ignored) and
a real Celery broker, both pointing at a throwaway Redis that this test stops."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from surveys.models import Invitation, PendingResponse
from tests.conftest import World
from wellbeing_portal.outbox.models import OutboxEmail

from ..surveys.factories import all_answers, open_wave
from .conftest import (
    ROOT,
    SmtpSink,
    ThrowawayRedis,
    needs_postgresql,
    portal_env,
    run_python,
    start_worker,
    stop,
    wait_for,
)

pytestmark = [
    pytest.mark.faults,
    pytest.mark.xdist_group("faults"),
    pytest.mark.django_db(transaction=True),
]

ACT = """
import json, time
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from inspections.services import inspection_defaults
from wellbeing_portal.people.models import User

given = json.loads({given!r})
codes, survey_seconds = [], []
for token in given["tokens"]:
    url = reverse("surveys:take_invitation", kwargs={{"token": token}})
    started = time.monotonic()
    client = Client(HTTP_HOST="localhost")
    client.get(url)  # the link lands once and moves the token to a cookie
    codes.append(client.post(reverse("surveys:take_invited"), given["answers"]).status_code)
    survey_seconds.append(time.monotonic() - started)
head = Client(HTTP_HOST="localhost")
head.force_login(User.objects.get(email="headteacher@example.org"))
defaults = inspection_defaults()
started = time.monotonic()
notify = head.post(reverse("inspections:notify"), {{
    "school": given["school"],
    "call_received_at": defaults["call_received_at"].strftime("%Y-%m-%dT%H:%M"),
    "inspection_type": defaults["inspection_type"],
    "expected_start": defaults["expected_start"].isoformat(),
    "expected_days": defaults["expected_days"],
}})
print(json.dumps({{"surveys": codes, "survey_seconds": survey_seconds,
                  "notify": notify.status_code, "notify_seconds": time.monotonic() - started}}))
"""


def _tokens() -> list[str]:
    """The invitation links' tokens, read from the emails as sent (only their hashes are
    stored, and the outbox forgets an invitation's text once it has gone)."""
    tokens = []
    for email in mail.outbox:
        for line in email.body.splitlines():
            if "/surveys/i/" in line:
                tokens.append(line.rsplit("/i/", 1)[1].strip("/"))
    return tokens


def test_with_redis_stopped_the_portal_works_and_sends_each_email_once_it_is_back(
    world: World, throwaway_redis: ThrowawayRedis, smtp_sink: SmtpSink, tmp_path: Path
) -> None:
    needs_postgresql()
    today = timezone.localdate()
    wave = open_wave(
        organisation=world.trust,
        schools=[world.school],
        opens_on=today,
        closes_on=today + dt.timedelta(days=21),
    )
    tokens = _tokens()
    assert len(tokens) == 2  # the staff member and the wellbeing champion
    answers = {f"item_{pk}": value for pk, value in all_answers(wave, 4).items()}
    answers["role_group"] = "teaching"
    before = OutboxEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    env = portal_env(redis_url=throwaway_redis.url, smtp_port=smtp_sink.port)

    throwaway_redis.stop()
    given = json.dumps({"tokens": tokens, "answers": answers, "school": world.school.pk})
    out = json.loads(run_python(env, ACT.format(given=given)).strip().splitlines()[-1])
    assert out["surveys"] == [200, 200], out
    assert out["notify"] == 302, out
    # A survey submission queues no email: Redis being down costs it nothing noticeable.
    assert max(out["survey_seconds"]) < 3, out
    # Logging the call queues an email per person; after the first try to reach the
    # broker fails, the outbox stops asking for a while, so the head waits for one
    # failed try at most, however many people are told.
    assert out["notify_seconds"] < 10, out
    assert PendingResponse.objects.filter(wave=wave).count() == 2  # sealed, waiting for a batch
    assert not Invitation.objects.filter(wave=wave, completed=False).exists()
    held = OutboxEmail.objects.filter(pk__gt=before)
    kinds = set(held.values_list("kind", flat=True))
    assert kinds and all(kind.startswith("inspections.") for kind in kinds), kinds
    assert held.filter(to_email=world.user("link_officer").email).exists()
    assert not held.exclude(status=OutboxEmail.Status.PENDING).exists()
    assert smtp_sink.counts() == {}

    # Redis is back: a worker and beat (every second) send what the outbox holds.
    throwaway_redis.start()
    worker = start_worker(env)
    beat = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "wellbeing_portal", "beat", "-l", "WARNING",
         "--schedule", str(tmp_path / "beat-schedule")],
        env={**env, "PORTAL_TEST_BEAT_SECONDS": "1"}, cwd=ROOT,
    )  # fmt: skip
    try:
        assert wait_for(
            lambda: not held.exclude(status=OutboxEmail.Status.SENT).exists(), seconds=45
        ), "the held emails were not sent once Redis was back"
        time.sleep(3)  # more beats: still once each
    finally:
        stop(beat)
        stop(worker)
    rows = list(held.values_list("pk", "key", "attempts"))
    assert {attempts for _, _, attempts in rows} == {1}
    assert len({key for _, key, _ in rows}) == len(rows)
    counts = smtp_sink.counts()
    assert {pk: counts[str(pk)] for pk, _, _ in rows} == {pk: 1 for pk, _, _ in rows}
    assert max(counts.values()) == 1
