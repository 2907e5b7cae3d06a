"""Two-factor authentication is required by role before the portal can be used."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from ..conftest import World
from ..factories import TEST_PASSWORD, give_totp

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role", ["link_officer", "senior_officer", "wellbeing_lead", "platform_admin"]
)
def test_roles_that_need_mfa_are_sent_to_set_it_up(world: World, client, role: str) -> None:
    user = world.user(role)
    Authenticator.objects.filter(user=user).delete()
    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    assert response["Location"].endswith("?next=%2F")
    # The set-up page itself, and the statement pages, stay reachable.
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    assert client.get(reverse("core:privacy")).status_code == 200


def test_the_admin_is_behind_mfa_too(world: World, client) -> None:
    admin = world.user("platform_admin")
    Authenticator.objects.filter(user=admin).delete()
    client.force_login(admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


@pytest.mark.parametrize("role", ["staff", "headteacher", "governor", "wellbeing_champion"])
def test_school_roles_do_not_need_mfa(world: World, client, role: str) -> None:
    client.force_login(world.user(role))
    assert client.get(reverse("core:home")).status_code == 200


def test_with_an_authenticator_the_officer_gets_in(world: World, client) -> None:
    officer = world.user("senior_officer")
    Authenticator.objects.filter(user=officer).delete()
    give_totp(officer)
    client.force_login(officer)
    assert client.get(reverse("core:home")).status_code == 200


def test_the_setting_switches_enforcement_off_for_the_demo(world: World, client, settings) -> None:
    settings.PORTAL_REQUIRE_MFA = False
    officer = world.user("senior_officer")
    Authenticator.objects.filter(user=officer).delete()
    client.force_login(officer)
    assert client.get(reverse("core:home")).status_code == 200
