"""allauth's MFA hooks: the secrets of authenticator apps and recovery codes are stored
encrypted, so that the database, its backups and its administrator cannot make codes.

AES-256-GCM with a random nonce, written as "v1:" and the urlsafe base64 of nonce and
ciphertext. The key is PORTAL_MFA_KEY (32 bytes in base64); without it (the demo, the
tests), a key derived from SECRET_KEY. Decryption also tries PORTAL_MFA_KEY_FALLBACKS and
the keys derived from SECRET_KEY and SECRET_KEY_FALLBACKS, so that a key can be rotated:
`manage.py mfa_rekey` then moves every secret to the current key.

A value without the prefix is a secret stored in the clear before this adapter: it is
accepted, so that nobody is locked out, and encrypted the first time it is used (the
people app's migration 0002 encrypts every such value when it runs).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import os
from typing import Any

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_used
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

logger = logging.getLogger(__name__)

PREFIX = "v1:"
_NONCE = 12
_ASSOCIATED = b"wellbeing-portal/mfa-secret/v1"
_DERIVED_PURPOSE = b"wellbeing-portal/mfa-secrets"


class MFASecretUnreadable(Exception):
    """An encrypted secret that none of the portal's keys opens (a key was dropped from
    PORTAL_MFA_KEY_FALLBACKS too soon, or the value was tampered with)."""


def parse_key(text: str, *, name: str = "PORTAL_MFA_KEY") -> bytes:
    """A 32-byte key from base64 (urlsafe or standard, padding optional)."""
    cleaned = text.strip()
    try:
        raw = base64.urlsafe_b64decode(
            cleaned.replace("+", "-").replace("/", "_") + "=" * (-len(cleaned) % 4)
        )
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{name} is not base64.") from None
    if len(raw) != 32:
        raise ImproperlyConfigured(
            f"{name} must be 32 bytes in base64 (it is {len(raw)}). Make one with: "
            'python3 -c "import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())"'
        )
    return raw


def _derived(secret: str) -> bytes:
    return hmac.new(secret.encode(), _DERIVED_PURPOSE, hashlib.sha256).digest()


def current_key() -> bytes:
    """The key new secrets are encrypted with."""
    configured = getattr(settings, "PORTAL_MFA_KEY", "")
    return parse_key(configured) if configured else _derived(settings.SECRET_KEY)


def keys() -> list[bytes]:
    """Every key a secret may be under: the current one first."""
    found = [current_key()]
    for number, text in enumerate(getattr(settings, "PORTAL_MFA_KEY_FALLBACKS", []), start=1):
        if text.strip():
            found.append(parse_key(text, name=f"PORTAL_MFA_KEY_FALLBACKS (key {number})"))
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        found.append(_derived(secret))
    return list(dict.fromkeys(found))


def encrypt_secret(text: str, *, key: bytes | None = None) -> str:
    """`text` encrypted under `key` (the current key if None)."""
    nonce = os.urandom(_NONCE)
    sealed = AESGCM(key or current_key()).encrypt(nonce, text.encode(), _ASSOCIATED)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def is_encrypted(value: str) -> bool:
    return value.startswith(PREFIX)


def open_secret(value: str) -> tuple[str, int | None]:
    """The secret in `value` and the position in `keys()` of the key that opened it
    (None for a legacy value stored in the clear)."""
    if not is_encrypted(value):
        return value, None
    try:
        box = base64.urlsafe_b64decode(value[len(PREFIX) :].encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise MFASecretUnreadable("An MFA secret is not valid base64.") from None
    for position, key in enumerate(keys()):
        try:
            plain = AESGCM(key).decrypt(box[:_NONCE], box[_NONCE:], _ASSOCIATED)
        except (InvalidTag, ValueError):
            continue
        return plain.decode(), position
    raise MFASecretUnreadable(
        "An MFA secret cannot be opened with PORTAL_MFA_KEY or its fallbacks."
    )


def decrypt_secret(value: str) -> str:
    return open_secret(value)[0]


# The fields of an authenticator's data that allauth passes through encrypt().
SECRET_FIELDS = {
    Authenticator.Type.TOTP: ("secret",),
    Authenticator.Type.RECOVERY_CODES: ("seed", "migrated_codes"),
}


def data_rekeyed(type_: str, data: dict[str, Any], *, force: bool = False) -> dict[str, Any]:
    """`data` with each secret under the current key. Unless `force`, a value already
    under the current key is kept as it is. Returns `data` itself if nothing changed."""
    changed = dict(data)
    for name in SECRET_FIELDS.get(type_, ()):
        value = data.get(name)
        if isinstance(value, str):
            plain, position = open_secret(value)
            if force or position != 0:
                changed[name] = encrypt_secret(plain)
        elif isinstance(value, list):
            opened = [open_secret(v) for v in value if isinstance(v, str)]
            if force or any(position != 0 for _, position in opened):
                changed[name] = [encrypt_secret(plain) for plain, _ in opened]
    return changed if changed != data else data


class MFAAdapter(DefaultMFAAdapter):
    """allauth's MFA adapter with secrets encrypted at rest."""

    def encrypt(self, text: str) -> str:
        return encrypt_secret(text)

    def decrypt(self, encrypted_text: str) -> str:
        plain, position = open_secret(encrypted_text)
        if position is None:
            logger.warning("An MFA secret was stored in the clear: it is encrypted on use.")
        return plain


def _encrypt_on_use(sender: Any, authenticator: Authenticator, **kwargs: Any) -> None:
    """A secret still in the clear, or under an old key, moves to the current key the
    first time it is used."""
    if authenticator.pk is None or authenticator.type not in SECRET_FIELDS:
        return
    with transaction.atomic():
        # Locked: recovery codes mark a code used by saving `data` too.
        row = Authenticator.objects.select_for_update().filter(pk=authenticator.pk).first()
        if row is None:
            return
        data = data_rekeyed(row.type, row.data)
        if data is not row.data:
            row.data = data
            row.save(update_fields=["data"])
            authenticator.data = data


# allauth imports this module (settings.MFA_ADAPTER) before it decrypts anything, so the
# receiver is connected before the first authenticator is used.
authenticator_used.connect(_encrypt_on_use, dispatch_uid="portal-mfa-encrypt-on-use")
