"""The load test of ``regain serve`` runs, and its check would see an answer lost or a plan changed."""

from __future__ import annotations

import subprocess
import sys
import time

import benchmark_scripts
import yaml
from benchmark_scripts import BENCHMARKS

from regain.engine.assess import Assessor
from regain.engine.case_reader import RawCase
from regain.engine.case_validation import validate_case
from regain.knowledge import KnowledgeBase
from regain.reports.html import render_html


def test_a_small_load_test_finds_nothing_lost() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "bench_serve.py"),
            "--people",
            "4",
            "--think",
            "0",
            "--seconds",
            "120",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "errors 0, unfinished 0, answers lost 0" in result.stdout
    assert "plans differing 0" in result.stdout


def test_the_check_counts_a_lost_answer_and_a_changed_plan(kb: KnowledgeBase, assessor: Assessor) -> None:
    bench = benchmark_scripts.load("bench_serve")
    case = {"format": "regain-case/2", "id": "c", "red_flags": [], "restricted_movements": ["knee_flexion"]}
    person = bench.Person(kb, case, [1], time.monotonic(), 0)
    person.finished = True
    person.taken = {"red_flags": [], "restricted_movements": ["knee_flexion"], "pain_at_rest": 3}
    person.case_text = yaml.safe_dump(case)  # pain_at_rest was taken but is not in the file
    person.plan = "<html>not the plan</html>"
    counts = bench.check(kb, assessor, [person])
    assert counts["lost"] == 1 and counts["plans"] == 1 and counts["plans_differ"] == 1
    # the near miss: the file holds what was taken, and the plan is regain assess's
    person.taken.pop("pain_at_rest")
    person.plan = render_html(assessor.assess(validate_case(RawCase("c.yaml", "c", case), kb)), kb)
    assert bench.check(kb, assessor, [person]) == {"lost": 0, "plans": 1, "plans_differ": 0, "unfinished": 0}
