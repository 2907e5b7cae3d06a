"""Signing in with an email address, and account emails going through the outbox."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.account.adapter import get_adapter
from allauth.core import context
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from wellbeing_portal.outbox.models import OutboxEmail

from ..clock import london
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


@pytest.fixture
def another_host(settings) -> str:
    """A Host the portal answers to (as `ALLOWED_HOSTS = ["*"]` in the demo does) that is
    not its configured address."""
    settings.PORTAL_BASE_URL = "https://wellbeing.example.org"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "evil.example"]
    return "evil.example"


def test_a_reset_link_is_on_the_portals_address_whatever_host_was_asked(
    world: World, client, another_host: str, time_machine, django_capture_on_commit_callbacks
) -> None:
    time_machine.move_to(london(dt.date(2026, 11, 24)), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_reset_password"),
            {"email": "staff@example.org"},
            HTTP_HOST=another_host,
        )
    assert response.status_code == 302
    body = OutboxEmail.objects.get(to_email="staff@example.org").body_text
    links = [word for word in body.split() if "://" in word]
    assert links, body
    assert all(
        link.startswith("https://wellbeing.example.org/accounts/password/reset/key/")
        for link in links
    ), links
    assert another_host not in body
    assert another_host not in mail.outbox[0].body


def test_no_account_email_carries_the_asked_host(
    world: World, client, another_host: str, time_machine
) -> None:
    """The links allauth builds without the adapter's URL hooks: the reset page in
    "already exists". A reset asked for an address with no account sends nothing at all
    (ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS is off: the email would say who has an account)."""

    time_machine.move_to(london(dt.date(2026, 11, 24)), tick=False)
    client.post(
        reverse("account_reset_password"), {"email": "nobody@example.org"}, HTTP_HOST=another_host
    )
    assert not OutboxEmail.objects.exists()
    request = RequestFactory().get("/", HTTP_HOST=another_host)
    request.user = AnonymousUser()
    with context.request_context(request):
        get_adapter(request).send_account_already_exists_mail("staff@example.org")
    rows = {row.kind: row.body_text for row in OutboxEmail.objects.all()}
    assert set(rows) == {"account.account_already_exists"}
    for body in rows.values():
        assert "https://wellbeing.example.org/accounts/" in body
        assert another_host not in body
