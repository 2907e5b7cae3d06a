"""The portal under load: gunicorn on PostgreSQL, driven by locust, at `seed_demo --scale large`.

Creates a throwaway database (DATABASE_URL's name with a `_load` suffix), migrates it,
builds the large organisation, starts gunicorn with `wellbeing_portal.settings.bench`,
then measures, each figure beside a reference measured in the same run:

- survey submissions through open links, 50 clients flat out, taking turns with a trivial
  view (`/health/live/`, which checks nothing) and with the floor of a submission
  (`benchmarks/floor_urls.py`), with the CPU time each process spent per request (and
  the form page, shown without a target); and their p95 at a stated rate, from
  gunicorn's access log, beside the trivial view at the same rate;
- the organisation results page (with its heatmap) and the board and "what happens now"
  pages, beside the trivial view at one client, and the results page's query count at 5 and 200
  schools;
- an inspection logged → its emails marked sent in the outbox by a real Celery worker and
  beat, beside an email queued directly.

Writes `benchmarks/results/load-<date>.md` and prints it. `--keep` keeps the database
(a later `--keep` run reuses it instead of building it again).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wellbeing REDIS_URL=redis://127.0.0.1:6379/6 \\
        .venv/bin/python benchmarks/load.py [--seconds 20] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import resource
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SETTINGS = "wellbeing_portal.settings.bench"
# Submissions per client per second for the latency measurement: 50 clients at 0.5/s is
# 25 a second, 90,000 an hour, four times the whole large organisation's staff.
PACE = 0.5
# Turns each of the reference, the submissions and the floor take in the throughput
# measurement.
ROUNDS = 3


# --- the locust side: runs in a child process (locust patches the standard library) ---


def locust_child(spec: dict[str, Any]) -> None:
    import gevent
    from locust import HttpUser, constant, constant_throughput, task
    from locust.env import Environment

    kind = spec["kind"]

    class Get(HttpUser):
        wait_time = constant_throughput(spec["pace"]) if spec.get("pace") else constant(0)
        host = spec["host"]

        def on_start(self) -> None:
            if spec.get("session"):
                self.client.cookies.set("sessionid", spec["session"])

        @task
        def get(self) -> None:
            for url in spec["urls"]:
                with self.client.get(url, name=url, catch_response=True) as r:
                    if r.status_code != 200:
                        r.failure(f"status {r.status_code}")

    class Submit(HttpUser):
        """One respondent's browser: it opens the survey once (the form, its CSRF token),
        then each task sends a complete set of answers: one submission. Between two, it
        forgets the open link's "already answered" cookie, as a colleague on the same
        shared computer would start afresh.

        The submissions go to each of the wave's open links in turn (or to the floor's URL
        for that link, in `post_urls`). Every client is 127.0.0.1, and a link takes 120
        submissions an hour from one address: spread over the 200 schools' links, a run
        stays well under that limit, and what is measured is storing answers, not
        refusing them."""

        wait_time = constant_throughput(spec["pace"]) if spec.get("pace") else constant(0)
        host = spec["host"]
        sent = 0

        def on_start(self) -> None:
            page = self.client.get(spec["urls"][0] + "?start=1", name="form")
            csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            names = sorted(set(re.findall(r'name="(item_\d+)"', page.text)))
            assert csrf and names, "the survey form did not load"
            self.data = {name: "3" for name in names}
            self.data.update(csrfmiddlewaretoken=csrf.group(1), role_group="teaching")

        @task
        def submit(self) -> None:
            turn = Submit.sent % len(spec["urls"])
            Submit.sent += 1
            for name in [n for n in self.client.cookies.get_dict() if n.startswith("surveys_done")]:
                del self.client.cookies[name]
            with self.client.post(
                spec.get("post_urls", spec["urls"])[turn], data=self.data, name="submit",
                catch_response=True, headers={"Referer": spec["host"] + spec["urls"][turn]},
                allow_redirects=False,
            ) as r:  # fmt: skip
                if r.status_code != 200 or "receipt-code" not in r.text:
                    r.failure(f"status {r.status_code}: {r.text[:40]!r}")

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    env = Environment(user_classes=[Submit if kind == "submit" else Get])
    runner = env.create_local_runner()
    started = cpu()  # locust's own start-up is not the load's
    runner.start(spec["users"], spawn_rate=spec["users"])
    gevent.sleep(spec["seconds"])
    runner.quit()
    out: dict[str, Any] = {"_locust_cpu": cpu() - started}
    for (name, _method), entry in env.stats.entries.items():
        out[name] = {
            "n": entry.num_requests,
            "failures": entry.num_failures,
            "why": {
                str(error.error): error.occurrences
                for error in env.stats.errors.values()
                if error.name == name
            },
            "rps": entry.num_requests / spec["seconds"],
            "median": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
        }
    print(json.dumps(out))


def locust(spec: dict[str, Any], gunicorn_pid: int | None = None) -> dict[str, Any]:
    """Run locust in a child process. With `gunicorn_pid`, each entry also carries the CPU
    seconds the turn cost each process (locust's own included)."""
    before = cpu_seconds(gunicorn_pid) if gunicorn_pid else {}
    done = subprocess.run(
        [sys.executable, __file__, "--locust", json.dumps(spec)],
        capture_output=True,
        text=True,
        check=True,
        timeout=spec["seconds"] + 120,
    )
    out = json.loads(done.stdout.strip().splitlines()[-1])
    spent = out.pop("_locust_cpu")
    if gunicorn_pid:
        after = cpu_seconds(gunicorn_pid)
        cpu = {name: after[name] - before[name] for name in after} | {"locust": spent}
        for entry in out.values():
            entry["cpu"] = cpu
    return out


# --- the orchestrating side ---


def combined(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Several locust runs of the same length as one: totals, the median p95, and the CPU
    time each process took per request."""
    n = sum(run["n"] for run in runs)
    return {
        "n": n,
        "failures": sum(run["failures"] for run in runs),
        "why": dict(sum((Counter(run["why"]) for run in runs), Counter())),
        "rps": sum(run["rps"] for run in runs) / len(runs),
        "p95": sorted(run["p95"] for run in runs)[len(runs) // 2],
        "cpu_ms": {
            name: 1000 * sum(run["cpu"][name] for run in runs) / max(n, 1)
            for name in runs[0]["cpu"]
        },
    }


def failed(entry: dict[str, Any]) -> str:
    """'3 failed of 500: 3 × status 429 …': how many requests failed, and why."""
    why = "; ".join(f"{n} × {reason}" for reason, n in entry["why"].items())
    return f"{entry['failures']} failed of {entry['n']}" + (f": {why}" if why else "")


def cpu_seconds(gunicorn_pid: int) -> dict[str, float]:
    """CPU time so far of the processes serving the load on this machine: gunicorn (its
    workers), PostgreSQL (every backend and helper) and Redis. A process that has exited
    (a database connection closed after `CONN_MAX_AGE`) still counts: its time is added
    to its parent's children's time when the parent reaps it. A server on another machine
    counts as 0."""
    import psutil

    def total(processes: list[Any]) -> float:
        seconds = 0.0
        for process in processes:
            try:
                times = process.cpu_times()
            except psutil.Error:
                continue
            seconds += times.user + times.system + times.children_user + times.children_system
        return seconds

    master = psutil.Process(gunicorn_pid)
    everyone = list(psutil.process_iter(["name"]))
    return {
        "gunicorn": total([master, *master.children(recursive=True)]),
        "PostgreSQL": total([p for p in everyone if p.info["name"] == "postgres"]),
        "Redis": total([p for p in everyone if (p.info["name"] or "").startswith("redis-serv")]),
    }


def cpu_split(cpu_ms: dict[str, float]) -> str:
    return ", ".join(f"{name} {ms:.1f}" for name, ms in cpu_ms.items())


def served_p95(log: Path, *, since: int, method: str) -> float:
    """The 95th percentile, in ms, of the time gunicorn took to serve the `method` requests
    written to its access log (`%(m)s %(D)s`, microseconds) after byte `since`."""
    time.sleep(1)  # let the last lines reach the file
    with log.open() as lines:
        lines.seek(since)
        times = sorted(
            int(parts[1]) / 1000 for line in lines if (parts := line.split()) and parts[0] == method
        )
    return times[int(len(times) * 0.95)] if times else float("inf")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20, help="of load per measurement")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the database")
    parser.add_argument("--locust", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.locust:
        locust_child(json.loads(args.locust))
        return
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
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from inspections.models import Inspection
    from surveys.models import Answer, OpenLink, Response, Wave
    from wellbeing_portal.core import large_demo
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

    port = free_port()
    host = f"http://127.0.0.1:{port}"
    access_log = Path(tempfile.mkdtemp(prefix="bench-")) / "access.log"
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "wellbeing_portal.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--log-level",
            "warning",
            "--access-logfile",
            str(access_log),
            "--access-logformat",
            "%(m)s %(D)s",
        ],
        env={**env, "PORTAL_BENCH_URLCONF": "benchmarks.floor_urls"},
        cwd=ROOT,
    )
    rows: list[tuple[str, str, str, str, bool | None]] = []
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        trivial = reverse("core:live")  # answers "ok" and checks nothing
        seconds, users = args.seconds, args.users
        # Throughput: every client sends its next request as soon as the last is answered.
        # The machine's speed drifts (it is shared), so after a warm-up (which also lets
        # every worker read each link the floor is posted to) the reference, the
        # submissions and the floor take turns, ROUNDS times each, in a different order
        # each round, and their totals are compared.
        turn = {"host": host, "users": users, "seconds": max(seconds // 2, 5)}
        kinds = {
            "trivial": ({**turn, "kind": "get", "urls": [trivial]}, trivial),
            "submit": ({**turn, "kind": "submit", "urls": links}, "submit"),
            "floor": ({**turn, "kind": "submit", "urls": links, "post_urls": floors}, "submit"),
        }
        for spec, _ in kinds.values():
            locust({**spec, "seconds": 5})
        runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in kinds}
        order = list(kinds)
        for round_ in range(ROUNDS):
            for kind in order[round_:] + order[:round_]:
                spec, entry = kinds[kind]
                runs[kind].append(locust(spec, gunicorn.pid)[entry])
        ref, sub, floor = (combined(runs[kind]) for kind in kinds)
        form = locust({"kind": "get", "host": host, "urls": [links[0] + "?start=1"],
                       "users": users, "seconds": seconds})[links[0] + "?start=1"]  # fmt: skip
        ratio = sub["rps"] / ref["rps"]
        rows.append(
            (
                f"survey submissions, {users} clients flat out: throughput",
                f"{sub['rps']:.1f}/s ({failed(sub)})",
                f"trivial view {ref['rps']:.1f}/s → ratio {ratio:.2f}",
                "ratio ≥ 0.5",
                ratio >= 0.5 and sub["failures"] == 0,
            )
        )
        rows.append(
            (
                f"the floor of a submission, {users} clients flat out: throughput (CSRF, "
                "reading the form and the same one-statement insert, answering plain text; "
                "no validation, cache, rate limit or page)",
                f"{floor['rps']:.1f}/s ({failed(floor)})",
                f"trivial view {ref['rps']:.1f}/s → ratio {floor['rps'] / ref['rps']:.2f}",
                "(shown: the most the submissions' ratio could be here)",
                None,
            )
        )
        rows.append(
            (
                f"survey form page, {users} clients flat out: throughput",
                f"{form['rps']:.1f}/s ({failed(form)})",
                f"trivial view {ref['rps']:.1f}/s → ratio {form['rps'] / ref['rps']:.2f}",
                "(shown, no target)",
                None,
            )
        )
        rows.append(
            (
                f"survey submissions, {users} clients flat out: p95",
                f"{sub['p95']:.0f} ms",
                f"trivial view p95 {ref['p95']:.0f} ms",
                f"(shown: {users} clients ÷ throughput is the floor)",
                None,
            )
        )
        rows.append(
            (
                "CPU time per request, flat out (ms, on this machine)",
                f"submission: {cpu_split(sub['cpu_ms'])}; floor: {cpu_split(floor['cpu_ms'])}",
                f"trivial view: {cpu_split(ref['cpu_ms'])}",
                "(shown: where the time goes)",
                None,
            )
        )
        # Latency: each client sends one submission every 1/PACE seconds, so that the
        # load is a stated rate rather than as much as the machine can take. The p95 is
        # taken from gunicorn's access log (the time it took to serve each request), and
        # shown as locust measured it too: at 50 clients, locust's own figure for a
        # trivial view is several times that (its scheduling, on the same two cores).
        rate = users * PACE
        mark = access_log.stat().st_size
        paced_ref = locust({"kind": "get", "host": host, "urls": [trivial], "users": users,
                            "seconds": seconds, "pace": PACE})[trivial]  # fmt: skip
        served_ref = served_p95(access_log, since=mark, method="GET")
        mark = access_log.stat().st_size
        paced = locust({"kind": "submit", "host": host, "urls": links, "users": users,
                        "seconds": seconds, "pace": PACE})["submit"]  # fmt: skip
        served = served_p95(access_log, since=mark, method="POST")
        rows.append(
            (
                f"survey submissions, {users} clients at {rate:.0f}/s in all: p95 served",
                f"{served:.0f} ms (locust saw {paced['p95']:.0f} ms; {paced['rps']:.1f}/s, "
                f"{failed(paced)})",
                f"trivial view at the same rate: {served_ref:.0f} ms (locust saw "
                f"{paced_ref['p95']:.0f} ms)",
                "< 250 ms",
                served < 250 and paced["failures"] == 0,
            )
        )
        one = locust({"kind": "get", "host": host, "urls": [trivial], "users": 1,
                      "seconds": min(seconds, 10)})[trivial]  # fmt: skip
        pages = (
            ("organisation results + heatmap (200 schools, 10 waves)", lead,
             reverse("surveys:results", kwargs={"pk": org_wave.pk}), 300),
            ("senior officer's board (50 under way)", senior, reverse("inspections:board"), 150),
            ("head's what happens now", head,
             reverse("inspections:what_now", kwargs={"pk": under_way.pk}), 150),
        )  # fmt: skip
        for label, cookie, url, target in pages:
            got = locust({"kind": "get", "host": host, "urls": [url], "users": 1,
                          "session": cookie, "seconds": min(seconds, 10)})[url]  # fmt: skip
            rows.append(
                (
                    f"{label}: median (1 client)",
                    f"{got['median']:.0f} ms ({got['n']} requests, {got['failures']} failed)",
                    f"trivial view {one['median']:.0f} ms",
                    f"< {target} ms",
                    got["median"] < target and got["failures"] == 0,
                )
            )
        rows.append(
            (
                "organisation results: queries",
                f"{counts['200 schools']} at 200 schools × 10 waves",
                f"{counts['5 schools']} at 5 schools × 3 waves",
                "does not grow",
                counts["200 schools"] <= counts["5 schools"],
            )
        )
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    rows += outbox_rows(env)
    data = (
        f"{Response.objects.count():,} responses, {Answer.objects.count():,} answers, "
        f"{Inspection.objects.count():,} inspections, built in {built:.0f} s"
    )
    lines = [
        f"# Load benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"gunicorn (4 sync workers) on PostgreSQL, locust; {os.cpu_count()} cores; {data}.",
        "",
        "| measurement | measured | reference (same run) | target | result |",
        "| --- | --- | --- | --- | --- |",
    ]
    verdict = {True: "PASS", False: "FAIL", None: "–"}
    lines += [f"| {a} | {b} | {c} | {d} | {verdict[ok]} |" for a, b, c, d, ok in rows]
    lines += [
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


LOG_AN_INSPECTION = """
import time
from django.utils import timezone
from inspections import services
from inspections.models import Inspection
from wellbeing_portal.people.models import School, User
school = School.objects.filter(responsible_body__slug="northgate").exclude(
    inspections__phase__in=["notified", "before", "during", "after"]).first()
head = User.objects.get(memberships__school=school, memberships__role="headteacher")
print("START", time.time())
i = services.inspection_log(school=school, logged_by=head, data={
    **services.inspection_defaults(), "call_received_at": timezone.now(),
    "expected_start": timezone.localdate()})
print(i.pk)
"""
QUEUE_AN_EMAIL = """
import time
from django.db import transaction
from django.utils import timezone
from wellbeing_portal.outbox.services import email_enqueue
print("START", time.time())
with transaction.atomic():
    email_enqueue(kind="bench.reference", obj=str(time.time()), to="head@example.org", subject="Hello",
                  body_text="Hi", due_at=timezone.now())
print(0)
"""


def outbox_rows(env: dict[str, str]) -> list[tuple[str, str, str, str, bool]]:
    from wellbeing_portal.outbox.models import OutboxEmail

    real = {**env, "PORTAL_TEST_REAL_WORKER": "true", "PORTAL_TEST_QUEUE": f"bench-{uuid.uuid4().hex[:8]}",
            "PORTAL_TEST_BEAT_SECONDS": "1"}  # fmt: skip
    celery = [sys.executable, "-m", "celery", "-A", "wellbeing_portal"]
    with tempfile.TemporaryDirectory() as tmp:
        worker = subprocess.Popen(
            [
                *celery,
                "worker",
                "--pool",
                "solo",
                "-Q",
                real["PORTAL_TEST_QUEUE"],
                "-l",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
            ],
            env=real,
            cwd=ROOT,
        )
        beat = subprocess.Popen(
            [*celery, "beat", "-l", "WARNING", "--schedule", f"{tmp}/beat-schedule"],
            env=real,
            cwd=ROOT,
        )
        try:
            time.sleep(5)  # let the worker and beat start

            def timed(script: str, kind: str) -> float:
                out = subprocess.run(
                    [sys.executable, str(ROOT / "manage.py"), "shell", "-c", script],
                    env=real,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.split()
                start = float(out[out.index("START") + 1])
                since = dt.datetime.fromtimestamp(start, tz=dt.UTC)
                query = OutboxEmail.objects.filter(kind=kind, created_at__gte=since)
                deadline = time.time() + 30
                while time.time() < deadline:
                    rows = list(query.values_list("status", flat=True))
                    if rows and all(s == OutboxEmail.Status.SENT for s in rows):
                        return time.time() - start
                    time.sleep(0.05)
                return float("inf")

            reference = timed(QUEUE_AN_EMAIL, "bench.reference")
            notified = timed(LOG_AN_INSPECTION, "inspections.notified")
        finally:
            for process in (beat, worker):
                process.terminate()
                process.wait(timeout=20)
    return [
        (
            "inspection logged → every email sent (worker + beat)",
            f"{notified:.2f} s",
            f"one email queued directly: {reference:.2f} s",
            "< 5 s",
            notified < 5,
        )
    ]


if __name__ == "__main__":
    main()
