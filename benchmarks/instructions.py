"""Count the CPU instructions each stage of one case costs, under valgrind's callgrind.

Wall-clock timings on a shared virtual machine drift by tens of percent from
minute to minute; instruction counts do not (the same program and input give
the same count, whatever else the machine is doing). Use this to tell whether
a change made regain cheaper, and the timed benchmarks to see how fast it is.

The script runs itself under callgrind once per stage and once more: run L
builds the engine, compiles the templates and runs the first L stages over
the same K cases. The difference between runs L and L + 1, divided by K, is
stage L + 1's cost per case. The runs go two at a time.

* ``read``     — read and parse the case file (YAML and JSON, alternating);
* ``validate`` — check it against the knowledge base;
* ``assess``   — the experta inference, muscle ranking and plan;
* ``html``     — build the view model and render the HTML plan;
* ``json``     — serialise the assessment.

It then counts the fixed cost every ``regain`` run pays once: a whole
``regain batch`` of one case with ``--jobs 1`` (Python, imports, knowledge
base, engine, templates, writing), with regain's cache turned off, with an
empty cache, and with the cache the first run filled.

Usage: ``python benchmarks/instructions.py [-k 200]`` (needs ``valgrind``;
takes a few minutes). Cases come from ``generate.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from bench_batch import REGAIN, compile_regain
from generate import generate_cases

STAGES = ("read", "validate", "assess", "html", "json")


def _child(stages: int, k: int, folder: str) -> None:
    """Build everything once, then run the first ``stages`` stages over ``k`` cases."""
    from regain.engine.assess import Assessor
    from regain.engine.assessment import to_json
    from regain.engine.case_reader import read_one_case
    from regain.reports.environment import environment
    from regain.reports.html import render_html

    assessor = Assessor()
    for name in environment().list_templates():  # compile every template and partial now
        environment().get_template(name)
    work: list = sorted(Path(folder).iterdir())[:k]
    steps = [
        lambda p: read_one_case(str(p)),
        assessor.validate,
        assessor.assess,
        lambda a: (a, render_html(a, assessor.kb)),
        lambda pair: to_json(pair[0]),
    ]
    for step in steps[:stages]:
        work = [step(item) for item in work]


def _callgrind(cmd: list[str], what: str, env: dict[str, str] | None = None) -> int:
    """The instructions ``cmd`` executes, counted by callgrind."""
    proc = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    found = re.search(r"Collected : (\d+)", proc.stderr)
    if proc.returncode != 0 or not found:
        raise SystemExit(f"callgrind run of {what} failed:\n{proc.stderr[-2000:]}")
    return int(found.group(1))


def _count(stages: int, k: int, folder: str) -> int:
    return _callgrind([sys.executable, __file__, "--child", str(stages), str(k), folder], f"{stages} stages")


def _start_up(folder: str, cache: str) -> int:
    """Instructions of ``regain batch <one case> --jobs 1`` with ``REGAIN_CACHE_DIR=cache``."""
    one = sorted(Path(folder).iterdir())[0]
    out = tempfile.mkdtemp(prefix="regain-instr-out-")
    try:
        return _callgrind(
            [REGAIN, "batch", str(one), "--out", out, "--jobs", "1", "--no-progress"],
            "regain batch",
            env={**os.environ, "REGAIN_CACHE_DIR": cache},
        )
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", type=int, default=200, help="cases per run (default 200)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt install valgrind)")
    from regain.knowledge import load_knowledge

    compile_regain()  # as an installed regain's modules are
    with tempfile.TemporaryDirectory(prefix="regain-instr-") as folder:
        # Off for the stage runs: they start two at a time, and one filling the cache while
        # another reads it would make the fixed costs, which cancel out, differ between runs.
        os.environ["REGAIN_CACHE_DIR"] = "off"
        for i, case in enumerate(generate_cases(load_knowledge(), args.k, seed=7)):
            path = Path(folder) / f"{i:05d}.{'yaml' if i % 2 == 0 else 'json'}"
            text = (
                yaml.safe_dump(case, sort_keys=False, allow_unicode=True)
                if i % 2 == 0
                else json.dumps(case, ensure_ascii=False, indent=1)
            )
            path.write_text(text, encoding="utf-8")
        with ThreadPoolExecutor(2) as pool:
            counts = list(pool.map(lambda n: _count(n, args.k, folder), range(len(STAGES) + 1)))
        for i, stage in enumerate(STAGES):
            print(f"{stage:<9} {(counts[i + 1] - counts[i]) / args.k / 1e6:7.2f} M instructions per case")
        print(f"{'total':<9} {(counts[-1] - counts[0]) / args.k / 1e6:7.2f} M instructions per case")
        cache = str(Path(folder).parent / f"{Path(folder).name}-start-up")
        try:
            off = _start_up(folder, "off")
            cold = _start_up(folder, cache)
            warm = _start_up(folder, cache)
        finally:
            shutil.rmtree(cache, ignore_errors=True)
    print(
        f"start-up  {warm / 1e6:7.0f} M instructions (a batch of one case, --jobs 1, cache warm; "
        f"empty cache {cold / 1e6:.0f} M, cache off {off / 1e6:.0f} M)"
    )


if __name__ == "__main__":
    main()
