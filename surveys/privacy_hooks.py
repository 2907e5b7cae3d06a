"""The surveys' part in a person's privacy (registered in `apps.py`). Nothing links an
answer to anyone, so the export can only say so and erasure has nothing to remove;
comments and replies are deleted once past SURVEY_COMMENT_RETENTION_DAYS."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wellbeing_portal.core.registry import PrivacyHooks

from .services import comments_purge

NO_ANSWERS = (
    "None can be shown: survey answers are stored with no link to any person, so "
    "nobody, including the portal, can tell which answers are yours."
)


def person_export(user: Any) -> dict[str, Any]:
    return {"survey_answers": NO_ANSWERS}


def retention_purge(today: dt.date) -> dict[str, int]:
    return {"survey_comments": comments_purge(today=today)}


HOOKS = PrivacyHooks(key="surveys", order=10, export=person_export, purge=retention_purge)
