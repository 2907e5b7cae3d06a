"""Survey pages. Each view loads its objects through the selectors (404 outside your
scope), validates with a form, and makes one service call."""

from .responding import reply_lookup, take_invitation, take_invited, take_mine, take_open
from .results import (
    action_create,
    comment_reply,
    results_csv,
    results_organisation,
    results_school,
)
from .running import (
    comment_redact,
    index,
    instrument_import,
    open_link_qr,
    reply_release,
    survey_build,
    wave_close,
    wave_create,
    wave_detail,
    wave_open,
    wave_publish,
)

__all__ = [
    "action_create",
    "comment_redact",
    "comment_reply",
    "index",
    "instrument_import",
    "open_link_qr",
    "reply_lookup",
    "reply_release",
    "results_csv",
    "results_organisation",
    "results_school",
    "survey_build",
    "take_invitation",
    "take_invited",
    "take_mine",
    "take_open",
    "wave_close",
    "wave_create",
    "wave_detail",
    "wave_open",
    "wave_publish",
]
