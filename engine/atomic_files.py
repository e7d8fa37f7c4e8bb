"""Write files atomically: a temporary file beside the target, then a rename.

A reader (or a person opening the plan) sees either the old file or the
complete new one, never half of it, even if regain is killed mid-write.
Files get the usual permissions (``0o666`` less the umask), not the
``0o600`` that :func:`tempfile.mkstemp` would leave.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

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
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TMP_SUFFIX,
                               dir=target.parent if str(target.parent) else ".")
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
