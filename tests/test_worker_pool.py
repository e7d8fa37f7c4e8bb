"""``ordered_map``: input order, bounded work in flight, a dead or failing worker, Ctrl-C, a clean stop.

The batch's own behaviour on top (the messages, exit status 1 and 130,
outputs complete, ``--resume``) is tested through the CLI in
``test_batch.py`` and ``test_batch_guard.py``.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pool_helpers as helpers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regain.batch.pool import WorkerDied, WorkerFailed, ordered_map

FORK = multiprocessing.get_context("fork")


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A pool that waits for ever fails the test instead of stalling the suite."""

    def stalled(*_: object) -> None:
        raise TimeoutError("the pool stalled")

    previous = signal.signal(signal.SIGALRM, stalled)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@settings(max_examples=15, deadline=None)
@given(n=st.integers(0, 300), jobs=st.integers(1, 3), chunk=st.integers(1, 10))
def test_results_come_back_in_input_order(n: int, jobs: int, chunk: int) -> None:
    assert list(ordered_map(helpers.square, range(n), jobs, FORK, chunk=chunk)) == [i * i for i in range(n)]


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_chunks_in_flight_stay_within_the_window(jobs: int) -> None:
    pulled = 0

    def items() -> Iterator[int]:
        nonlocal pulled
        for i in range(500):
            pulled += 1
            yield i

    seen, most = 0, 0
    for _ in ordered_map(helpers.square, items(), jobs, FORK, chunk=4, window=3):
        seen += 1
        most = max(most, pulled - seen)
        time.sleep(0.0005)  # a slow consumer: the workers must wait for it
    assert seen == 500
    assert most <= 3 * 4  # at most 3 futures of 4 items submitted and not yet yielded


def test_messages_larger_than_a_pipe_pass() -> None:
    values = [chr(65 + i % 26) * (300_000 + i) for i in range(12)]  # 300 kB each, both ways
    assert list(ordered_map(helpers.echo, values, 2, FORK, chunk=3)) == values


def test_spawned_workers_run_the_initializer() -> None:
    spawn = multiprocessing.get_context("spawn")
    results = ordered_map(helpers.tagged, range(20), 2, spawn, initializer=helpers.set_tag, initargs=("x",))
    assert list(results) == [("x", i) for i in range(20)]


def test_a_killed_worker_is_an_error_naming_the_signal_not_a_hang() -> None:
    got = []
    with pytest.raises(WorkerDied, match=r"stopped unexpectedly: killed by signal 9 \(SIGKILL\)$") as caught:
        for value in ordered_map(helpers.killed_at_5, range(100), 2, FORK, chunk=2):
            got.append(value)
    assert caught.value.exitcode == -signal.SIGKILL
    assert got == list(range(len(got))) and len(got) <= 4  # in order, and nothing past the loss
    assert multiprocessing.active_children() == []


def test_a_worker_that_exits_names_its_exit_code() -> None:
    with pytest.raises(WorkerDied, match=r"stopped unexpectedly: exit code 3$"):
        list(ordered_map(helpers.exits_at_5, range(100), 2, FORK, chunk=2))
    assert multiprocessing.active_children() == []


def test_an_exception_in_a_worker_names_it_with_the_workers_traceback() -> None:
    with pytest.raises(WorkerFailed, match=r"failed: ValueError: three is not allowed here$") as caught:
        list(ordered_map(helpers.fails_at_3, range(10), 2, FORK, chunk=1))
    assert "Traceback" in caught.value.details and "fails_at_3" in caught.value.details
    assert multiprocessing.active_children() == []


def test_an_initializer_that_fails_is_reported_with_its_traceback() -> None:
    with pytest.raises(WorkerFailed, match=r"failed: OSError: no engine for this worker$") as caught:
        list(ordered_map(helpers.square, range(10), 2, FORK, initializer=helpers.cannot_start))
    assert "cannot_start" in caught.value.details


def test_stopping_early_stops_every_worker() -> None:
    results = ordered_map(helpers.square, range(10_000), 2, FORK)
    assert [next(results) for _ in range(3)] == [0, 1, 4]
    results.close()
    assert multiprocessing.active_children() == []


def test_ctrl_c_reaches_the_main_process_only_and_stops_the_workers(
    capfd: pytest.CaptureFixture[str],
) -> None:
    results = ordered_map(helpers.slow, range(1000), 2, FORK, chunk=1)
    assert next(results) == 0
    workers = multiprocessing.active_children()
    pids = [p.pid for p in workers if p.pid is not None]
    assert len(pids) == 2

    def ctrl_c() -> None:  # what Ctrl-C in a terminal does: SIGINT to the whole process group
        for pid in pids:
            os.kill(pid, signal.SIGINT)
        os.kill(os.getpid(), signal.SIGINT)

    threading.Timer(0.2, ctrl_c).start()  # while the main process waits for a result
    with pytest.raises(KeyboardInterrupt):
        for _ in results:
            pass
    assert multiprocessing.active_children() == []
    assert all(p.exitcode == -signal.SIGTERM for p in workers)  # stopped by the pool, not by SIGINT
    assert "Traceback" not in capfd.readouterr().err


def test_workers_leave_when_the_main_process_is_gone() -> None:
    code = (
        "import multiprocessing, os, sys\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "import pool_helpers\n"
        "from regain.batch.pool import ordered_map\n"
        "results = ordered_map(pool_helpers.slow, range(10_000), 2, multiprocessing.get_context('fork'))\n"
        "next(results)\n"
        "print(' '.join(str(p.pid) for p in multiprocessing.active_children()), flush=True)\n"
        "os._exit(0)\n"  # no clean-up: as if the main process were killed
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    pids = [int(p) for p in out.stdout.split()]
    assert len(pids) == 2

    def running(pid: int) -> bool:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return False
        return state != "Z"  # a zombie has stopped; only its parent's reaping is left

    deadline = time.monotonic() + 15
    while any(running(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(running(p) for p in pids)


@pytest.mark.parametrize("jobs, chunk", [(0, 8), (2, 0)])
def test_bad_sizes_are_refused(jobs: int, chunk: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        next(ordered_map(helpers.square, range(3), jobs, FORK, chunk=chunk))
