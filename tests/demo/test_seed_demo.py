"""The demo data: a person in every role, and safe to build twice."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from charters.models import Action, Charter, Progress, Signatory
from demo.people import DEMO_LOGINS, DEMO_PASSWORD
from inspections.models import Inspection
from wellbeing_portal.outbox.models import OutboxEmail
from wellbeing_portal.people.models import Membership, Organisation, Role, School, User

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_seed_demo_is_idempotent_and_covers_every_role() -> None:
    call_command("seed_demo", stdout=None)

    def counts() -> tuple[int, ...]:
        return tuple(
            model.objects.count()
            for model in (
                User,
                Membership,
                School,
                Charter,
                Progress,
                Action,
                Signatory,
                OutboxEmail,
            )
        )

    first = counts()
    call_command("seed_demo", stdout=None)
    assert counts() == first
    assert Charter.objects.count() == 4
    assert Inspection.objects.filter(school__urn="900103").exists()
    assert Signatory.objects.exists()
    assert Action.objects.filter(for_staff=True).exists()
    assert len(set(Progress.objects.values_list("status", flat=True))) == 3  # a spread
    assert OutboxEmail.objects.filter(kind__startswith="charters.").exists()

    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert set(School.objects.values_list("phase", flat=True)) == set(School.Phase.values)
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(Organisation.Kind.values)
    assert Membership.objects.filter(is_chair=True).exists()
    assert Membership.objects.filter(is_wellbeing_lead_governor=True).exists()
    for login in DEMO_LOGINS:
        assert User.objects.get(email=login.email).check_password(DEMO_PASSWORD), login.email
    assert User.objects.get(email="admin@riverside.example.org").is_superuser
