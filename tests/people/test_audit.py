"""Who gave whom which role is kept in the audit log, with the person who did it."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from wellbeing_portal.people.models import Membership, Role

from ..conftest import World

pytestmark = pytest.mark.django_db


def test_a_role_given_in_the_admin_is_logged_with_its_actor(world: World, client) -> None:
    admin = world.user("platform_admin")
    client.force_login(admin)
    response = client.post(
        reverse("admin:people_membership_add"),
        {
            "user": world.user("no_role").pk,
            "role": Role.STAFF,
            "school": world.school.pk,
            "title": "",
            "assignments-TOTAL_FORMS": "0",
            "assignments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = Membership.objects.get(user=world.user("no_role"))
    entry = LogEntry.objects.get_for_object(membership).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == admin
