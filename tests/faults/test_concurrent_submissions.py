"""200 staff answer one wave at once through their invitations, some of them twice at the
same moment (a double click, two tabs): 200 responses, no invitation used twice."""

from __future__ import annotations

import threading
from queue import Empty, Queue

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from surveys import services
from surveys.models import Invitation, PendingResponse, Response
from tests.conftest import World
from tests.factories import MembershipFactory, UserFactory
from wellbeing_portal.people.models import Role

from ..surveys.factories import TODAY, all_answers, open_wave
from .conftest import needs_postgresql

pytestmark = [
    pytest.mark.faults,
    pytest.mark.xdist_group("faults"),
    pytest.mark.django_db(transaction=True),
]

STAFF = 200
THREADS = 24  # each with its own connection; the shared PostgreSQL has ~100 to spare


def test_200_concurrent_submissions_store_200_responses(world: World) -> None:
    needs_postgresql()
    for i in range(STAFF - 2):  # the world already has a staff member and a champion
        MembershipFactory.create(
            user=UserFactory.create(email=f"staff{i}@example.org"),
            role=Role.STAFF,
            school=world.school,
        )
    wave = open_wave(organisation=world.trust, schools=[world.school])
    invitations = list(Invitation.objects.filter(wave=wave).order_by("pk"))
    assert len(invitations) == STAFF
    answers = all_answers(wave, 4)

    # Every invitation once, and every fourth one a second time right beside it.
    attempts = []
    for n, invitation in enumerate(invitations):
        attempts += [invitation] * (2 if n % 4 == 0 else 1)
    queue: Queue[Invitation] = Queue()
    for invitation in attempts:
        queue.put(invitation)
    start = threading.Barrier(THREADS)
    outcomes: list[tuple[int, str]] = []
    lock = threading.Lock()

    def submitter() -> None:
        try:
            start.wait(timeout=30)  # every thread has begun: they take from the queue together
            while True:
                try:
                    invitation = queue.get_nowait()
                except Empty:
                    return
                try:
                    services.response_submit(
                        invitation=invitation, role_group="teaching", answers=answers, today=TODAY
                    )
                    outcome = "stored"
                except ValidationError:
                    outcome = "refused"
                with lock:
                    outcomes.append((invitation.pk, outcome))
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=submitter) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not any(thread.is_alive() for thread in threads), "submissions hung"

    stored = [pk for pk, outcome in outcomes if outcome == "stored"]
    assert len(outcomes) == len(attempts)
    assert len(stored) == STAFF and len(set(stored)) == STAFF  # each invitation used once
    assert sum(outcome == "refused" for _, outcome in outcomes) == len(attempts) - STAFF
    assert PendingResponse.objects.filter(wave=wave).count() == STAFF
    services.wave_close(wave=wave)  # every pending response written in one batch
    assert Response.objects.filter(wave=wave).count() == STAFF
    assert not PendingResponse.objects.exists()
    assert not Invitation.objects.filter(wave=wave, completed=False).exists()
