"""Signing in with an email address, and account emails going through the outbox."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from wellbeing_portal.outbox.models import OutboxEmail

from ..conftest import World
from ..factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_in_with_email_and_password_lands_on_home(world: World, client) -> None:
    response = client.post(
        reverse("account_login"),
        {"login": "HEADTEACHER@example.org", "password": TEST_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_a_wrong_password_is_a_clear_error(world: World, client) -> None:
    response = client.post(
        reverse("account_login"), {"login": "staff@example.org", "password": "nope"}
    )
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert "_auth_user_id" not in client.session


def test_nobody_can_sign_themselves_up(client) -> None:
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "a-long-passphrase",
            "password2": "a-long-passphrase",
        },
    )
    assert b"Sign Up Closed" in response.content or response.status_code in (403, 404)
    from wellbeing_portal.people.models import User

    assert not User.objects.filter(email="new@example.org").exists()


def test_password_reset_email_goes_through_the_outbox(
    world: World, client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "staff@example.org"})
    assert response.status_code == 302
    row = OutboxEmail.objects.get(to_email="staff@example.org")
    assert row.kind == "account.password_reset_key"
    assert "/accounts/password/reset/key/" in row.body_text
    assert row.subject == "Wellbeing Portal: Password Reset Email"
    assert "example.com" not in row.body_text
    assert row.status == OutboxEmail.Status.SENT
    assert len(mail.outbox) == 1


def test_a_reset_for_an_unknown_address_reveals_nothing(client) -> None:
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
