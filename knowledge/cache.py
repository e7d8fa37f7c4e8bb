"""regain's user cache: work done once and kept between runs, so start-up is fast.

Two things are cached, both derived from files that ship with regain:

* the validated knowledge base with its graph tables
  (:mod:`regain.knowledge.snapshot`: a warm run imports neither pydantic nor
  networkx), and
* the compiled HTML templates (:mod:`regain.reports.environment`, through
  Jinja2's bytecode-cache interface).

**Where.** ``$REGAIN_CACHE_DIR`` if set, else the platform's cache folder for
regain (``platformdirs.user_cache_dir``: ``$XDG_CACHE_HOME/regain`` or
``~/.cache/regain`` on Linux, ``~/Library/Caches/regain`` on macOS,
``%LOCALAPPDATA%\\regain\\Cache`` on Windows). ``REGAIN_CACHE_DIR=off`` (or
empty) turns the cache off.

**One entry format.** Every entry is read and written by :func:`read_entry`
and :func:`write_entry` only. It is named after its **key** and holds the key,
a BLAKE2b check of the payload, and the payload. The key is everything the
payload was made from: a hash of the content of the files (the data, the
code, the template), the installed versions of the libraries that shape it
(:func:`versions`, from ``importlib.metadata``) and the Python version; never
a size or a modification time. An edit or an upgrade gives a new key, so a
new entry: nothing is ever served from an entry made from something else.
Entries of a kind that have not been written for a month, or beyond the
newest :data:`MAX_ENTRIES`, are removed when a new one of that kind is
written, so the cache does not grow without bound.

**Never in the way, never trusted blindly.**

* A folder that cannot be created, is not the user's own or is writable by
  others (entries are loaded as Python data and code, so the same care as
  ``__pycache__``) is not used: :func:`cache_dir`.
* An entry is used only if it is a regular file of the user's, writable by
  no one else and with no other name (no hard link), opened without
  following a symbolic link (``O_NOFOLLOW``), carrying its key, and whole
  (the check), so a flipped bit is caught before anything is unpickled or
  loaded as code. Anything else is a miss: the work is done again and the
  entry written afresh.
* Entries are written through :func:`regain.knowledge.files.write_atomic`
  (a temporary file, then a rename that replaces a link rather than writing
  through it), so parallel batch workers and interrupted runs leave whole
  entries or none. An entry that cannot be written is skipped.

So the cache can only cost speed, never change a result or stop a run.
This module lives in ``knowledge/`` because it is the layer every other one
may import; it imports nothing of regain outside it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import stat
import sys
import time
from pathlib import Path

from .files import TMP_SUFFIX, write_atomic

ENV_VAR = "REGAIN_CACHE_DIR"
OFF = "off"
#: Entries of one kind kept at most, and the age after which one is removed (seconds).
MAX_ENTRIES = 64
STALE_AFTER = 30 * 24 * 3600
_KEY = 32  # bytes of an entry's key as stored (a BLAKE2b digest of the key material)
_CHECK = 16  # bytes of the BLAKE2b check of the payload


def cache_root() -> Path | None:
    """The cache folder the environment asks for (not created), or ``None`` when it is off."""
    chosen = os.environ.get(ENV_VAR)
    if chosen is not None:
        if chosen.strip().lower() in (OFF, ""):
            return None
        return Path(chosen).expanduser()
    from platformdirs import user_cache_dir

    folder = Path(user_cache_dir("regain", appauthor=False))
    return folder if folder.is_absolute() else None  # no home folder to put it in


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


@functools.cache
def versions(*distributions: str) -> bytes:
    """Key material: the Python version and the installed version of each of ``distributions``."""
    from importlib import metadata

    lines = [f"python {sys.version}"]
    for name in distributions:
        try:
            lines.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(f"{name} missing")
    return "\n".join(lines).encode()


def _trusted(st: os.stat_result) -> bool:
    """A regular file of this user's, writable by no one else, with no second name."""
    if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1:
        return False
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _key(key: bytes) -> bytes:
    return hashlib.blake2b(key, digest_size=_KEY).digest()


def entry_path(folder: Path, key: bytes, suffix: str) -> Path:
    """Where the entry for ``key`` is (its name is the key's digest)."""
    return folder / f"{_key(key).hex()}{suffix}"


def read_entry(folder: Path, key: bytes, suffix: str) -> bytes | None:
    """The payload stored for ``key``, or ``None`` if there is none or it is not trusted and whole.

    A symbolic link is never followed (``O_NOFOLLOW``), and what is opened is
    checked (``fstat``) before a byte of it is read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(entry_path(folder, key, suffix), flags)
    except OSError:
        return None
    try:
        if not _trusted(os.fstat(fd)):
            return None
        with os.fdopen(fd, "rb", closefd=False) as f:
            blob = f.read()
    except OSError:
        return None
    finally:
        os.close(fd)
    stored, check, payload = blob[:_KEY], blob[_KEY : _KEY + _CHECK], blob[_KEY + _CHECK :]
    if stored != _key(key) or hashlib.blake2b(payload, digest_size=_CHECK).digest() != check:
        return None  # made from something else, or damaged: the caller makes it again
    return payload


def write_entry(folder: Path, key: bytes, suffix: str, payload: bytes) -> None:
    """Store ``payload`` for ``key`` (private, atomically); give up silently if it cannot be written."""
    path = entry_path(folder, key, suffix)
    blob = _key(key) + hashlib.blake2b(payload, digest_size=_CHECK).digest() + payload
    try:
        write_atomic(path, blob, private=True)
    except OSError:
        return
    _prune(folder, suffix, path.name)


def _prune(folder: Path, suffix: str, written: str) -> None:
    """Remove the entries of this kind that are stale or beyond the newest :data:`MAX_ENTRIES`.

    Also removes temporary files left by runs that were killed while writing.
    """
    now = time.time()
    entries: list[tuple[float, str]] = []
    doomed: list[str] = []
    try:
        with os.scandir(folder) as scan:
            for item in scan:
                with contextlib.suppress(OSError):
                    if item.name.endswith(TMP_SUFFIX):
                        if now - item.stat(follow_symlinks=False).st_mtime > 3600:
                            doomed.append(item.name)
                    elif item.name.endswith(suffix) and item.name != written:
                        entries.append((item.stat(follow_symlinks=False).st_mtime, item.name))
    except OSError:
        return
    entries.sort(reverse=True)  # the newest first; the one just written is kept besides
    for rank, (mtime, name) in enumerate(entries):
        if rank >= MAX_ENTRIES - 1 or now - mtime > STALE_AFTER:
            doomed.append(name)
    for name in doomed:
        with contextlib.suppress(OSError):
            os.unlink(folder / name)
