"""Rate limits on signing in and on password resets (allauth's, counted in the shared
cache), shown by trying more often than they allow."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.urls import reverse

from ..conftest import World
from ..factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counts() -> Iterator[None]:
    """Start from no attempts, and leave none behind for the next test's sign-in."""
    cache.clear()
    yield
    cache.clear()


def test_repeated_failed_sign_ins_are_refused(world: World, client) -> None:
    email = world.user("headteacher").email
    pages = [
        client.post(reverse("account_login"), {"login": email, "password": "not-it"})
        for _ in range(6)
    ]
    assert "Too many failed" not in pages[0].content.decode()
    assert "Too many failed" in pages[-1].content.decode()
    # Even the right password is refused until the window passes.
    right = client.post(reverse("account_login"), {"login": email, "password": TEST_PASSWORD})
    assert right.status_code == 200 and "Too many failed" in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_password_resets_for_one_address_are_refused(world: World, client) -> None:
    email = world.user("staff").email
    answers = [
        client.post(reverse("account_reset_password"), {"email": email}).status_code
        for _ in range(7)
    ]
    assert answers[0] == 302
    assert answers[-1] == 429
