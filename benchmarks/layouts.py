"""Where `benchmarks/load.py` runs each process: the two layouts it measures.

- shared cores: gunicorn, PostgreSQL, Redis and locust on every core, as the machine
  schedules them (the layout of every run before 2026-12);
- gunicorn on its own core: gunicorn started with `taskset -c 0`, locust with
  `taskset -c 1`, and the already-running PostgreSQL and Redis servers pinned to core 1
  with `taskset -a -p -c 1 <pid>` (the postmaster and every process it has started, so
  that the backends it starts for gunicorn are pinned too), their previous affinity
  restored afterwards. What cannot be pinned (a server on another machine, or a refusal)
  is said in the results, and the layout runs with what could be.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TASKSET = shutil.which("taskset") or "taskset"  # util-linux


@dataclass(frozen=True)
class Layout:
    name: str
    about: str
    gunicorn: tuple[str, ...] = ()  # the command prefix gunicorn is started after
    locust: tuple[str, ...] = ()  # the same, for locust
    servers_on: str = ""  # the cores PostgreSQL and Redis are pinned to ("": left alone)
    notes: list[str] = field(default_factory=list)  # what was pinned, or refused


SHARED = Layout("shared cores", "nothing pinned: every process may run on every core")
OWN_CORE = Layout(
    "gunicorn on its own core",
    "gunicorn (its master and 4 workers) started with `taskset -c 0`; locust with "
    "`taskset -c 1`; PostgreSQL and Redis (already running) pinned to core 1 with "
    "`taskset -a -p -c 1 <pid>` and given their previous affinity back afterwards; "
    "load.py itself, which only waits while locust runs, is not pinned",
    gunicorn=(TASKSET, "-c", "0"),
    locust=(TASKSET, "-c", "1"),
    servers_on="1",
)


def _affinity(pid: int) -> list[int] | None:
    import psutil

    try:
        return list(psutil.Process(pid).cpu_affinity() or [])
    except psutil.Error:
        return None


def _tree(pid: int) -> list[int]:
    import psutil

    try:
        return [pid, *(p.pid for p in psutil.Process(pid).children(recursive=True))]
    except psutil.Error:
        return []


def _taskset(cpus: str, pid: int) -> str:
    """Pin every thread of `pid` to `cpus`; '' if done, else why not."""
    done = subprocess.run(
        [TASKSET, "-a", "-p", "-c", cpus, str(pid)], capture_output=True, text=True, check=False
    )
    return "" if done.returncode == 0 else (done.stderr.strip() or f"exit {done.returncode}")


def server_pids(*, database_url: str, redis_url: str) -> dict[str, list[int]]:
    """The processes of the PostgreSQL server behind `database_url` (its postmaster first,
    then every process it has started) and of the Redis server behind `redis_url`, when
    they run on this machine."""
    import psutil
    import psycopg
    import redis

    found: dict[str, list[int]] = {}
    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as conn:
        row = conn.execute("SELECT pg_backend_pid()").fetchone()
    with contextlib.suppress(psutil.Error, TypeError):
        backend = psutil.Process(row[0] if row else -1)
        if backend.name() == "postgres":
            postmaster = backend.parent()
            assert postmaster is not None
            found["PostgreSQL"] = [postmaster.pid, *(p.pid for p in postmaster.children())]
    with contextlib.suppress(psutil.Error, redis.RedisError, KeyError):
        pid = int(redis.Redis.from_url(redis_url).info("server")["process_id"])
        if (psutil.Process(pid).name() or "").startswith("redis-serv"):
            found["Redis"] = [pid]
    return found


@contextlib.contextmanager
def servers_pinned(layout: Layout, *, database_url: str, redis_url: str) -> Iterator[None]:
    """Pin PostgreSQL's and Redis's processes to the layout's cores for the block, and give
    every one its previous affinity back afterwards (a PostgreSQL process started during
    the block gets the postmaster's). What was done and refused goes to `layout.notes`."""
    if not layout.servers_on:
        yield
        return
    servers = server_pids(database_url=database_url, redis_url=redis_url)
    before: dict[int, list[int]] = {}
    for name in ("PostgreSQL", "Redis"):
        if name not in servers:
            layout.notes.append(f"{name}: not found on this machine, so not pinned")
            continue
        pinned, refused, alive = 0, [], 0
        for pid in servers[name]:
            previous = _affinity(pid)
            if previous is None:  # exited since it was listed
                continue
            alive += 1
            why = _taskset(layout.servers_on, pid)
            if why:
                refused.append(f"pid {pid}: {why}")
                continue
            before[pid] = previous
            pinned += 1
        layout.notes.append(
            f"{name}: {pinned} of {alive} processes pinned to core {layout.servers_on}, "
            + ("and backends started meanwhile; " if name == "PostgreSQL" else "")
            + "restored afterwards"
            + (f"; refused: {'; '.join(refused)}" if refused else "")
        )
    try:
        yield
    finally:
        import psutil

        restore = dict(before)
        if "PostgreSQL" in servers and servers["PostgreSQL"][0] in before:
            postmaster = servers["PostgreSQL"][0]
            with contextlib.suppress(psutil.Error):
                for child in psutil.Process(postmaster).children():
                    restore.setdefault(child.pid, before[postmaster])
        failures = []
        for pid, cpus in restore.items():
            why = _taskset(",".join(map(str, cpus)), pid)
            if why and _affinity(pid) is not None:  # one that has exited needs nothing
                failures.append(f"pid {pid}: {why}")
        if failures:
            layout.notes.append("could not restore the affinity of " + "; ".join(failures))


@contextlib.contextmanager
def gunicorn_serving(
    layout: Layout, *, port: int, env: dict[str, str], access_log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """gunicorn (4 sync workers) serving the portal and the floor on 127.0.0.1:`port`,
    started after the layout's prefix, logging each request's method and time."""
    gunicorn = subprocess.Popen(
        [
            *layout.gunicorn,
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
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        if layout.gunicorn:
            cores = sorted({c for p in _tree(gunicorn.pid) for c in _affinity(p) or []})
            layout.notes.append(f"gunicorn and its workers: on core(s) {cores}")
        yield gunicorn
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
