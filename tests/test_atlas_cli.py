"""``regain kb site DIR`` on the command line: where it writes, and where it refuses to.

Exit status 0 and the number of files written; exit status 2 with one line,
and nothing written, for a DIR that is a file, a folder holding files
``regain kb site`` did not write, or a DIR whose parent does not exist.
Running it again into its own folder works, gives the same bytes, and
removes the pages of entities no longer in the knowledge base.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from regain.cli import main
from regain.reports.atlas_folder import MANIFEST


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(main, ["kb", "site", *args], catch_exceptions=False, prog_name="regain")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _refused(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in result.stderr
    return lines[0]


def test_it_writes_the_site_and_says_how_many_files(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "atlas"
    result = run(runner, str(out))
    assert result.exit_code == 0, result.stderr
    written = sorted(p.name for p in out.iterdir() if p.name != MANIFEST)
    assert result.stdout == f"wrote {len(written)} files to {out} (open {out / 'index.html'})\n"
    assert "index.html" in written and "atlas.css" in written and len(written) > 200


def test_running_twice_into_its_own_folder_gives_the_same_bytes(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "atlas"
    assert run(runner, str(out)).exit_code == 0
    first = _snapshot(out)
    again = run(runner, str(out))
    assert again.exit_code == 0, again.stderr
    assert _snapshot(out) == first


def test_an_empty_folder_is_used(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "index.html").is_file()


def test_a_file_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine")
    line = _refused(run(runner, str(target)))
    assert line == f"Error: {target} exists and is not a folder"
    assert target.read_text() == "mine"


def test_a_folder_with_someone_elses_files_is_refused_and_left_alone(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "thesis.html").write_text("mine")
    line = _refused(run(runner, str(tmp_path)))
    assert "is not empty and was not written by regain kb site (thesis.html)" in line
    assert _snapshot(tmp_path) == {"thesis.html": b"mine"}


def test_a_stranger_in_its_own_folder_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "atlas"
    assert run(runner, str(out)).exit_code == 0
    (out / "notes.txt").write_text("mine")
    (out / "index.html").write_text("edited by hand")  # listed: the atlas may replace it, but not now
    before = _snapshot(out)
    line = _refused(run(runner, str(out)))
    assert "holds files regain kb site did not write (notes.txt)" in line
    assert _snapshot(out) == before


def test_a_link_or_folder_under_a_listed_name_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "atlas"
    assert run(runner, str(out)).exit_code == 0
    elsewhere = tmp_path / "precious.html"
    elsewhere.write_text("mine")
    (out / "graph.html").unlink()
    (out / "graph.html").symlink_to(elsewhere)
    line = _refused(run(runner, str(out)))
    assert "(graph.html)" in line
    assert elsewhere.read_text() == "mine"


def test_a_missing_parent_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    line = _refused(run(runner, str(tmp_path / "no" / "such")))
    assert line.startswith(f"Error: cannot create the folder {tmp_path / 'no' / 'such'}: ")
    assert not (tmp_path / "no").exists()


def test_pages_of_entities_gone_from_the_knowledge_base_are_removed(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "atlas"
    assert run(runner, str(out)).exit_code == 0
    (out / "muscle-retired.html").write_text("an old page")
    with (out / MANIFEST).open("a") as fh:
        fh.write(json.dumps("muscle-retired.html") + "\n")
    assert run(runner, str(out)).exit_code == 0
    assert not (out / "muscle-retired.html").exists()
    assert "muscle-retired.html" not in (out / MANIFEST).read_text()


def test_a_temporary_file_of_a_killed_run_is_cleaned_up(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "atlas"
    assert run(runner, str(out)).exit_code == 0
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = int(gone.stdout)
    leftover = out / f".index.html.{dead}-wdeadbeef01.regain-tmp"
    leftover.write_text("<html>half")
    mine = out / f".graph.html.{os.getpid()}-wfeedface02.regain-tmp"  # a live writer's: kept
    mine.write_text("<html>being written")
    result = run(runner, str(out))
    assert result.exit_code == 0, result.stderr
    assert not leftover.exists()
    assert mine.exists()
    # near miss: the same name for a file the atlas never lists is someone else's
    (out / f".thesis.html.{dead}-wdeadbeef03.regain-tmp").write_text("x")
    assert "did not write" in _refused(run(runner, str(out)))


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_folder_that_cannot_be_written_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "locked"
    out.mkdir()
    out.chmod(0o500)
    try:
        line = _refused(run(runner, str(out)))
    finally:
        out.chmod(0o700)
    assert line.startswith(f"Error: cannot write in {out}: ")
