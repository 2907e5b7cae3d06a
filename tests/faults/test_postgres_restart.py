"""PostgreSQL restarted under load: requests in flight get the portal's error page (not a
stack trace), and the same gunicorn, with persistent connections, serves the next
requests without being restarted (CONN_HEALTH_CHECKS).

The cluster is a throwaway one (initdb in a temporary folder, its own port). The requests
are made to be in flight at the restart, not hoped to be: the test locks the session
table, so each request waits inside PostgreSQL until the restart cuts it off."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from .conftest import ROOT, free_port, missing, port_answers, stop, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.xdist_group("faults")]

IN_FLIGHT = 2  # gunicorn's workers, each with one request cut off


def _pg_bin() -> Path | None:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@dataclass
class Cluster:
    bin: Path
    data: Path
    port: int
    as_user: list[str]

    def ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.data.parent} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
             "-l", str(self.data.parent / "log"), "-w", "-t", "30", *args],
            check=True, timeout=60, capture_output=True,
        )  # fmt: skip

    def connect(self, dbname: str = "postgres") -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=dbname, autocommit=True
        )


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    pg_bin = _pg_bin()
    if pg_bin is None:
        missing("needs PostgreSQL's server binaries (initdb, pg_ctl): Debian's postgresql")
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: run the cluster as the postgres user
        if not shutil.which("runuser"):
            missing("running as root needs runuser to start PostgreSQL as postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    folder = Path(tempfile.mkdtemp(prefix="portal-faults-pg-"))
    if as_user:
        shutil.chown(folder, user="postgres")
    data = folder / "data"
    subprocess.run(
        [*as_user, str(pg_bin / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
         "-E", "UTF8", "--no-sync", "--no-instructions"],
        check=True, timeout=60, capture_output=True,
    )  # fmt: skip
    made = Cluster(bin=pg_bin, data=data, port=free_port(), as_user=as_user)
    made.ctl("start")
    try:
        with made.connect() as conn:
            conn.execute("CREATE DATABASE portal")
        yield made
    finally:
        subprocess.run(
            [*as_user, str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            timeout=60, capture_output=True,
        )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


def _get(url: str, cookie: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _burst(url: str, cookie: str) -> list[int]:
    """More requests at once than there are workers, so that every worker serves some."""
    with ThreadPoolExecutor(IN_FLIGHT * 2) as pool:
        return list(pool.map(lambda _: _get(url, cookie)[0], range(IN_FLIGHT * 6)))


def test_postgresql_restarted_under_load(cluster: Cluster) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wellbeing_portal.settings.test",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{cluster.port}/portal",
        "DJANGO_CONN_MAX_AGE": "600",  # persistent: they go stale across the restart
        "REDIS_URL": "",
        "PYTHONPATH": str(ROOT),
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput"], env=env, cwd=ROOT, check=True,
                   timeout=120, capture_output=True)  # fmt: skip
    signed_in = (
        "from django.test import Client\n"
        "from wellbeing_portal.people.models import User\n"
        "client = Client(HTTP_HOST='localhost')\n"
        "client.force_login(User.objects.create_user(email='staff@example.org', full_name='S'))\n"
        "print(client.cookies['sessionid'].value)\n"
    )
    done = subprocess.run([*manage, "shell", "--no-imports", "-c", signed_in], env=env, cwd=ROOT,
                          check=True, timeout=60, capture_output=True, text=True)  # fmt: skip
    cookie = done.stdout.strip().splitlines()[-1]

    port = free_port()
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "wellbeing_portal.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(IN_FLIGHT), "--timeout", "60", "--log-level", "warning"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    home = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: port_answers(port), 30), "gunicorn did not start"
        assert set(_burst(home, cookie)) == {200}  # every worker holds a connection

        locker = cluster.connect("portal")
        try:
            locker.execute("BEGIN")
            locker.execute("LOCK TABLE django_session IN ACCESS EXCLUSIVE MODE")

            def waiting() -> bool:
                row = locker.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                ).fetchone()
                return row == (IN_FLIGHT,)

            with ThreadPoolExecutor(IN_FLIGHT) as pool:
                in_flight = [pool.submit(_get, home, cookie) for _ in range(IN_FLIGHT)]
                assert wait_for(waiting, 20), "the requests did not reach the database"
                cluster.ctl("restart", "-m", "fast")  # ends every session, the locker's too
                cut_off = [future.result(timeout=60) for future in in_flight]
        finally:
            locker.close()

        for status, body in cut_off:
            assert status == 500, (status, body[:500])
            assert "Sorry, there is a problem with the service" in body
            assert "Traceback" not in body and "OperationalError" not in body
        # The same gunicorn, no restart: the next requests are served.
        assert set(_burst(home, cookie)) == {200}

        # Restarted again while idle: every worker's persistent connection is stale, and
        # the health check replaces it before it is used (without it: a 500 each).
        cluster.ctl("restart", "-m", "fast")
        assert set(_burst(home, cookie)) == {200}
        assert gunicorn.poll() is None
    finally:
        stop(gunicorn)
