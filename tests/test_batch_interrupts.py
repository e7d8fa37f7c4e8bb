"""regain batch interrupted: killed workers, bugs in a worker, resume, the progress bar."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from test_batch import REGAIN, run, summary, tree, write_cases

from regain.batch import worker
from regain.knowledge.files import TMP_SUFFIX

# -- interruption and resume -------------------------------------------------------------


def test_sigkill_leaves_no_partial_file_and_resume_completes(tmp_path: Path) -> None:
    n = 300
    write_cases(tmp_path / "cases", n)
    out = tmp_path / "out"
    cmd = [REGAIN, "batch", str(tmp_path / "cases"), "--out", str(out), "--jobs", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if out.is_dir() and len(list(out.glob("c*.json"))) >= 30:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the batch finished before it could be interrupted"
    os.killpg(proc.pid, signal.SIGKILL)  # the batch and its workers, mid-write
    proc.wait()
    done = list(out.glob("c*.json"))
    assert 30 <= len(done) < n
    for p in done:
        json.loads(p.read_text(encoding="utf-8"))
    for p in out.glob("c*.html"):
        assert p.read_text(encoding="utf-8").rstrip().endswith("</html>"), p.name
    assert not (out / "summary.csv").exists()

    result = run(str(tmp_path / "cases"), "--out", str(out), "--jobs", "2", "--resume")
    assert result.exit_code == 0, result.output
    assert "already done" in result.output
    rows = summary(out)
    assert len(rows) == n and all(r["status"] == "ok" for r in rows)
    assert not list(out.glob(f".*{TMP_SUFFIX}"))
    # the resumed result is the same as an uninterrupted run
    fresh = tmp_path / "fresh"
    assert run(str(tmp_path / "cases"), "--out", str(fresh), "--jobs", "2").exit_code == 0
    assert tree(out).keys() == tree(fresh).keys()
    assert (out / "summary.csv").read_bytes() == (fresh / "summary.csv").read_bytes()


def test_a_worker_killed_mid_batch_stops_it_with_a_clear_message_and_resume_finishes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    n = 120
    write_cases(tmp_path / "cases", n)
    out = tmp_path / "out"
    doomed = str(tmp_path / "cases" / "c0060.yaml")
    real = worker.read_case_path

    def dies_on_one_case(path: str) -> Any:  # as if the kernel's out-of-memory killer struck
        if path == doomed:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path)

    monkeypatch.setattr(worker, "read_case_path", dies_on_one_case)  # forked workers inherit it
    result = run(str(tmp_path / "cases"), "--out", str(out), "--jobs", "2")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (
        "a worker process stopped unexpectedly: killed by signal 9 (SIGKILL), perhaps because "
        "the system ran out of memory. The batch stopped after"
    ) in result.output
    assert "run the same command with --resume to finish" in result.output
    assert not (out / "summary.csv").exists() and not (out / "index.html").exists()
    assert not list(out.glob(f".*{TMP_SUFFIX}"))
    done = list(out.glob("c*.json"))
    assert 0 < len(done) < n
    for p in done:
        json.loads(p.read_text(encoding="utf-8"))

    monkeypatch.setattr(worker, "read_case_path", real)
    result = run(str(tmp_path / "cases"), "--out", str(out), "--jobs", "2", "--resume")
    assert result.exit_code == 0, result.output
    rows = summary(out)
    assert len(rows) == n and all(r["status"] == "ok" for r in rows)


def test_an_error_escaping_a_worker_is_reported_as_a_bug_with_its_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    write_cases(tmp_path / "cases", 30)
    out = tmp_path / "out"

    def broken(*args: Any) -> Any:
        raise RuntimeError("no engine here")

    monkeypatch.setattr(worker, "_process_raw", broken)  # forked workers inherit it
    result = run(str(tmp_path / "cases"), "--out", str(out), "--jobs", "2")
    assert result.exit_code == 1
    assert (
        "Error: a worker process failed: RuntimeError: no engine here. The batch stopped after 0 "
        "case(s)" in result.output
    )
    assert "This is a bug in regain: please report it" in result.output
    assert "Traceback (most recent call last)" in result.output  # the worker's, for the report
    assert not (out / "summary.csv").exists() and not list(out.glob(f".*{TMP_SUFFIX}"))


def test_resume_redoes_incomplete_outputs(tmp_path: Path) -> None:
    write_cases(tmp_path / "cases", 6)
    out = tmp_path / "out"
    assert run(str(tmp_path / "cases"), "--out", str(out), "-j", "1").exit_code == 0
    (out / "c0001.html").unlink()
    (out / "c0002.json").write_text("{")
    result = run(str(tmp_path / "cases"), "--out", str(out), "-j", "1", "--resume")
    assert result.exit_code == 0
    assert "(4 already done)" in result.output
    assert (out / "c0001.html").exists()
    json.loads((out / "c0002.json").read_text())


def test_no_progress_bar_unless_standard_error_is_a_terminal(tmp_path: Path) -> None:
    write_cases(tmp_path / "cases", 3)
    result = run(str(tmp_path / "cases"), "--out", str(tmp_path / "out"), "-j", "1")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("3 assessed, 0 invalid")  # one line, no bar
    assert len(result.output.splitlines()) == 1


@pytest.mark.terminal
@pytest.mark.parametrize("flag", [None, "--no-progress"])
def test_progress_bar_on_a_terminal(tmp_path: Path, flag: str | None) -> None:
    pexpect = pytest.importorskip("pexpect")
    write_cases(tmp_path / "cases", 30)
    args = ["batch", str(tmp_path / "cases"), "--out", str(tmp_path / "out"), "-j", "2"]
    child = pexpect.spawn(
        REGAIN, [*args, *([flag] if flag else [])], encoding="utf-8", timeout=60, dimensions=(24, 120)
    )
    child.expect(pexpect.EOF)
    child.close()
    shown = child.before or ""
    assert child.exitstatus == 0, shown
    assert "30 assessed, 0 invalid" in shown
    if flag is None:
        assert "assessing" in shown and "30/30" in shown and "cases/s" in shown
    else:
        assert "assessing" not in shown and "cases/s" not in shown
