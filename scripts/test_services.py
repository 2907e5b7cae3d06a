"""Choose the database and Redis for `make test`, and print them as shell exports.

DATABASE_URL and REDIS_URL win when set. Otherwise PostgreSQL and Redis on localhost are
used when they answer, else SQLite (said out loud). Under CI=true the tests must run on
PostgreSQL: if it cannot be reached, this prints a failing command instead.
"""

from __future__ import annotations

import os
import shlex
import socket
import sys

LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/wellbeing_portal"
LOCAL_REDIS = "redis://127.0.0.1:6379/0"


def _say(message: str) -> None:
    print(f"echo {shlex.quote(message)} >&2")


def _postgres_answers(url: str) -> bool:
    try:
        import psycopg

        dsn = url.replace("postgres://", "postgresql://", 1).rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(dsn, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception:
        return False
    return True


def _port_answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def main() -> int:
    in_ci = os.environ.get("CI", "").lower() == "true"
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url and _postgres_answers(LOCAL_POSTGRES):
        database_url = LOCAL_POSTGRES
    if database_url.startswith(("postgres://", "postgresql://")):
        print(f"export DATABASE_URL={shlex.quote(database_url)}")
        _say(f"Tests run on PostgreSQL ({database_url.rsplit('@', 1)[-1]}).")
    elif in_ci:
        _say(
            "CI=true: the tests must run on PostgreSQL, and none answers at 127.0.0.1:5432 "
            "(or DATABASE_URL is not PostgreSQL)."
        )
        print("false")
        return 0
    else:
        print("unset DATABASE_URL")
        _say(
            "PostgreSQL is not answering on 127.0.0.1:5432: running the tests on SQLite. "
            "CI runs them on PostgreSQL."
        )

    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url and _port_answers("127.0.0.1", 6379):
        redis_url = LOCAL_REDIS
    if redis_url:
        print(f"export REDIS_URL={shlex.quote(redis_url)}")
    else:
        print("unset REDIS_URL")
        _say("Redis is not answering on 127.0.0.1:6379: tests that need a real worker are skipped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
