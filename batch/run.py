"""``run_batch``: a batch from its inputs to its plans, summary, error list and overview.

The main process locks the output folder (:class:`~.outputs.OutputFolder`),
has the work items assessed (in this process with ``--jobs 1``, else in
worker processes, :func:`~.pool.ordered_map`) and takes each result in input
order (:func:`_take`): its temporary files are moved into place unless a
name is refused, or clashes with an earlier case's (both are then invalid,
neither keeps a plan, so a clash never overwrites one). The summary, the
error list and the overview pages come last. Results are taken in input
order whatever ``--jobs`` is, so every output is byte-identical for any N.

A full disk, or a worker that died or failed, stops the batch with
:class:`~.outputs.BatchStopped` (exit status 1); Ctrl-C with
:class:`BatchInterrupted` (130). Either way the plans already placed are
complete and leftover temporary files are removed, so ``--resume`` finishes
the batch. The progress bar is Click's, on standard error.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TextIO

import click

from . import worker
from .inputs import Entry, count_cases, work_items
from .outputs import (
    FORMAT_SUFFIX,
    BatchStopped,
    BatchUsageError,
    OutputFolder,
    clean_temporaries,
    prepare_out_dir,
    write_failure,
)
from .pool import WorkerDied, WorkerFailed, ordered_map
from .summary import BatchSummary, CaseRow, errors_txt, summary_csv
from .worker import CaseResult, Renderer, WorkerConfig

#: ``(summary) -> [(relative path, chunks of text)]`` for the overview pages.
IndexRenderer = Callable[[BatchSummary], Iterable[tuple[str, Iterable[str]]]]
#: Work items per chunk sent to a worker (a future each); ``4 * jobs`` chunks are in flight at most.
CHUNK = 8
#: The workers' start method: ``None`` is the platform's default (tests choose ``"spawn"``).
START_METHOD: str | None = None
_AFTER = "The batch stopped after {} case(s); the plans written so far are complete"


class BatchInterrupted(Exception):
    """Ctrl-C: the batch stopped after ``args[0]`` cases; what it wrote is complete."""


@dataclass
class BatchOptions:
    """How a batch runs: its ``regain batch`` options."""

    out_dir: str
    formats: tuple[str, ...] = ("json", "html")
    jobs: int = 1
    resume: bool = False
    fail_fast: bool = False
    progress: bool = False
    language: str = "en"


def case_results(
    entries: Sequence[Entry], config: WorkerConfig, jobs: int
) -> Generator[list[CaseResult], None, None]:
    """The results of each work item, in input order: in this process, or in ``jobs`` workers."""
    items = work_items(entries)
    # Build the engine here first: workers forked from this process inherit it
    # instead of each importing and building their own (under "spawn" they still do).
    worker.init_worker(config)
    if jobs <= 1:
        for item in items:
            yield worker.process(item)
        return
    yield from ordered_map(
        worker.process,
        items,
        jobs,
        multiprocessing.get_context(START_METHOD),
        initializer=worker.init_worker,
        initargs=(config,),
        chunk=CHUNK,
    )


def run_batch(
    entries: Sequence[Entry],
    options: BatchOptions,
    renderers: Mapping[str, Renderer],
    index_renderer: IndexRenderer | None = None,
    err: TextIO | None = None,
    index_pages: Sequence[str] = (),
) -> BatchSummary:
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
            raise BatchStopped(
                f"{write_failure(exc, out)}. The plans are written; the summary and "
                "overview are not: free some space and run the same command with "
                "--resume to write them."
            ) from None
    summary.seconds = time.monotonic() - started
    return summary


def _run(
    entries: Sequence[Entry],
    options: BatchOptions,
    renderers: Mapping[str, Renderer],
    folder: OutputFolder,
    err: TextIO,
) -> BatchSummary:
    """The cases of a batch, assessed and moved into place; stops on Ctrl-C or a write error."""
    config = WorkerConfig(
        {fmt: renderers[fmt] for fmt in options.formats}, str(folder.path), options.resume, options.language
    )
    rows: list[CaseRow] = []
    results = case_results(entries, config, options.jobs)
    try:
        with contextlib.ExitStack() as stack:
            shown: Callable[[int, bool], None] = _no_progress
            if options.progress:
                bar = stack.enter_context(
                    click.progressbar(
                        length=count_cases(entries),
                        label="assessing",
                        file=err,
                        show_pos=True,
                        item_show_func=_rate,
                    )
                )
                shown = _progress(bar.update)
            stopped = _take_all(results, rows, folder, options.fail_fast, shown)
    except WorkerDied as exc:
        hint = ", perhaps because the system ran out of memory" if exc.exitcode == -signal.SIGKILL else ""
        raise BatchStopped(
            f"{exc}{hint}. {_AFTER.format(len(rows))}: run the same command with --resume to finish."
        ) from exc
    except WorkerFailed as exc:  # process() catches a case's errors: this is a bug in regain
        raise BatchStopped(
            f"{exc}. {_AFTER.format(len(rows))}. This is a bug in regain: please "
            f"report it with the worker's error:\n{exc.details.rstrip()}"
        ) from exc
    except KeyboardInterrupt:
        raise BatchInterrupted(len(rows)) from None
    finally:
        results.close()  # stops the workers, if the batch stopped early
        clean_temporaries(folder.path)  # outputs of cases after a stop
    for row in rows:  # a stem given up by a clash holds no outputs
        if not row.ok:
            row.stem = ""
    return BatchSummary(rows, options.formats, stopped_early=stopped)


def _take_all(
    results: Iterable[list[CaseResult]],
    rows: list[CaseRow],
    folder: OutputFolder,
    fail_fast: bool,
    shown: Callable[[int, bool], None],
) -> bool:
    """Take every result in order into ``rows``; whether ``--fail-fast`` stopped the batch early."""
    holders: dict[str, int] = {}  # casefolded stem -> index of the first row that holds it
    for batch in results:
        for result in batch:
            fatal = result.fatal or _take(result, rows, holders, folder)
            if fatal:
                raise BatchStopped(
                    f"{fatal}. {_AFTER.format(len(rows))}: free some space (or make "
                    "the folder writable) and run the same command with --resume."
                )
            if fail_fast and not result.row.ok:
                shown(len(rows), True)
                return True
        shown(len(rows), False)
    shown(len(rows), True)
    return False


def _rate(rate: float | None) -> str | None:
    return None if rate is None else f"{rate:.0f} cases/s"


def _no_progress(done: int, final: bool) -> None:
    pass


def _progress(update: Callable[[int, float | None], None]) -> Callable[[int, bool], None]:
    """``shown(done, final)``: move a progress bar to ``done`` cases, at most ten times a second.

    ``update`` is the bar's (steps, current rate). The rate counts from the
    first result, not from the workers' start-up.
    """
    first: tuple[float, int] | None = None
    drawn, last = 0, 0.0

    def shown(done: int, final: bool) -> None:
        nonlocal first, drawn, last
        now = time.monotonic()
        if first is None:
            first = (now, done)
        if now - last < 0.1 and not final:
            return
        elapsed = now - first[0]
        update(done - drawn, (done - first[1]) / elapsed if elapsed > 0 else 0.0)
        drawn, last = done, now

    return shown


def _take(result: CaseResult, rows: list[CaseRow], holders: dict[str, int], folder: OutputFolder) -> str:
    """Record one result, placing its outputs unless a name is refused; why the batch must stop, or ""."""
    row = result.row
    names = {fmt: f"{row.stem}{FORMAT_SUFFIX[fmt]}" for fmt in result.outputs}
    refused = folder.refusals(names.values()) if row.ok and not row.resumed else []
    if refused:
        for tmp in result.outputs.values():
            os.unlink(tmp)
        _invalidate(row)
        row.errors = [
            f"{row.source}: id: {why}; its plan was not written (allowed: an id whose file "
            "name is free in the output folder, or another --out)"
            for why in refused
        ]
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
        return (
            f"{this.source}: id: id '{this.case_id}' gives the same file name "
            f"'{this.stem}' as id '{other.case_id}' in {other.source}"
        )

    row.errors.append(message(row, first))
    first.errors.append(message(first, row))
    _invalidate(first)
    _invalidate(row)


def _invalidate(r: CaseRow) -> None:
    """An assessed row made invalid: no findings shown for it (its ``stem`` is cleared later)."""
    r.status, r.triage, r.pain_protective, r.shortening_adhesion = "invalid", "", "", ""
    r.self_help = r.first_step = r.first_step_title = ""
    r.resumed = False
