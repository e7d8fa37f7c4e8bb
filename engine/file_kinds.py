"""Only regular files are case files: open them so that nothing else can make regain wait.

Opening a FIFO (named pipe) for reading waits until something writes to it,
and reading a device can go on for ever, so a FIFO that happens to be called
``x.yaml`` would hang ``regain assess`` or a whole batch. :func:`open_regular`
opens without waiting (``O_NONBLOCK``, which changes nothing for a regular
file) and then checks what it opened (``fstat``), so a path that is swapped
for something else between a check and the open is caught as well.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from regain.knowledge.messages import N_, _

FOLDER = N_("a folder")
_KINDS = (
    (stat.S_ISDIR, FOLDER),
    (stat.S_ISFIFO, N_("a FIFO (named pipe)")),
    (stat.S_ISCHR, N_("a character device")),
    (stat.S_ISBLK, N_("a block device")),
    (stat.S_ISSOCK, N_("a socket")),
    (stat.S_ISLNK, N_("a symbolic link")),
)


def file_kind(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words (the language spoken): ``a FIFO (named pipe)``…"""
    if stat.S_ISREG(mode):
        return _("a regular file")
    for test, words in _KINDS:
        if test(mode):
            return _(words)
    return _("not a regular file")


class NotRegularFile(OSError):
    """The path exists but is not a regular file (its ``kind`` says what it is)."""

    def __init__(self, kind: str) -> None:
        super().__init__(_("is {kind}, not a regular file").format(kind=kind))
        self.kind = kind
        #: whether it is a folder (``kind`` is said in the language spoken)
        self.is_folder = kind == _(FOLDER)


def open_regular(path: str) -> BinaryIO:
    """Open ``path`` for reading in binary, or raise :class:`NotRegularFile` (or another OSError).

    Symbolic links are followed: a link to a regular file is a regular file.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(file_kind(mode))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def special_problem(path: str) -> str:
    """Empty for a regular file (or one that cannot be looked at); else why it is no case file."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return ""  # reading it will say what is wrong
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return ""
    return _("is {kind}, not a regular file; only regular files are case files").format(kind=file_kind(mode))
