"""Benchmark ``regain batch``: throughput, speed-up and peak memory of the process tree.

Generates N valid cases (YAML, JSON and CSV mixed, distinct ids) with
``benchmarks/generate.py``, then runs ``regain batch`` as a subprocess with
``--jobs 1`` and ``--jobs 2`` writing JSON and HTML, and prints cases per
second, the speed-up, and peak memory: the largest *sum* of the resident set
sizes of the batch process and its workers (sampled from ``/proc`` every
20 ms), next to ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` (the largest single
process) measured in a fresh helper process per run.

Usage: ``python benchmarks/bench_batch.py [-n 1000 -n 10000] [--jobs 1 --jobs 2]``
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from generate import csv_header, csv_row, generate_cases

from regain.knowledge import load_knowledge

REGAIN = str(Path(sys.executable).with_name("regain"))
CSV_ROWS_PER_FILE = 500


def write_mixed(directory: Path, n: int, seed: int = 1) -> None:
    """``n`` cases: 2 in 5 YAML files, 2 in 5 JSON files, 1 in 5 rows of CSV files."""
    kb = load_knowledge()
    header = csv_header(kb)
    directory.mkdir(parents=True, exist_ok=True)
    fh = None
    writer = None
    rows = files = 0
    try:
        for i, case in enumerate(generate_cases(kb, n, seed)):
            kind = ("yaml", "json", "yaml", "json", "csv")[i % 5]
            if kind == "yaml":
                (directory / f"{case['id']}.yaml").write_text(
                    yaml.safe_dump(case, sort_keys=False, allow_unicode=True), encoding="utf-8")
            elif kind == "json":
                (directory / f"{case['id']}.json").write_text(
                    json.dumps(case, ensure_ascii=False, indent=1), encoding="utf-8")
            else:
                if writer is None or rows >= CSV_ROWS_PER_FILE:
                    if fh is not None:
                        fh.close()
                    files += 1
                    fh = (directory / f"rows-{files:03d}.csv").open("w", encoding="utf-8", newline="")
                    writer = csv.writer(fh)
                    writer.writerow(header)
                    rows = 0
                writer.writerow(csv_row(case, header))
                rows += 1
    finally:
        if fh is not None:
            fh.close()


def _tree_rss_kib(root: int) -> int:
    """The summed VmRSS of ``root`` and all its descendants (Linux ``/proc``)."""
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            for tid in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{tid}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


# Run in a fresh interpreter, so RUSAGE_CHILDREN covers exactly one batch.
_CHILD = r"""
import resource, subprocess, sys, json, time
t = time.perf_counter()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
dt = time.perf_counter() - t
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "seconds": dt, "cpu": u.ru_utime + u.ru_stime, "maxrss_kib": u.ru_maxrss}))
"""


def run(cases: Path, out: Path, jobs: int) -> dict[str, float]:
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-c", _CHILD, REGAIN, "batch", str(cases), "--out", str(out),
           "--jobs", str(jobs), "--format", "both", "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kib(proc.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, _ = proc.communicate()
    done.set()
    sampler.join()
    result = json.loads(stdout)
    if result["rc"] != 0:
        raise SystemExit(f"regain batch failed with status {result['rc']}")
    result["tree_peak_kib"] = peak
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, action="append", help="cases (default 1000 and 10000)")
    parser.add_argument("--jobs", type=int, action="append", help="jobs (default 1 and 2)")
    args = parser.parse_args()
    sizes = args.n or [1000, 10000]
    jobs_list = args.jobs or [1, 2]
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          "regain batch --format both (JSON and HTML)")
    peaks: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="regain-bench-") as tmp:
        for n in sizes:
            cases = Path(tmp) / f"cases-{n}"
            write_mixed(cases, n)
            rates: dict[int, float] = {}
            for jobs in jobs_list:
                r = run(cases, Path(tmp) / "out", jobs)
                rates[jobs] = n / r["seconds"]
                peaks[n] = max(peaks.get(n, 0), r["tree_peak_kib"])
                print(f"N={n:>6}  --jobs {jobs}: {r['seconds']:6.2f} s  {rates[jobs]:6.0f} cases/s  "
                      f"CPU {r['cpu']:6.1f} s ({1000 * r['cpu'] / n:.1f} ms/case)  "
                      f"peak tree RSS {r['tree_peak_kib'] / 1024:6.1f} MiB  "
                      f"(largest process {r['maxrss_kib'] / 1024:.1f} MiB)", flush=True)
            if 1 in rates and len(rates) > 1:
                best = max(j for j in rates if j != 1)
                print(f"N={n:>6}  speed-up --jobs {best} vs --jobs 1: {rates[best] / rates[1]:.2f}x")
            shutil.rmtree(cases)
    if len(peaks) > 1:
        lo, hi = min(peaks), max(peaks)
        print(f"peak memory N={hi} / N={lo}: {peaks[hi] / peaks[lo]:.2f}x")


if __name__ == "__main__":
    main()
