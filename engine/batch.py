"""The batch pipeline: assess thousands of case files, lose nothing, report every problem.

``regain batch`` is a thin Click wrapper around :func:`run_batch`. The parts:

* **Discovery** (:func:`discover`): inputs are files, folders (walked
  recursively, sorted, hidden entries and the output folder skipped, only
  ``*.yaml``/``*.yml``/``*.json``/``*.csv``), glob patterns (expanded here so
  quoted globs work) or ``-`` (a list of paths on standard input). A path
  that does not exist, or a pattern or folder that matches nothing, becomes
  an *invalid entry* so it is reported like a broken case, never dropped.
* **Streaming** (:func:`work_items`): YAML and JSON files are sent to the
  workers as paths (the worker reads and parses them, in parallel); CSV
  files are read row by row here and each row is sent as a :class:`RawCase`.
  Nothing holds more than a bounded window of cases at a time.
* **Workers**: an :class:`~regain.engine.worker_pool.OrderedPool` of
  processes with one :class:`~regain.engine.assess.Assessor` (and so one
  experta engine) each. The main process builds it before starting the pool,
  so forked workers inherit it; under other start methods the pool's
  initializer builds one per worker. Each work item is validated, assessed
  and rendered by the injected renderers; the worker returns a
  :class:`CaseResult` (a small :class:`CaseRow` plus the temporary files it
  wrote). Results come back in input order, so the outputs are
  byte-identical whatever ``--jobs`` is. ``--jobs 1`` runs in-process with
  the same code. A worker that dies (say, killed for want of memory) stops
  the batch with :class:`BatchStopped` instead of leaving it waiting for ever.
* **Writing** (main process only): every file goes through a temporary file
  and :func:`os.replace`, so an interrupted batch leaves complete files or
  none; :mod:`~regain.engine.batch_outputs` holds the lock, the guard that
  never writes over an input or a file regain did not write, and write errors.
* **Ids to file names** (:func:`safe_stem`): ASCII letters, digits, ``.``,
  ``_`` and ``-`` are kept, anything else becomes ``_``; leading dots and
  dashes are dropped and runs of dots become one (no hidden files, no
  ``..``), the length is capped, and
  the stem ``index`` is reserved for the overview (it becomes ``case-index``).
  Two valid cases whose stems are equal ignoring case (the same id, or ids
  that normalise alike) are **both invalid**: each names the other's source,
  neither keeps an output (an output already written for the first is
  removed), so a clash can never silently overwrite a plan.
* **Resume**: with ``resume=True`` a valid case whose requested outputs all
  exist (and whose JSON, when there is one, parses and names the same case
  and knowledge version) is not re-rendered; its summary row is rebuilt from
  the existing JSON. The summary, index and error list always cover every
  case.

The engine never imports ``reports`` or ``cli``: renderers (``fmt -> callable``)
and the index renderer are passed in.
"""

from __future__ import annotations

import csv
import gc
import glob
import io
import json
import multiprocessing
import os
import re
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from .atomic_files import TMP_SUFFIX  # noqa: F401 - callers find it here
from .batch_outputs import (
    BatchStopped,
    BatchUsageError,
    OutputFolder,
    clean_temporaries,
    listed_outputs,
    prepare_out_dir,
    write_failure,
    write_temporary,
)
from .case import CaseError, Problem
from .case_reader import RawCase, case_kind, read_case_path
from .display_text import one_line
from .file_kinds import open_regular, special_problem
from .worker_pool import OrderedPool, WorkerDied, WorkerFailed

#: ``(assessment, knowledge base) -> text`` for one output format.
Renderer = Callable[[Any, Any], str]
#: ``(summary) -> [(relative path, chunks of text)]`` for the overview pages.
IndexRenderer = Callable[["BatchSummary"], Iterable[tuple[str, Iterable[str]]]]

FORMAT_SUFFIX = {"json": ".json", "html": ".html"}
RESERVED_STEMS = {"index"}
MAX_STEM = 120
SUMMARY_COLUMNS = ("case_id", "source", "status", "triage", "self_help", "pain_protective",
                   "shortening_adhesion", "first_step", "output", "error")
CHUNK = 8
#: the triage levels the one-line summary counts (when any case has them), most urgent first
TRIAGE_COUNTS = (("emergency", "emergency"), ("urgent", "urgent"), ("see_doctor", "see a doctor"),
                 ("professional_assessment", "to have examined"))


class BatchInterrupted(Exception):
    """Ctrl-C: the batch stopped after ``args[0]`` cases; what it wrote is complete."""


# -- results ---------------------------------------------------------------------------


@dataclass
class CaseRow:
    """What the summary and index keep of one input case: small on purpose."""

    source: str
    status: str  # "ok" | "invalid" | "error"
    case_id: str = ""
    stem: str = ""
    triage: str = ""
    self_help: str = ""
    pain_protective: str = ""
    shortening_adhesion: str = ""
    first_step: str = ""
    first_step_title: str = ""
    errors: list[str] = field(default_factory=list)
    resumed: bool = False

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass
class CaseResult:
    """A worker's answer for one work item: the row plus its outputs.

    ``outputs`` maps each format to a complete temporary file the worker wrote
    in the output folder; only the main process renames it into place (after
    checking the file name is not taken), so writing runs in parallel while
    the decision stays in one place.
    """

    row: CaseRow
    outputs: dict[str, str] = field(default_factory=dict)
    fatal: str = ""  # the outputs could not be written (a full disk): the batch stops


@dataclass
class BatchSummary:
    """Everything the overview needs: one row per input case, in input order."""

    rows: list[CaseRow]
    formats: tuple[str, ...]
    seconds: float = 0.0
    stopped_early: bool = False

    @property
    def valid(self) -> list[CaseRow]:
        return [r for r in self.rows if r.ok]

    @property
    def invalid(self) -> list[CaseRow]:
        return [r for r in self.rows if not r.ok]

    def count(self, attr: str, value: str) -> int:
        return sum(1 for r in self.rows if r.ok and getattr(r, attr) == value)

    def line(self) -> str:
        """The final one-line summary."""
        ok = len(self.valid)
        resumed = sum(1 for r in self.rows if r.resumed)
        parts = [f"{ok} assessed" + (f" ({resumed} already done)" if resumed else ""),
                 f"{len(self.rows) - ok} invalid"]
        parts += [f"{n} {label}" for tier, label in TRIAGE_COUNTS
                  if (n := self.count("triage", tier))]
        tail = " (stopped at the first invalid case)" if self.stopped_early else ""
        return ", ".join(parts) + f", in {self.seconds:.1f} s{tail}"


# -- file names ------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def safe_stem(case_id: str) -> str:
    """A file-name stem for a case id: no separators, no ``..``, no hidden files."""
    stem = re.sub(r"\.{2,}", ".", _UNSAFE.sub("_", case_id.strip())).lstrip(".-")
    stem = stem[:MAX_STEM].rstrip(".") or "case"
    if stem.lower() in RESERVED_STEMS:
        stem = f"case-{stem}"
    return stem


# -- discovery -------------------------------------------------------------------------


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
            yield entry.path, (os.path.realpath(entry.path) if entry.is_symlink()
                               else os.path.join(real, entry.name)), (
                "" if entry.is_file() else special_problem(entry.path))
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


def discover(inputs: Sequence[str], stdin: IO[str] | None = None,
             out_dir: str | None = None) -> list[Entry]:
    """Expand the inputs into case files, in a deterministic order, each file once.

    The list holds paths only (small strings), never cases.
    """
    skip = {os.path.realpath(out_dir)} if out_dir else set()
    args: list[str] = []
    for arg in inputs:
        if arg == "-":
            stream = stdin if stdin is not None else sys.stdin
            args.extend(line.strip() for line in stream if line.strip())
        else:
            args.append(arg)
    seen = listed_outputs(out_dir) if out_dir else set()  # regain's own outputs are no inputs
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


# -- work items (streamed) -------------------------------------------------------------

WorkItem = str | RawCase  # a YAML/JSON path for the worker to read, or a CSV row


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


# -- the worker ------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkerConfig:
    renderers: Mapping[str, Renderer]
    out_dir: str
    resume: bool


_state: dict[str, Any] = {}


def init_worker(config: WorkerConfig) -> None:
    """Pool initializer: build the engine once for this process.

    A worker forked from a process that already built one inherits it and
    keeps it. The engine and the knowledge base live as long as the process,
    so everything that exists once they are built is moved out of the garbage
    collector's reach (:func:`gc.freeze`): its full collections no longer walk
    it, and in forked workers they no longer write to (and so copy) the memory
    pages shared with the main process.
    """
    if "assessor" not in _state:
        from .assess import Assessor

        _state["assessor"] = Assessor()
        gc.freeze()
    _state["config"] = config


def _raw_id(raw: RawCase) -> str:
    data = raw.data
    if isinstance(data, dict) and isinstance(data.get("id"), str) and data["id"].strip():
        return data["id"].strip()
    return raw.default_id


def _resumed_row(row: CaseRow, config: WorkerConfig, kb_version: str) -> CaseRow | None:
    """The row of an already complete case, or ``None`` if it must be (re)done."""
    out = Path(config.out_dir)
    paths = {fmt: out / f"{row.stem}{FORMAT_SUFFIX[fmt]}" for fmt in config.renderers}
    if not all(p.is_file() for p in paths.values()):
        return None
    if "html" in paths:
        with paths["html"].open("rb") as fh:
            fh.seek(max(paths["html"].stat().st_size - 64, 0))
            if b"</html>" not in fh.read():
                return None
    if "json" not in paths:
        return None  # nothing to rebuild the row from: assess again (outputs rewritten)
    try:
        data = json.loads(paths["json"].read_text(encoding="utf-8"))
        if data["case_id"] != row.case_id or data["knowledge_version"] != kb_version:
            return None
        first = data["plan"][0] if data["plan"] else {}
        return replace(row, triage=data["triage"], self_help=data["self_help"],
                       pain_protective=data["causes"]["pain_protective"]["level"],
                       shortening_adhesion=data["causes"]["shortening_adhesion"]["level"],
                       first_step=first.get("kind", ""), first_step_title=first.get("title", ""),
                       resumed=True)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def process(item: WorkItem) -> list[CaseResult]:
    """Read (if a path), validate, assess and render one work item."""
    assessor = _state["assessor"]
    config: WorkerConfig = _state["config"]
    if isinstance(item, str):
        try:
            raws: list[RawCase] = list(read_case_path(item))
        except CaseError as exc:
            raws = [RawCase(item, Path(item).stem, exc)]
    else:
        raws = [item]
    return [_process_raw(raw, assessor, config) for raw in raws]


def _process_raw(raw: RawCase, assessor: Any, config: WorkerConfig) -> CaseResult:
    row = CaseRow(source=raw.source, status="invalid", case_id=_raw_id(raw))
    try:
        case = assessor.validate(raw)
    except CaseError as exc:
        row.errors = [str(p) for p in exc.problems]
        return CaseResult(row)
    except Exception as exc:  # a bug must not stop the other cases
        row.status, row.errors = "error", [f"{raw.source}: internal error: {type(exc).__name__}: {exc}"]
        return CaseResult(row)
    row.case_id, row.stem, row.status = case.id, safe_stem(case.id), "ok"
    if config.resume:
        done = _resumed_row(row, config, assessor.kb.version)
        if done is not None:
            return CaseResult(done)
    try:
        a = assessor.assess(case)
        texts = {fmt: render(a, assessor.kb) for fmt, render in config.renderers.items()}
    except Exception as exc:  # a bug must not stop the other cases
        row.status, row.stem = "error", ""
        row.errors = [f"{raw.source}: internal error: {type(exc).__name__}: {exc}"]
        return CaseResult(row)
    try:
        outputs = {fmt: write_temporary(Path(config.out_dir), row.stem + FORMAT_SUFFIX[fmt], text)
                   for fmt, text in texts.items()}
    except OSError as exc:  # not the case's problem: the batch stops
        return CaseResult(row, fatal=write_failure(exc, config.out_dir))
    first = a.plan[0] if a.plan else None
    row.triage = a.triage
    row.self_help = a.self_help
    row.pain_protective = a.causes["pain_protective"].level
    row.shortening_adhesion = a.causes["shortening_adhesion"].level
    row.first_step = first.kind if first else ""
    row.first_step_title = first.title if first else ""
    return CaseResult(row, outputs)


# -- writing ---------------------------------------------------------------------------


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """Neutralise spreadsheet formulas in untrusted text (OWASP CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def summary_csv(rows: Iterable[CaseRow]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(SUMMARY_COLUMNS)
    for r in rows:
        writer.writerow([_cell(one_line(r.case_id)), _cell(one_line(r.source)), r.status, r.triage,
                         r.self_help, r.pain_protective, r.shortening_adhesion, r.first_step,
                         r.stem if r.ok else "", _cell(one_line(" | ".join(r.errors)))])
        if buf.tell() > 1 << 16:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def errors_txt(rows: Iterable[CaseRow]) -> Iterator[str]:
    for r in rows:
        for line in r.errors:
            yield one_line(line) + "\n"


# -- progress --------------------------------------------------------------------------


class Progress:
    """A one-line progress bar on a terminal (cases done, rate, ETA); silent otherwise."""

    def __init__(self, stream: IO[str], total: int, enabled: bool) -> None:
        self.stream, self.total, self.enabled = stream, max(total, 1), enabled
        self.first: tuple[float, int] | None = None
        self.last = 0.0

    def update(self, done: int, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if self.first is None:  # the rate counts from the first result, not the pool start-up
            self.first = (now, done)
        if not force and now - self.last < 0.1:
            return
        self.last = now
        elapsed = now - self.first[0]
        rate = (done - self.first[1]) / elapsed if elapsed > 0 else 0.0
        total = max(self.total, done)
        eta = f"{(total - done) / rate:.0f} s" if rate > 0 else "?"
        width = 30
        filled = int(width * done / total)
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} {rate:.0f} cases/s ETA {eta} ")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 78 + "\r")
            self.stream.flush()


# -- the pipeline ----------------------------------------------------------------------


def _results(entries: Sequence[Entry], config: WorkerConfig, jobs: int) -> Iterator[list[CaseResult]]:
    items = work_items(entries)
    # Build the engine here first: workers forked from this process inherit it
    # instead of each importing and building their own (under "spawn" they still do).
    init_worker(config)
    if jobs <= 1:
        for item in items:
            yield process(item)
        return
    with OrderedPool(process, jobs, multiprocessing.get_context(), initializer=init_worker,
                     initargs=(config,), chunk=CHUNK) as pool:
        yield from pool.imap(items)


@dataclass
class BatchOptions:
    out_dir: str
    formats: tuple[str, ...] = ("json", "html")
    jobs: int = 1
    resume: bool = False
    fail_fast: bool = False
    progress: bool = False


def run_batch(entries: Sequence[Entry], options: BatchOptions,
              renderers: Mapping[str, Renderer], index_renderer: IndexRenderer | None = None,
              err: IO[str] | None = None, index_pages: Sequence[str] = ()) -> BatchSummary:
    """Assess every case in ``entries``, write the outputs, summary, errors and index.

    ``renderers`` maps each wanted format (``json``/``html``) to a top-level
    (picklable) function; ``index_renderer`` yields the overview pages, whose
    names are ``index_pages`` (checked before any work, with the summary's).
    """
    err = err if err is not None else sys.stderr
    started = time.monotonic()
    out = prepare_out_dir(options.out_dir)
    with OutputFolder(out, (e.path for e in entries if not e.problem)) as folder:
        refused = folder.refusals(["summary.csv", "errors.txt", *index_pages])
        if refused:
            raise BatchUsageError(f"{refused[0]}: move it away or choose another --out")
        summary = _run(entries, options, renderers, folder, err)
        try:
            folder.write("summary.csv", summary_csv(summary.rows))
            folder.write("errors.txt", errors_txt(summary.rows))
            for rel, chunks in index_renderer(summary) if index_renderer is not None else ():
                why = folder.refusal(rel) if rel not in index_pages else None
                if why is not None:
                    raise BatchUsageError(why)
                folder.write(rel, chunks)
        except OSError as exc:
            raise BatchStopped(f"{write_failure(exc, out)}. The plans are written; the summary and "
                               "overview are not: free some space and run the same command with "
                               "--resume to write them.") from None
    summary.seconds = time.monotonic() - started
    return summary


def _run(entries: Sequence[Entry], options: BatchOptions, renderers: Mapping[str, Renderer],
         folder: OutputFolder, err: IO[str]) -> BatchSummary:
    """The cases of a batch, assessed and moved into place; stops on Ctrl-C or a write error."""
    config = WorkerConfig({fmt: renderers[fmt] for fmt in options.formats}, str(folder.path),
                          options.resume)
    progress = Progress(err, count_cases(entries) if options.progress else 0, options.progress)
    rows: list[CaseRow] = []
    holders: dict[str, int] = {}  # casefolded stem -> index of the first row that holds it
    stopped = False
    results = _results(entries, config, options.jobs)
    after = "The batch stopped after {} case(s); the plans written so far are complete"
    try:
        for batch in results:
            for result in batch:
                fatal = result.fatal or _take(result, rows, holders, folder)
                if fatal:
                    raise BatchStopped(f"{fatal}. {after.format(len(rows))}: free some space (or make "
                                       "the folder writable) and run the same command with --resume.")
                progress.update(len(rows))
                if options.fail_fast and not result.row.ok:
                    stopped = True
                    break
            if stopped:
                break
    except WorkerDied as exc:
        hint = (", perhaps because the system ran out of memory"
                if exc.exitcode == -signal.SIGKILL else "")
        raise BatchStopped(f"{exc}{hint}. {after.format(len(rows))}: run the same command with "
                           "--resume to finish.") from exc
    except WorkerFailed as exc:  # process() catches a case's errors: this is a bug in regain
        raise BatchStopped(f"{exc}. {after.format(len(rows))}. This is a bug in regain: please "
                           f"report it with the worker's error:\n{exc.details.rstrip()}") from exc
    except KeyboardInterrupt:
        raise BatchInterrupted(len(rows)) from None
    finally:
        results.close()
        progress.close()
        clean_temporaries(folder.path)  # outputs of cases after a stop
    for row in rows:  # a stem given up by a clash holds no outputs
        if not row.ok:
            row.stem = ""
    return BatchSummary(rows, options.formats, stopped_early=stopped)


def _take(result: CaseResult, rows: list[CaseRow], holders: dict[str, int], folder: OutputFolder) -> str:
    """Record one result, placing its outputs unless a name is refused; why the batch must stop, or ""."""
    row = result.row
    names = {fmt: f"{row.stem}{FORMAT_SUFFIX[fmt]}" for fmt in result.outputs}
    refused = folder.refusals(names.values()) if row.ok and not row.resumed else []
    if refused:
        for tmp in result.outputs.values():
            os.unlink(tmp)
        _invalidate(row)
        row.errors = [f"{row.source}: id: {why}; its plan was not written (allowed: an id whose file "
                      "name is free in the output folder, or another --out)" for why in refused]
    elif row.ok:
        key = row.stem.casefold()
        first_index = holders.get(key)
        if first_index is None:
            holders[key] = len(rows)
            try:
                for fmt, tmp in result.outputs.items():
                    folder.place(tmp, names[fmt])
            except OSError as exc:
                return write_failure(exc, folder.path)
        else:
            for tmp in result.outputs.values():
                os.unlink(tmp)
            first = rows[first_index]
            if first.ok:  # never an overwrite: neither holder keeps an output
                for suffix in FORMAT_SUFFIX.values():
                    folder.remove(f"{first.stem}{suffix}")
            _mark_clash(first, row)
    rows.append(row)
    return ""


def _mark_clash(first: CaseRow, row: CaseRow) -> None:
    """Make both holders of one file name invalid, each naming the other's source."""
    def message(this: CaseRow, other: CaseRow) -> str:
        if this.case_id == other.case_id:
            return f"{this.source}: id: duplicate id '{this.case_id}', also in {other.source}"
        return (f"{this.source}: id: id '{this.case_id}' gives the same file name "
                f"'{this.stem}' as id '{other.case_id}' in {other.source}")

    row.errors.append(message(row, first))
    first.errors.append(message(first, row))
    _invalidate(first)
    _invalidate(row)


def _invalidate(r: CaseRow) -> None:
    """An assessed row made invalid: no findings shown for it (its ``stem`` is cleared later)."""
    r.status, r.triage, r.pain_protective, r.shortening_adhesion = "invalid", "", "", ""
    r.self_help = r.first_step = r.first_step_title = ""
    r.resumed = False


def render_json(assessment: Any, kb: Any) -> str:
    """The JSON renderer (a top-level function, so worker processes can receive it)."""
    from .assessment import to_json

    return to_json(assessment)
