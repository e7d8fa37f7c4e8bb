"""How much faster two processes can do regain's per-case work than one, on this machine.

The ceiling for any ``--jobs 2`` speed-up: the same per-case work a batch
worker does (read and parse the case file, validate, assess, render JSON and
HTML, write both files through a temporary file and a rename), done by
processes that share nothing and wait for nothing. No start-up is timed, no
main process hands out work or moves files, no results travel between
processes.

One process is forked and does K cases; then two are forked and share the
same K cases, each taking the next one from a shared counter (so a process
on a slower core simply does fewer, as a batch's workers do) and writing
into a folder of its own; the time until all are done is taken. The
processes start at a barrier, after the engine is built; each reads its
case files itself, as a worker does. The machine's speed-up is
``alone / together``. Alone and together alternate ``--pairs`` times; the
script prints the median of each.

On a machine with two idle, equal cores this is close to 2×. On a shared
virtual machine it is lower whenever a virtual CPU runs slower while the
other is busy (two hardware threads of one physical core, other tenants'
work), and it moves within seconds: on the development VM single
measurements ranged from 1.56× to 2.52× (above 2×: the one-process half drew
a slower moment). ``bench_batch.py`` runs this between its batch runs, so the
two are measured in the same minutes.

The files it writes are deleted at the end, unless ``--scratch`` names the
folder to write them in (``bench_batch.py`` does: deleting many files slows
down creating files for minutes afterwards, see its docstring).

Usage: ``python benchmarks/machine_ceiling.py CASES_FOLDER [-k 400] [--pairs 2] [--scratch DIR] [--json]``
(cases from ``generate.py``).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from regain.batch.outputs import FORMAT_SUFFIX
from regain.batch.worker import WorkerConfig, init_worker, process, render_json
from regain.engine.case_reader import case_kind
from regain.reports.html import render_html


def case_files(folder: Path, k: int) -> list[str]:
    """The first ``k`` YAML and JSON case files in ``folder`` (one case each), sorted."""
    files = sorted(str(p) for p in folder.rglob("*") if case_kind(p.name) in ("yaml", "json"))
    if len(files) < k:
        raise SystemExit(f"{folder} has {len(files)} YAML/JSON case files, fewer than -k {k}")
    return files[:k]


def do_cases(files: list[str], out: Path) -> None:
    """A batch worker's work for each file (its own ``process``), then the rename into ``out``.

    The engine is the one :func:`~regain.batch.worker.init_worker` built in
    this process (or in the process it was forked from).
    """
    init_worker(WorkerConfig({"json": render_json, "html": render_html}, str(out), resume=False))
    for path in files:
        for result in process(path):
            for fmt, tmp in result.outputs.items():
                os.replace(tmp, out / f"{result.row.stem}{FORMAT_SUFFIX[fmt]}")


def _worker(files: list[str], out: Path, barrier: Any, taken: Any) -> None:
    """Wait for the start, then take the next case file until there are none left."""
    barrier.wait()
    while True:
        with taken.get_lock():
            index = taken.value
            taken.value += 1
        if index >= len(files):
            return
        do_cases([files[index]], out)


def timed(files: list[str], folder: Path, processes: int) -> float:
    """Seconds until ``processes`` forked processes, sharing ``files`` out, have done them all."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(processes + 1)
    taken = context.Value("l", 0)
    outs = [Path(tempfile.mkdtemp(dir=folder)) for _ in range(processes)]
    workers = [context.Process(target=_worker, args=(files, out, barrier, taken)) for out in outs]
    for w in workers:
        w.start()
    barrier.wait()
    start = time.perf_counter()
    for w in workers:
        w.join()
    seconds = time.perf_counter() - start
    if any(w.exitcode for w in workers):
        raise SystemExit("a reference process failed")
    return seconds


def measure(cases: Path, k: int, pairs: int, scratch: Path) -> dict[str, float]:
    """Median seconds for ``k`` cases alone and together over ``pairs`` alternations."""
    files = case_files(cases, k)
    do_cases(files[:5], Path(tempfile.mkdtemp(dir=scratch)))  # engine built, templates compiled
    alone, together = [], []
    for _ in range(pairs):
        os.sync()
        alone.append(timed(files, scratch, 1))
        os.sync()
        together.append(timed(files, scratch, 2))
    a, t = statistics.median(alone), statistics.median(together)
    return {"cases": k, "alone": a, "together": t, "speed_up": a / t}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", type=Path, help="a folder of cases from generate.py")
    parser.add_argument("-k", type=int, default=400, help="cases (default 400)")
    parser.add_argument("--pairs", type=int, default=2, help="alone/together pairs (default 2)")
    parser.add_argument("--scratch", type=Path, help="write here and keep the files")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    if args.scratch:
        args.scratch.mkdir(parents=True, exist_ok=True)
        result = measure(args.cases, args.k, args.pairs, args.scratch)
    else:
        scratch = Path(tempfile.mkdtemp(prefix="regain-ceiling-"))
        try:
            result = measure(args.cases, args.k, args.pairs, scratch)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{args.k} cases: one process {result['alone']:.2f} s, two at once "
            f"{result['together']:.2f} s; the machine's speed-up {result['speed_up']:.2f}x"
        )


if __name__ == "__main__":
    main()
