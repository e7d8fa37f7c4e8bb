"""Benchmark the HTML plan: render one plan N times after the template is loaded once.

Usage: ``.venv/bin/python benchmarks/bench_render.py [N]`` (default 500). Prints the
median and 95th-percentile time per render in milliseconds (target: median < 5 ms).
Each render builds the view model and renders the template, as ``regain assess
--format html`` does; assessing the case is not timed.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from regain.engine.assess import Assessor
from regain.engine.case_reader import read_one_case
from regain.reports.html import render_html

ROOT = Path(__file__).resolve().parent.parent


def main(n: int = 500) -> None:
    assessor = Assessor()
    a = assessor.assess_raw(read_one_case(str(ROOT / "examples" / "shoulder.yaml")))
    render_html(a, assessor.kb)  # load and compile the templates once
    times = []
    for _ in range(n):
        start = time.perf_counter()
        render_html(a, assessor.kb)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    print(
        f"render_html (examples/shoulder.yaml), {n} renders: "
        f"median {statistics.median(times):.2f} ms, p95 {p95:.2f} ms"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
