"""The output folder of ``regain batch``: locked, and nothing replaced in it that regain did not write.

A batch writes a plan per case into ``--out``, named after the case id, plus
``summary.csv``, ``errors.txt`` and the overview pages. Before this module it
replaced whatever held those names: its own input (``regain batch p1.json
--out .``), every case of ``regain batch in --out in``, or a person's
unrelated ``out/victim.json``. Now :class:`OutputFolder` decides, for each name:

* a name that does not exist is written;
* a file that is an input of this batch (the same file, by device and inode,
  so a hard link or another path to it counts too) is never written over;
* anything that is not a regular file (a symbolic link, a FIFO, a folder) is
  left alone;
* an existing regular file is replaced only if a regain batch wrote it: the
  folder's manifest, ``.regain-batch-manifest``, lists every name regain
  batch has written there. A name is added *before* its file is moved into
  place, so a batch killed at any moment never leaves a file of its own
  unlisted.

A refused name is a problem of that case (the case is then invalid, with a
clear line) or, for the summary and overview, a usage error before any work.

**One batch at a time.** The batch holds an exclusive ``flock`` on
``.regain-batch.lock`` in the folder for its whole run; a second batch into
the same folder stops at once with a clear message (exit status 2), rather
than both writing the same names. Temporary files (``*.regain-tmp``) carry
the id of the process that wrote them and are removed only when that process
is gone (or is this one), so a ``regain assess -o`` writing into the same
folder keeps its own.

**Write errors stop the batch.** A full disk or a folder that became
read-only is not a problem of a case: :func:`write_failure` words it once,
and the batch stops with it.

**Ids to file names** (:func:`safe_stem`): ASCII letters, digits, ``.``,
``_`` and ``-`` are kept, anything else becomes ``_``; leading dots and
dashes are dropped and runs of dots become one (no hidden files, no ``..``,
no path separators), the length is capped, and the stem ``index`` is
reserved for the overview (it becomes ``case-index``).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from ..engine.file_kinds import file_kind
from ..knowledge import files
from ..knowledge.files import TMP_SUFFIX, write_atomic

MANIFEST = ".regain-batch-manifest"
LOCK = ".regain-batch.lock"
LOCK_GRACE = 10.0  # seconds the workers of a killed batch may take to leave
#: ``.<name>.<pid>-<tag>.regain-tmp``: a batch's (the tag a number) or :func:`write_atomic`'s.
_TEMPORARY = re.compile(r"^\..*\.(?P<pid>\d+)-(?P<tag>[A-Za-z0-9_]+)" + re.escape(TMP_SUFFIX) + "$")
DISK_FULL = {errno.ENOSPC, errno.EDQUOT}
FORMAT_SUFFIX = {"json": ".json", "html": ".html", "fhir": ".fhir.json"}
RESERVED_STEMS = {"index"}
MAX_STEM = 120
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


class BatchUsageError(Exception):
    """A problem with how the batch was asked for (exit status 2), not with a case."""


class BatchStopped(Exception):
    """The batch could not go on: a worker process died or failed, or outputs cannot be written.

    The outputs already written are complete (each was moved into place whole),
    so ``--resume`` finishes the batch; the summary, errors and index are not written.
    """


def safe_stem(case_id: str) -> str:
    """A file-name stem for a case id: no separators, no ``..``, no hidden files."""
    stem = re.sub(r"\.{2,}", ".", _UNSAFE.sub("_", case_id.strip())).lstrip(".-")
    stem = stem[:MAX_STEM].rstrip(".") or "case"
    if stem.lower() in RESERVED_STEMS:
        stem = f"case-{stem}"
    return stem


def write_failure(exc: OSError, out: str | Path) -> str:
    """One sentence for an error writing in the output folder (a full disk, a read-only folder)."""
    reason = exc.strerror or str(exc)
    if exc.errno in DISK_FULL:
        return f"the disk is full ({reason}) while writing in {out}"
    return f"cannot write in the output folder {out} ({reason})"


def prepare_out_dir(out: str) -> Path:
    """Create the output folder and check it is writable, or raise :class:`BatchUsageError`."""
    path = Path(out)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchUsageError(f"cannot create the output folder {out}: {exc.strerror or exc}") from None
    if not path.is_dir():
        raise BatchUsageError(f"the output {out} is not a folder")
    try:
        fd, probe = tempfile.mkstemp(prefix=f".probe.{os.getpid()}-p", suffix=TMP_SUFFIX, dir=path)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise BatchUsageError(f"cannot write in the output folder {out}: {exc.strerror or exc}") from None
    return path


_sequence = iter(range(1 << 62))


def write_temporary(directory: Path, name: str, text: str) -> str:
    """Write ``text`` to a new hidden temporary file for ``name``; return its path.

    Batch workers write their outputs this way, in parallel; only the main
    process moves them into place (:meth:`OutputFolder.place`). The name holds
    the writer's process id, for :func:`clean_temporaries`.
    """
    return files.write_temporary(directory, name, text, tag=str(next(_sequence)))


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, which no one has waited for, does not)."""
    if os.path.isdir("/proc/self"):
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                state = fh.read().rsplit(b")", 1)[-1].split()[:1]
            return state not in ([b"Z"], [b"X"])
        except FileNotFoundError:
            return False
        except OSError:
            pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def clean_temporaries(folder: Path) -> int:
    """Remove the temporary files no live writer holds; return how many.

    Called with the folder's lock held, so a batch's temporary files (their
    tag is a number) are all of batches that have stopped; those of
    :func:`write_atomic` (``regain assess -o`` into the same folder) are removed
    only when the process that wrote them is gone. Only ``folder`` and its
    ``sorted/`` sub-folder are looked at: that is where a batch writes.
    """
    removed = 0
    for where in (folder, folder / "sorted"):
        try:
            names = [e.name for e in os.scandir(where) if e.name.endswith(TMP_SUFFIX)]
        except OSError:
            continue
        for name in names:
            match = _TEMPORARY.match(name)
            pid = int(match["pid"]) if match else os.getpid()
            if match is None or match["tag"].isdecimal() or pid == os.getpid() or not _alive(pid):
                try:
                    os.unlink(where / name)
                    removed += 1
                except FileNotFoundError:
                    pass
    return removed


def _manifest_names(folder: Path) -> set[str]:
    """The names the manifest in ``folder`` lists (none if it has none)."""
    try:
        fd = os.open(folder / MANIFEST, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return set()
    with os.fdopen(fd, "rb") as fh:
        lines = fh.read().splitlines() if stat.S_ISREG(os.fstat(fd).st_mode) else []
    names = set()
    for line in lines:
        try:
            name = json.loads(line)
        except ValueError:  # a line cut short by a kill
            continue
        if isinstance(name, str):
            names.add(name)
    return names


def listed_outputs(out_dir: str) -> set[str]:
    """The real paths of the files regain batch wrote in ``out_dir``: never inputs of a batch.

    So that ``regain batch cases --out cases`` run twice does not take its own
    plans and ``summary.csv`` for cases.
    """
    real = os.path.realpath(out_dir)
    return {os.path.join(real, name) for name in _manifest_names(Path(out_dir))}


def _lock(fd: int) -> bool:
    """Take the folder's lock without waiting for a live batch; ``False`` if one holds it.

    If the batch that took it is gone (killed), its worker processes may hold
    it for a moment more, until they notice: that moment is waited out.
    """
    deadline = time.monotonic() + LOCK_GRACE
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            if (holder.isdecimal() and _alive(int(holder))) or time.monotonic() > deadline:
                return False
            time.sleep(0.05)


class OutputFolder:
    """``--out`` while a batch writes into it: the lock, the manifest and the overwrite guard.

    ``inputs`` are the paths of the batch's case files. Use :meth:`open` (or
    ``with``) before writing and :meth:`close` after.
    """

    def __init__(self, path: Path, inputs: Iterable[str]) -> None:
        self.path = path
        self.inputs: set[tuple[int, int]] = set()
        for name in inputs:
            try:
                st = os.stat(name)
            except OSError:
                continue
            self.inputs.add((st.st_dev, st.st_ino))
        self.listed: set[str] = set()
        self._lock_fd = self._manifest_fd = -1

    # -- the lock and the manifest -------------------------------------------------
    def open(self) -> OutputFolder:
        lock = self.path / LOCK
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666)
        except OSError as exc:
            why = exc.strerror or exc
            raise BatchUsageError(f"cannot lock the output folder {self.path}: {why}") from None
        if not _lock(fd):
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            os.close(fd)
            who = f" (process {holder})" if holder.isdecimal() else ""
            raise BatchUsageError(
                f"another regain batch{who} is writing into {self.path}: wait until it has finished, "
                "or choose another --out"
            )
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._lock_fd = fd
        self.listed = _manifest_names(self.path)
        try:
            self._manifest_fd = os.open(
                self.path / MANIFEST, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o666
            )
        except OSError as exc:
            self.close()
            why = exc.strerror or exc
            raise BatchUsageError(f"cannot write in the output folder {self.path}: {why}") from None
        clean_temporaries(self.path)
        return self

    def close(self) -> None:
        """Write the manifest afresh (only names that are still there) and release the lock."""
        if self._manifest_fd >= 0:
            os.close(self._manifest_fd)
            self._manifest_fd = -1
            kept = sorted(name for name in self.listed if os.path.isfile(self.path / name))
            with contextlib.suppress(OSError):  # else the appended manifest stays: still complete
                write_atomic(self.path / MANIFEST, "".join(json.dumps(name) + "\n" for name in kept))
        if self._lock_fd >= 0:
            os.close(self._lock_fd)  # releases the lock
            self._lock_fd = -1

    def __enter__(self) -> OutputFolder:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the guard -------------------------------------------------------------------
    def refusal(self, name: str) -> str | None:
        """Why ``name`` (relative to the folder) may not be written, or ``None`` if it may."""
        target = self.path / name
        try:
            st = os.lstat(target)
        except FileNotFoundError:
            return None
        if (st.st_dev, st.st_ino) in self.inputs:
            return f"{target} is an input of this batch, and regain batch never writes over an input"
        if not stat.S_ISREG(st.st_mode):
            return f"{target} exists and is {file_kind(st.st_mode)}, which regain batch leaves alone"
        if name not in self.listed:
            return f"{target} already exists and regain batch did not write it"
        return None

    def refusals(self, names: Iterable[str]) -> list[str]:
        """Every refusal among ``names``; folders on the way must be real folders, not links."""
        found = []
        for name in names:
            parent = Path(name).parent
            if str(parent) != ".":
                try:
                    st = os.lstat(self.path / parent)
                    if not stat.S_ISDIR(st.st_mode):
                        found.append(f"{self.path / parent} is {file_kind(st.st_mode)}, not a folder")
                        continue
                except FileNotFoundError:
                    pass
            why = self.refusal(name)
            if why is not None:
                found.append(why)
        return found

    def record(self, name: str) -> None:
        """List ``name`` in the manifest (before its file is moved into place)."""
        if name not in self.listed:
            os.write(self._manifest_fd, (json.dumps(name) + "\n").encode())
            self.listed.add(name)

    def place(self, tmp: str, name: str) -> None:
        """Move the complete temporary file ``tmp`` to ``name``, listed first."""
        self.record(name)
        os.replace(tmp, self.path / name)

    def write(self, name: str, chunks: Iterable[str]) -> None:
        """Write ``name`` atomically, listed first."""
        self.record(name)
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, chunks)

    def remove(self, name: str) -> None:
        """Remove ``name`` if regain batch wrote it (a plan given up for a clash of ids)."""
        if name in self.listed and self.refusal(name) is None:
            (self.path / name).unlink(missing_ok=True)
