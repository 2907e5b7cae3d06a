"""The support directory's part in a person's privacy (registered in `apps.py`): their
export holds their buddy profile and pairings and the resources they shared; erasure
empties their buddy profile and ends their active pairings (which still count)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from wellbeing_portal.core.registry import PrivacyHooks, export_date

from .models import BuddyPairing, BuddyProfile, SharedResource


def person_export(user: Any) -> dict[str, Any]:
    buddy = BuddyProfile.objects.filter(user=user).select_related("school").first()
    pairings = BuddyPairing.objects.filter(Q(head=user) | Q(buddy__user=user)).select_related(
        "buddy__user", "head", "head_school"
    )
    return {
        "buddy_profile": None
        if buddy is None
        else {
            "school": buddy.school.name,
            "available": buddy.available,
            "availability": buddy.availability,
            "experience_note": buddy.experience_note,
            "profile": buddy.profile,
        },
        "buddy_pairings": [
            {
                "buddy": p.buddy.user.full_name,
                "head": p.head.full_name,
                "head_school": p.head_school.name,
                "status": p.get_status_display(),
                "started_on": export_date(p.started_on),
                "ended_on": export_date(p.ended_on),
            }
            for p in pairings
        ],
        "shared_resources_written": [
            {"title": r.title, "status": r.get_status_display()}
            for r in SharedResource.objects.filter(author=user).order_by("pk")
        ],
    }


def person_erase(user: Any) -> None:
    BuddyProfile.objects.filter(user=user).update(
        available=False, availability="", experience_note="", profile=""
    )
    # A pairing with someone who can no longer sign in is over; it still counts as one.
    BuddyPairing.objects.filter(
        Q(head=user) | Q(buddy__user=user), status=BuddyPairing.Status.ACTIVE
    ).update(status=BuddyPairing.Status.ENDED, ended_on=timezone.localdate())


HOOKS = PrivacyHooks(key="support_directory", order=40, export=person_export, erase=person_erase)
