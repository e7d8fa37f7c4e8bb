"""``-o`` and the files of ``regain ask``: a regular file is replaced atomically, nothing else is.

The atomic rename replaces whatever holds the name: a FIFO, a device node or a
symbolic link became a regular file (as root, ``-o /dev/null`` would have
replaced the system's ``/dev/null``). A FIFO or a character device is now
written into; a link to a regular file has its file replaced and stays a
link; anything else is refused with exit status 2, as is a missing folder.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from regain.cli import main

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "shoulder.yaml"


def assess(*args: str) -> Result:
    return CliRunner().invoke(main, ["assess", str(EXAMPLE), *args])


def one_error(result: Result, code: int = 2) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    [line] = result.stderr.splitlines()
    return line


def test_into_a_fifo_it_writes_and_the_fifo_stays(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.json"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = assess("-o", str(fifo), "-f", "json")
    reader.join(30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got and got[0].startswith(b"{") and b'"case_id": "shoulder-example"' in got[0]


def test_into_a_character_device_it_writes_and_the_device_stays(tmp_path: Path) -> None:
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of the test's own
    except (PermissionError, OSError):
        pytest.skip("cannot make a device node here")
    result = assess("-o", str(device), "-f", "json")
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


def test_dev_null_itself() -> None:
    if os.geteuid() == 0:  # a regression would replace the system's /dev/null: never risked as root
        pytest.skip("as root; the device node of the test's own above covers it")
    result = assess("-o", "/dev/null", "-f", "json")
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_a_link_to_a_regular_file_stays_a_link_and_its_file_is_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    result = assess("-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text().startswith("{")


def test_a_link_to_a_device_is_written_through(tmp_path: Path) -> None:
    link = tmp_path / "to-null"
    link.symlink_to("/dev/null")
    assert assess("-o", str(link), "-f", "text").exit_code == 0
    assert link.is_symlink() and stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_a_link_to_nothing_is_refused_with_exit_2(tmp_path: Path) -> None:
    target = tmp_path / "plan.html"
    target.symlink_to(tmp_path / "nowhere")
    line = one_error(assess("-o", str(target)))
    assert line == f"Error: {target} is a symbolic link to nothing; regain does not replace it"
    assert target.is_symlink() and not (tmp_path / "nowhere").exists()


def test_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = assess("-o", str(tmp_path))  # Click's own check of -o
    assert result.exit_code == 2 and "is a directory" in result.output and "Traceback" not in result.output


def test_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    line = one_error(assess("-o", str(tmp_path / "nonexistent" / "x.html")))
    assert (
        line == f"Error: {tmp_path / 'nonexistent' / 'x.html'}: the folder {tmp_path / 'nonexistent'} "
        "does not exist"
    )
    assert not (tmp_path / "nonexistent").exists()


def test_ask_keeps_a_link_among_its_outputs(tmp_path: Path) -> None:
    real = tmp_path / "kept.partial.yaml"
    real.write_text("old")
    out = tmp_path / "out"
    out.mkdir()
    (out / "s.partial.yaml").symlink_to(real)
    result = CliRunner().invoke(main, ["ask", "--out", str(out), "--id", "s"], input="")
    assert result.exit_code == 1, result.output
    assert (out / "s.partial.yaml").is_symlink()
    assert "format: regain-case/2" in real.read_text()
