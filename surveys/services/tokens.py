"""Invitation tokens and receipt codes: kept only as keyed hashes.

The key is SECRET_KEY: rotating it invalidates open invitation links and receipt codes
(responses and results are untouched).
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

# Readable receipt codes: no 0/O, 1/I/L.
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_LENGTH = 10


def token_hash(token: str) -> str:
    """The only form in which an invitation token or receipt code is kept."""
    return hmac.new(settings.SECRET_KEY.encode(), token.encode(), hashlib.sha256).hexdigest()


def receipt_code_normalise(code: str) -> str:
    """A receipt code as typed, upper-cased, with everything outside its alphabet dropped."""
    return "".join(ch for ch in code.upper() if ch in RECEIPT_ALPHABET)
