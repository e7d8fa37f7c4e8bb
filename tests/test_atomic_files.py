"""Atomic writes: whole files only, the usual permissions, nothing left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from regain.engine.atomic_files import TMP_SUFFIX, write_atomic


def test_writes_text_and_chunks_with_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.txt", "hello\n")
        write_atomic(tmp_path / "b.txt", iter(["one ", "two\n"]))
    finally:
        os.umask(old)
    assert (tmp_path / "a.txt").read_text() == "hello\n"
    assert (tmp_path / "b.txt").read_text() == "one two\n"
    # readable by others, like any file a person saves (mkstemp alone gives 0o600)
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o644


def test_a_failing_writer_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "plan.html"
    target.write_text("old")

    def chunks():
        yield "new, half"
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        write_atomic(target, chunks())
    assert target.read_text() == "old"
    assert not list(tmp_path.glob(f"*{TMP_SUFFIX}"))


def test_an_unwritable_folder_is_an_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        write_atomic(tmp_path / "missing" / "x.txt", "x")
