"""Atomic writes: whole files only, the usual permissions, nothing left behind."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from regain import output_files
from regain.batch import outputs
from regain.knowledge.files import TMP_SUFFIX, write_atomic, write_temporary


def test_writes_text_bytes_and_chunks_with_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.txt", "hello ✓\n")
        write_atomic(tmp_path / "b.txt", iter(["one ", "two\n"]))
        write_atomic(tmp_path / "c.bin", b"\x00\xff")
        write_atomic(tmp_path / "d.bin", b"secret", private=True)
    finally:
        os.umask(old)
    assert (tmp_path / "a.txt").read_bytes() == "hello ✓\n".encode()
    assert (tmp_path / "b.txt").read_text() == "one two\n"
    assert (tmp_path / "c.bin").read_bytes() == b"\x00\xff"
    # readable by others, like any file a person saves (mkstemp alone gives 0o600)
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "d.bin").stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "c.bin", "d.bin"]


def test_a_failing_writer_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "plan.html"
    target.write_text("old")

    def chunks() -> Iterator[str]:
        yield "new, half"
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        write_atomic(target, chunks())
    assert target.read_text() == "old"
    assert not list(tmp_path.glob(f"*{TMP_SUFFIX}"))


def test_an_unwritable_folder_is_an_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        write_atomic(tmp_path / "missing" / "x.txt", "x")


def test_a_symbolic_link_is_replaced_not_written_through(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").write_text("theirs")
    (tmp_path / "entry").symlink_to(tmp_path / "elsewhere")
    write_atomic(tmp_path / "entry", "mine")
    assert not (tmp_path / "entry").is_symlink()
    assert (tmp_path / "entry").read_text() == "mine"
    assert (tmp_path / "elsewhere").read_text() == "theirs"


def test_a_temporary_file_names_its_writer_and_is_never_an_existing_file(tmp_path: Path) -> None:
    path = write_temporary(tmp_path, "plan.html", "text", tag="7")
    assert os.path.basename(path) == f".plan.html.{os.getpid()}-7{TMP_SUFFIX}"
    assert Path(path).read_text() == "text"
    with pytest.raises(FileExistsError):
        write_temporary(tmp_path, "plan.html", "other", tag="7")
    assert Path(path).read_text() == "text"
    random = os.path.basename(write_temporary(tmp_path, "plan.html", "text"))
    assert random.startswith(f".plan.html.{os.getpid()}-w") and random.endswith(TMP_SUFFIX)


def test_the_cli_and_the_batch_use_the_one_writer(tmp_path: Path) -> None:
    assert output_files.write_atomic is write_atomic
    tmp = outputs.write_temporary(tmp_path, "c.json", "{}")
    assert os.path.basename(tmp).startswith(f".c.json.{os.getpid()}-") and tmp.endswith(TMP_SUFFIX)
    assert Path(tmp).read_text() == "{}"
