"""The atlas's folder: written whole, and nothing in it replaced that the atlas did not write.

``regain kb site DIR`` creates ``DIR`` (its parent must exist) or writes into
one that is empty or that an earlier ``regain kb site`` wrote: such a folder
holds a manifest, ``.regain-kb-site-manifest``, listing every file the atlas
wrote there, and nothing else. Any other folder is refused before anything
is written, with one line saying why (in the language the command speaks):
an unrelated file, a link or a sub-folder, or a folder with files and no
manifest (the atlas never guesses that a folder is its own).

Each file is written whole (:func:`regain.knowledge.files.write_atomic`). The
manifest lists a name *before* its file is moved into place, so a run killed
at any moment leaves no file of its own unlisted; pages of entities no
longer in the knowledge base are removed, so the folder always shows exactly
the knowledge base it was written from. A temporary file left by a killed
run (``.<name>.<pid>-<tag>.regain-tmp``, of a listed name) is removed once
its writer is gone.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from regain.knowledge.files import TMP_SUFFIX, write_atomic
from regain.knowledge.messages import _

MANIFEST = ".regain-kb-site-manifest"
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[A-Za-z0-9_]+" + re.escape(TMP_SUFFIX) + "$")
#: at most this many names are quoted in a refusal
MAX_NAMED = 3


class FolderRefused(Exception):
    """The folder cannot be used for the atlas; the message is one line saying why."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def _listed(folder: Path) -> set[str] | None:
    """The names the manifest lists, or ``None`` if the folder has no manifest."""
    path = folder / MANIFEST
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(st.st_mode):
        raise FolderRefused(
            _("{folder}: {manifest} is not a file regain kb site wrote").format(
                folder=folder, manifest=MANIFEST
            )
        )
    names = set()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            name = json.loads(line)
        except ValueError:  # a line cut short by a kill
            continue
        if isinstance(name, str) and "/" not in name and name not in ("", ".", ".."):
            names.add(name)
    return names


@dataclass(frozen=True, slots=True)
class Prepared:
    """A folder the atlas may write into: the names it listed there, and stale temporary files."""

    folder: Path
    listed: frozenset[str]
    temporaries: tuple[str, ...]


def prepare(folder: Path) -> Prepared:
    """Create or check the folder before anything is rendered; raise :class:`FolderRefused`."""
    try:
        folder.mkdir()
        return Prepared(folder, frozenset(), ())
    except FileExistsError:
        pass
    except OSError as exc:
        reason = exc.strerror or exc
        raise FolderRefused(
            _("cannot create the folder {folder}: {reason}").format(folder=folder, reason=reason)
        ) from None
    if not folder.is_dir():
        raise FolderRefused(_("{folder} exists and is not a folder").format(folder=folder))
    listed = _listed(folder)
    strangers, temporaries = [], []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name == MANIFEST:
            continue
        temporary = _TEMPORARY.match(entry.name)
        if temporary and listed is not None and temporary["name"] in listed | {MANIFEST}:
            if not _alive(int(temporary["pid"])):
                temporaries.append(entry.name)
            continue
        if listed is None or entry.name not in listed or not entry.is_file(follow_symlinks=False):
            strangers.append(entry.name)
    if strangers:
        named = ", ".join(strangers[:MAX_NAMED]) + (", ..." if len(strangers) > MAX_NAMED else "")
        if listed is None:
            raise FolderRefused(
                _(
                    "{folder} is not empty and was not written by regain kb site ({named}): "
                    "choose a new or empty folder"
                ).format(folder=folder, named=named)
            )
        raise FolderRefused(
            _(
                "{folder} holds files regain kb site did not write ({named}): "
                "move them away or choose another folder"
            ).format(folder=folder, named=named)
        )
    return Prepared(folder, frozenset(listed or ()), tuple(temporaries))


def _write_manifest(folder: Path, names: set[str]) -> None:
    write_atomic(folder / MANIFEST, "".join(json.dumps(n) + "\n" for n in sorted(names)))


def write_files(prepared: Prepared, files: dict[str, str]) -> int:
    """Write ``files`` (name -> text) into the prepared folder; return how many. See the module's notes."""
    folder, listed = prepared.folder, set(prepared.listed)
    for name in prepared.temporaries:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(folder / name)
    _write_manifest(folder, listed | set(files))
    for name, text in files.items():
        write_atomic(folder / name, text)
    for name in sorted(listed - set(files)):
        with contextlib.suppress(FileNotFoundError):
            if stat.S_ISREG(os.lstat(folder / name).st_mode):
                os.unlink(folder / name)
    _write_manifest(folder, set(files))
    return len(files)
