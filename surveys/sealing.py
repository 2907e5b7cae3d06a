"""Sealed boxes: what a survey keeps for a while before anyone may read it (a response
waiting for its batch, a half-finished survey), encrypted so that the database, its
backups and its administrator see only bytes of one size.

AES-256-GCM with a random nonce (no timestamp, unlike Fernet). The plaintext is padded to
a whole number of blocks of PAD_BYTES, so a long comment and no comment seal to the same
length. Response boxes use a key derived from the portal's SECRET_KEY (SECRET_KEY_FALLBACKS
still open boxes sealed before a rotation); draft boxes use a key that only the
respondent's browser holds.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import struct
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

# A response is at most a few hundred answers and a 2,000-character comment (8 KB in
# UTF-8 at worst): one block holds it, so every box of a wave has the same size.
PAD_BYTES = 16 * 1024
_NONCE = 12


class Unsealable(Exception):
    """The box was not sealed with this key (or has been tampered with)."""


def _key(secret: str | bytes, purpose: str) -> bytes:
    raw = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(raw, f"wellbeing-portal/{purpose}".encode(), hashlib.sha256).digest()


def portal_keys(purpose: str) -> list[bytes]:
    """The portal's keys for `purpose`: the current one first, then those of
    SECRET_KEY_FALLBACKS (to open what was sealed before a rotation)."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [_key(secret, purpose) for secret in secrets]


def device_key(secret: str, purpose: str) -> bytes:
    """A key made from a secret that only the respondent's browser holds."""
    return _key(secret, purpose)


def seal(payload: dict[str, Any], *, key: bytes, associated: bytes = b"") -> bytes:
    """Encrypt `payload` (JSON) padded to a whole number of PAD_BYTES blocks."""
    plain = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    framed = struct.pack(">I", len(plain)) + plain
    size = -(-len(framed) // PAD_BYTES) * PAD_BYTES
    nonce = os.urandom(_NONCE)
    return nonce + AESGCM(key).encrypt(nonce, framed.ljust(size, b"\0"), associated)


def unseal(box: bytes, *, keys: list[bytes], associated: bytes = b"") -> dict[str, Any]:
    """Open a box with the first key that fits; Unsealable if none does."""
    box = bytes(box)
    for key in keys:
        try:
            framed = AESGCM(key).decrypt(box[:_NONCE], box[_NONCE:], associated)
        except (InvalidTag, ValueError):
            continue
        (length,) = struct.unpack(">I", framed[:4])
        payload: dict[str, Any] = json.loads(framed[4 : 4 + length])
        return payload
    raise Unsealable("This box cannot be opened with the portal's keys.")
