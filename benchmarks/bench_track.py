"""Benchmark the journal commands as a person runs them: wall time of each, against ``regain --version``.

Usage: ``.venv/bin/python benchmarks/bench_track.py [ROUNDS]`` (default 7). In a
temporary folder it starts a journal with ``examples/shoulder.yaml`` and two
check-ins, then alternates, round after round, ``regain --version`` (the
interpreter and Click: the machine's own figure), ``track list``, ``track
show`` (text and the HTML page) and one more check-in from a file. It prints
the median of each and its ratio to ``--version``, so a busy machine slows
both sides of each ratio alike.
"""

from __future__ import annotations

import datetime
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REGAIN = str(Path(sys.executable).parent / "regain")
TP = "trigger_point_self_treatment"


def _run(*args: str) -> str:
    return subprocess.run([REGAIN, *args], check=True, capture_output=True, text=True).stdout


def _checkin(folder: Path, day: datetime.date, n: int) -> Path:
    data = {
        "date": day.isoformat(),
        "sessions": {TP: 20},
        "pain_at_rest": 2,
        "pain_on_movement": 5,
        "tender_spots_reproduce_pain": "yes",
        "new_red_flags": [],
    }
    path = folder / f"checkin-{n}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def main(rounds: int = 7) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = str(folder / "journal.db")
        start = datetime.date.today() - datetime.timedelta(days=3 * rounds + 14)
        _run("track", "--db", db, "start", str(ROOT / "examples" / "shoulder.yaml"), "--date", str(start))
        journal = _run("track", "--db", db, "list").split()[0]
        for n in (1, 2):
            _run("track", "--db", db, "checkin", journal, "--file", str(_checkin(folder, start, n)))
        commands = {
            "regain --version": ["--version"],
            "track list": ["track", "--db", db, "list"],
            "track show": ["track", "--db", db, "show", journal],
            "track show -o page.html": ["track", "--db", db, "show", journal, "-o", str(folder / "p.html")],
            "track checkin --file": [],  # a new file each round, dated a day later
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for r in range(rounds):
            for name, args in commands.items():
                if not args:
                    day = start + datetime.timedelta(days=r + 1)
                    args = [
                        "track",
                        "--db",
                        db,
                        "checkin",
                        journal,
                        "--file",
                        str(_checkin(folder, day, r + 3)),
                    ]
                began = time.perf_counter()
                _run(*args)
                times[name].append(time.perf_counter() - began)
    base = statistics.median(times["regain --version"])
    print(f"{rounds} alternating rounds, medians of wall time")
    for name, ts in times.items():
        median = statistics.median(ts)
        print(f"{name:<26} {median * 1000:7.0f} ms   {median / base:5.2f}x --version")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
