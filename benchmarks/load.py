"""The portal under load: gunicorn on PostgreSQL, driven by locust, at `seed_demo --scale large`.

Creates a throwaway database (DATABASE_URL's name with a `_load` suffix), migrates it,
builds the large organisation, starts gunicorn with `benchmarks.settings`,
then measures, each figure beside a reference measured in the same run:

- survey submissions through open links, 50 clients flat out, taking turns with a trivial
  view (`/health/live/`, which checks nothing) and with the floor of a submission
  (`benchmarks/floor_urls.py`), with the CPU time each process spent per request (and
  the form page, shown without a target); and their p95 at a stated rate, from
  gunicorn's access log, beside the trivial view at the same rate (`load_turns.py`);
- the same turns in a second layout, gunicorn on a core of its own and PostgreSQL,
  Redis and locust on the other (`layouts.py`), shown beside the first;
- the organisation results page (with its heatmap) and the board and "what happens now"
  pages, beside the trivial view at one client, and the results page's query count at 5
  and 200 schools;
- an inspection logged → its emails marked sent in the outbox by a real Celery worker and
  beat, beside an email queued directly (`outbox_latency.py`);
- the batch writer: a school's pending responses flushed and a wave of the large size
  closed, beside the same rows written plainly (`batch_writer.py`).

Writes `benchmarks/results/load-<date>.md` and prints it. `--keep` keeps the database
(a later `--keep` run reuses it instead of building it again).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wellbeing REDIS_URL=redis://127.0.0.1:6379/6 \\
        .venv/bin/python benchmarks/load.py [--seconds 20] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import layouts
import load_turns
import outbox_latency
from layouts import OWN_CORE, SHARED, Layout
from load_turns import Turns, cpu_split, failed, locust

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SETTINGS = "benchmarks.settings"
# The submissions' throughput targets: beside the trivial view, and beside the floor.
TARGET = 0.5
TARGET_OF_FLOOR = 0.6

Row = tuple[str, str, str, str, bool | None]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20, help="of load per measurement")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the database")
    args = parser.parse_args()
    # Stopped (by `timeout`, say), still run the `finally` blocks: they stop gunicorn and
    # give PostgreSQL and Redis their CPU affinity back (layouts.py).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must name a PostgreSQL database (its name gets a _load suffix).")
    if not os.environ.get("REDIS_URL"):
        sys.exit("REDIS_URL is needed (the outbox measurement uses a real worker and beat).")
    url = base.rsplit("/", 1)[0] + "/" + base.rsplit("/", 1)[1].split("?")[0] + "_load"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": SETTINGS,
           "PORTAL_BENCH_CACHE_PREFIX": f"bench-{uuid.uuid4().hex[:8]}"}  # fmt: skip
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import psycopg

    admin = base.replace("postgres://", "postgresql://", 1).rsplit("/", 1)[0] + "/postgres"
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not args.keep:
            conn.execute(f'DROP DATABASE "{name}"')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    manage = [sys.executable, str(ROOT / "manage.py")]
    try:
        started = time.perf_counter()
        subprocess.run([*manage, "migrate", "-v0", "--noinput"], env=env, check=True)
        subprocess.run([*manage, "seed_demo", "--scale", "large"], env=env, check=True)
        built = time.perf_counter() - started
        report = measure(args, env, built)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"load-{dt.datetime.now(dt.UTC):%Y-%m-%d-%H%M}.md"
    path.write_text(report)
    print(report)
    print(f"Written to {path.relative_to(ROOT)}")


def measure(args: argparse.Namespace, env: dict[str, str], built: float) -> str:
    import django

    django.setup()
    import batch_writer
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from demo import large as large_demo
    from inspections.models import Inspection
    from surveys.models import Answer, OpenLink, PendingResponse, Response, Wave
    from wellbeing_portal.people.models import User

    org_wave = Wave.objects.filter(organisation__slug=large_demo.SLUG, status="closed").latest(
        "opens_on"
    )
    small_wave = (
        Wave.objects.filter(organisation__slug="riverside", results_published=True)
        .exclude(survey__key="headteacher-wellbeing")
        .latest("opens_on")
    )
    open_wave = Wave.objects.get(organisation__slug=large_demo.SLUG, status="open")
    tokens = list(OpenLink.objects.filter(wave=open_wave).values_list("token", flat=True))
    links = [reverse("surveys:take_open", kwargs={"token": t}) for t in tokens]
    floors = [f"/bench/floor/{t}/" for t in tokens]  # benchmarks/floor_urls.py
    under_way = (
        Inspection.objects.filter(school__responsible_body__slug=large_demo.SLUG)
        .exclude(phase="closed")
        .select_related("head")
        .first()
    )
    assert under_way is not None

    def session(email: str) -> str:
        client = Client()
        client.force_login(User.objects.get(email=email))
        return client.cookies["sessionid"].value

    lead = session(large_demo.LEAD)
    senior = session(large_demo.SENIOR)
    head = session(under_way.head.email)

    # Query counts: the same page for a 5-school trust (3 waves) and for 200 schools (10).
    counts = {}
    for label, wave, email in (
        ("5 schools", small_wave, "lead@riverside.example.org"),
        ("200 schools", org_wave, large_demo.LEAD),
    ):
        client = Client()
        client.force_login(User.objects.get(email=email))
        url = reverse("surveys:results", kwargs={"pk": wave.pk})
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[label] = len(queries)
        heaviest = max(queries.captured_queries, key=lambda q: float(q["time"]))["sql"]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + heaviest)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    access_log = Path(tempfile.mkdtemp(prefix="bench-")) / "access.log"
    trivial = reverse("core:live")  # answers "ok" and checks nothing
    seconds, users = args.seconds, args.users
    pages = (
        ("organisation results + heatmap (200 schools, 10 waves)", lead,
         reverse("surveys:results", kwargs={"pk": org_wave.pk}), 300),
        ("senior officer's board (50 under way)", senior, reverse("inspections:board"), 150),
        ("head's what happens now", head,
         reverse("inspections:what_now", kwargs={"pk": under_way.pk}), 150),
    )  # fmt: skip
    measured: dict[str, Turns] = {}
    rows: list[Row] = []
    for layout in (SHARED, OWN_CORE):
        if layout.servers_on and (os.cpu_count() or 1) < 2:
            layout.notes.append("not run: this machine has one core")
            continue
        port = layouts.free_port()
        host = f"http://127.0.0.1:{port}"
        with (
            layouts.servers_pinned(
                layout, database_url=env["DATABASE_URL"], redis_url=env["REDIS_URL"]
            ),
            layouts.gunicorn_serving(layout, port=port, env=env, access_log=access_log) as gunicorn,
        ):
            measured[layout.name] = load_turns.turns(
                host=host,
                gunicorn_pid=gunicorn.pid,
                access_log=access_log,
                trivial=trivial,
                links=links,
                floors=floors,
                users=users,
                seconds=seconds,
                prefix=layout.locust,
            )
            if layout is SHARED:  # the rows every earlier run measured, in this layout
                rows += shared_rows(
                    measured[layout.name], host=host, form=links[0] + "?start=1",
                    trivial=trivial, pages=pages, users=users, seconds=seconds,
                )  # fmt: skip
    rows.append(
        (
            "organisation results: queries",
            f"{counts['200 schools']} at 200 schools × 10 waves",
            f"{counts['5 schools']} at 5 schools × 3 waves",
            "does not grow",
            counts["200 schools"] <= counts["5 schools"],
        )
    )
    rows += outbox_latency.rows(env)
    data = (
        f"{Response.objects.count():,} responses, {Answer.objects.count():,} answers, "
        f"{PendingResponse.objects.count():,} responses pending, "
        f"{Inspection.objects.count():,} inspections, built in {built:.0f} s"
    )
    written, batch_notes = batch_writer.measure(
        org_wave=org_wave, open_wave=open_wave, keep=args.keep
    )
    rows += written
    verdict = {True: "PASS", False: "FAIL", None: "–"}
    lines = [
        f"# Load benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"gunicorn (4 sync workers) on PostgreSQL, locust; {os.cpu_count()} cores, shared "
        f"(the second layout is in its own table below); {data}.",
        "",
        "| measurement | measured | reference (same run) | target | result |",
        "| --- | --- | --- | --- | --- |",
        *(f"| {a} | {b} | {c} | {d} | {verdict[ok]} |" for a, b, c, d, ok in rows),
        "",
        *layout_table(measured, (SHARED, OWN_CORE), users),
        "",
        "## The batch writer",
        "",
        *batch_notes,
        "",
        "## The heaviest query of the organisation results page (200 schools)",
        "",
        "```sql",
        heaviest,
        "```",
        "",
        "```",
        plan,
        "```",
    ]
    return "\n".join(lines) + "\n"


def shared_rows(
    got: Turns,
    *,
    host: str,
    form: str,
    trivial: str,
    pages: tuple[tuple[str, str, str, int], ...],
    users: int,
    seconds: int,
) -> list[Row]:
    """The main table's rows for the shared-cores layout (the one every earlier run
    measured): the turns, with the form page flat out and each page at one client (with
    its session cookie) measured now."""
    shown = locust({"kind": "get", "host": host, "urls": [form], "users": users,
                    "seconds": seconds})[form]  # fmt: skip
    rows = throughput_rows(got, shown, users)
    one = locust({"kind": "get", "host": host, "urls": [trivial], "users": 1,
                  "seconds": min(seconds, 10)})[trivial]  # fmt: skip
    for label, cookie, url, target in pages:
        page = locust({"kind": "get", "host": host, "urls": [url], "users": 1,
                       "session": cookie, "seconds": min(seconds, 10)})[url]  # fmt: skip
        rows.append(
            (
                f"{label}: median (1 client)",
                f"{page['median']:.0f} ms ({page['n']} requests, {page['failures']} failed)",
                f"trivial view {one['median']:.0f} ms",
                f"< {target} ms",
                page["median"] < target and page["failures"] == 0,
            )
        )
    return rows


def throughput_rows(got: Turns, form: dict[str, Any], users: int) -> list[Row]:
    """The turns' rows in the main table, with the form page's throughput."""
    ref, sub, floor = got.ref, got.sub, got.floor
    rate = users * load_turns.PACE
    return [
        (
            f"survey submissions, {users} clients flat out: throughput",
            f"{sub['rps']:.1f}/s ({failed(sub)})",
            f"trivial view {ref['rps']:.1f}/s → ratio {got.ratio:.2f}",
            f"ratio ≥ {TARGET}",
            got.ratio >= TARGET and sub["failures"] == 0,
        ),
        (
            f"survey submissions ÷ the floor of a submission, {users} clients flat out, the "
            "same turns",
            f"{sub['rps']:.1f}/s ÷ {floor['rps']:.1f}/s → ratio {got.of_floor:.2f}",
            f"the floor {floor['rps']:.1f}/s ({failed(floor)})",
            f"ratio ≥ {TARGET_OF_FLOOR}",
            got.of_floor >= TARGET_OF_FLOOR and sub["failures"] == 0 and floor["failures"] == 0,
        ),
        (
            f"the floor of a submission, {users} clients flat out: throughput (CSRF, "
            "reading the form and the same sealed one-statement insert, answering plain "
            "text; no validation, cache, rate limit or page)",
            f"{floor['rps']:.1f}/s ({failed(floor)})",
            f"trivial view {ref['rps']:.1f}/s → ratio {floor['rps'] / ref['rps']:.2f}",
            "(shown: the most the submissions' ratio could be here)",
            None,
        ),
        (
            f"survey form page, {users} clients flat out: throughput",
            f"{form['rps']:.1f}/s ({failed(form)})",
            f"trivial view {ref['rps']:.1f}/s → ratio {form['rps'] / ref['rps']:.2f}",
            "(shown, no target)",
            None,
        ),
        (
            f"survey submissions, {users} clients flat out: p95",
            f"{sub['p95']:.0f} ms",
            f"trivial view p95 {ref['p95']:.0f} ms",
            f"(shown: {users} clients ÷ throughput is the floor)",
            None,
        ),
        (
            "CPU time per request, flat out (ms, on this machine)",
            f"submission: {cpu_split(sub['cpu_ms'])}; floor: {cpu_split(floor['cpu_ms'])}",
            f"trivial view: {cpu_split(ref['cpu_ms'])}",
            "(shown: where the time goes)",
            None,
        ),
        (
            f"survey submissions, {users} clients at {rate:.0f}/s in all: p95 served",
            f"{got.served_sub:.0f} ms (locust saw {got.paced_sub['p95']:.0f} ms; "
            f"{got.paced_sub['rps']:.1f}/s, {failed(got.paced_sub)})",
            f"trivial view at the same rate: {got.served_ref:.0f} ms (locust saw "
            f"{got.paced_ref['p95']:.0f} ms)",
            "< 250 ms",
            got.served_sub < 250 and got.paced_sub["failures"] == 0,
        ),
    ]


def layout_table(measured: dict[str, Turns], shown: tuple[Layout, ...], users: int) -> list[str]:
    """The turns of every layout side by side, with what each could and could not pin."""
    rate = users * load_turns.PACE

    def cells(figure: Any) -> str:
        return " | ".join(
            figure(measured[layout.name]) if layout.name in measured else "not run"
            for layout in shown
        )

    def verdict(ok: bool) -> str:
        return "**PASS**" if ok else "**FAIL**"

    rows = [
        ("trivial view, flat out", lambda t: f"{t.ref['rps']:.1f}/s", "–"),
        (
            "the floor of a submission, flat out",
            lambda t: f"{t.floor['rps']:.1f}/s (ratio {t.floor['rps'] / t.ref['rps']:.2f})",
            "–",
        ),
        (
            "survey submissions, flat out",
            lambda t: f"{t.sub['rps']:.1f}/s ({failed(t.sub)})",
            "–",
        ),
        (
            "submissions ÷ trivial view",
            lambda t: f"{t.ratio:.2f}: {verdict(t.ratio >= TARGET)}",
            f"≥ {TARGET}",
        ),
        (
            "submissions ÷ the floor",
            lambda t: f"{t.of_floor:.2f}: {verdict(t.of_floor >= TARGET_OF_FLOOR)}",
            f"≥ {TARGET_OF_FLOOR}",
        ),
        (
            f"submission p95 served at {rate:.0f}/s",
            lambda t: (
                f"{t.served_sub:.0f} ms (trivial view {t.served_ref:.0f} ms): "
                f"{verdict(t.served_sub < 250 and t.paced_sub['failures'] == 0)}"
            ),
            "< 250 ms",
        ),
        (
            "CPU ms per submission",
            lambda t: cpu_split(t.sub["cpu_ms"]),
            "–",
        ),
        ("CPU ms per floor request", lambda t: cpu_split(t.floor["cpu_ms"]), "–"),
        ("CPU ms per trivial request", lambda t: cpu_split(t.ref["cpu_ms"]), "–"),
        (
            "other processes during the throughput turns",
            lambda t: f"{t.others_share(os.cpu_count() or 1):.0%} of the machine",
            "(near 0 % on a quiet machine)",
        ),
    ]
    return [
        "## Two layouts, the same turns",
        "",
        "| measurement | " + " | ".join(layout.name for layout in shown) + " | target |",
        "| --- | " + " | ".join("---" for _ in shown) + " | --- |",
        *(f"| {label} | {cells(figure)} | {target} |" for label, figure, target in rows),
        "",
        *(
            f"- {layout.name}: {note}."
            for layout in shown
            for note in [layout.about, *layout.notes]
        ),
    ]


if __name__ == "__main__":
    main()
