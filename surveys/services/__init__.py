"""Writes about surveys: the bank, waves and their invitations and reminders, anonymous
responses, receipt codes and replies, and comment redaction."""

from .responses import (
    Submitted,
    SurveyClosed,
    comment_redact,
    invitation_for_token,
    open_response_submit,
    reply_create,
    response_for_receipt,
    response_submit,
)
from .tokens import RECEIPT_ALPHABET, RECEIPT_LENGTH, receipt_code_normalise, token_hash
from .waves import (
    DailyReport,
    OpenReport,
    bank_load,
    invitations_send,
    off_weekend,
    reminder_dates_default,
    reminders_send,
    survey_create,
    wave_close,
    wave_create,
    wave_open,
    wave_publish,
    wave_thresholds_update,
    waves_daily,
)

__all__ = [
    "RECEIPT_ALPHABET",
    "RECEIPT_LENGTH",
    "DailyReport",
    "OpenReport",
    "Submitted",
    "SurveyClosed",
    "bank_load",
    "comment_redact",
    "invitation_for_token",
    "invitations_send",
    "off_weekend",
    "open_response_submit",
    "receipt_code_normalise",
    "reminder_dates_default",
    "reminders_send",
    "reply_create",
    "response_for_receipt",
    "response_submit",
    "survey_create",
    "token_hash",
    "wave_close",
    "wave_create",
    "wave_open",
    "wave_publish",
    "wave_thresholds_update",
    "waves_daily",
]
