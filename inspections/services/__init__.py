"""Writes about inspections: logging Ofsted's call and telling the right people at once,
then everything recorded on the way: contacts, phases, requests, the provisional outcome,
concerns, the support plan, the feedback form and the learning review.

Split by subject: the record itself (`record`), the protocol's contacts and requests
(`protocol`), the provisional outcome (`outcome`) and what comes after (`aftercare`).
A closed record is read-only (SPEC §8): every write to a record wears `record_write`
(`guard`), which refuses once the record is closed. Import the services from here.
"""

from .aftercare import (
    concern_action_add,
    concern_action_done,
    concern_raise,
    concern_resolve,
    feedback_save,
    learning_review_save,
    support_plan_open,
    support_plan_save,
)
from .guard import CLOCK_SLACK, CLOSED_MESSAGE, RECORD_WRITES, record_write
from .outcome import outcome_save
from .protocol import (
    buddy_check_in,
    calendar_feed_owner,
    calendar_feed_reset,
    contact_log,
    request_decide,
    request_record,
)
from .record import (
    LONGEST_NOTICE,
    PHASE_ORDER,
    comments_due_on,
    guidance_save,
    inspection_dates_save,
    inspection_defaults,
    inspection_details_save,
    inspection_log,
    inspection_notify,
    inspection_phase_set,
    inspection_record_read,
    inspection_reopen,
    phase_move_refusal,
)

__all__ = [
    "CLOCK_SLACK",
    "CLOSED_MESSAGE",
    "LONGEST_NOTICE",
    "PHASE_ORDER",
    "RECORD_WRITES",
    "buddy_check_in",
    "calendar_feed_owner",
    "calendar_feed_reset",
    "comments_due_on",
    "concern_action_add",
    "concern_action_done",
    "concern_raise",
    "concern_resolve",
    "contact_log",
    "feedback_save",
    "guidance_save",
    "inspection_dates_save",
    "inspection_defaults",
    "inspection_details_save",
    "inspection_log",
    "inspection_notify",
    "inspection_phase_set",
    "inspection_record_read",
    "inspection_reopen",
    "learning_review_save",
    "outcome_save",
    "phase_move_refusal",
    "record_write",
    "request_decide",
    "request_record",
    "support_plan_open",
    "support_plan_save",
]
