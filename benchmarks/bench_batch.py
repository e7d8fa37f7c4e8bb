"""Benchmark ``regain batch``: throughput, speed-up and peak memory of the process tree.

Generates N valid cases (YAML, JSON and CSV mixed, distinct ids) with
``benchmarks/generate.py``, then runs ``regain batch`` as a subprocess with
``--jobs 1`` and ``--jobs 2`` writing JSON and HTML, and prints cases per
second, the speed-up, and peak memory: the largest *sum* of the resident set
sizes of the batch process and its workers (sampled from ``/proc`` every
20 ms), next to ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` (the largest single
process) measured in a fresh helper process per run.

It also times a batch of one case per job count: the fixed cost of starting
``regain batch`` (interpreter, imports, knowledge base, engine, workers),
which every batch pays once; the rate after start-up is shown beside the
overall rate.

Each run also shows how busy the cores were: the CPU time of the whole
process tree over its wall time times the job count. What is missing from
100% is time a core waited: the start-up (one process, before the workers
exist), the overview written at the end, any imbalance. It is measured within
one run, so it does not suffer from the drift described below.

Before timing, regain is put in the state a user's regain is in from its
second run on: its own modules compiled to bytecode (``pip install .`` does
that; an editable install writes them on first import, unless
``PYTHONDONTWRITEBYTECODE`` is set, as on some machines) and its cache
(parsed knowledge base, compiled templates) filled, in a folder of the
benchmark's own (``REGAIN_CACHE_DIR``), by one untimed batch.

Each configuration runs ``--repeat`` times (default 3), alternating the job
counts, and the median and best rates are printed: a shared virtual machine's
speed drifts by tens of percent from minute to minute, and alternating keeps a
slow minute from landing on one configuration only.

Every run writes into a new, empty output folder, the disk is synced before it
starts, and nothing is deleted until the very end (about 0.6 GB per run at
N = 10,000). Flushing the previous run's files would otherwise be timed as part
of the next run, and so would deleting them: for minutes after many files are
deleted, ext4 skips the freed inodes when it allocates new ones and checks
each on disk (``recently_deleted`` in ``fs/ext4/ialloc.c``), which made every
file regain creates several times slower (``perf record`` showed it). For the
same reason, start an invocation at least five minutes after the previous one
ended: the previous one's deletion at the end slows this one's first runs.

After each round of runs it also measures what the machine itself gives to
two processes in those minutes (``machine_ceiling.py``): the same per-case
work as a batch worker, read, assess, render, write, done by two processes
that share nothing, against one. That speed-up is the ceiling for any
``--jobs 2`` speed-up on this machine; on a shared virtual machine it can be
below 2×, and it moves from minute to minute. The script prints its median
beside regain's, and regain's speed-up as a share of it: roughly what the
batch itself loses (start-up, the main process, handing out work), though a
ratio of medians of such moving figures is itself only a rough one.

Usage: ``python benchmarks/bench_batch.py [-n 1000 -n 10000] [--jobs 1 --jobs 2] [--repeat 3] [--no-ceiling]``
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import write_mixed

REGAIN = str(Path(sys.executable).with_name("regain"))
#: Cases in each measurement of the machine's own speed-up.
CEILING_CASES = 400


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
print(json.dumps({"rc": rc, "seconds": dt, "cpu": u.ru_utime + u.ru_stime, "sys": u.ru_stime,
                  "maxrss_kib": u.ru_maxrss}))
"""


def run(cases: Path, out: Path, jobs: int) -> dict[str, float]:
    os.sync()
    time.sleep(1)
    cmd = [
        sys.executable,
        "-c",
        _CHILD,
        REGAIN,
        "batch",
        str(cases),
        "--out",
        str(out),
        "--jobs",
        str(jobs),
        "--format",
        "both",
        "--no-progress",
    ]
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


def start_up_seconds(tmp: Path, jobs: int, repeat: int) -> float:
    """The fixed cost of one ``regain batch`` (interpreter, imports, engine, workers): one case."""
    cases = tmp / "one-case"
    return statistics.median(run(cases, tmp / f"out-one-{jobs}-{i}", jobs)["seconds"] for i in range(repeat))


def machine_speed_up(cases: Path, scratch: Path) -> dict[str, float]:
    """``machine_ceiling.py`` in a fresh process: one against two processes doing the same work."""
    cmd = [
        sys.executable,
        str(Path(__file__).with_name("machine_ceiling.py")),
        str(cases),
        "-k",
        str(CEILING_CASES),
        "--pairs",
        "2",
        "--scratch",
        str(scratch),
        "--json",
    ]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def compile_regain() -> None:
    """Compile regain's own modules to bytecode, as ``pip install .`` does."""
    package = Path(sys.modules["regain"].__file__ or "").parent
    compileall.compile_dir(str(package), maxlevels=0, quiet=1)
    for sub in ("knowledge", "engine", "reports", "batch"):  # batch/: not in older commits
        if (package / sub).is_dir():
            compileall.compile_dir(str(package / sub), quiet=1)


def warm_up(tmp: Path) -> None:
    """Compile regain's modules to bytecode and fill a cache of the benchmark's own."""
    compile_regain()
    os.environ["REGAIN_CACHE_DIR"] = str(tmp / "cache")  # inherited by every batch run
    cases = tmp / "one-case"
    write_mixed(cases, 1, seed=1)
    run(cases, tmp / "out-warm-up", 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, action="append", help="cases (default 1000 and 10000)")
    parser.add_argument("--jobs", type=int, action="append", help="jobs (default 1 and 2)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per configuration (default 3)")
    parser.add_argument(
        "--no-ceiling",
        dest="ceiling",
        action="store_false",
        help="skip measuring the machine's own two-process speed-up",
    )
    args = parser.parse_args()
    sizes = args.n or [1000, 10000]
    jobs_list = args.jobs or [1, 2]
    print(
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
        f"regain batch --format both (JSON and HTML), {args.repeat} runs each"
    )
    peaks: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="regain-bench-") as tmp:
        warm_up(Path(tmp))
        startup = {jobs: start_up_seconds(Path(tmp), jobs, args.repeat) for jobs in jobs_list}
        print(
            "start-up (a batch of one case, median): "
            + ", ".join(f"--jobs {jobs} {startup[jobs]:.2f} s" for jobs in jobs_list)
        )
        for n in sizes:
            cases = Path(tmp) / f"cases-{n}"
            write_mixed(cases, n, seed=1)
            rates: dict[int, list[float]] = {jobs: [] for jobs in jobs_list}
            machine: list[float] = []
            for rep in range(args.repeat):
                for jobs in jobs_list:
                    r = run(cases, Path(tmp) / f"out-{n}-{jobs}-{rep}", jobs)
                    rates[jobs].append(n / r["seconds"])
                    peaks[n] = max(peaks.get(n, 0), r["tree_peak_kib"])
                    print(
                        f"N={n:>6}  --jobs {jobs}: {r['seconds']:6.2f} s  {rates[jobs][-1]:6.0f} cases/s  "
                        f"CPU {r['cpu']:6.1f} s ({1000 * r['cpu'] / n:.1f} ms/case, "
                        f"system {1000 * r['sys'] / n:.1f}; cores busy "
                        f"{100 * r['cpu'] / (jobs * r['seconds']):.0f}%)  "
                        f"peak tree RSS {r['tree_peak_kib'] / 1024:6.1f} MiB  "
                        f"(largest process {r['maxrss_kib'] / 1024:.1f} MiB)",
                        flush=True,
                    )
                if args.ceiling and 2 in jobs_list:
                    m = machine_speed_up(cases, Path(tmp) / f"ceiling-{n}-{rep}")
                    machine.append(m["speed_up"])
                    print(
                        f"N={n:>6}  the machine: {m['cases']} cases in one process "
                        f"{m['alone']:.2f} s, in two at once {m['together']:.2f} s: "
                        f"{m['speed_up']:.2f}x",
                        flush=True,
                    )
            for jobs in jobs_list:
                median = statistics.median(rates[jobs])
                after_start = n / (n / median - startup[jobs]) if n / median > startup[jobs] else 0.0
                print(
                    f"N={n:>6}  --jobs {jobs}: median {median:6.0f} cases/s, "
                    f"best {max(rates[jobs]):6.0f}; {after_start:.0f} cases/s after the "
                    f"{startup[jobs]:.2f} s start-up"
                )
            if 1 in rates:
                for jobs in (j for j in jobs_list if j > 1):
                    speed_up = statistics.median(rates[jobs]) / statistics.median(rates[1])
                    print(f"N={n:>6}  speed-up --jobs {jobs} vs --jobs 1 (medians): {speed_up:.2f}x")
                    if machine and jobs == 2:
                        ceiling = statistics.median(machine)
                        print(
                            f"N={n:>6}  the machine's own speed-up for the same work with "
                            f"nothing shared (median): {ceiling:.2f}x; regain's is "
                            f"{100 * speed_up / ceiling:.0f}% of it"
                        )
    if len(peaks) > 1:
        lo, hi = min(peaks), max(peaks)
        print(f"peak memory N={hi} / N={lo}: {peaks[hi] / peaks[lo]:.2f}x")


if __name__ == "__main__":
    main()
