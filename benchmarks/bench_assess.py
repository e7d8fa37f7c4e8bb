"""Benchmark: assessing many cases in one process, and the CLI's start-up time.

Measures, with ONE :class:`~regain.engine.assess.Assessor` (engine built once):

* per-case latency (validation + inference + muscles + plan) of ``--cases``
  generated cases (median and p95, in ms) and the throughput;
* the start-up time of ``regain --help`` (a subprocess, median of ``--runs``);
* the time to import the engine in a fresh interpreter, and to build the Assessor.

and prints PASS/FAIL against the targets: ``--help`` < 0.3 s, < 10 ms per case
(p95). Exits 1 if a target is missed.

Run: ``.venv/bin/python benchmarks/bench_assess.py`` (``make bench``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from regain.engine.assess import Assessor
from regain.engine.case_reader import RawCase
from regain.knowledge import load_knowledge

try:
    from benchmarks.generate import generate_cases
except ImportError:  # run as a script: benchmarks/ itself is on sys.path
    from generate import generate_cases  # type: ignore[no-redef]

HELP_TARGET_S = 0.3
CASE_TARGET_MS = 10.0
IMPORT_SNIPPET = (
    "import time; t = time.perf_counter(); import regain.engine.assess; print(time.perf_counter() - t)"
)


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (0-100) by linear interpolation."""
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def regain_executable() -> str:
    """The venv's ``regain`` script, next to the running interpreter."""
    path = Path(sys.executable).parent / "regain"
    if not path.exists():
        raise SystemExit(f"cannot find {path}: install regain in this environment first")
    return str(path)


def time_subprocess(argv: list[str], runs: int) -> list[float]:
    times: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def time_engine_import(runs: int) -> list[float]:
    """Seconds to ``import regain.engine.assess`` in a fresh interpreter (import only)."""
    out: list[float] = []
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-c", IMPORT_SNIPPET], check=True, capture_output=True, text=True
        )
        out.append(float(result.stdout.strip()))
    return out


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark regain's assessment and start-up.")
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261)
    parser.add_argument("--runs", type=int, default=10, help="runs of each subprocess timing")
    args = parser.parse_args(argv)

    kb = load_knowledge()
    cases = list(generate_cases(kb, args.cases, args.seed))
    raws = [RawCase(f"{c['id']}.yaml", c["id"], c) for c in cases]

    start = time.perf_counter()
    assessor = Assessor(kb)
    build_s = time.perf_counter() - start

    assessor.assess_raw(raws[0])  # warm-up: first-call caches (not counted)
    latencies_ms: list[float] = []
    cpu_ms: list[float] = []
    triage: dict[str, int] = {}
    wall_start = time.perf_counter()
    for raw in raws:
        t0, c0 = time.perf_counter(), time.process_time()
        result = assessor.assess_raw(raw)
        latencies_ms.append((time.perf_counter() - t0) * 1000)
        cpu_ms.append((time.process_time() - c0) * 1000)
        triage[result.triage] = triage.get(result.triage, 0) + 1
    wall_s = time.perf_counter() - wall_start

    exe = regain_executable()
    help_s = time_subprocess([exe, "--help"], args.runs)
    import_s = time_engine_import(max(3, args.runs // 2))

    median_ms = statistics.median(latencies_ms)
    p95_ms = percentile(latencies_ms, 95)
    help_median = statistics.median(help_s)
    case_ok = p95_ms < CASE_TARGET_MS
    help_ok = help_median < HELP_TARGET_S

    print(f"regain benchmark: {len(raws)} generated cases (seed {args.seed}), one Assessor")
    print(f"  knowledge base          {kb.version}")
    print(
        f"  load average            {', '.join(f'{x:.2f}' for x in os.getloadavg())} "
        f"on {os.cpu_count()} CPU(s): timings are wall-clock, a busy machine inflates them"
    )
    print(f"  triage mix              {', '.join(f'{k} {v}' for k, v in sorted(triage.items()))}")
    print(f"  Assessor build          {build_s * 1000:8.1f} ms (once)")
    print(f"  per case, median        {median_ms:8.2f} ms")
    print(f"  per case, p95           {p95_ms:8.2f} ms   target < {CASE_TARGET_MS:g} ms: {verdict(case_ok)}")
    print(
        f"  per case, CPU time      {statistics.median(cpu_ms):8.2f} ms median, "
        f"{percentile(cpu_ms, 95):.2f} ms p95 (unaffected by other processes)"
    )
    print(f"  per case, max           {max(latencies_ms):8.2f} ms")
    print(f"  throughput              {len(raws) / wall_s:8.0f} cases/s")
    print(
        f"  `regain --help`, median {help_median * 1000:8.1f} ms  target < "
        f"{HELP_TARGET_S * 1000:g} ms: {verdict(help_ok)}  (of {len(help_s)} runs, "
        f"min {min(help_s) * 1000:.1f} ms)"
    )
    print(
        f"  import engine, median   {statistics.median(import_s) * 1000:8.1f} ms  "
        f"(fresh interpreter, `import regain.engine.assess`)"
    )
    print("PASS" if case_ok and help_ok else "FAIL")
    return 0 if case_ok and help_ok else 1


if __name__ == "__main__":
    sys.exit(main())
