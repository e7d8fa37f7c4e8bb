"""Write files atomically: a temporary file beside the target, then a rename.

A reader (or a person opening the plan) sees either the old file or the
complete new one, never half of it, even if regain is killed mid-write.
Files get the usual permissions (``0o666`` less the umask), not the
``0o600`` that :func:`tempfile.mkstemp` would leave. A temporary file's name
holds the id of the process writing it (``.<name>.<pid>-w<random>.regain-tmp``),
so a batch cleaning up its folder can tell whether its writer is still alive.

The rename replaces whatever has the target's name, so :func:`write_output`
(``-o`` of ``regain assess``, the files of ``regain ask``) uses it only for a
regular file or a new name. Into a FIFO or a character device (``/dev/null``,
a terminal) it writes directly, as the shell's ``>`` would; a symbolic link
to a regular file has that file replaced and the link kept; anything else (a
folder, a block device, a socket, a link to nothing) is refused with
:class:`OutputRefused`, and so is a name in a folder that does not exist.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .file_kinds import file_kind

TMP_SUFFIX = ".regain-tmp"


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_current_umask()


def write_atomic(path: str | os.PathLike[str], text: str | Iterable[str]) -> None:
    """Write ``text`` (a string or an iterable of chunks) to ``path`` atomically.

    Raises :class:`OSError` if the folder is not writable; no temporary file
    is left behind in any case.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{target.name}.{os.getpid()}-w",
        suffix=TMP_SUFFIX,
        dir=target.parent if str(target.parent) else ".",
    )
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            if isinstance(text, str):
                fh.write(text)
            else:
                for chunk in text:
                    fh.write(chunk)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class OutputRefused(Exception):
    """The output path cannot be written as asked (a usage error, exit status 2)."""


def output_target(path: str | os.PathLike[str]) -> tuple[str, bool]:
    """Where to write for ``path``, and whether to write there directly (not atomically).

    Raises :class:`OutputRefused` for a path regain must not or cannot write.
    """
    name = os.fspath(path)
    try:
        st = os.lstat(name)
    except FileNotFoundError:
        parent = os.path.dirname(name) or "."
        if not os.path.isdir(parent):
            raise OutputRefused(f"{name}: the folder {parent} does not exist") from None
        return name, False
    if stat.S_ISREG(st.st_mode):
        return name, False
    try:
        mode = os.stat(name).st_mode  # through a symbolic link, to what it points at
    except OSError:
        raise OutputRefused(f"{name} is a symbolic link to nothing; regain does not replace it") from None
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return name, True
    if stat.S_ISLNK(st.st_mode) and stat.S_ISREG(mode):
        return os.path.realpath(name), False
    raise OutputRefused(
        f"{name} is {file_kind(mode)}; regain writes only to a file, a FIFO or a character device"
    )


def write_output(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` as :func:`output_target` says: atomically, or directly into it.

    Raises :class:`OutputRefused`, or :class:`OSError` if writing fails.
    """
    target, direct = output_target(path)
    if not direct:
        write_atomic(target, text)
        return
    with open(target, "w", encoding="utf-8", newline="\n") as fh:  # a FIFO or a device: no rename
        fh.write(text)
