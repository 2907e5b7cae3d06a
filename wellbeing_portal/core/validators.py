"""Validators any app's fields share."""

from __future__ import annotations

from django.core.validators import RegexValidator

# A UK phone number as people write it: digits and spaces, optionally starting with +44,
# or a short code such as 111, 999 or 85258.
uk_phone_validator = RegexValidator(
    r"^(\+44 ?|0)\d[\d ]{7,12}\d$|^\d{3,6}$",
    "Enter a UK phone number, like 0800 123 4567, or a short number like 111.",
)
