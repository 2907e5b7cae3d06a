"""A demo inspection under way, so that officers and the chair see one. Safe to run again."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from wellbeing_portal.people.models import School, User

from . import services
from .models import Inspection


@transaction.atomic
def seed_inspections() -> int:
    """Brookside (covered by the demo link officer) was called last working Monday."""
    school = School.objects.filter(urn="900103").first()
    officer = User.objects.filter(email="officer@riverside.example.org").first()
    if school is None or officer is None or Inspection.objects.filter(school=school).exists():
        return Inspection.objects.count()
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday() or 7)
    call = timezone.make_aware(dt.datetime.combine(monday, dt.time(10, 5)))
    services.inspection_log(
        school=school,
        logged_by=officer,
        data={
            "call_received_at": call,
            "inspection_type": Inspection.Type.FULL,
            "expected_start": services.next_working_day(monday),
            "expected_days": 2,
            "lead_inspector": "Ann Inspector",
            "senior_inspector_number": "0300 123 4666",
            "worries": "Two senior leaders are off sick this week.",
        },
    )
    return Inspection.objects.count()
