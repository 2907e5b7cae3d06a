"""The reports' part in a person's privacy (registered in `apps.py`): their export lists
the reports they asked for; erasure keeps them, under the anonymised name."""

from __future__ import annotations

from typing import Any

from wellbeing_portal.core.registry import PrivacyHooks, export_date

from .models import Report


def person_export(user: Any) -> dict[str, Any]:
    return {
        "reports_requested": [
            {
                "period": r.period_label,
                "about": str(r.school or r.organisation),
                "requested_at": export_date(r.requested_at),
                "status": r.get_status_display(),
            }
            for r in Report.objects.filter(requested_by=user)
            .select_related("school", "organisation")
            .order_by("pk")
        ],
    }


HOOKS = PrivacyHooks(key="reports", order=50, export=person_export)
