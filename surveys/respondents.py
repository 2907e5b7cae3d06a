"""Who may answer a wave through which door, read from the signed-in person's invitations."""

from __future__ import annotations

from wellbeing_portal.people.policy import AnyUser

from .models import Invitation, Wave


def invited_to(*, user: AnyUser, wave: Wave) -> bool:
    """Whether `user` is signed in and was invited to `wave` (answered or not)."""
    if not user.is_authenticated:
        return False
    return Invitation.objects.filter(wave_id=wave.pk, user_id=user.pk).exists()
