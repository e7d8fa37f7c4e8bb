"""Worker processes for a batch: results in input order, a bounded number in flight.

:func:`ordered_map` runs a function over a stream of items in N processes of
a :class:`concurrent.futures.ProcessPoolExecutor` and yields the results in
the order of the items. Items travel in chunks, one future each, and at most
``window`` futures are outstanding (submitted and not yet yielded), so memory
stays flat however long the stream is (``Executor.map`` would submit the
whole stream at once). What a batch that runs unattended needs on top:

* **A worker that dies stops the batch with a reason.** The executor fails
  every pending future with :class:`~concurrent.futures.process.BrokenProcessPool`
  when a worker dies (the kernel's out-of-memory killer, a stray ``kill``);
  that becomes :class:`WorkerDied`, naming the signal or exit code. The
  executor has no public list of its processes, so they are taken from
  :func:`multiprocessing.active_children` as they start.
* **An exception in the function is a bug, reported with its traceback.**
  It is caught in the worker and comes back as :class:`WorkerFailed`.
* **Ctrl-C is the main process's.** Workers ignore SIGINT. It is blocked in
  the main thread while the executor starts a worker, so a worker starts with
  it blocked and ignores it before unblocking it: no worker prints a
  ``KeyboardInterrupt`` traceback, and a Ctrl-C meanwhile arrives right after.
* **An early end stops the workers at once.** On Ctrl-C, an error or a
  consumer that stops reading, pending futures are cancelled, the executor is
  shut down without waiting, and the workers are terminated and joined
  through their :class:`multiprocessing.Process` objects, so none writes
  anything afterwards. (Python 3.14's ``ProcessPoolExecutor.terminate_workers``
  does this; Python 3.11 has no public way.)
* **Workers leave with the main process.** Each watches its parent's
  sentinel in a thread and exits when the parent is gone (a killed batch),
  instead of waiting for work for ever while holding the output folder's lock.

Works with the ``fork``, ``forkserver`` and ``spawn`` start methods on POSIX
systems; the function, initializer and items must be picklable (the function
and initializer by name: top-level functions).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from itertools import islice
from multiprocessing.connection import wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Seconds to wait at most for a stopped worker's exit status (the executor's thread may be reaping it).
EXIT_STATUS_WAIT = 5.0


class WorkerDied(RuntimeError):
    """A worker process stopped while the pool still needed it (``exitcode`` as multiprocessing gives it)."""

    def __init__(self, exitcode: int | None) -> None:
        self.exitcode = exitcode
        if exitcode is None:
            how = ""
        elif exitcode < 0:
            try:
                how = f": killed by signal {-exitcode} ({signal.Signals(-exitcode).name})"
            except ValueError:
                how = f": killed by signal {-exitcode}"
        else:
            how = f": exit code {exitcode}"
        super().__init__(f"a worker process stopped unexpectedly{how}")


class WorkerFailed(RuntimeError):
    """The function raised in a worker; ``details`` holds the worker's traceback."""

    def __init__(self, details: str) -> None:
        self.details = details
        last = details.strip().splitlines()[-1] if details.strip() else "unknown error"
        super().__init__(f"a worker process failed: {last}")


# -- in each worker ---------------------------------------------------------------------

#: The initializer's traceback, if it failed in this worker: reported with the first chunk.
_init_error = ""


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """The executor's initializer: ignore Ctrl-C, leave with the parent, then ``initializer``.

    A failing initializer would only be logged by the executor, as a broken
    pool; kept here, it is reported as the bug it is, with its traceback.
    """
    global _init_error
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _leave_with_parent()
    if initializer is not None:
        try:
            initializer(*initargs)
        except Exception:
            _init_error = traceback.format_exc()


def _leave_with_parent() -> None:
    """Exit this process as soon as its parent is gone (a thread waits on the parent's sentinel)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="regain-leave-with-parent", daemon=True).start()


def _call_chunk(func: Callable[[T], R], chunk: list[T]) -> tuple[list[R], str]:
    """``func`` over one chunk in a worker: the results, or ``[]`` and a bug's traceback."""
    if _init_error:
        return [], _init_error
    try:
        return [func(item) for item in chunk], ""
    except Exception:
        return [], traceback.format_exc()


# -- in the main process ----------------------------------------------------------------


@contextmanager
def _sigint_held() -> Iterator[None]:
    """Block Ctrl-C in this thread for a moment; one pressed meanwhile arrives right after."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def ordered_map(
    func: Callable[[T], R],
    items: Iterable[T],
    jobs: int,
    context: BaseContext,
    *,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    chunk: int = 8,
    window: int | None = None,
) -> Generator[R, None, None]:
    """``func(item)`` for each item, computed in ``jobs`` processes, yielded in the items' order.

    ``initializer(*initargs)`` runs once in each worker before any item.
    ``chunk`` items travel together; at most ``window`` chunks (default
    ``4 * jobs``) are outstanding. Raises :class:`WorkerDied` or
    :class:`WorkerFailed`; the workers are stopped whenever the iteration ends.
    """
    if jobs < 1 or chunk < 1:
        raise ValueError("jobs and chunk must be at least 1")
    window = window if window is not None else 4 * jobs
    source = iter(items)
    before = set(multiprocessing.active_children())
    workers: list[BaseProcess] = []
    executor = ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(initializer, initargs)
    )
    pending: deque[Future[tuple[list[R], str]]] = deque()
    exhausted = finished = False
    try:
        while True:
            while not exhausted and len(pending) < window:
                part = list(islice(source, chunk))
                if not part:
                    exhausted = True
                    break
                with _sigint_held():  # the executor may start a worker here
                    pending.append(executor.submit(_call_chunk, func, part))
                if len(workers) < jobs:
                    workers += [
                        p for p in multiprocessing.active_children() if p not in before and p not in workers
                    ]
            if not pending:
                break
            yield from _results(pending.popleft(), workers)
        finished = True
    except BrokenProcessPool:  # from submit: the pool broke before this chunk
        raise WorkerDied(_exit_status(workers)) from None
    finally:
        _stop(executor, workers, finished)


def _results(future: Future[tuple[list[R], str]], workers: list[BaseProcess]) -> list[R]:
    """A chunk's results, or why there are none: :class:`WorkerDied` or :class:`WorkerFailed`."""
    try:
        results, error = future.result()
    except BrokenProcessPool as exc:
        if exc.__cause__ is not None:  # the main process could not read a worker's answer
            raise WorkerFailed(str(exc.__cause__).strip("'\n")) from None
        raise WorkerDied(_exit_status(workers)) from None
    except Exception as exc:  # an item or a result that cannot be pickled: a bug too
        raise WorkerFailed("".join(traceback.format_exception(exc))) from None
    if error:
        raise WorkerFailed(error)
    return results


def _exitcode(process: BaseProcess) -> int | None:
    try:
        return process.exitcode
    except ValueError:  # closed
        return None


def _exit_status(workers: list[BaseProcess]) -> int | None:
    """How the worker that broke the pool ended, if it can be told.

    The executor terminates the other workers (SIGTERM) once one has died, so
    an ending other than SIGTERM is the dead one's. The executor's thread may
    be reaping the processes at the same moment: their status is read until it
    is known, for a few seconds at most.
    """
    if not workers:
        return None
    deadline = time.monotonic() + EXIT_STATUS_WAIT
    while True:
        codes = [_exitcode(p) for p in workers]
        ended = [c for c in codes if c is not None]
        own = [c for c in ended if c != -signal.SIGTERM]
        if own:
            return own[0]
        if (ended and len(ended) == len(codes)) or time.monotonic() > deadline:
            return ended[0] if ended else None
        time.sleep(0.01)


def _stop(executor: ProcessPoolExecutor, workers: list[BaseProcess], finished: bool) -> None:
    """Shut the executor down: let the workers leave if all is done, else stop them now."""
    with _sigint_held():  # a second Ctrl-C must not leave a worker running
        if finished:
            executor.shutdown(wait=True)
            return
        executor.shutdown(wait=False, cancel_futures=True)
        for process in workers:
            process.terminate()
        deadline = time.monotonic() + EXIT_STATUS_WAIT
        for process in workers:
            process.join()
            # Gone now; if the executor's thread reaped it, its status is being stored.
            while _exitcode(process) is None and time.monotonic() < deadline:
                time.sleep(0.001)
