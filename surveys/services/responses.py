"""Writes about anonymous responses: submitting through an invitation or an open link,
receipt codes and replies, and redacting comments."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wellbeing_portal.people.models import School

from ..models import (
    STAFF_ROLE_GROUPS,
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
from .storage import NewResponse, pending_store
from .tokens import RECEIPT_ALPHABET, RECEIPT_LENGTH, receipt_code_normalise, token_hash

# Responding -----------------------------------------------------------------------------


CLOSED_MESSAGE = "This survey has closed. Thank you for wanting to take part."


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
    invited: bool,
    before_storing: Callable[[], None] = lambda: None,
    not_stored: Callable[[], None] = lambda: None,
) -> Submitted:
    """Check a response, then (after `before_storing`) seal it into the pending table
    (storage.py). If the wave has closed meanwhile, `not_stored` undoes what
    `before_storing` did and SurveyClosed is raised."""
    if wave.status != Wave.Status.OPEN or today > wave.closes_on:
        raise SurveyClosed(CLOSED_MESSAGE)
    allowed = (
        {RoleGroup.HEADTEACHER.value}
        if wave.survey.kind == Survey.Kind.HEADTEACHER
        else {g.value for g in STAFF_ROLE_GROUPS}
    )
    if role_group not in allowed:
        raise ValidationError({"role_group": "Choose the description that fits your job best."})
    rows = _validate_answers(wave=wave, answers=answers, items=items)
    if not rows:  # a survey has at least one statement (survey_create)
        raise ValidationError("This survey has no statements to answer.")
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    new = NewResponse(
        wave=wave,
        school=school,
        role_group=role_group,
        today=today,
        receipt_hash=token_hash(code),
        metric_score=_metric(wave.survey.instrument, rows),
        rows=rows,
        comment=comment.strip()[:2000] if wave.survey.asks_comment else "",
        invited=invited,
    )
    before_storing()
    try:
        stored = pending_store(new)
    except Exception:
        not_stored()
        raise
    if not stored:
        not_stored()
        raise SurveyClosed(CLOSED_MESSAGE)
    scored: dict[str, list[int]] = {}
    for item, _, value in rows:
        scored.setdefault(item.domain.key, []).append(value)
    return Submitted(receipt_code=f"{code[:5]}-{code[5:]}", scored=scored)


def invitation_for_token(token: str) -> Invitation:
    """The invitation whose link carries `token`, or Invitation.DoesNotExist."""
    return Invitation.objects.select_related("wave__survey__instrument", "school").get(
        token_hash=token_hash(token)
    )


def response_submit(
    *,
    invitation: Invitation,
    role_group: str,
    answers: Mapping[str, object],
    comment: str = "",
    today: dt.date | None = None,
    items: Sequence[Item] | None = None,
) -> Submitted:
    """Store one anonymous response for an invitation. The invitation is marked answered
    first, in a transaction of its own that only succeeds once (so a second submission,
    even a concurrent one, is refused and stores nothing); the response is then sealed
    into the pending table in another (storage.py). The two share no transaction, no
    order and no id. Call it outside any transaction.

    `items` are the wave's `survey_items`, when the caller has already read them."""
    wave = invitation.wave

    def claim() -> None:
        with transaction.atomic():
            claimed = Invitation.objects.filter(pk=invitation.pk, completed=False).update(
                completed=True
            )
        if not claimed:
            raise ValidationError("You have already answered this survey: thank you.")

    def release() -> None:
        Invitation.objects.filter(pk=invitation.pk).update(completed=False)

    return _store_response(
        wave=wave,
        school=invitation.school,
        role_group=role_group,
        answers=answers,
        comment=comment,
        today=today or timezone.localdate(),
        items=items,
        invited=True,
        before_storing=claim,
        not_stored=release,
    )


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
    per browser and rate-limits), sealed into the pending table. Open-link answers never
    make a group big enough to show on their own (results.py). `items` as for
    `response_submit`. The link may be a cached copy (selectors.open_link_get): the
    response is written only if the wave is still open in the database."""
    return _store_response(
        wave=link.wave,
        school=link.school,
        role_group=role_group,
        answers=answers,
        comment=comment,
        today=today or timezone.localdate(),
        items=items,
        invited=False,
    )


# Comments and replies -------------------------------------------------------------------


def response_for_receipt(code: str) -> Response | None:
    """The stored response whose receipt code this is (typed loosely: case and separators
    do not matter), or None."""
    code = receipt_code_normalise(code)
    if len(code) != RECEIPT_LENGTH:
        return None
    return (
        Response.objects.select_related("wave", "comment")
        .filter(receipt_hash=token_hash(code))
        .first()
    )


def reply_create(*, comment: Comment, sender: str, text: str) -> Reply:
    """Add a message to a comment's thread, from the school or from the code holder. A
    code holder's reply waits for the wellbeing lead to release it (reply_release)."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write your reply."})
    reply = Reply(
        comment=comment,
        sender=sender,
        text=text[:2000],
        sent_on=timezone.localdate(),
        released=sender == Reply.From.SCHOOL,
    )
    reply.full_clean()
    reply.save()
    return reply


def reply_release(*, reply: Reply, redacted_text: str = "") -> Reply:
    """The wellbeing lead lets the school read a code holder's reply, as written or with
    `redacted_text` shown instead (the original is kept for the code holder)."""
    redacted_text = redacted_text.strip()
    reply.released = True
    reply.redacted = bool(redacted_text)
    reply.redacted_text = redacted_text
    reply.save(update_fields=["released", "redacted", "redacted_text"])
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
