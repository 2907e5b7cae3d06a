"""Which comments of a closed wave may be read: those its frozen result set shows."""

from __future__ import annotations

from django.db.models import Prefetch

from ..models import Comment, Reply
from .groups import WaveResults


def comments_for(*, results: WaveResults, school_id: int) -> list[Comment]:
    """A school's comments, only if its result set shows the school's comments."""
    if school_id not in results.comment_school_ids:
        return []
    # The school reads code holders' replies only once the lead has released them.
    released = Reply.objects.filter(released=True)
    return list(
        Comment.objects.filter(response__wave=results.wave, response__school_id=school_id)
        .prefetch_related(Prefetch("replies", queryset=released, to_attr="released_replies"))
        .order_by("pk")
    )


def comments_pooled(*, results: WaveResults) -> list[Comment]:
    """The headteacher survey's comments, all heads together and under no school, only if
    enough heads answered. Nothing of a comment's school is loaded."""
    if not results.comments_pooled:
        return []
    return list(Comment.objects.filter(response__wave=results.wave).order_by("pk"))


def comments_for_lead(*, results: WaveResults) -> list[Comment]:
    """Every comment the result set shows, for the wellbeing lead to redact before
    publishing: by school, or pooled for the headteacher survey."""
    if results.headteacher_survey:
        return comments_pooled(results=results)
    return list(
        Comment.objects.filter(
            response__wave=results.wave, response__school_id__in=results.comment_school_ids
        )
        .select_related("response__school")
        .order_by("response__school__name", "pk")
    )


def comment_shown(*, results: WaveResults, comment: Comment) -> bool:
    """Whether the result set shows this comment to anyone."""
    if results.headteacher_survey:
        return results.comments_pooled
    return comment.response.school_id in results.comment_school_ids
