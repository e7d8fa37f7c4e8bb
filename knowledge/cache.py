"""regain's user cache: work done once and kept between runs, so start-up is fast.

Two things are cached, both derived from files that ship with regain:

* the validated knowledge base with its graph tables
  (:mod:`regain.knowledge.snapshot`: a warm run imports neither pydantic nor
  networkx), and
* the compiled HTML templates (Jinja2's bytecode cache).

**Where.** ``$REGAIN_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/regain``, else
``~/.cache/regain``. ``REGAIN_CACHE_DIR=off`` (or empty) turns the cache off.

**Never stale, never in the way.**

* Every entry holds a digest of the source text it was made from and is
  used only for exactly that text; its folder or name carries the versions
  that shape it (Python, the libraries, the template options). An edited
  data file or template is never served from an old entry, and its new
  entry replaces the old one, so the cache does not grow with edits.
* Entries are written to a temporary file and renamed into place
  (:func:`regain.knowledge.files.write_atomic`), so parallel batch workers
  and interrupted runs leave whole entries or none.
* A folder that cannot be created, is not the user's own or is writable by
  others (entries are loaded as Python data and code, so the same care as
  ``__pycache__``), or an entry that cannot be read or written or is
  damaged, is skipped: the cache can only cost speed, never change a result
  or stop a run.
* **Every entry is checked before use** (:func:`read_stamped`): it must be a
  regular file of the user's, in the private folder, writable by no one else
  and with no other name (no hard link), read without following a symbolic
  link (``O_NOFOLLOW``); and its payload must match the BLAKE2b check stored
  with it, so a flipped bit is caught before anything is unpickled or
  loaded as code. A bad entry is ignored and written afresh (the rename
  replaces a link rather than writing through it).

This module lives in ``knowledge/`` because it is the layer every other one
may import; it imports nothing else of regain.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from pathlib import Path

from .files import write_atomic

ENV_VAR = "REGAIN_CACHE_DIR"
OFF = "off"


def cache_root() -> Path | None:
    """The cache folder the environment asks for (not created), or ``None`` when it is off."""
    chosen = os.environ.get(ENV_VAR)
    if chosen is not None:
        if chosen.strip().lower() in (OFF, ""):
            return None
        return Path(chosen).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "regain"
    try:
        return Path.home() / ".cache" / "regain"
    except RuntimeError:  # no home folder can be determined
        return None


def _private(path: Path) -> bool:
    """True when ``path`` is a folder owned by this user that no one else may write to."""
    try:
        st = path.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def cache_dir(*parts: str) -> Path | None:
    """The sub-folder ``parts`` of the cache, created if needed; ``None`` if unusable."""
    root = cache_root()
    if root is None:
        return None
    # Every level from the root down must be private, not just the leaf, and
    # nothing is made inside a level that is not.
    levels = [root]
    for part in parts:
        levels.append(levels[-1] / part)
    for level in levels:
        try:
            level.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:
            return None
        if not _private(level):
            return None
    return levels[-1]


def _trusted(st: os.stat_result) -> bool:
    """A regular file of this user's, writable by no one else, with no second name."""
    if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1:
        return False
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read_entry(path: Path) -> bytes | None:
    """The bytes of a cache entry, or ``None`` if there is none, it cannot be read or is not trusted.

    A symbolic link is never followed (``O_NOFOLLOW``), and what is opened is
    checked (``fstat``) before a byte of it is read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        if not _trusted(os.fstat(fd)):
            return None
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read()
    except OSError:
        return None
    finally:
        os.close(fd)


def write_entry(path: Path, data: bytes) -> None:
    """Store a cache entry atomically and privately; give up silently if it cannot be written."""
    with contextlib.suppress(OSError):
        write_atomic(path, data, private=True)


# A stamped entry: the stamp (what it was made from), a BLAKE2b check of the payload, the payload.
_CHECK = 16


def read_stamped(path: Path, stamp: bytes) -> bytes | None:
    """The payload of the entry at ``path`` if it carries ``stamp`` and is whole, else ``None``."""
    blob = read_entry(path)
    if blob is None or blob[:len(stamp)] != stamp:
        return None
    check, payload = blob[len(stamp):len(stamp) + _CHECK], blob[len(stamp) + _CHECK:]
    if hashlib.blake2b(payload, digest_size=_CHECK).digest() != check:
        return None  # damaged: the caller makes it again and overwrites it
    return payload


def write_stamped(path: Path, stamp: bytes, payload: bytes) -> None:
    """Store ``payload`` under ``stamp`` so that :func:`read_stamped` can tell it is whole."""
    write_entry(path, stamp + hashlib.blake2b(payload, digest_size=_CHECK).digest() + payload)
