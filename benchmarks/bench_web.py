"""Load test of the web app on loopback: many people answering whole questionnaires at once.

Usage: ``.venv/bin/python benchmarks/bench_web.py [--people 50] [--seconds 180]
[--think 1.0] [--ramp 10] [--workers 2] [--alone 10] [--seed 1] [--postgres URL]``.

It serves ``regain.web:create_app()`` with gunicorn (``--workers`` processes,
127.0.0.1, a free port) on a new SQLite file, and with ``--postgres`` then on
that database. Each simulated person is a thread with a ``requests.Session``
(its cookie; gunicorn's sync workers close each connection) answering one case
of ``generate.py`` as a browser would: the start page, "Start" with the CSRF
token, then page after page it reads the form (hidden fields, options offered),
ticks, chooses or types the case's answer and posts it, ``--think`` seconds on
average after the page came (0: at once, saturation), until the plan or the
emergency page; then it downloads the case file. The people arrive evenly over
``--ramp`` seconds (0: all at once); all stop ``--seconds`` after the first.

In the same run, for comparison: first one person alone answers ``--alone``
cases with no pause (an idle server's page times), and ``regain --version`` is
timed. Afterwards each case file must hold every answer posted, and ``regain
assess`` on it must give the plan the page showed. Prints requests, errors,
p50/p95/p99 page times by kind of request, the CPU of client and server.
Threads and requests rather than locust: the checks need each person's answers
and pages, and one short file keeps the house's style.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate_cases

from regain.knowledge import KnowledgeBase, load_knowledge

BIN = Path(sys.executable).parent
MAIN = re.compile(r"<main>.*</main>", re.S)
#: The kind of page a path is, for the page times (method, path pattern).
KINDS = (
    ("GET", re.compile(r"/$"), "start page"),
    ("POST", re.compile(r"/start$"), "start"),
    ("GET", re.compile(r"/s/[^/]+/q$"), "question"),
    ("POST", re.compile(r"/s/[^/]+/q$"), "answer"),
    ("GET", re.compile(r"/s/[^/]+/plan$"), "plan"),
    ("GET", re.compile(r"/s/[^/]+/stop$"), "emergency page"),
    ("GET", re.compile(r"/s/[^/]+/case\.yaml$"), "case file"),
)


class Failed(Exception):
    """A person could not go on: an error status, a refused answer, a page without its form."""


class Form(HTMLParser):
    """The inputs of a page's form, as a browser sees them: hidden values, options, text boxes, buttons."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.hidden: dict[str, str] = {}
        self.options: dict[str, set[str]] = {}
        self.texts: set[str] = set()
        self.buttons: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name", "")
        if tag == "button" and name == "action":
            self.buttons.add(a.get("value", ""))
        elif tag == "input" and name:
            kind = a.get("type", "text")
            if kind == "hidden":
                self.hidden[name] = a.get("value", "")
            elif kind in ("radio", "checkbox"):
                self.options.setdefault(name, set()).add(a.get("value", ""))
            else:
                self.texts.add(name)


def kind_of(method: str, url: str) -> str:
    path = urlsplit(url).path
    return next((k for m, p, k in KINDS if m == method and p.search(path)), f"{method} other")


@dataclass
class Person:
    """One person's browser answering ``case`` at ``base``; ``run`` walks, the fields say what happened."""

    base: str
    kb: KnowledgeBase
    case: Mapping[str, Any]
    deadline: float = float("inf")
    think: float = 0.0
    delay: float = 0.0  # seconds before it opens the start page
    http: requests.Session = field(default_factory=requests.Session)
    times: list[tuple[str, float, int]] = field(default_factory=list)
    posted: dict[str, Any] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    token: str = ""
    end: str = ""  # "plan" or "emergency page" once it got there
    shown: str = ""  # the last page's HTML (the plan's, at the end)
    case_text: str = ""
    failure: str = ""

    def run(self) -> None:
        rng = random.Random(str(self.case["id"]))
        time.sleep(self.delay)
        try:
            home = self._request("GET", "/")
            csrf = Form(home.text).hidden.get("csrf_token")
            started = self._request("POST", "/start", {"csrf_token": csrf})
            self.token = urlsplit(started.headers["Location"]).path.split("/")[2]
            page = self._follow(started)
            while self.end == "":
                if time.monotonic() > self.deadline:
                    raise Failed("unfinished at the time limit")
                form = Form(page.text)
                data = self._answer(form)
                if self.think:
                    time.sleep(rng.uniform(0.5, 1.5) * self.think)
                page = self._follow(self._request("POST", f"/s/{self.token}/q", data))
            self.case_text = self._request("GET", f"/s/{self.token}/case.yaml").text
        except (Failed, requests.RequestException) as error:
            self.failure = f"{self.case['id']}: {error}"

    def _request(self, method: str, path: str, data: dict[str, Any] | None = None) -> requests.Response:
        url = urljoin(self.base + "/", path.lstrip("/"))
        kind = kind_of(method, url)
        began = time.perf_counter()
        response = self.http.request(method, url, data=data, allow_redirects=False, timeout=60)
        self.times.append((kind, time.perf_counter() - began, response.status_code))
        if response.status_code >= 400:
            raise Failed(f"{kind} {urlsplit(url).path}: HTTP {response.status_code}")
        return response

    def _follow(self, response: requests.Response) -> requests.Response:
        """The page a redirect leads to (a browser follows it at once)."""
        for _ in range(5):
            if response.status_code not in (302, 303):
                break
            where = response.headers["Location"]
            if "moved=1" in where:
                raise Failed("the answer was not taken (moved)")
            response = self._request("GET", urljoin(response.url, where))
        kind = kind_of("GET", response.url)
        if kind in ("plan", "emergency page"):
            self.end = kind
        self.shown = response.text
        return response

    def _answer(self, form: Form) -> dict[str, Any]:
        """The fields posted on this page: the case's answer, "I don't know", or the page's own default."""
        key = form.hidden.get("page", "")
        data: dict[str, Any] = {
            "csrf_token": form.hidden.get("csrf_token", ""),
            "page": key,
            "action": "next",
        }
        if not data["csrf_token"] or not key:
            raise Failed("a question page without its form")
        if key == "name":
            if "name" in self.case:
                self.posted["name"] = self.case["name"]
                return {**data, "name": self.case["name"]}
            self.skipped.append(key)
            return {**data, "action": "unknown"}
        q = self.kb.questions[key]
        value = self.case.get(key)
        if value is None and q.type == "tri_state":
            value = "unknown"
        elif value is None and q.type == "red_flags":
            value = []  # the screen must be answered: "none of these"
        if value is None or (value == [] and q.type in ("movements", "regions")):  # a page ticks one at least
            if "unknown" not in form.buttons:
                raise Failed(f"the case has no answer to the required question {key}")
            self.skipped.append(key)
            return {**data, "action": "unknown"}
        fields = fields_for(q.type, value)
        for name, given in fields.items():
            offered = form.options.get(name)
            wanted = given if isinstance(given, list) else [given]
            if (offered is None and name not in form.texts) or (
                offered is not None and set(wanted) - offered
            ):
                raise Failed(f"page {key} offers no {name}={given}")
        self.posted[key] = value
        return {**data, **fields}


def fields_for(qtype: str, value: Any) -> dict[str, Any]:
    """What a person ticks, chooses or types on a page of ``qtype`` to answer ``value`` (a case's value)."""
    if qtype == "tri_state":
        return {"choice": {True: "yes", False: "no"}.get(value, "unknown")}
    if qtype == "choice":
        return {"choice": str(value)}
    if qtype == "red_flags":
        return {"pick": list(value)} if value else {"none": "1"}
    if qtype in ("movements", "regions"):
        return {"pick": list(value)}
    if qtype == "range_map":
        return {f"range.{mv}": str(v) for mv, v in value.items()}
    return {"answer": str(value)}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return float(a) == float(b)
    return str(a) == str(b)


def lost_answers(person: Person) -> list[str]:
    """Every answer posted that the downloaded case file does not hold, and every skip it does."""
    held = yaml.safe_load(person.case_text) or {}
    lost = [k for k, v in person.posted.items() if k not in held or not _same(v, held[k])]
    return lost + [k for k in person.skipped if k in held]


def same_plan(person: Person) -> bool:
    """``regain assess`` on the downloaded case file makes the plan the page showed."""
    found = MAIN.search(assess(person.case_text))
    return found is not None and found.group(0) in person.shown


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
            if requests.get(base + "/", timeout=5).status_code == 200:
                return process, base
        except requests.ConnectionError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit(f"gunicorn did not answer on {base}")


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile."""
    return sorted(values)[max(0, math.ceil(p / 100 * len(values)) - 1)]


def assess(text: str) -> str:
    """``regain assess FILE --format html`` in this process (Click's runner) on a case file's text."""
    from click.testing import CliRunner

    from regain.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "case.yaml").write_text(text, encoding="utf-8")
        result = CliRunner().invoke(main, ["assess", str(Path(tmp) / "case.yaml"), "--format", "html"])
    return result.output if result.exit_code == 0 else ""


def report(
    label: str, people: list[Person], alone: list[Person], wall: float, cpu: tuple[float, ...], loadavg: str
) -> None:
    times = [t for p in people for t in p.times]
    idle = [t for p in alone for t in p.times]
    ends = [p.end for p in people if p.case_text]
    failures = [p.failure for p in people if p.failure]
    print(f"\n{label} (load average before: {loadavg})")
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
    lost = {p.case["id"]: lost_answers(p) for p in done}
    plans = [p for p in done if p.end == "plan"]
    unequal = [p.case["id"] for p in plans if not same_plan(p)]
    print(
        f"checks: {sum(1 for v in lost.values() if not v)} of {len(done)} case files hold every answer "
        f"posted; {len(plans) - len(unequal)} of {len(plans)} plans equal `regain assess` on their case file"
    )
    print("".join(f"  {c}: lost {', '.join(k)}\n" for c, k in lost.items() if k), end="")
    print("".join(f"  {c}: the plan is not regain assess's\n" for c in unequal), end="")


def bench(
    label: str, url: str, kb: KnowledgeBase, args: argparse.Namespace, cases: list[dict[str, Any]]
) -> None:
    loadavg = " ".join(f"{x:.1f}" for x in os.getloadavg())
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
        cpu = tuple(a - b for a, b in zip(after, before, strict=True))
    finally:
        process.terminate()
        process.wait(timeout=30)
    report(label, people, alone, wall, cpu, loadavg)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=180.0)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds before each answer")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which the people arrive")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--alone", type=int, default=10, help="cases answered by one person alone first")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", help="also run on this PostgreSQL database (a SQLAlchemy URL)")
    args = parser.parse_args()
    kb = load_knowledge()
    cases = list(generate_cases(kb, args.alone + args.people, args.seed))
    began = time.perf_counter()
    for _ in range(3):
        subprocess.run([str(BIN / "regain"), "--version"], check=True, capture_output=True)
    version = (time.perf_counter() - began) / 3
    what = f"gunicorn -w {args.workers}, {args.people} people over {args.ramp} s, think {args.think} s"
    with tempfile.TemporaryDirectory() as tmp:
        bench(f"SQLite, {what}", f"sqlite:///{tmp}/web.db", kb, args, cases)
    if args.postgres:
        bench(f"PostgreSQL, {what}", args.postgres, kb, args, cases)
    print(f"\n`regain --version`: {version * 1000:.0f} ms (the mean of three, before the runs)")


if __name__ == "__main__":
    main()
