"""Writes about anonymous responses: submitting through an invitation or an open link,
receipt codes and replies, and redacting comments."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
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


@dataclass(frozen=True)
class _NewResponse:
    """What is written for one response, checked and ready (comment trimmed, or '')."""

    wave: Wave
    school: School
    role_group: str
    today: dt.date
    receipt_hash: str
    metric_score: float | None
    rows: list[tuple[Item, int, int]]  # (item, answer, scored answer)
    comment: str


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
    text = comment.strip()[:2000] if wave.survey.asks_comment else ""
    insert = _insert_in_one_statement if connection.vendor == "postgresql" else _insert
    stored = insert(
        _NewResponse(
            wave=wave,
            school=school,
            role_group=role_group,
            today=today,
            receipt_hash=token_hash(code),
            metric_score=_metric(wave.survey.instrument, rows),
            rows=rows,
            comment=text,
        )
    )
    if not stored:
        raise SurveyClosed(CLOSED_MESSAGE)
    scored: dict[str, list[int]] = {}
    for item, _, value in rows:
        scored.setdefault(item.domain.key, []).append(value)
    return Submitted(receipt_code=f"{code[:5]}-{code[5:]}", scored=scored)


# A response, its answers and its comment, written in one statement: PostgreSQL runs it
# as one transaction, and writes nothing unless the wave is open on `today`, whatever a
# cached copy of the wave said. It is the hottest write in the portal (a whole school
# answering at a staff meeting), and as one statement it costs a sixth of the Python and
# two thirds of the database time of the same rows written model by model.
_INSERT_RESPONSE = """
WITH open_wave AS (
    SELECT id FROM surveys_wave
    WHERE id = %(wave)s AND status = %(open)s AND closes_on >= %(today)s
), response AS (
    INSERT INTO surveys_response
        (id, wave_id, school_id, role_group, submitted_on, receipt_hash, metric_score)
    SELECT %(id)s, id, %(school)s, %(role_group)s, %(today)s, %(receipt_hash)s, %(metric)s
    FROM open_wave
    RETURNING id
), comment AS (
    INSERT INTO surveys_comment (response_id, text, redacted, redacted_text)
    SELECT id, %(comment)s, false, '' FROM response WHERE %(comment)s <> ''
)
INSERT INTO surveys_answer (response_id, item_id, value, scored)
SELECT response.id, answer.item, answer.value, answer.scored
FROM response,
    unnest(%(items)s::bigint[], %(values)s::smallint[], %(scored)s::smallint[])
        AS answer (item, value, scored)
"""


def _insert_in_one_statement(new: _NewResponse) -> bool:
    """PostgreSQL: write the response in one statement; False if the wave has closed."""
    with connection.cursor() as cursor:
        cursor.execute(
            _INSERT_RESPONSE,
            {
                "wave": new.wave.pk,
                "open": Wave.Status.OPEN.value,
                "today": new.today,
                "id": uuid.uuid4(),
                "school": new.school.pk,
                "role_group": new.role_group,
                "receipt_hash": new.receipt_hash,
                "metric": new.metric_score,
                "comment": new.comment,
                "items": [item.pk for item, _, _ in new.rows],
                "values": [value for _, value, _ in new.rows],
                "scored": [scored for _, _, scored in new.rows],
            },
        )
        return cursor.rowcount == len(new.rows)


def _insert(new: _NewResponse) -> bool:
    """Other databases (SQLite in the demo): the same rows through the ORM, in one
    transaction, after reading the wave's status again."""
    with transaction.atomic():
        still_open = Wave.objects.filter(
            pk=new.wave.pk, status=Wave.Status.OPEN, closes_on__gte=new.today
        ).exists()
        if not still_open:
            return False
        response = Response.objects.create(
            wave=new.wave,
            school=new.school,
            role_group=new.role_group,
            submitted_on=new.today,
            receipt_hash=new.receipt_hash,
            metric_score=new.metric_score,
        )
        Answer.objects.bulk_create(
            Answer(response=response, item=item, value=value, scored=scored)
            for item, value, scored in new.rows
        )
        if new.comment:
            Comment.objects.create(response=response, text=new.comment)
    return True


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
    cached copy (selectors.open_link_get): the response is written only if the wave is
    still open in the database."""
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
