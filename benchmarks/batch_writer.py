"""The batch writer's cost, measured by `benchmarks/load.py` after the load turns.

A submission only seals its response into the pending table (`pending_store`); the batch
writer writes it to the results tables later: `responses_flush` (every ten minutes, for
each school with at least the threshold of invited answers waiting) and `wave_close` (the
last pending responses, then the whole wave rewritten in one shuffled batch, its results
frozen, and VACUUM on commit). Measured in load.py's own process, on its database, each
beside the same Response and Answer rows written plainly in the same run (the model
objects built and `bulk_create`d, their deferred foreign keys checked, in a transaction
then rolled back):

1. storing one response as a submission does (`pending_store`, its own transaction),
   with the sealing alone beside it;
2. one school's pending responses flushed, in the load's open wave: every open-link
   submission of the load turns is still waiting there (open-link answers never make a
   batch on their own), so the periodic task with no school ready is timed too;
3. a wave of the large size, of its own: the organisation's schools, each with as many
   responses as in the latest closed wave, every one sealed and flushed through the
   portal's own functions. One school's batch is flushed on its own (nothing else
   waiting), then every other school's at once; the last threshold − 1 of each school
   stay pending, as a periodic flush would leave them, and `wave_close` closes the wave,
   each of its phases timed. Under `--keep`, the wave is deleted afterwards.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import random
import secrets
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from unittest import mock

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from surveys import results, services
from surveys.models import Answer, Comment, Item, PendingResponse, Response, Wave
from surveys.services import storage
from surveys.services.storage import NewResponse, pending_store
from wellbeing_portal.people.models import School

Row = tuple[str, str, str, str, bool | None]
T = TypeVar("T")
GROUPS = ("teaching", "support", "leadership")


@dataclass
class Clock:
    """Seconds spent in each of the functions it wraps, by name."""

    spent: dict[str, float] = field(default_factory=dict)

    def wrap(self, name: str, function: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> T:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.spent[name] = self.spent.get(name, 0.0) + time.perf_counter() - start

        return timed

    def watching(self) -> contextlib.AbstractContextManager[Any]:
        """Time what runs on commit: VACUUM (storage.vacuum_after_commit) and the rest."""
        real = transaction.on_commit

        def on_commit(
            func: Callable[[], None], using: str | None = None, robust: bool = False
        ) -> None:
            name = "VACUUM" if "vacuum" in func.__qualname__ else "other on-commit work"
            real(self.wrap(name, func), using=using, robust=robust)

        return mock.patch.object(transaction, "on_commit", on_commit)


def timed(work: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    done = work()
    return done, time.perf_counter() - start


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def each(seconds: float, n: int) -> str:
    return f"{seconds * 1000 / max(n, 1):.2f} ms each"


def responses_for(wave: Wave, school: School, n: int, items: list[Item]) -> list[NewResponse]:
    """`n` complete responses to the wave from the school's invitees, answers at random."""
    rng = random.Random(school.pk)  # noqa: S311 - benchmark data
    instrument = wave.survey.instrument
    today = timezone.localdate()
    made = []
    for k in range(n):
        values = [rng.randint(instrument.scale_min, instrument.scale_max) for _ in items]
        made.append(
            NewResponse(
                wave=wave,
                school=school,
                role_group=GROUPS[k % len(GROUPS)],
                today=today,
                receipt_hash=secrets.token_hex(32),
                metric_score=None,
                rows=[
                    (item, v, instrument.scored(v, reverse=item.reverse_scored))
                    for item, v in zip(items, values, strict=True)
                ],
                comment="",
                invited=True,
            )
        )
    return made


def plain_write(stored: list[NewResponse]) -> float:
    """Seconds to build the same Response and Answer rows and `bulk_create` them, as the
    batch writer does but with nothing else, and to check their foreign keys (Django makes
    them DEFERRABLE INITIALLY DEFERRED: the batch writer's are checked at its commit).
    Rolled back: nothing is left."""
    with transaction.atomic(), connection.cursor() as cursor:
        start = time.perf_counter()
        responses, answers = [], []
        for s in stored:
            response = Response(
                id=uuid.uuid4(),
                wave=s.wave,
                school=s.school,
                role_group=s.role_group,
                submitted_on=s.today,
                receipt_hash=s.receipt_hash,
                metric_score=s.metric_score,
                invited=s.invited,
            )
            responses.append(response)
            answers += [Answer(response=response, item=i, value=v, scored=c) for i, v, c in s.rows]
        Response.objects.bulk_create(responses, batch_size=2000)
        Answer.objects.bulk_create(answers, batch_size=5000)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        spent = time.perf_counter() - start
        transaction.set_rollback(True)
    return spent


def store_all(stored: list[NewResponse]) -> None:
    """Seal and store responses in one transaction (building the data, not measured)."""
    with transaction.atomic():
        for new in stored:
            assert pending_store(new)


def flush_timed(wave: Wave) -> tuple[int, float, Clock]:
    """`responses_flush` on the wave, its VACUUM (on commit) timed apart."""
    clock = Clock()
    with clock.watching():
        written, seconds = timed(lambda: storage.responses_flush(wave=wave))
    return written, seconds, clock


def measure(*, org_wave: Wave, open_wave: Wave, keep: bool) -> tuple[list[Row], list[str]]:
    """The rows for load.py's table, and the lines of its "batch writer" section. Run it
    after the load turns: it flushes a school of the load's open wave."""
    items = list(
        open_wave.survey.items.select_related("domain").order_by("domain__position", "position")
    )
    per_school = dict(
        Response.objects.filter(wave=org_wave)
        .values_list("school_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    schools = {s.pk: s for s in School.objects.filter(pk__in=per_school)}
    middle = sorted(per_school, key=lambda pk: (per_school[pk], pk))[len(per_school) // 2]
    school = schools[middle]
    rest = open_wave.score_threshold - 1  # what a periodic flush leaves waiting, at most
    rows: list[Row] = []
    lines: list[str] = []

    # 1 and 2: the load's open wave, as the load turns left it.
    waiting = PendingResponse.objects.filter(wave_id=open_wave.pk).count()
    none_ready, idle, _ = flush_timed(open_wave)
    assert none_ready == 0, "a school of the load's open wave had invited answers waiting"
    batch = responses_for(open_wave, school, per_school[middle] - rest, items)
    seal = Clock()
    each_store = []
    with mock.patch.object(storage, "seal", seal.wrap("seal", storage.seal)):
        for new in batch:
            ok, seconds = timed(lambda new=new: pending_store(new))  # type: ignore[misc]
            assert ok
            each_store.append(seconds)
    store = statistics.median(each_store)
    written, seconds, clock = flush_timed(open_wave)
    reference = plain_write(responses_for(open_wave, school, written, items))
    rows.append(
        (
            "storing one response as a submission does (`pending_store`: sealed, one INSERT, "
            "its own transaction; in process)",
            f"median {store * 1000:.2f} ms ({len(batch)} stored)",
            f"sealing alone (AES-GCM, padded to 16 KiB): {each(seal.spent['seal'], len(batch))}",
            "(shown)",
            None,
        )
    )
    rows.append(
        (
            f"batch writer: one school's batch flushed (`responses_flush`) in the load's open "
            f"wave, {waiting:,} open-link responses waiting",
            f"{ms(seconds)} for {written} ({each(seconds, written)}; VACUUM "
            f"{ms(clock.spent.get('VACUUM', 0))}); with no school ready: {ms(idle)}",
            f"the same {written} responses' rows written plainly: {ms(reference)} "
            f"({each(reference, written)})",
            "(shown)",
            None,
        )
    )

    # 3: a wave of the large size, of its own.
    wave = Wave.objects.create(
        organisation=org_wave.organisation,
        survey=open_wave.survey,
        title="Closed by benchmarks/load.py",
        roles=open_wave.roles,
        opens_on=timezone.localdate() - dt.timedelta(days=20),
        closes_on=timezone.localdate(),
        status=Wave.Status.OPEN,
    )
    wave.schools.set(schools.values())
    try:
        stored = {pk: responses_for(wave, schools[pk], n, items) for pk, n in per_school.items()}
        total = sum(per_school.values())
        first = stored[middle][: len(stored[middle]) - rest]
        store_all(first)
        one, one_seconds, one_clock = flush_timed(wave)
        one_reference = plain_write(first)
        rows.append(
            (
                "batch writer: one school's batch flushed (`responses_flush`), nothing else "
                "waiting",
                f"{ms(one_seconds)} for {one} ({each(one_seconds, one)}; VACUUM "
                f"{ms(one_clock.spent.get('VACUUM', 0))})",
                f"the same rows written plainly: {ms(one_reference)} ({each(one_reference, one)})",
                "(shown)",
                None,
            )
        )
        for pk, made in stored.items():
            store_all(made[: max(len(made) - rest, 0)] if pk != middle else [])
        many, many_seconds, _ = flush_timed(wave)
        for made in stored.values():
            store_all(made[max(len(made) - rest, 0) :])
        last = PendingResponse.objects.filter(wave_id=wave.pk).count()
        clock = Clock()
        with contextlib.ExitStack() as phases_timed:
            phases_timed.enter_context(clock.watching())
            for module, name, label in (
                (storage, "responses_flush", "final flush"),
                (storage, "wave_rewrite", "rewrite"),
                (results, "result_set_freeze", "freeze"),
            ):
                wrapped = clock.wrap(label, getattr(module, name))
                phases_timed.enter_context(mock.patch.object(module, name, wrapped))
            _, close = timed(lambda: services.wave_close(wave=wave))
        assert Response.objects.filter(wave=wave).count() == total
        everything = [new for made in stored.values() for new in made]
        close_reference = plain_write(everything)
        phases = ", ".join(f"{name} {ms(s)}" for name, s in clock.spent.items())
        rest_of_it = close - sum(clock.spent.values())
        rows.append(
            (
                f"batch writer: a wave of the large size closed (`wave_close`: {len(schools)} "
                f"schools, {total:,} responses, {last} still pending)",
                f"{ms(close)} ({each(close, total)}): {phases}, the rest (the commit) "
                f"{ms(rest_of_it)}",
                f"the same {total:,} responses' rows written plainly: {ms(close_reference)} "
                f"({each(close_reference, total)})",
                "(shown)",
                None,
            )
        )
        lines += [
            "Measured in load.py's own process after the load turns and the outbox, each "
            "beside the same Response and Answer rows written plainly in the same run: the "
            "model objects built and `bulk_create`d (2,000 and 5,000 rows a statement, as "
            "the batch writer does) and their foreign keys checked (`SET CONSTRAINTS ALL "
            "IMMEDIATE`: Django makes them deferred, so the batch writer's are checked when "
            "it commits), in a transaction then rolled back.",
            "",
            f"- The load's open wave had {waiting:,} open-link responses waiting: open-link "
            "answers never make a batch on their own, so they wait for the close. "
            f"`responses_flush` with no school ready took {ms(idle)}; one school's batch "
            f"({len(batch)} invited responses, with the {written - len(batch)} open-link "
            f"ones of the same school) {ms(seconds)}.",
            f"- A wave of the large size, of its own: {len(schools)} schools, each with as "
            f"many responses as in the latest closed wave ({total:,} in all), every one "
            f"sealed with `pending_store`. One school's batch ({one}) was flushed with "
            f"nothing else waiting; then the other schools' batches in one go: {many:,} "
            f"responses in {ms(many_seconds)} ({each(many_seconds, many)}). The last "
            f"{rest} of each school ({last} in all) stayed pending, as a periodic flush "
            "leaves them, for `wave_close`.",
            f"- `wave_close`, {ms(close)} in all: "
            + ", ".join(f"{name} {ms(s)}" for name, s in clock.spent.items())
            + f", and the rest {ms(rest_of_it)}: marking the wave closed, the snapshots, "
            "and the commit, where PostgreSQL checks the deferred foreign keys of every row "
            "the rewrite deleted and wrote. The VACUUM is of the whole Response, Answer and "
            "Comment tables (every organisation's waves), and of the pending table.",
        ]
    finally:
        if keep:  # the database is kept for the next run: leave it as it was built
            Answer.objects.filter(response__wave=wave).delete()
            Comment.objects.filter(response__wave=wave).delete()
            wave.delete()
    return rows, lines
