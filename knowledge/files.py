"""Write files atomically: the whole file under a temporary name beside the target, then a rename.

A reader (or a person opening the plan) sees either the old file or the
complete new one, never half of it, even if regain is killed mid-write; the
rename also replaces a symbolic link that has the target's name rather than
writing through it. This is regain's one file writer: plans and case files
(``regain assess -o``, ``regain ask``), the summary, overview and manifest of
``regain batch``, and the user cache's entries go through it.

A temporary file is named ``.<name>.<pid>-<tag>.regain-tmp``: it holds the id
of the process writing it, so a batch cleaning up its folder can tell whether
its writer is still alive, and a tag (``w`` and random characters here, a
number for a batch worker's outputs). Files get the usual permissions
(``0o666`` less the umask), or ``0o600`` for private ones (cache entries).

This module lives in ``knowledge/``, the bottom layer every other one may
import, and imports nothing of regain.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TypeAlias

TMP_SUFFIX = ".regain-tmp"
#: What a writer accepts: text, bytes, or text in chunks (written as they come).
Content: TypeAlias = str | bytes | Iterable[str]

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)


def _create(folder: str, name: str, tag: str | None, mode: int) -> tuple[int, str]:
    """A new file for ``name`` in ``folder`` (never an existing one), open for writing."""
    for _ in range(100):
        path = os.path.join(folder, f".{name}.{os.getpid()}-{tag or 'w' + os.urandom(5).hex()}{TMP_SUFFIX}")
        try:
            return os.open(path, _FLAGS, mode), path
        except FileExistsError:
            if tag is not None:
                raise
    raise FileExistsError(f"no free temporary name for {name} in {folder}")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def write_temporary(
    folder: str | os.PathLike[str],
    name: str,
    content: Content,
    *,
    tag: str | None = None,
    private: bool = False,
) -> str:
    """Write ``content`` (UTF-8 for text) to a new temporary file for ``name`` in ``folder``; return its path.

    The caller moves it into place (:func:`write_atomic` does, at once; a
    batch's main process does, later). ``tag`` makes the name unique instead
    of random characters. Raises :class:`OSError` if it cannot be written;
    then, and on any other exception (an interrupt, a failing iterator), no
    temporary file is left behind.
    """
    fd, path = _create(os.fspath(folder) or ".", name, tag, 0o600 if private else 0o666)  # less the umask
    try:
        if isinstance(content, bytes):
            _write_all(fd, content)
        elif isinstance(content, str):
            _write_all(fd, content.encode("utf-8"))
        else:
            with open(fd, "w", encoding="utf-8", newline="\n", closefd=False) as fh:
                for chunk in content:
                    fh.write(chunk)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    os.close(fd)
    return path


def write_atomic(path: str | os.PathLike[str], content: Content, *, private: bool = False) -> None:
    """Replace ``path`` with a file holding ``content`` (text, bytes or text chunks), atomically.

    Raises :class:`OSError` if the folder is not writable; no temporary file
    is left behind in any case.
    """
    target = Path(path)
    tmp = write_temporary(target.parent, target.name, content, private=private)
    try:
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
