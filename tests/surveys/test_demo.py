"""The demo's surveys: built once however often seed_demo runs, with suppression to see
and an invitation waiting for the demo staff member."""

from __future__ import annotations

import pytest

from demo.people import seed_people
from demo.surveys import seed_surveys
from surveys import results
from surveys.models import Answer, Invitation, Response, Wave

pytestmark = pytest.mark.dates


def test_the_demo_surveys_are_idempotent_and_show_suppression(db: None) -> None:
    seed_people()
    assert seed_surveys() == 4
    counts = (Wave.objects.count(), Response.objects.count(), Answer.objects.count())
    assert seed_surveys() == 4
    assert (Wave.objects.count(), Response.objects.count(), Answer.objects.count()) == counts

    closed = Wave.objects.filter(status=Wave.Status.CLOSED, survey__kind="staff")
    assert closed.count() == 2 and all(w.results_published for w in closed)
    autumn = results.wave_results(Wave.objects.get(title="Staff wellbeing survey, last autumn"))
    hidden = {g.label for g in autumn.schools.values() if g.hidden}
    assert {"Willow Bank Special School", "Heron Alternative Provision Academy"} <= hidden
    assert not autumn.organisation.hidden
    # Answers vary: not everyone gives the same answer to everything.
    assert Answer.objects.values("scored").distinct().count() == 5

    live = Wave.objects.get(status=Wave.Status.OPEN)
    invitation = Invitation.objects.get(wave=live, user__email="staff@riverside.example.org")
    assert not invitation.completed
