"""The load side of `benchmarks/load.py`: locust in a child process, the turns the trivial
view, the submissions and the floor take, and what each turn cost the processes serving it.

locust patches the standard library when it is imported, so it only ever runs in a child
process: `python benchmarks/load_turns.py '<spec as JSON>'` prints its figures as JSON.
"""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


# --- the orchestrating side ---


def locust(
    spec: dict[str, Any], gunicorn_pid: int | None = None, *, prefix: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Run locust in a child process (its command after `prefix`, such as a `taskset`).
    With `gunicorn_pid`, each entry also carries the CPU seconds the turn cost each
    process (locust's own included)."""
    before = cpu_seconds(gunicorn_pid) if gunicorn_pid else {}
    done = subprocess.run(
        [*prefix, sys.executable, __file__, json.dumps(spec)],
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
        # The machine's time in interrupts (mostly the loopback network), and the rest of
        # its processes' time: load.py itself, and anything else that ran meanwhile
        # (another user's tests would show there, and in PostgreSQL's figure).
        machine, cpu["softirq"] = cpu.pop("machine"), cpu.pop("interrupts")
        cpu["other"] = machine - sum(v for k, v in cpu.items() if k != "softirq")
        for entry in out.values():
            entry["cpu"] = cpu
    return out


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
    workers), PostgreSQL (every backend and helper) and Redis; and the whole machine's,
    in processes ("machine") and in interrupts. A process that has exited
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
    machine = psutil.cpu_times()
    return {
        "machine": machine.user + machine.nice + machine.system,
        "interrupts": machine.irq + machine.softirq,
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


@dataclass(frozen=True)
class Turns:
    """What one layout measured: the trivial view, the submissions and the floor flat out
    (each several turns as one, `combined`), and the submissions and the trivial view at
    the stated rate (the p95 gunicorn served, and what locust saw)."""

    seconds: int  # of each throughput turn
    ref: dict[str, Any]
    sub: dict[str, Any]
    floor: dict[str, Any]
    paced_ref: dict[str, Any]
    paced_sub: dict[str, Any]
    served_ref: float
    served_sub: float

    @property
    def ratio(self) -> float:
        """Submissions ÷ the trivial view."""
        return self.sub["rps"] / self.ref["rps"]

    @property
    def of_floor(self) -> float:
        """Submissions ÷ the floor of a submission."""
        return self.sub["rps"] / self.floor["rps"]

    def others_share(self, cores: int) -> float:
        """The share of the machine other processes took during the throughput turns."""
        spent = sum(k["cpu_ms"]["other"] * k["n"] / 1000 for k in (self.ref, self.sub, self.floor))
        return spent / (3 * ROUNDS * self.seconds * cores)


def turns(
    *,
    host: str,
    gunicorn_pid: int,
    access_log: Path,
    trivial: str,
    links: list[str],
    floors: list[str],
    users: int,
    seconds: int,
    prefix: tuple[str, ...] = (),
) -> Turns:
    """Throughput, then latency at the stated rate, with locust started after `prefix`.

    Throughput: every client sends its next request as soon as the last is answered. The
    machine's speed drifts (it is shared), so after a warm-up (which also lets every
    worker read each link the floor is posted to) the reference, the submissions and the
    floor take turns, ROUNDS times each, in a different order each round, and their
    totals are compared.

    Latency: each client sends one submission every 1/PACE seconds, so that the load is a
    stated rate rather than as much as the machine can take. The p95 is taken from
    gunicorn's access log (the time it took to serve each request), and shown as locust
    measured it too: at 50 clients, locust's own figure for a trivial view is several
    times that (its scheduling, on the same cores)."""
    each = max(seconds // 2, 5)
    turn = {"host": host, "users": users, "seconds": each}
    kinds = {
        "trivial": ({**turn, "kind": "get", "urls": [trivial]}, trivial),
        "submit": ({**turn, "kind": "submit", "urls": links}, "submit"),
        "floor": ({**turn, "kind": "submit", "urls": links, "post_urls": floors}, "submit"),
    }
    for spec, _ in kinds.values():
        locust({**spec, "seconds": 5}, prefix=prefix)
    runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in kinds}
    order = list(kinds)
    for round_ in range(ROUNDS):
        for kind in order[round_:] + order[:round_]:
            spec, entry = kinds[kind]
            runs[kind].append(locust(spec, gunicorn_pid, prefix=prefix)[entry])
    ref, sub, floor = (combined(runs[kind]) for kind in kinds)

    paced = {"host": host, "users": users, "seconds": seconds, "pace": PACE}
    mark = access_log.stat().st_size
    paced_ref = locust({**paced, "kind": "get", "urls": [trivial]}, prefix=prefix)[trivial]
    served_ref = served_p95(access_log, since=mark, method="GET")
    mark = access_log.stat().st_size
    paced_sub = locust({**paced, "kind": "submit", "urls": links}, prefix=prefix)["submit"]
    served_sub = served_p95(access_log, since=mark, method="POST")
    return Turns(each, ref, sub, floor, paced_ref, paced_sub, served_ref, served_sub)


if __name__ == "__main__":
    locust_child(json.loads(sys.argv[1]))
