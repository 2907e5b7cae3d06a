"""Inspection pages, split by screen: the record's own (`record`), along the protocol
(`tracking`: contacts, requests, and the protocol and guidance themselves), the
provisional outcome (`grades`), concerns and what follows (`aftercare`), and one
person's (`people`: the board, buddying, the calendar). The URLconf reaches them all
from here."""

from .aftercare import concern_detail, concern_new, feedback, learning_review, support_plan
from .grades import outcome
from .people import board, buddy_check_in, buddying, calendar_feed, calendar_page
from .record import (
    audit,
    dates,
    details,
    inspection_detail,
    inspection_list,
    notify,
    phase,
    reopen,
    what_now,
)
from .tracking import contact_new, guidance, protocol, request_decide, request_new

__all__ = [
    "audit",
    "board",
    "buddy_check_in",
    "buddying",
    "calendar_feed",
    "calendar_page",
    "concern_detail",
    "concern_new",
    "contact_new",
    "dates",
    "details",
    "feedback",
    "guidance",
    "inspection_detail",
    "inspection_list",
    "learning_review",
    "notify",
    "outcome",
    "phase",
    "protocol",
    "reopen",
    "request_decide",
    "request_new",
    "support_plan",
    "what_now",
]
