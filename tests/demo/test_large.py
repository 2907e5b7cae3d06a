"""`seed_demo --scale large`, built small: the same builders `make bench` runs at 200
schools, here at 20, so that a change to a service they call is caught by the suite."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from demo import large
from inspections.models import Inspection
from surveys.models import OpenLink, Response, Wave
from wellbeing_portal.people.models import Membership, OfficerAssignment, Organisation, Role, User

from ..clock import london

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

TODAY = dt.date(2026, 11, 18)  # a Wednesday in term


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch, time_machine: Any) -> None:
    time_machine.move_to(london(TODAY, 11), tick=False)
    for name, value in {
        "SCHOOLS": 20,
        "STAFF_PER_SCHOOL": 6,
        "WAVES": 2,
        "INSPECTIONS": 8,
        "OPEN_INSPECTIONS": 4,
    }.items():
        monkeypatch.setattr(large, name, value)


def test_the_large_organisation_is_built_once(small: None) -> None:
    counts = large.seed_large(password="demo-password-123", today=TODAY)

    org = Organisation.objects.get(slug=large.SLUG)
    assert counts["large-organisation schools"] == 20
    assert counts["large-organisation waves"] == 3
    assert counts["large-organisation inspections"] == 8
    assert User.objects.filter(email__endswith="@northgate.example.org").count() == 2 + 1 + 20 * 7
    assert Membership.objects.filter(school__responsible_body=org, role=Role.STAFF).count() == 120
    assert OfficerAssignment.objects.filter(school__responsible_body=org).count() == 20
    assert Wave.objects.filter(organisation=org, status=Wave.Status.CLOSED).count() == 2
    assert OpenLink.objects.filter(wave__organisation=org).count() == 20
    assert (
        Response.objects.filter(wave__organisation=org).count()
        == counts["large-organisation responses"]
    )
    assert Inspection.objects.filter(school__responsible_body=org).count() == 8
    assert (
        Inspection.objects.filter(school__responsible_body=org)
        .exclude(phase=Inspection.Phase.CLOSED)
        .count()
        == 4
    )

    assert large.seed_large(password="demo-password-123", today=TODAY) == {}
