"""Authenticator secrets are encrypted at rest, keep working, and move to a new key."""

from __future__ import annotations

import base64
import datetime as dt
import importlib
from typing import Any

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.apps import apps as django_apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.urls import reverse

from wellbeing_portal.people import mfa_adapter
from wellbeing_portal.people.mfa_adapter import MFASecretUnreadable

from ..clock import london
from ..conftest import World
from ..factories import TEST_PASSWORD, TOTP_SECRET, give_totp

pytestmark = pytest.mark.django_db

KEY_1 = base64.urlsafe_b64encode(bytes(range(32))).decode()
KEY_2 = base64.b64encode(bytes(range(100, 132))).decode()  # standard base64 is fine too
NOW = london(dt.date(2026, 11, 23), 9, 0)


def _code(secret: str = TOTP_SECRET) -> str:
    """The code an authenticator app shows now for `secret`."""
    return format_hotp_value(hotp_value(secret, int(NOW.timestamp()) // 30))


def _totp(user: Any) -> Authenticator:
    return Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)


def _sign_in(client: Any, user: Any) -> Any:
    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    return client.post(reverse("mfa_authenticate"), {"code": _code()})


def test_the_stored_secret_is_not_the_secret(world: World) -> None:
    stored = _totp(world.user("senior_officer")).data["secret"]
    assert stored != TOTP_SECRET
    assert TOTP_SECRET not in stored
    assert stored.startswith("v1:")
    # Each encryption is fresh: two people with one secret do not look alike.
    assert stored != _totp(world.user("wellbeing_lead")).data["secret"]


def test_a_secret_set_up_through_allauth_is_encrypted(world: World) -> None:
    user = world.user("staff")
    TOTP.activate(user, TOTP_SECRET)
    assert _totp(user).data["secret"].startswith("v1:")


def test_a_code_from_the_clear_secret_signs_in(world: World, client: Any) -> None:
    officer = world.user("senior_officer")
    with time_machine.travel(NOW, tick=False):
        response = _sign_in(client, officer)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert client.get(reverse("core:home")).status_code == 200
        assert TOTP(_totp(officer)).validate_code(_code()) is False  # used once only


def test_a_wrong_code_does_not_sign_in(world: World, client: Any) -> None:
    officer = world.user("senior_officer")
    with time_machine.travel(NOW, tick=False):
        client.post(reverse("account_login"), {"login": officer.email, "password": TEST_PASSWORD})
        wrong = f"{(int(_code()) + 1) % 1_000_000:06d}"
        response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_legacy_clear_secret_still_signs_in_and_is_encrypted_on_use(
    world: World, client: Any
) -> None:
    officer = world.user("senior_officer")
    Authenticator.objects.filter(pk=_totp(officer).pk).update(data={"secret": TOTP_SECRET})
    with time_machine.travel(NOW, tick=False):
        response = _sign_in(client, officer)
    assert response.status_code == 302
    assert _totp(officer).data["secret"].startswith("v1:")
    assert mfa_adapter.decrypt_secret(_totp(officer).data["secret"]) == TOTP_SECRET


def test_the_migration_encrypts_clear_secrets_and_recovery_seeds(world: World) -> None:
    officer = world.user("senior_officer")
    Authenticator.objects.filter(pk=_totp(officer).pk).update(data={"secret": TOTP_SECRET})
    codes = Authenticator.objects.create(
        user=officer,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "ab" * 40, "used_mask": 0, "migrated_codes": ["12345678"]},
    )
    migration = importlib.import_module(
        "wellbeing_portal.people.migrations.0002_encrypt_mfa_secrets"
    )
    migration.encrypt(django_apps, None)
    totp = _totp(officer).data
    codes.refresh_from_db()
    assert totp["secret"].startswith("v1:")
    assert codes.data["seed"].startswith("v1:")
    assert codes.data["migrated_codes"][0].startswith("v1:")
    assert codes.data["used_mask"] == 0
    assert RecoveryCodes(codes).validate_code("12345678")

    migration.decrypt(django_apps, None)  # a rollback reads them in the clear again
    assert _totp(officer).data["secret"] == TOTP_SECRET


def test_recovery_codes_are_sealed_and_still_work(world: World) -> None:
    user = world.user("senior_officer")
    codes = RecoveryCodes.activate(user)
    assert codes.instance.data["seed"].startswith("v1:")
    first = codes.generate_codes()[0]
    assert RecoveryCodes(Authenticator.objects.get(pk=codes.instance.pk)).validate_code(first)


def test_rotation_old_key_in_fallbacks_then_rekey(world: World, settings: Any) -> None:
    settings.PORTAL_MFA_KEY = KEY_1
    officer = world.user("senior_officer")
    Authenticator.objects.filter(user=officer).delete()
    give_totp(officer)
    recovery = RecoveryCodes.activate(officer)
    codes = recovery.generate_codes()

    # The new key alone cannot read what the old one wrote...
    settings.PORTAL_MFA_KEY = KEY_2
    with pytest.raises(MFASecretUnreadable):
        mfa_adapter.decrypt_secret(_totp(officer).data["secret"])
    # ...with the old key as a fallback it can, and codes still verify.
    settings.PORTAL_MFA_KEY_FALLBACKS = [KEY_1]
    with time_machine.travel(NOW, tick=False):
        assert TOTP(_totp(officer)).validate_code(_code())
    with pytest.raises(CommandError, match="still need"):
        call_command("mfa_rekey", "--check")

    call_command("mfa_rekey")
    call_command("mfa_rekey", "--check")  # everything is under the current key now
    settings.PORTAL_MFA_KEY_FALLBACKS = []
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        later = format_hotp_value(hotp_value(TOTP_SECRET, int(NOW.timestamp()) // 30 + 10))
        assert TOTP(_totp(officer)).validate_code(later)
    assert RecoveryCodes(Authenticator.objects.get(pk=recovery.instance.pk)).generate_codes() == (
        codes
    )


def test_rekey_moves_secrets_from_the_secret_key_to_a_new_mfa_key(
    world: World, settings: Any
) -> None:
    settings.PORTAL_MFA_KEY = ""  # the demo's key, derived from SECRET_KEY
    officer = world.user("senior_officer")
    before = _totp(officer).data["secret"]
    settings.PORTAL_MFA_KEY = KEY_1
    assert mfa_adapter.decrypt_secret(before) == TOTP_SECRET  # still readable
    call_command("mfa_rekey")
    after = _totp(officer).data["secret"]
    assert after != before
    settings.SECRET_KEY = "a-completely-different-secret-key-0123456789"
    assert mfa_adapter.decrypt_secret(after) == TOTP_SECRET


def test_rekey_refuses_when_no_key_opens_a_secret(world: World, settings: Any) -> None:
    settings.PORTAL_MFA_KEY = KEY_1
    Authenticator.objects.filter(user=world.user("senior_officer")).delete()
    give_totp(world.user("senior_officer"))
    settings.PORTAL_MFA_KEY = KEY_2
    with pytest.raises(CommandError, match="put the old key back"):
        call_command("mfa_rekey")


def test_a_tampered_secret_is_refused() -> None:
    sealed = mfa_adapter.encrypt_secret(TOTP_SECRET)
    flipped = sealed[:-3] + ("A" if sealed[-3] != "A" else "B") + sealed[-2:]
    with pytest.raises(MFASecretUnreadable):
        mfa_adapter.decrypt_secret(flipped)


@pytest.mark.parametrize("key", ["not base64!", base64.b64encode(b"short").decode()])
def test_a_bad_key_is_a_configuration_error(settings: Any, key: str) -> None:
    settings.PORTAL_MFA_KEY = key
    with pytest.raises(ImproperlyConfigured, match="PORTAL_MFA_KEY"):
        mfa_adapter.encrypt_secret(TOTP_SECRET)
