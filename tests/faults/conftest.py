"""The fault tests' tools: free ports, a throwaway Redis, an SMTP sink that counts what it
was really handed (and can hang mid-message), and Celery workers as subprocesses."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path
from typing import NoReturn

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(predicate: Callable[[], bool], seconds: float = 30, step: float = 0.1) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def port_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def missing(reason: str) -> NoReturn:
    """Skip, with the reason; under CI=true (where .ci/run installs everything) fail."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true, and the fault tests cannot run: {reason}")
    pytest.skip(reason)


def needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        missing("needs PostgreSQL (DATABASE_URL): the subprocesses share the test database")


# A throwaway Redis ------------------------------------------------------------------------


@dataclass
class ThrowawayRedis:
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        assert wait_for(lambda: port_answers(self.port), 10), "redis-server did not start"

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None
        assert wait_for(lambda: not port_answers(self.port), 10)


@pytest.fixture
def throwaway_redis() -> Iterator[ThrowawayRedis]:
    if not shutil.which("redis-server"):
        missing("needs redis-server on the PATH (Debian package redis-server)")
    redis = ThrowawayRedis(port=free_port())
    redis.start()
    yield redis
    redis.stop()


# An SMTP sink -------------------------------------------------------------------------------


@dataclass
class SmtpSink:
    """Accepts mail on a port. Counts a message only once it has answered 250 to it, as a
    real mail server takes responsibility only then. With `hang` set, it keeps the next
    message unanswered (the sender is stuck mid-send) and sets `hanging`."""

    port: int = 0
    delivered: list[str] = field(default_factory=list)  # X-Portal-Outbox-Id of each message
    hang: bool = False
    hanging: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def counts(self) -> Counter[str]:
        with self.lock:
            return Counter(self.delivered)


def _smtp_handler(sink: SmtpSink) -> type[socketserver.StreamRequestHandler]:
    class Handler(socketserver.StreamRequestHandler):
        def reply(self, line: str) -> None:
            self.wfile.write(line.encode() + b"\r\n")
            self.wfile.flush()

        def handle(self) -> None:
            self.reply("220 sink ESMTP")
            while line := self.rfile.readline():
                verb = line.decode(errors="replace").strip().split(" ", 1)[0].upper()
                if verb in ("EHLO", "HELO"):
                    self.reply("250 sink")
                elif verb == "DATA":
                    self.reply("354 go on")
                    data = b""
                    while (chunk := self.rfile.readline()) and chunk != b".\r\n":
                        data += chunk
                    if sink.hang:
                        sink.hang = False
                        sink.hanging.set()
                        while self.rfile.readline():  # no answer until the sender is gone
                            pass
                        return
                    with sink.lock:
                        sink.delivered.append(str(message_from_bytes(data)["X-Portal-Outbox-Id"]))
                    self.reply("250 queued")
                elif verb == "QUIT":
                    self.reply("221 bye")
                    return
                else:
                    self.reply("250 ok")

    return Handler


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _smtp_handler(sink))
    server.daemon_threads = True
    sink.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield sink
    server.shutdown()
    server.server_close()


# Subprocesses against the test database ----------------------------------------------------


def database_url() -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}{':' + db['PASSWORD'] if db['PASSWORD'] else ''}@"
        f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


def portal_env(*, redis_url: str, smtp_port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.faults.fault_settings",
        "PORTAL_TEST_REAL_WORKER": "true",
        "PORTAL_TEST_QUEUE": f"faults-{uuid.uuid4().hex[:8]}",
        "REDIS_URL": redis_url,
        "DATABASE_URL": database_url(),
        "PORTAL_FAULTS_SMTP_PORT": str(smtp_port),
        "PYTHONPATH": str(ROOT),
    }


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "celery", "-A", "wellbeing_portal", "worker", "--pool",
               "solo", "-Q", env["PORTAL_TEST_QUEUE"], "-l", "WARNING", "--without-gossip",
               "--without-mingle", "--without-heartbeat"]  # fmt: skip
    return subprocess.Popen(command, env=env, cwd=ROOT)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def run_python(env: dict[str, str], code: str, timeout: float = 60) -> str:
    """Run `code` in a Django shell subprocess with `env`; returns its output."""
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout
