"""Compare this working tree with an earlier commit, side by side in one run.

Both versions run from the same virtual environment: the earlier commit is
exported with ``git archive`` into a temporary folder and put first on
``PYTHONPATH`` (ahead of the editable install), this tree is linked the same
way. The measurements alternate between the two versions round after round,
so a busy machine slows both alike, and the medians are compared:

* per-case CPU: assess, write the JSON and render the HTML plan of every
  generated case in one process (process time per case), with what exists
  before the first case frozen out of the garbage collector's reach, as in
  a batch worker;
* batch throughput: ``regain batch`` over the same cases with ``--jobs 1``
  and ``--jobs 2`` (cases per second of wall time), and the CPU time per case
  of the ``--jobs 1`` batch: everything a user's batch spends on a case
  (reading, validating, assessing, rendering, writing), start-up included;
* start-up: ``regain assess`` of one example, as a person runs it (wall time).

Usage: ``python benchmarks/compare_base.py [--base REV] [-n CASES] [--rounds R]``.
It prints a table of medians and each ratio against the budget (``--budget``,
default 1.15: at most 15% worse).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

CLI = "from regain.cli import main; main()"
PER_CASE = """
import gc, sys, time
from pathlib import Path
from regain.engine.assess import Assessor
from regain.engine.assessment import to_json
from regain.engine.case_reader import read_case_path
from regain.reports.html import render_html
assessor = Assessor()
cases = [assessor.validate(raw) for path in sorted(Path(sys.argv[1]).iterdir())
         for raw in read_case_path(str(path))]
for case in cases[:20]:  # warm up: templates compiled, caches filled
    render_html(assessor.assess(case), assessor.kb)
# As a batch worker freezes its engine once built (batch/worker.py), and so that
# the collector does not walk the validated cases this script holds (no worker does).
gc.collect()
gc.freeze()
start = time.process_time()
for case in cases:
    a = assessor.assess(case)
    to_json(a)
    render_html(a, assessor.kb)
print((time.process_time() - start) / len(cases) * 1000)
"""


def export(rev: str, into: Path) -> Path:
    """A folder holding ``regain`` at ``rev`` (``.``: this working tree), for PYTHONPATH."""
    target = into / "regain"
    into.mkdir(parents=True, exist_ok=True)
    if rev == ".":
        target.symlink_to(ROOT)
    else:
        target.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return into


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(path: Path, cache: Path, args: list[str], script: str = CLI) -> tuple[float, str, float]:
    """Wall time, standard output and CPU time (the process and its workers) of one run."""
    env = {**os.environ, "PYTHONPATH": str(path), "REGAIN_CACHE_DIR": str(cache)}
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    if done.returncode not in (0, 1):  # 1: some generated cases may be invalid for a version
        raise SystemExit(f"{path}: {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return wall, done.stdout, cpu


def measure(path: Path, cache: Path, cases: Path, n: int, work: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    _, ms, _ = run(path, cache, [str(cases)], PER_CASE)
    out["per-case CPU (ms)"] = float(ms.strip().splitlines()[-1])
    for jobs in (1, 2):
        folder = Path(tempfile.mkdtemp(dir=work))
        wall, _, cpu = run(
            path, cache, ["batch", str(cases), "--out", str(folder), "--jobs", str(jobs), "--no-progress"]
        )
        out[f"batch --jobs {jobs} (cases/s)"] = n / wall
        if jobs == 1:
            out["batch CPU per case (ms)"] = cpu / n * 1000
    starts = [
        run(path, cache, ["assess", str(ROOT / "examples" / "shoulder.yaml"), "--format", "json"])[0]
        for _ in range(5)
    ]
    out["start-up, one assess (ms)"] = statistics.median(starts) * 1000
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="issue19-base", help="the commit to compare with")
    parser.add_argument("-n", type=int, default=400, help="generated cases")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--budget", type=float, default=1.15)
    args = parser.parse_args()

    import generate  # the benchmark's case generator, from this tree

    from regain.knowledge import load_knowledge

    with tempfile.TemporaryDirectory(prefix="regain-compare-") as tmp:
        work = Path(tmp)
        cases = work / "cases"
        generate.write_cases(cases, args.n, 1, ("yaml",), kb=load_knowledge())
        versions = {"base": export(args.base, work / "base"), "this": export(".", work / "this")}
        caches = {name: work / f"cache-{name}" for name in versions}
        results: dict[str, list[dict[str, float]]] = {name: [] for name in versions}
        for _ in range(args.rounds):
            for name, path in versions.items():
                results[name].append(measure(path, caches[name], cases, args.n, work))
    medians = {
        name: {k: statistics.median(r[k] for r in runs) for k in runs[0]} for name, runs in results.items()
    }
    print(f"base {args.base}, {args.n} cases, {args.rounds} rounds, medians")
    print(f"{'measure':34} {'base':>10} {'this':>10} {'this/base':>10}  within budget")
    for key, base in medians["base"].items():
        this = medians["this"][key]
        worse = base / this if "cases/s" in key else this / base  # > 1: this is worse
        print(
            f"{key:34} {base:10.2f} {this:10.2f} {this / base:10.3f}  "
            f"{'yes' if worse <= args.budget else 'NO'} (cost x{worse:.3f})"
        )


if __name__ == "__main__":
    main()
