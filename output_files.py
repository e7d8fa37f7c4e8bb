"""Where ``-o`` writes: a regular file atomically, a FIFO or a device directly, nothing else.

The atomic write itself is :func:`regain.knowledge.files.write_atomic`,
regain's one file writer; this module only decides where and how the CLI's
outputs are written.

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

from .engine.file_kinds import file_kind
from .knowledge.files import write_atomic
from .knowledge.messages import _


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
            raise OutputRefused(
                _("{name}: the folder {folder} does not exist").format(name=name, folder=parent)
            ) from None
        return name, False
    if stat.S_ISREG(st.st_mode):
        return name, False
    try:
        mode = os.stat(name).st_mode  # through a symbolic link, to what it points at
    except OSError:
        said = _("{name} is a symbolic link to nothing; regain does not replace it")
        raise OutputRefused(said.format(name=name)) from None
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return name, True
    if stat.S_ISLNK(st.st_mode) and stat.S_ISREG(mode):
        return os.path.realpath(name), False
    said = _("{name} is {kind}; regain writes only to a file, a FIFO or a character device")
    raise OutputRefused(said.format(name=name, kind=file_kind(mode)))


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
