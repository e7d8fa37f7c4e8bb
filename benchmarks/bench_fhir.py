"""Benchmark FHIR in and out against the formats regain already has, in one run.

Usage: ``.venv/bin/python benchmarks/bench_fhir.py [N]`` (default 300). For the
bundled example it times, N times each and interleaved (so a slow minute of a
shared machine falls on every format alike):

- reading the case: the YAML case file, and the same answers as a FHIR
  QuestionnaireResponse (parsed, mapped, validated as a case);
- writing the result: the JSON assessment, the HTML plan and the FHIR Bundle
  (the assessment itself is not timed).

It prints the median milliseconds of each and its ratio to the YAML case or
the JSON assessment: the figures to compare are the ratios.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from regain.engine.assess import Assessor
from regain.engine.assessment import to_json
from regain.engine.case_reader import read_one_case
from regain.engine.case_validation import validate_case
from regain.fhir_io.bundle import render_bundle, response_of_case
from regain.fhir_io.reading import cases_in
from regain.fhir_io.response import response_from_case
from regain.reports.html import render_html

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "examples" / "shoulder.yaml"


def timings(jobs: dict[str, Callable[[], object]], n: int) -> dict[str, float]:
    """Median milliseconds of each job, run ``n`` times each, interleaved."""
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(n):
        for name, job in jobs.items():
            start = time.perf_counter()
            job()
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(t) for name, t in times.items()}


def main(n: int = 300) -> dict[str, float]:
    assessor = Assessor()
    kb = assessor.kb
    a = assessor.assess(validate_case(read_one_case(str(CASE)), kb))
    with tempfile.TemporaryDirectory() as folder:
        response = Path(folder) / "shoulder-response.json"
        response.write_text(json.dumps(response_from_case(a.answers | {"id": a.case_id}, kb)), "utf-8")

        def read_fhir() -> object:
            (one,) = cases_in(read_one_case(str(response)), kb, single=True)
            return validate_case(one.raw, kb)

        jobs: dict[str, Callable[[], object]] = {
            "read the YAML case": lambda: validate_case(read_one_case(str(CASE)), kb),
            "read the QuestionnaireResponse": read_fhir,
            "write the JSON assessment": lambda: to_json(a),
            "write the HTML plan": lambda: render_html(a, kb),
            "write the FHIR Bundle": lambda: render_bundle(a, kb, response_of=response_of_case),
        }
        for job in jobs.values():
            job()  # templates compiled, caches filled
        result = timings(jobs, n)
    base = {"read": result["read the YAML case"], "write": result["write the JSON assessment"]}
    for name, ms in result.items():
        print(f"{name:32} {ms:8.3f} ms  {ms / base[name.split()[0]]:5.2f} x")
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
