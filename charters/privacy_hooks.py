"""The charters' part in a person's privacy (registered in `apps.py`): their export lists
the actions they own and the pledges they signed. Erasure keeps both, under the
anonymised name; charters hold no free text past its time."""

from __future__ import annotations

from typing import Any

from wellbeing_portal.core.registry import PrivacyHooks, export_date

from .models import Action, Pledge


def person_export(user: Any) -> dict[str, Any]:
    return {
        "charter_actions_owned": [
            {
                "title": a.title,
                "school": a.school.name,
                "due_on": export_date(a.due_on),
                "status": a.get_status_display(),
                "completed_on": export_date(a.completed_on),
            }
            for a in Action.objects.filter(owner=user).select_related("school").order_by("pk")
        ],
        "pledges": [
            {
                "charter": p.charter.title,
                "commitment": p.commitment_key,
                "signed_at": export_date(p.signed_at),
            }
            for p in Pledge.objects.filter(user=user).select_related("charter").order_by("pk")
        ],
    }


HOOKS = PrivacyHooks(key="charters", order=20, export=person_export)
