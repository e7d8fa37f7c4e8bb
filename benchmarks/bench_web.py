"""Load test of the web app on loopback: many people answering whole questionnaires at once.

Usage: ``.venv/bin/python benchmarks/bench_web.py [--people 50] [--seconds 180]
[--think 1.0] [--ramp 10] [--workers 2] [--alone 10] [--seed 1] [--rounds 1]
[--postgres URL]``.

It serves ``regain.web:create_app()`` with gunicorn (``--workers`` processes,
127.0.0.1, a free port) on a new SQLite file and, with ``--postgres``, on that
database, the two taking turns ``--rounds`` times. Each simulated person
(``web_person.py``) is a thread with a ``requests.Session`` of its own (its
cookie; gunicorn's sync workers close each connection) answering one case of
``generate.py`` as a browser would, page after page, ``--think`` seconds on
average after each page came (0: at once, which measures saturation), until
the plan or the emergency page; then it downloads the case file. The people
arrive evenly over ``--ramp`` seconds (0: all at once); all stop ``--seconds``
after the first.

In the same run, for comparison: before each round one person alone answers
``--alone`` cases with no pause (an idle server's page times), and ``regain
--version`` is timed. Afterwards each case file must hold every answer posted,
and ``regain assess`` on it must give the plan the page showed. Prints
requests, errors, p50/p95/p99 page times by kind of request, the CPU of the
server's workers, of this client and of the whole machine (a shared machine's
neighbours show there). Threads and requests rather than locust: the checks
need each person's answers and pages, and two short files keep the house's
style.
"""

from __future__ import annotations

import argparse
import math
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate_cases
from web_person import KINDS, Person, lost_answers, same_plan

from regain.knowledge import KnowledgeBase, load_knowledge

BIN = Path(sys.executable).parent


def _children_cpu(pid: int) -> float:
    """CPU seconds (user + system) of the processes whose parent is ``pid`` (gunicorn's workers)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _machine_cpu() -> float:
    """CPU seconds every process of the machine has used since it started (``/proc/stat``)."""
    ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait


def start_gunicorn(url: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    """gunicorn serving the app on ``url`` (made first here, so workers do not race to create it)."""
    from regain.web import create_app

    create_app(url)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    env = {**os.environ, "REGAIN_DATABASE_URL": url}
    command = [str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning"]
    process = subprocess.Popen([*command, "regain.web:create_app()"], env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if requests.get(base + "/", timeout=30).status_code == 200:
                return process, base
        except requests.RequestException:  # not listening yet; a first page slow on a busy machine
            time.sleep(0.1)
    process.terminate()
    raise SystemExit(f"gunicorn did not answer on {base}")


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile."""
    return sorted(values)[max(0, math.ceil(p / 100 * len(values)) - 1)]


@dataclass
class Round:
    """One load phase: its people, the person alone before it, wall time, CPU (client, server, machine)."""

    people: list[Person]
    alone: list[Person]
    wall: float
    cpu: tuple[float, ...]


def report(label: str, rounds: list[Round]) -> None:
    """Every round's figures together, and each round's p95 and machine load."""
    people, alone = [p for r in rounds for p in r.people], [p for r in rounds for p in r.alone]
    wall, cpu = sum(r.wall for r in rounds), [sum(c) for c in zip(*(r.cpu for r in rounds), strict=True)]
    times = [t for p in people for t in p.times]
    idle = [t for p in alone for t in p.times]
    ends = [p.end for p in people if p.case_text]
    failures = [p.failure for p in people if p.failure]
    print(f"\n{label}, {len(rounds)} round(s)")
    for n, one in enumerate(rounds, 1):
        p95 = percentile([t[1] for p in one.people for t in p.times], 95) * 1000
        print(f"  round {n}: p95 {p95:.1f} ms, the whole machine {one.cpu[2] / one.wall:.2f} cores busy")
    print(
        f"{len(people)} people: {ends.count('plan')} reached the plan, {ends.count('emergency page')} the "
        f"emergency page, {len(failures)} did not finish; {len(times)} requests in {wall:.1f} s "
        f"({len(times) / wall:.1f}/s); errors (HTTP >= 400) {sum(1 for t in times if t[2] >= 400)}"
    )
    print("".join(f"  {failure}\n" for failure in failures[:5]), end="")
    print(f"{'request':<16}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'alone p50':>11}")
    kinds = [k for _, _, k in KINDS if any(t[0] == k for t in times)]
    for kind in [*kinds, "all"]:
        got = [s for k, s, _ in times if kind in (k, "all")]
        base = [s for k, s, _ in idle if kind in (k, "all")]
        cells = "".join(f"{percentile(got, p) * 1000:9.1f}" for p in (50, 95, 99))
        shown = f"{statistics.median(base) * 1000:11.1f}" if base else ""
        print(f"{kind:<16}{len(got):>7}{cells}{shown}")
    client, server, machine = cpu
    print(
        f"CPU: server workers {server / max(1, len(times)) * 1000:.1f} ms a request "
        f"({server / wall:.2f} cores), this client {client / wall:.2f} cores, "
        f"the whole machine {machine / wall:.2f} cores"
    )
    done = [p for p in people if p.case_text]
    lost = [(p.case["id"], lost_answers(p)) for p in done]  # the same case in every round
    plans = [p for p in done if p.end == "plan"]
    unequal = [p.case["id"] for p in plans if not same_plan(p)]
    print(
        f"checks: {sum(1 for _, k in lost if not k)} of {len(done)} case files hold every answer "
        f"posted; {len(plans) - len(unequal)} of {len(plans)} plans equal `regain assess` on their case file"
    )
    print("".join(f"  {c}: lost {', '.join(k)}\n" for c, k in lost if k), end="")
    print("".join(f"  {c}: the plan is not regain assess's\n" for c in unequal), end="")


def bench(url: str, kb: KnowledgeBase, args: argparse.Namespace, cases: list[dict[str, Any]]) -> Round:
    process, base = start_gunicorn(url, args.workers)
    try:
        alone = [Person(base, kb, c) for c in cases[: args.alone]]
        for p in alone:
            p.run()
        deadline = time.monotonic() + args.seconds
        people = [
            Person(base, kb, c, deadline=deadline, think=args.think, delay=i * args.ramp / args.people)
            for i, c in enumerate(cases[args.alone :])
        ]
        before = (time.process_time(), _children_cpu(process.pid), _machine_cpu())
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=len(people)) as pool:
            list(pool.map(Person.run, people))
        wall = time.perf_counter() - began
        after = (time.process_time(), _children_cpu(process.pid), _machine_cpu())
    finally:
        process.terminate()
        process.wait(timeout=30)
    return Round(people, alone, wall, tuple(a - b for a, b in zip(after, before, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=180.0)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds before each answer")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which the people arrive")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--alone", type=int, default=10, help="cases answered by one person alone first")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=1, help="load phases of each database, taking turns")
    parser.add_argument("--postgres", help="also run on this PostgreSQL database (a SQLAlchemy URL)")
    args = parser.parse_args()
    kb = load_knowledge()
    cases = list(generate_cases(kb, args.alone + args.people, args.seed))
    began = time.perf_counter()
    for _ in range(3):
        subprocess.run([str(BIN / "regain"), "--version"], check=True, capture_output=True)
    version = (time.perf_counter() - began) / 3
    what = f"gunicorn -w {args.workers}, {args.people} people over {args.ramp} s, think {args.think} s"
    rounds: dict[str, list[Round]] = {"SQLite": [], "PostgreSQL": []}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.rounds):  # the databases take turns, so both meet the same minutes
            rounds["SQLite"].append(bench(f"sqlite:///{tmp}/web.db", kb, args, cases))
            if args.postgres:
                rounds["PostgreSQL"].append(bench(args.postgres, kb, args, cases))
    for name, done in rounds.items():
        if done:
            report(f"{name}, {what}", done)
    print(f"\n`regain --version`: {version * 1000:.0f} ms (the mean of three, before the runs)")


if __name__ == "__main__":
    main()
