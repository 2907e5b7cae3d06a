"""Writes about anonymous responses: submitting through an invitation or an open link,
receipt codes and replies, and redacting comments."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wellbeing_portal.people.models import School

from ..models import (
    STAFF_ROLE_GROUPS,
    Answer,
    Comment,
    Instrument,
    Invitation,
    Item,
    OpenLink,
    Reply,
    Response,
    RoleGroup,
    Survey,
    Wave,
)
from ..selectors import survey_items
from .tokens import RECEIPT_ALPHABET, RECEIPT_LENGTH, receipt_code_normalise, token_hash

# Responding -----------------------------------------------------------------------------


class SurveyClosed(ValidationError):
    pass


def _validate_answers(
    *, wave: Wave, answers: Mapping[str, object], items: Sequence[Item] | None
) -> list[tuple[Item, int, int]]:
    """Every answer must be for an item of the survey and on the scale; every item answered."""
    by_pk = {str(item.pk): item for item in (survey_items(wave) if items is None else items)}
    instrument = wave.survey.instrument
    unknown = sorted(set(answers) - set(by_pk))
    if unknown:
        raise ValidationError("The form included a question that is not in this survey.")
    rows = []
    for pk, item in by_pk.items():
        raw = answers.get(pk)
        if raw in (None, ""):
            raise ValidationError({f"item_{pk}": f"Answer the statement: {item.text}"})
        try:
            value = int(str(raw))
        except ValueError:
            raise ValidationError({f"item_{pk}": "Choose one of the answers given."}) from None
        if not instrument.scale_min <= value <= instrument.scale_max:
            raise ValidationError({f"item_{pk}": "Choose one of the answers given."})
        rows.append((item, value, instrument.scored(value, reverse=item.reverse_scored)))
    return rows


def _metric(instrument: Instrument, rows: list[tuple[Item, int, int]]) -> float | None:
    if not instrument.conversion:
        return None
    total = sum(scored for _, _, scored in rows)
    value = instrument.conversion.get(str(total))
    return float(value) if value is not None else None


@dataclass(frozen=True)
class Submitted:
    receipt_code: str
    scored: dict[str, list[int]]  # domain key → scored answers, for the closing page only


def _store_response(
    *,
    wave: Wave,
    school: School,
    role_group: str,
    answers: Mapping[str, object],
    comment: str,
    today: dt.date,
    items: Sequence[Item] | None,
) -> Submitted:
    if wave.status != Wave.Status.OPEN or today > wave.closes_on:
        raise SurveyClosed("This survey has closed. Thank you for wanting to take part.")
    allowed = (
        {RoleGroup.HEADTEACHER.value}
        if wave.survey.kind == Survey.Kind.HEADTEACHER
        else {g.value for g in STAFF_ROLE_GROUPS}
    )
    if role_group not in allowed:
        raise ValidationError({"role_group": "Choose the description that fits your job best."})
    rows = _validate_answers(wave=wave, answers=answers, items=items)
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    response = Response.objects.create(
        wave=wave,
        school=school,
        role_group=role_group,
        submitted_on=today,
        receipt_hash=token_hash(code),
        metric_score=_metric(wave.survey.instrument, rows),
    )
    Answer.objects.bulk_create(
        Answer(response=response, item=item, value=value, scored=scored)
        for item, value, scored in rows
    )
    text = comment.strip()
    if text and wave.survey.asks_comment:
        Comment.objects.create(response=response, text=text[:2000])
    scored: dict[str, list[int]] = {}
    for item, _, value in rows:
        scored.setdefault(item.domain.key, []).append(value)
    return Submitted(receipt_code=f"{code[:5]}-{code[5:]}", scored=scored)


def invitation_for_token(token: str) -> Invitation:
    """The invitation whose link carries `token`, or Invitation.DoesNotExist."""
    return Invitation.objects.select_related("wave__survey__instrument", "school").get(
        token_hash=token_hash(token)
    )


@transaction.atomic
def response_submit(
    *,
    invitation: Invitation,
    role_group: str,
    answers: Mapping[str, object],
    comment: str = "",
    today: dt.date | None = None,
    items: Sequence[Item] | None = None,
) -> Submitted:
    """Store one anonymous response for an invitation and mark the invitation completed,
    in one transaction, with the invitation row locked: a second submission (even a
    concurrent one) is refused and stores nothing. Nothing joins the two rows.

    `items` are the wave's `survey_items`, when the caller has already read them."""
    today = today or timezone.localdate()
    locked = (
        Invitation.objects.select_for_update()
        .select_related("wave__survey__instrument", "school")
        .get(pk=invitation.pk)
    )
    if locked.completed:
        raise ValidationError("You have already answered this survey: thank you.")
    submitted = _store_response(
        wave=locked.wave,
        school=locked.school,
        role_group=role_group,
        answers=answers,
        comment=comment,
        today=today,
        items=items,
    )
    Invitation.objects.filter(pk=locked.pk).update(completed=True)
    return submitted


@transaction.atomic
def open_response_submit(
    *,
    link: OpenLink,
    role_group: str,
    answers: Mapping[str, object],
    comment: str = "",
    today: dt.date | None = None,
    items: Sequence[Item] | None = None,
) -> Submitted:
    """Store one anonymous response through a school's open link (the view allows one
    per browser and rate-limits). `items` as for `response_submit`. The link may be a
    cached copy (selectors.open_link_get), so the wave's status is read again here."""
    link.wave.refresh_from_db(fields=["status", "closes_on"])
    return _store_response(
        wave=link.wave,
        school=link.school,
        role_group=role_group,
        answers=answers,
        comment=comment,
        today=today or timezone.localdate(),
        items=items,
    )


# Comments and replies -------------------------------------------------------------------


def response_for_receipt(code: str) -> Response | None:
    code = receipt_code_normalise(code)
    if len(code) != RECEIPT_LENGTH:
        return None
    return (
        Response.objects.select_related("wave", "comment")
        .filter(receipt_hash=token_hash(code))
        .first()
    )


def reply_create(*, comment: Comment, sender: str, text: str) -> Reply:
    """Add a message to a comment's thread, from the school or from the code holder."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write your reply."})
    reply = Reply(comment=comment, sender=sender, text=text[:2000], sent_on=timezone.localdate())
    reply.full_clean()
    reply.save()
    return reply


def comment_redact(*, comment: Comment, redacted_text: str) -> Comment:
    """The wellbeing lead replaces what is shown of a comment (the original is kept)."""
    redacted_text = redacted_text.strip()
    if not redacted_text:
        raise ValidationError({"redacted_text": "Write what should be shown instead."})
    comment.redacted = True
    comment.redacted_text = redacted_text
    comment.save(update_fields=["redacted", "redacted_text"])
    return comment
