"""Finding a batch's inputs and streaming them as work items, one per case.

Inputs are files, folders (walked recursively, sorted, hidden entries and
the output folder skipped, only ``*.yaml``/``*.yml``/``*.json``/``*.csv``),
glob patterns (expanded here, so quoted globs work) or ``-`` (a list of paths
on standard input). A path that does not exist, a pattern or folder that
matches nothing, or a special file named like a case file becomes an
*invalid entry*, reported like a broken case, never dropped: health data
must not vanish from a batch without a word.

YAML and JSON files travel to the workers as paths (they read and parse
them, in parallel); CSV files are read here a row at a time, each row a
:class:`~regain.engine.case_reader.RawCase`. Only paths are ever listed, so
memory does not grow with the cases.
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..engine.case import CaseError, Problem
from ..engine.case_reader import RawCase, case_kind, read_case_path
from ..engine.file_kinds import open_regular, special_problem
from .outputs import listed_outputs

#: A YAML/JSON path for the worker to read, or a CSV row read here.
WorkItem = str | RawCase


@dataclass(frozen=True)
class Entry:
    """One discovered input: a case file path, or a problem with an input."""

    path: str
    problem: str = ""


def _walk(folder: str, real: str, skip: set[str]) -> Iterator[tuple[str, str, str]]:
    """Case files under ``folder`` as ``(path, real path, problem)``: files first, then subfolders.

    ``problem`` says why a FIFO or device named like a case file is none (else "").
    ``real`` is the folder's real path. It is looked up once per walk, not once
    per file: on a thousand files that was most of the discovery's time.
    Symbolic links to folders are not followed; a link to a file is resolved.
    """
    try:
        with os.scandir(folder) as scan:
            found = sorted(scan, key=lambda e: e.name)
    except OSError:
        return
    folders = []
    for entry in found:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if not entry.is_symlink():
                folders.append(entry)
        elif case_kind(entry.name) is not None:
            yield (
                entry.path,
                (os.path.realpath(entry.path) if entry.is_symlink() else os.path.join(real, entry.name)),
                ("" if entry.is_file() else special_problem(entry.path)),
            )
    for entry in folders:
        inner = os.path.join(real, entry.name)
        if inner not in skip:
            yield from _walk(entry.path, inner, skip)


def _expand(arg: str, skip: set[str]) -> Iterator[tuple[Entry, str]]:
    """The entries an input stands for, each with the key that tells repeats apart."""
    if os.path.isdir(arg):
        found = False
        for path, real, problem in _walk(arg, os.path.realpath(arg), skip):
            found = True
            yield Entry(path, problem), real
        if not found:
            yield Entry(arg, "the folder holds no case files (*.yaml, *.yml, *.json, *.csv)"), arg
    elif os.path.exists(arg):
        yield Entry(arg, special_problem(arg)), os.path.realpath(arg)
    elif glob.has_magic(arg):
        matches = sorted(glob.glob(arg, recursive=True))
        if not matches:
            yield Entry(arg, "no file matches this pattern"), arg
        for match in matches:
            if os.path.isdir(match):
                yield from _expand(match, skip)
            elif case_kind(match) is not None:
                yield Entry(match, special_problem(match)), os.path.realpath(match)
    else:
        yield Entry(arg, "no such file or folder"), arg


def discover(inputs: Sequence[str], stdin: IO[str] | None = None, out_dir: str | None = None) -> list[Entry]:
    """Expand the inputs into case files, in a deterministic order, each file once.

    The list holds paths only (small strings), never cases. The files a regain
    batch wrote in ``out_dir`` (its manifest) are never inputs.
    """
    skip = {os.path.realpath(out_dir)} if out_dir else set()
    args: list[str] = []
    for arg in inputs:
        if arg == "-":
            stream = stdin if stdin is not None else sys.stdin
            args.extend(line.strip() for line in stream if line.strip())
        else:
            args.append(arg)
    seen = listed_outputs(out_dir) if out_dir else set()
    entries: list[Entry] = []
    for arg in args:
        for entry, key in _expand(arg, skip):
            if key in seen:
                continue
            seen.add(key)
            entries.append(entry)
    return entries


def count_cases(entries: Sequence[Entry]) -> int:
    """A quick estimate of the number of cases (CSV rows counted as lines), for progress."""
    total = 0
    for entry in entries:
        if not entry.problem and case_kind(entry.path) == "csv":
            try:
                with open_regular(entry.path) as fh:
                    lines = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
                total += max(lines - 1, 1)
            except OSError:
                total += 1
        else:
            total += 1
    return total


def _file_error(path: str, message: str) -> RawCase:
    return RawCase(path, Path(path).stem, CaseError([Problem(path, "(file)", message)]))


def work_items(entries: Iterable[Entry]) -> Iterator[WorkItem]:
    """One item per case, lazily: CSV files are read here a row at a time."""
    for entry in entries:
        if entry.problem:
            yield _file_error(entry.path, entry.problem)
        elif case_kind(entry.path) == "csv":
            rows = read_case_path(entry.path)
            count = 0
            while True:
                try:
                    raw = next(rows)
                except StopIteration:
                    break
                except CaseError as exc:
                    yield RawCase(entry.path, Path(entry.path).stem, exc)
                    count += 1
                    break
                count += 1
                yield raw
            if count == 0:
                yield _file_error(entry.path, "holds no case (only a header row)")
        else:
            yield entry.path
