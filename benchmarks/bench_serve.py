"""Load test of ``regain serve``: many people answering whole questionnaires at once, on loopback.

Usage: ``.venv/bin/python benchmarks/bench_serve.py [--people 50] [--processes 2] [--think 2] [--db URL]``.
Starts ``--processes`` ``regain serve`` processes on one database (a new SQLite
file by default) and lets ``--people`` simulated people (one thread each) answer
generated cases (``generate.py``) page by page, each request sent to the next
process in turn (a load balancer without sticky sessions). A person reads each
page before answering it: ``--think`` seconds on average (uniformly from half to
one and a half times it; 0: answer at once, which measures saturation). Bounded: at most
``--seconds`` (300) in all. Prints the page times (median, 95th percentile, max)
and checks that nothing was lost: no request failed, every answer the server
took is in the case file it gives back, and every finished session's plan is
the one ``regain assess`` makes of that case file.
"""

from __future__ import annotations

import argparse
import http.client
import math
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate_cases

from regain.engine.assess import Assessor
from regain.engine.case import CaseError
from regain.engine.case_reader import RawCase
from regain.engine.case_validation import validate_case
from regain.knowledge import KnowledgeBase, load_knowledge
from regain.reports.html import render_html

ADDRESS = re.compile(r"regain is serving on http://127\.0\.0\.1:(\d+)/")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PAGE = re.compile(r'name="page" value="([^"]+)"')


class Person(threading.Thread):
    """One simulated person: answers the questions a case file's answers as a browser posts them."""

    def __init__(
        self, kb: KnowledgeBase, case: dict[str, Any], ports: list[int], deadline: float, think: float
    ) -> None:
        super().__init__(daemon=True)
        self.kb, self.case, self.ports, self.deadline = kb, case, ports, deadline
        self.think = think
        self.rng = random.Random(str(case.get("id")))
        self.turn = 0
        self.cookie = ""
        self.times: list[float] = []
        self.errors: list[str] = []
        self.taken: dict[str, Any] = {}  # answers the server accepted (303)
        self.token = ""
        self.finished = False
        self.case_text = ""
        self.plan = ""
        self.connections = {p: http.client.HTTPConnection("127.0.0.1", p, timeout=60) for p in ports}

    def request(self, method: str, path: str, form: dict[str, Any] | None = None) -> tuple[int, str, str]:
        port = self.ports[self.turn % len(self.ports)]
        self.turn += 1
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        connection = self.connections[port]
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8")
        self.times.append(time.perf_counter() - start)
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        location = urllib.parse.urlsplit(response.getheader("Location") or "").path
        return response.status, location, text

    def form(self, key: str) -> tuple[str, dict[str, Any]]:
        """The action and fields that answer ``key`` from the case ("unknown" where it has no answer)."""
        value = self.case.get(key)
        q = self.kb.questions.get(key)
        if key == "red_flags":
            return "next", ({"pick": value} if value else {"none": "1"})
        if q is None or value is None or value == [] or (value == "unknown" and q.type != "tri_state"):
            return "unknown", {}
        match q.type:
            case "tri_state":
                return "next", {"choice": {True: "yes", False: "no"}.get(value, "unknown")}
            case "choice":
                return "next", {"choice": value}
            case "movements" | "regions":
                return "next", {"pick": value}
            case "range_map":
                return "next", {f"range.{mv}": str(v) for mv, v in value.items()}
        return "next", {"answer": str(value)}

    def run(self) -> None:
        try:
            self.walk()
        except Exception as error:  # a failed connection or a page without its form
            self.errors.append(f"{type(error).__name__}: {error}")

    def walk(self) -> None:
        if self.think:  # people arrive one by one, not all in the same instant
            time.sleep(self.rng.uniform(0, 4 * self.think))
        status, _, page = self.request("GET", "/")
        status, location, _ = self.request("POST", "/start", {"csrf_token": CSRF.findall(page)[0]})
        self.token = location.split("/")[2]
        status, location, page = self.request("GET", location)
        while time.monotonic() < self.deadline:
            found = PAGE.search(page)
            if found is None:
                break
            key = found.group(1)
            action, fields = self.form(key)
            if self.think:
                time.sleep(self.rng.uniform(0.5, 1.5) * self.think)
            form = {"csrf_token": CSRF.findall(page)[0], "page": key, "action": action, **fields}
            status, location, page = self.request("POST", f"/s/{self.token}/q", form)
            if status == 422:  # e.g. a generated date after today: "I don't know" then, as a person would
                form = {"csrf_token": CSRF.findall(page)[0], "page": key, "action": "unknown"}
                status, location, page = self.request("POST", f"/s/{self.token}/q", form)
            if status != 303:
                self.errors.append(f"{key}: {status}")
                return
            if action == "next":
                self.taken[key] = self.case.get(key, [])
            status, location, page = self.request("GET", location)
            while status in (302, 303):
                status, location, page = self.request("GET", location)
            if status != 200:
                self.errors.append(f"after {key}: {status}")
                return
        self.finished = PAGE.search(page) is None
        self.case_text = self.request("GET", f"/s/{self.token}/case.yaml")[2]
        if self.finished:
            self.plan = self.request("GET", f"/s/{self.token}/plan.html")[2]


def same(a: Any, b: Any) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return math.isclose(a, b, abs_tol=0.51)
    return bool(a == b)


def check(kb: KnowledgeBase, assessor: Assessor, people: list[Person]) -> dict[str, int]:
    counts = {"lost": 0, "plans": 0, "plans_differ": 0, "unfinished": 0}
    for person in people:
        if not person.finished:
            counts["unfinished"] += 1
            continue
        case = yaml.safe_load(person.case_text)
        counts["lost"] += sum(1 for k, v in person.taken.items() if not same(case.get(k), v))
        if str(case.get("id", "")).endswith(".partial") or ("x_unanswered" in case and not person.plan):
            continue
        try:
            valid = validate_case(RawCase("downloaded.yaml", case["id"], case), kb)
        except CaseError:
            continue  # a partial case (a warning sign ended it): regain assess takes no such file
        counts["plans"] += 1
        if render_html(assessor.assess(valid), kb) != person.plan:
            counts["plans_differ"] += 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--think", type=float, default=2.0)
    parser.add_argument("--db", default=None)
    args = parser.parse_args()
    kb = load_knowledge()
    folder = Path(tempfile.mkdtemp(prefix="regain-bench-serve-"))
    database = args.db or str(folder / "serve.db")
    servers, ports = [], []
    for _ in range(args.processes):
        command = [sys.executable, "-m", "regain.cli", "serve", "--port", "0", "--db", database]
        process = subprocess.Popen(
            [*command, "--threads", str(args.threads)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        servers.append(process)
        assert process.stdout is not None
        found = ADDRESS.match(process.stdout.readline())
        assert found, "regain serve did not start"
        ports.append(int(found.group(1)))
    try:
        deadline = time.monotonic() + args.seconds
        cases = generate_cases(kb, args.people, args.seed)
        people = [Person(kb, case, ports, deadline, args.think) for case in cases]
        start = time.perf_counter()
        for person in people:
            person.start()
        for person in people:
            person.join(max(1.0, deadline - time.monotonic()))
        elapsed = time.perf_counter() - start
    finally:
        for process in servers:
            process.terminate()
            process.wait(timeout=30)
    times = sorted(t for p in people for t in p.times)
    errors = [e for p in people for e in p.errors]
    counts = check(kb, Assessor(kb), people)
    p95 = times[int(len(times) * 0.95)] * 1000
    print(
        f"{args.people} people (think {args.think:g} s), {args.processes} processes x {args.threads} threads,"
        f" {len(times)} requests"
        f" in {elapsed:.1f} s: median {statistics.median(times) * 1000:.1f} ms, p95 {p95:.1f} ms,"
        f" max {times[-1] * 1000:.1f} ms"
    )
    print(
        f"errors {len(errors)}, unfinished {counts['unfinished']}, answers lost {counts['lost']},"
        f" plans checked {counts['plans']}, plans differing {counts['plans_differ']}"
    )
    for error in errors[:5]:
        print("  ", error)
    bad = errors or counts["lost"] or counts["plans_differ"] or counts["unfinished"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
