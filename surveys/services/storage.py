"""Where a submitted response goes, so that nothing physical ties it to a person.

1. Submitting writes one row to PendingResponse, sealed (`surveys.sealing`), in a
   transaction of its own: an invitation is marked answered in another, before it
   (responses.py). The pending row says only "someone at this school answered".
2. `responses_flush` moves pending responses into the results tables in shuffled
   batches, per school, once at least the wave's score threshold of them came through
   invitations (so a batch always stands for at least that many invitees answering in
   the same stretch of time), with random ids. The periodic task runs it.
3. `wave_rewrite`, when the wave closes, writes every response of the wave once more in
   one shuffled batch with new random ids and deletes the old rows, so that a small last
   batch is not a weak spot and the wave's rows share one transaction id.
After 2 and 3, PostgreSQL is asked to VACUUM the tables, so the old row versions (and
their transaction ids) are gone from every later read and dump.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Count

from wellbeing_portal.people.models import School

from ..models import Answer, Comment, Item, PendingResponse, Response, Wave, random_id
from ..sealing import portal_keys, seal, unseal

PURPOSE = "surveys.pending-response"
_shuffle = random.SystemRandom().shuffle


@dataclass(frozen=True)
class NewResponse:
    """One checked response, ready to store (comment trimmed, or '')."""

    wave: Wave
    school: School
    role_group: str
    today: dt.date
    receipt_hash: str
    metric_score: float | None
    rows: list[tuple[Item, int, int]]  # (item, answer, scored answer)
    comment: str
    invited: bool


def _associated(wave_id: int, school_id: int) -> bytes:
    """Binds a box to its wave and school: it cannot be moved to another."""
    return f"{wave_id}:{school_id}".encode()


# The wave's status is read in the same statement: nothing is written once it has closed,
# whatever a cached copy of the wave said.
_INSERT_PENDING = """
INSERT INTO surveys_pendingresponse (id, wave_id, school_id, invited, sealed)
SELECT %s, id, %s, %s, %s FROM surveys_wave
WHERE id = %s AND status = %s AND closes_on >= %s
"""


def pending_store(new: NewResponse) -> bool:
    """Seal a response and write it to the pending table, in one statement (its own
    transaction); False if the wave has closed meanwhile."""
    box = seal(
        {
            "g": new.role_group,
            "d": new.today.isoformat(),
            "h": new.receipt_hash,
            "m": new.metric_score,
            "a": [[item.pk, value, scored] for item, value, scored in new.rows],
            "c": new.comment,
        },
        key=portal_keys(PURPOSE)[0],
        associated=_associated(new.wave.pk, new.school.pk),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            _INSERT_PENDING,
            [
                uuid.uuid4().hex if connection.vendor == "sqlite" else uuid.uuid4(),
                new.school.pk,
                new.invited,
                box,
                new.wave.pk,
                Wave.Status.OPEN.value,
                new.today,
            ],
        )
        return cursor.rowcount == 1


def responses_flush(*, wave: Wave, everything: bool = False) -> int:
    """Write the wave's pending responses into the results tables, one shuffled batch
    per school that has at least the score threshold of invited answers waiting (open-link
    answers go with them, never instead of them); with `everything`, all of them. Returns
    how many were written. Safe to run twice, and beside itself (locked rows are skipped)."""
    waiting = PendingResponse.objects.filter(wave_id=wave.pk)
    if not everything:
        # Counted first, without the sealed boxes: only the ready schools' rows are read.
        ready = (
            waiting.filter(invited=True)
            .values("school_id")
            .annotate(n=Count("pk"))
            .filter(n__gte=wave.score_threshold)
            .values_list("school_id", flat=True)
        )
        waiting = waiting.filter(school_id__in=list(ready))
    with transaction.atomic():
        pending = list(waiting.select_for_update(skip_locked=True))
        if not pending:
            return 0
        keys = portal_keys(PURPOSE)
        responses = [
            _from_box(
                unseal(p.sealed, keys=keys, associated=_associated(wave.pk, p.school_id)),
                wave_id=wave.pk,
                school_id=p.school_id,
                invited=p.invited,
            )
            for p in pending
        ]
        _write_shuffled(responses)
        PendingResponse.objects.filter(pk__in=[p.pk for p in pending]).delete()
    vacuum_after_commit([PendingResponse])
    return len(responses)


def responses_flush_open() -> int:
    """`responses_flush` for every open wave (the periodic task)."""
    return sum(responses_flush(wave=wave) for wave in Wave.objects.filter(status=Wave.Status.OPEN))


def wave_rewrite(*, wave: Wave) -> int:
    """Write every stored response of the wave again, in one shuffled batch with new
    random ids, and delete the old rows (call it inside the transaction that closes the
    wave). Receipt codes keep working: their hashes move with the responses."""
    old = list(Response.objects.filter(wave_id=wave.pk).values())
    if not old:
        return 0
    by_response: dict[Any, dict[str, Any]] = {
        row["id"]: {**row, "answers": [], "comment": ""} for row in old
    }
    for response_id, item_id, value, scored in Answer.objects.filter(
        response__wave_id=wave.pk
    ).values_list("response_id", "item_id", "value", "scored"):
        by_response[response_id]["answers"].append((item_id, value, scored))
    for response_id, text in Comment.objects.filter(response__wave_id=wave.pk).values_list(
        "response_id", "text"
    ):
        by_response[response_id]["comment"] = text
    Answer.objects.filter(response__wave_id=wave.pk).delete()
    Comment.objects.filter(response__wave_id=wave.pk).delete()
    Response.objects.filter(wave_id=wave.pk).delete()
    _write_shuffled(
        _Stored(
            wave_id=row["wave_id"],
            school_id=row["school_id"],
            role_group=row["role_group"],
            submitted_on=row["submitted_on"],
            receipt_hash=row["receipt_hash"],
            metric_score=row["metric_score"],
            invited=row["invited"],
            answers=row["answers"],
            comment=row["comment"],
        )
        for row in by_response.values()
    )
    vacuum_after_commit([Response, Answer, Comment])
    return len(old)


@dataclass(frozen=True)
class _Stored:
    wave_id: int
    school_id: int
    role_group: str
    submitted_on: dt.date
    receipt_hash: str
    metric_score: float | None
    invited: bool
    answers: list[tuple[int, int, int]]  # (item id, answer, scored answer)
    comment: str


def _from_box(box: dict[str, Any], *, wave_id: int, school_id: int, invited: bool) -> _Stored:
    return _Stored(
        wave_id=wave_id,
        school_id=school_id,
        role_group=box["g"],
        submitted_on=dt.date.fromisoformat(box["d"]),
        receipt_hash=box["h"],
        metric_score=box["m"],
        invited=invited,
        answers=[(item, value, scored) for item, value, scored in box["a"]],
        comment=box["c"],
    )


def _write_shuffled(stored: Iterable[_Stored]) -> None:
    """Insert responses, answers and comments each in a random order, with random ids."""
    responses, answers, comments = [], [], []
    for s in stored:
        response = Response(
            id=uuid.uuid4(),
            wave_id=s.wave_id,
            school_id=s.school_id,
            role_group=s.role_group,
            submitted_on=s.submitted_on,
            receipt_hash=s.receipt_hash,
            metric_score=s.metric_score,
            invited=s.invited,
        )
        responses.append(response)
        answers += [
            Answer(id=random_id(), response=response, item_id=item, value=value, scored=scored)
            for item, value, scored in s.answers
        ]
        if s.comment:
            comments.append(Comment(id=random_id(), response=response, text=s.comment))
    for rows in (responses, answers, comments):
        _shuffle(rows)
    Response.objects.bulk_create(responses, batch_size=2000)
    Answer.objects.bulk_create(answers, batch_size=5000)
    Comment.objects.bulk_create(comments, batch_size=2000)


def vacuum_after_commit(models: Iterable[type[Any]]) -> None:
    """On PostgreSQL, VACUUM the tables once the transaction commits: the deleted row
    versions, with their transaction ids and old places, are then gone from every read
    and dump. (Elsewhere, nothing to do: SQLite is the demo's database.)"""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)

    def vacuum() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {tables}")

    transaction.on_commit(vacuum)
