"""The simulated person of ``bench_web.py``: one browser answering one case, page after page.

:class:`Person` answers a case mapping (``generate.py``'s) at a server's
address as a browser would: the start page, "Start" with the page's CSRF
token, then on every page it reads the form (:class:`Form`: the hidden
fields, the options offered, the text boxes), ticks, chooses or types the
case's answer (:func:`fields_for`) and posts it, until the plan or the
emergency page; then it downloads the case file. It times every request by
kind of page (:func:`kind_of`). :func:`lost_answers` and :func:`same_plan`
check afterwards that the case file holds every answer posted and that
``regain assess`` on it makes the plan the page showed.
"""

from __future__ import annotations

import random
import re
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import yaml

from regain.knowledge import KnowledgeBase

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


def assess(text: str) -> str:
    """``regain assess FILE --format html`` in this process (Click's runner) on a case file's text."""
    from click.testing import CliRunner

    from regain.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "case.yaml").write_text(text, encoding="utf-8")
        result = CliRunner().invoke(main, ["assess", str(Path(tmp) / "case.yaml"), "--format", "html"])
    return result.output if result.exit_code == 0 else ""
