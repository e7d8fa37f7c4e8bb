"""``regain batch`` never writes over what it did not write, and stops cleanly.

Its own inputs, an unrelated file in ``--out``, a symbolic link there, a second
batch running into the same folder, special files among the inputs, Ctrl-C and
a full disk: each once lost data, hung or ended in a traceback.
"""

from __future__ import annotations

import csv
import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from test_batch import write_cases

from regain.batch import outputs, worker
from regain.batch.outputs import LOCK, MANIFEST, OutputFolder
from regain.cli import main

REGAIN = str(Path(sys.executable).with_name("regain"))
CASE = '{"id": "ID", "restricted_movements": ["knee_flexion"], "red_flags": []}'


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, ["batch", *args], input=input)


def rows(out: Path) -> list[dict[str, str]]:
    with (out / "summary.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def no_traceback(result: Result | subprocess.CompletedProcess[str]) -> None:
    text = result.output if isinstance(result, Result) else result.stdout + result.stderr
    assert "Traceback" not in text
    if isinstance(result, Result):
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


# -- never over an input, never over a file regain batch did not write --------------------


def test_a_case_file_is_never_replaced_by_its_own_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("p1.json").write_text(CASE.replace("ID", "p1"))
    before = Path("p1.json").read_bytes()
    result = run("p1.json", "--out", ".", "-j", "1")
    no_traceback(result)
    assert result.exit_code == 1
    assert Path("p1.json").read_bytes() == before
    assert "p1.json: id: p1.json is an input of this batch" in result.output
    assert rows(tmp_path)[0]["status"] == "invalid"


def test_a_folder_assessed_into_itself_keeps_every_case_and_runs_again_alike(tmp_path: Path) -> None:
    cases = tmp_path / "in"
    write_cases(cases, 9)
    before = {p.name: p.read_bytes() for p in cases.iterdir()}
    first = run(str(cases), "--out", str(cases), "-j", "1")
    no_traceback(first)
    assert first.exit_code == 1  # the JSON cases would be replaced by their plans: refused
    for name, data in before.items():
        assert (cases / name).read_bytes() == data, name
    refused = [r for r in rows(cases) if r["status"] == "invalid"]
    assert refused and all("is an input of this batch" in r["error"] for r in refused)
    assert all(r["source"].endswith(".json") for r in refused)
    summary = (cases / "summary.csv").read_bytes()
    again = run(str(cases), "--out", str(cases), "-j", "1")  # its own plans are not taken for cases
    assert again.exit_code == 1
    assert (cases / "summary.csv").read_bytes() == summary


def test_a_hard_link_to_an_input_counts_as_the_input(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text("id: x\nrestricted_movements: [knee_flexion]\n")
    out = tmp_path / "out"
    out.mkdir()
    os.link(tmp_path / "c.yaml", out / "x.json")
    result = run(str(tmp_path / "c.yaml"), "--out", str(out), "-j", "1")
    assert result.exit_code == 1 and "is an input of this batch" in result.output
    assert (tmp_path / "c.yaml").read_text().startswith("id: x")


@pytest.mark.parametrize("kind", ["file", "symlink"])
def test_a_file_regain_did_not_write_is_left_alone_and_reported(tmp_path: Path, kind: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("precious")
    if kind == "file":
        (out / "victim.json").write_text("precious")
    else:
        (out / "victim.json").symlink_to(elsewhere)
    (tmp_path / "v.yaml").write_text("id: victim\nrestricted_movements: [knee_flexion]\n")
    (tmp_path / "w.yaml").write_text("id: other\nrestricted_movements: [knee_flexion]\n")
    result = run(str(tmp_path / "v.yaml"), str(tmp_path / "w.yaml"), "--out", str(out), "-j", "1")
    no_traceback(result)
    assert result.exit_code == 1
    assert (out / "victim.json").read_text() == "precious"
    assert (out / "victim.json").is_symlink() == (kind == "symlink")
    assert not (out / "victim.html").exists()  # the case is invalid as a whole
    what = (
        "already exists and regain batch did not write it"
        if kind == "file"
        else "exists and is a symbolic link"
    )
    assert f"v.yaml: id: {out / 'victim.json'} {what}" in result.output
    assert [(r["status"], r["triage"]) for r in rows(out)] == [
        ("invalid", ""),
        ("ok", "professional_assessment"),
    ]


def test_its_own_files_are_replaced_on_the_next_run_and_resume_still_works(tmp_path: Path) -> None:
    write_cases(tmp_path / "cases", 6)
    out = tmp_path / "out"
    assert run(str(tmp_path / "cases"), "--out", str(out), "-j", "1").exit_code == 0
    listed = {json.loads(line) for line in (out / MANIFEST).read_text().splitlines()}
    assert {
        "c0000.json",
        "c0000.html",
        "summary.csv",
        "errors.txt",
        "index.html",
        "sorted/by-case.html",
    } <= listed
    (out / "c0001.html").write_text("stale")
    assert run(str(tmp_path / "cases"), "--out", str(out), "-j", "2").exit_code == 0
    assert (out / "c0001.html").read_text().rstrip().endswith("</html>")
    (out / "c0002.html").unlink()
    result = run(str(tmp_path / "cases"), "--out", str(out), "-j", "1", "--resume")
    assert result.exit_code == 0 and "(5 already done)" in result.output


def test_an_overview_file_regain_did_not_write_stops_the_batch_before_any_work(tmp_path: Path) -> None:
    write_cases(tmp_path / "cases", 3)
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.csv").write_text("my own table\n")
    result = run(str(tmp_path / "cases"), "--out", str(out), "-j", "1")
    no_traceback(result)
    assert result.exit_code == 2
    assert result.output.strip().endswith(
        f"{out / 'summary.csv'} already exists and regain batch did not "
        "write it: move it away or choose another --out"
    )
    assert len(result.output.strip().splitlines()) == 1
    assert (out / "summary.csv").read_text() == "my own table\n"
    assert not list(out.glob("c*"))


def test_a_clash_of_ids_removes_only_what_regain_wrote(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text("id: same\nrestricted_movements: [knee_flexion]\n")
    result = run(str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "--out", str(out), "-j", "1")
    assert result.exit_code == 1 and not (out / "same.json").exists()


# -- one batch at a time, and temporaries of live writers are kept --------------------------


def test_a_second_batch_into_a_locked_folder_stops_at_once(tmp_path: Path) -> None:
    write_cases(tmp_path / "cases", 3)
    out = tmp_path / "out"
    out.mkdir()
    with OutputFolder(out, []):  # as another batch holds it
        result = run(str(tmp_path / "cases"), "--out", str(out), "-j", "1")
    no_traceback(result)
    assert result.exit_code == 2
    assert (
        f"Error: another regain batch (process {os.getpid()}) is writing into {out}: wait until it "
        "has finished, or choose another --out"
    ) in result.output
    assert not list(out.glob("c*")) and not (out / "summary.csv").exists()
    assert run(str(tmp_path / "cases"), "--out", str(out), "-j", "1").exit_code == 0  # released


def test_two_real_batches_into_one_folder(tmp_path: Path) -> None:
    write_cases(tmp_path / "cases", 300)
    out = tmp_path / "out"
    first = subprocess.Popen(
        [REGAIN, "batch", str(tmp_path / "cases"), "--out", str(out), "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not list(out.glob("c*.json")) and time.monotonic() < deadline:
        time.sleep(0.02)
    second = subprocess.run(
        [REGAIN, "batch", str(tmp_path / "cases"), "--out", str(out), "-j", "2"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    _, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert second.returncode == 2, second.stderr
    assert "another regain batch (process" in second.stderr and "Traceback" not in second.stderr
    assert len(rows(out)) == 300 and all(r["status"] == "ok" for r in rows(out))
    assert not list(out.glob(".*.regain-tmp"))


def test_temporaries_of_live_writers_are_kept_the_others_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    try:
        kept = out / f".plan.html.{live.pid}-wab12cd34.regain-tmp"  # a `regain assess -o` at work
        gone = [
            out / f".plan.html.{dead.pid}-wab12cd34.regain-tmp",  # its writer is gone
            out / f".x.json.{live.pid}-17.regain-tmp",  # a batch's: no batch holds the lock
            out / ".old.json.regain-tmp",
        ]  # an older regain's
        for path in [kept, *gone]:
            path.write_text("partial")
        (tmp_path / "c.yaml").write_text("id: c\nrestricted_movements: [knee_flexion]\n")
        assert run(str(tmp_path / "c.yaml"), "--out", str(out), "-j", "1").exit_code == 0
        assert kept.exists()
        assert not [p for p in gone if p.exists()]
    finally:
        live.kill()
        live.wait()


# -- special files among the inputs -----------------------------------------------------------


def test_fifos_among_the_inputs_are_reported_at_once(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    write_cases(cases, 3)
    for name in ("pipe.yaml", "pipe.csv"):
        os.mkfifo(cases / name)
    os.mkfifo(tmp_path / "alone.json")
    listing = f"{tmp_path / 'alone.json'}\n"
    proc = subprocess.run(
        [
            REGAIN,
            "batch",
            str(cases),
            str(tmp_path / "alone.json"),
            str(tmp_path / "*.json"),
            "-",
            "--out",
            str(tmp_path / "out"),
            "-j",
            "2",
        ],
        input=listing,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    no_traceback(proc)
    lines = [line for line in proc.stderr.splitlines() if "FIFO" in line]
    assert sorted(Path(line.split(": ")[0]).name for line in lines) == ["alone.json", "pipe.csv", "pipe.yaml"]
    assert all(": (file): is a FIFO (named pipe), not a regular file" in line for line in lines)
    assert sum(r["status"] == "ok" for r in rows(tmp_path / "out")) == 3


# -- Ctrl-C and a full disk ----------------------------------------------------------------------


def test_ctrl_c_exits_130_with_one_line_and_resume_finishes(tmp_path: Path) -> None:
    write_cases(tmp_path / "cases", 300)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [REGAIN, "batch", str(tmp_path / "cases"), "--out", str(out), "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while len(list(out.glob("c*.json"))) < 20 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    assert proc.poll() is None, "the batch finished before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends: the whole group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("Error: interrupted after ")
    assert err.strip().endswith(
        "the plans written so far are complete: run the same command with --resume to finish"
    )
    for p in out.glob("c*.json"):
        json.loads(p.read_text(encoding="utf-8"))
    assert not list(out.glob(".*.regain-tmp"))
    result = run(str(tmp_path / "cases"), "--out", str(out), "-j", "2", "--resume")
    assert result.exit_code == 0, result.output
    assert len(rows(out)) == 300


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_disk_stops_the_batch_once_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    write_cases(tmp_path / "cases", 40)
    out = tmp_path / "out"
    real = outputs.write_temporary
    written = {"n": 0}

    def fills_up(directory: Path, name: str, text: str) -> str:
        written["n"] += 1
        if written["n"] > 10:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(directory, name, text)

    monkeypatch.setattr(worker, "write_temporary", fills_up)  # forked workers inherit it
    result = run(str(tmp_path / "cases"), "--out", str(out), "-j", jobs)
    no_traceback(result)
    assert result.exit_code == 1
    assert result.output.count("the disk is full") == 1
    assert f"Error: the disk is full (No space left on device) while writing in {out}" in result.output
    assert "internal error" not in result.output
    assert not (out / "summary.csv").exists()
    assert not list(out.glob(".*.regain-tmp"))
    for p in out.glob("c*.json"):
        json.loads(p.read_text(encoding="utf-8"))


def test_a_full_disk_at_the_summary_is_one_line_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_cases(tmp_path / "cases", 3)

    def full(path: Any, text: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(outputs, "write_atomic", full)
    result = run(str(tmp_path / "cases"), "--out", str(tmp_path / "out"), "-j", "1")
    no_traceback(result)
    assert result.exit_code == 1
    assert result.output.count("the disk is full") == 1 and "--resume" in result.output


def test_the_lock_file_is_not_a_case_and_never_a_link(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "elsewhere").write_text("x")
    (out / LOCK).symlink_to(tmp_path / "elsewhere")
    (tmp_path / "c.yaml").write_text("id: c\nrestricted_movements: [knee_flexion]\n")
    result = run(str(tmp_path / "c.yaml"), "--out", str(out), "-j", "1")
    assert result.exit_code == 2 and "cannot lock the output folder" in result.output
    assert (tmp_path / "elsewhere").read_text() == "x"
