"""The load test's simulated person (``benchmarks/web_person.py``) still walks the app, untimed.

One person answers a generated case against a live server (werkzeug in a
thread, as the browser tests use) and must reach the plan with every answer
in the downloaded case file and the plan of ``regain assess``; near misses:
a case file missing an answer, another case's plan, an answer the page does
not offer.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import benchmark_scripts
import pytest
import yaml
from web_server import live_app

from regain.knowledge import KnowledgeBase


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return benchmark_scripts.load("web_person")


@pytest.fixture
def base(tmp_path: Path, kb: KnowledgeBase) -> Iterator[str]:
    with live_app(tmp_path / "web.db", kb) as url:
        yield url


def cases(bench: ModuleType, kb: KnowledgeBase, n: int = 40) -> list[dict[str, Any]]:
    """Generated cases with no warning sign (they end on the plan)."""
    made = benchmark_scripts.load("generate").generate_cases(kb, n, 7)
    return [c for c in made if not c.get("red_flags")]


def test_a_simulated_person_answers_a_whole_questionnaire(
    bench: ModuleType, base: str, kb: KnowledgeBase
) -> None:
    person = bench.Person(base, kb, cases(bench, kb)[0])
    person.run()
    assert person.failure == ""
    assert person.end == "plan"
    kinds = {kind for kind, _, _ in person.times}
    assert kinds == {"start page", "start", "question", "answer", "plan", "case file"}
    assert all(status < 400 for _, _, status in person.times)
    assert person.posted["restricted_movements"]
    assert bench.lost_answers(person) == []
    assert bench.same_plan(person)

    held = yaml.safe_load(person.case_text)
    del held["restricted_movements"]  # near miss: a case file that lost an answer
    person.case_text = yaml.safe_dump(held)
    assert bench.lost_answers(person) == ["restricted_movements"]


def test_another_cases_plan_is_not_the_plan_shown(bench: ModuleType, base: str, kb: KnowledgeBase) -> None:
    first, second = (bench.Person(base, kb, c) for c in cases(bench, kb)[:2])
    first.run()
    second.run()
    assert first.end == second.end == "plan"
    assert bench.same_plan(first)
    first.case_text = second.case_text
    assert not bench.same_plan(first)


def test_an_answer_the_page_does_not_offer_stops_the_person(
    bench: ModuleType, base: str, kb: KnowledgeBase
) -> None:
    case = {**cases(bench, kb)[0], "restricted_movements": ["no_such_movement"]}
    person = bench.Person(base, kb, case)
    person.run()
    assert person.end == ""
    assert "offers no pick=['no_such_movement']" in person.failure


@pytest.mark.parametrize(
    ("method", "path", "kind"),
    [
        ("GET", "/s/abc/q", "question"),
        ("POST", "/s/abc/q", "answer"),
        ("GET", "/s/abc/case.yaml", "case file"),
        ("GET", "/s/abc/plan.html", "GET other"),
    ],
)
def test_requests_are_counted_by_kind_of_page(bench: ModuleType, method: str, path: str, kind: str) -> None:
    assert bench.kind_of(method, f"http://127.0.0.1:1{path}") == kind
