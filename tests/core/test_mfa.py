"""Two-factor authentication is required by role before the portal can be used."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.templatetags.static import static
from django.urls import reverse

from wellbeing_portal.people.models import User

from ..clock import london
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


def _officer_without_mfa(world: World, client, role: str = "link_officer") -> User:
    user = world.user(role)
    Authenticator.objects.filter(user=user).delete()
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("role", "method", "url"),
    [
        # With a password alone: an officer's own data (inspection notes among it), a lead
        # erasing a person, an admin at the erase page. tests/test_permission_matrix.py
        # asks every page in the same way.
        ("link_officer", "get", lambda w: reverse("privacy:my_data_json")),
        ("senior_officer", "get", lambda w: reverse("privacy:my_data")),
        (
            "wellbeing_lead",
            "post",
            lambda w: reverse("privacy:erase", kwargs={"pk": w.user("staff").pk}),
        ),
        (
            "platform_admin",
            "get",
            lambda w: reverse("privacy:erase", kwargs={"pk": w.user("staff").pk}),
        ),
        ("platform_admin", "get", lambda w: reverse("mfa_index")),
        ("platform_admin", "get", lambda w: reverse("account_change_password")),
        ("wellbeing_lead", "get", lambda w: "/no-such-page/"),
    ],
    ids=[
        "my-data-json",
        "my-data",
        "erase-post",
        "erase-page",
        "mfa-index",
        "password-change",
        "no-such-page",
    ],
)
def test_without_mfa_nothing_outside_the_allow_list_answers(
    world: World, client, role: str, method: str, url
) -> None:
    _officer_without_mfa(world, client, role)
    # The confirmation the erase form asks for; other pages ignore it.
    response = getattr(client, method)(url(world), {"confirmation": "ERASE"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp") + "?next=")
    assert User.objects.filter(pk=world.user("staff").pk, is_active=True).exists()


@pytest.mark.parametrize(
    "name", ["core:privacy", "core:accessibility", "core:brand_css", "core:health", "core:live"]
)
def test_without_mfa_the_statements_style_and_health_still_answer(
    world: World, client, name: str
) -> None:
    _officer_without_mfa(world, client)
    assert client.get(reverse(name)).status_code == 200


def test_without_mfa_static_files_are_served_before_the_check(world: World, client) -> None:
    # WhiteNoise answers them ahead of the middleware: the set-up page keeps its styles.
    _officer_without_mfa(world, client)
    response = client.get(static("js/govuk-init.js"))  # ours, in the repository
    assert response.status_code == 200
    response.close()


def test_without_mfa_an_officer_can_sign_out(world: World, client) -> None:
    _officer_without_mfa(world, client)
    assert client.get(reverse("account_logout")).status_code == 200
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_officer_sets_up_mfa_through_the_allowed_pages_alone(
    world: World, client, time_machine
) -> None:
    """Signed in an hour ago: allauth asks for the password again, then the code, then
    shows the recovery codes; after that the portal opens."""
    day = dt.date(2026, 11, 24)
    time_machine.move_to(london(day, 9), tick=False)
    officer = world.user("link_officer")
    Authenticator.objects.filter(user=officer).delete()
    client.post(reverse("account_login"), {"login": officer.email, "password": TEST_PASSWORD})
    time_machine.move_to(london(day, 10), tick=False)

    response = client.get(reverse("core:home"))
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(response["Location"]).status_code == 200
    response = client.post(response["Location"], {"password": TEST_PASSWORD})
    assert response.status_code == 302

    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    code = format_hotp_value(hotp_value(secret, counter))
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert client.get(response["Location"]).status_code == 200
    assert client.get(reverse("core:home")).status_code == 200
