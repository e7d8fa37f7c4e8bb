"""``regain serve``: starts, prints its address, serves the start page; bad input is one line, exit 2."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from regain.cli import main

ADDRESS = re.compile(r"regain is serving on (http://127\.0\.0\.1:\d+/) \(Ctrl-C stops it\)")


def serve(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "regain.cli", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_serve_prints_its_address_serves_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    process = serve("--port", "0", "--db", str(tmp_path / "web.db"))
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = ADDRESS.fullmatch(line.strip())
        assert found, line
        with urllib.request.urlopen(found.group(1), timeout=30) as response:
            page = response.read().decode("utf-8")
            assert response.status == 200 and response.headers["X-Frame-Options"] == "DENY"
        assert "Start the questions" in page
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert (tmp_path / "web.db").exists()


def test_a_database_that_cannot_be_used_is_one_line_and_exit_2(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["serve", "--db", str(tmp_path / "missing" / "web.db")])
    assert result.exit_code == 2
    assert "does not exist" in result.output and "Traceback" not in result.output
    (tmp_path / "notes.db").write_text("my notes", encoding="utf-8")
    result = runner.invoke(main, ["serve", "--db", str(tmp_path / "notes.db")])
    assert result.exit_code == 2 and "not a SQLite database" in result.output
    assert (tmp_path / "notes.db").read_text(encoding="utf-8") == "my notes"


def test_a_port_in_use_is_one_line_and_exit_2(tmp_path: Path, runner: CliRunner) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(main, ["serve", "--port", str(port), "--db", str(tmp_path / "web.db")])
    assert result.exit_code == 2 and f"--port {port}" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_serve_is_a_command_with_its_options(runner: CliRunner) -> None:
    result = runner.invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--db", "--https"):
        assert option in result.output
    assert "serve" in runner.invoke(main, ["--help"]).output
