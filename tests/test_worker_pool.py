"""``OrderedPool``: input order, bounded work in flight, worker death and failure, a clean stop."""

from __future__ import annotations

import multiprocessing
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pool_helpers as helpers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regain.engine.worker_pool import OrderedPool, WorkerDied, WorkerFailed

FORK = multiprocessing.get_context("fork")


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A pool that waits for ever fails the test instead of stalling the suite."""
    def stalled(*_: object) -> None:
        raise TimeoutError("the pool stalled")

    previous = signal.signal(signal.SIGALRM, stalled)
    signal.alarm(15)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@settings(max_examples=15, deadline=None)
@given(n=st.integers(0, 300), jobs=st.integers(1, 3), chunk=st.integers(1, 10))
def test_results_come_back_in_input_order(n: int, jobs: int, chunk: int) -> None:
    with OrderedPool(helpers.square, jobs, FORK, chunk=chunk) as pool:
        assert list(pool.imap(range(n))) == [i * i for i in range(n)]


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_chunks_in_flight_stay_within_the_window(jobs: int) -> None:
    pulled = 0

    def items() -> Iterator[int]:
        nonlocal pulled
        for i in range(500):
            pulled += 1
            yield i

    with OrderedPool(helpers.square, jobs, FORK, chunk=4, window=3) as pool:
        seen, most = 0, 0
        for _ in pool.imap(items()):
            seen += 1
            most = max(most, pulled - seen)
            time.sleep(0.0005)  # a slow consumer: the workers must wait for it
    assert seen == 500
    assert most <= 3 * 4


def test_messages_larger_than_a_pipe_neither_block_nor_break() -> None:
    values = [chr(65 + i % 26) * (300_000 + i) for i in range(12)]  # 300 kB each, both ways
    with OrderedPool(helpers.echo, 2, FORK, chunk=3) as pool:
        assert list(pool.imap(values)) == values


def test_spawned_workers_run_the_initializer() -> None:
    spawn = multiprocessing.get_context("spawn")
    with OrderedPool(helpers.tagged, 2, spawn, initializer=helpers.set_tag, initargs=("x",)) as pool:
        assert list(pool.imap(range(20))) == [("x", i) for i in range(20)]


def test_a_killed_worker_is_an_error_not_a_hang() -> None:
    message = r"stopped unexpectedly: killed by signal 9 \(SIGKILL\)$"
    got = []
    with OrderedPool(helpers.killed_at_5, 2, FORK, chunk=2) as pool, \
            pytest.raises(WorkerDied, match=message) as caught:
        for value in pool.imap(range(100)):
            got.append(value)
    assert caught.value.exitcode == -signal.SIGKILL
    assert got == list(range(len(got))) and len(got) <= 4  # in order, and nothing past the loss
    assert multiprocessing.active_children() == []


def test_an_exception_in_a_worker_names_it() -> None:
    with OrderedPool(helpers.fails_at_3, 2, FORK, chunk=1) as pool, \
            pytest.raises(WorkerFailed, match=r"failed: ValueError: three is not allowed here$") as caught:
        list(pool.imap(range(10)))
    assert "Traceback" in caught.value.details and "fails_at_3" in caught.value.details


def test_stopping_early_stops_every_worker() -> None:
    with OrderedPool(helpers.square, 2, FORK) as pool:
        results = pool.imap(range(10_000))
        assert [next(results) for _ in range(3)] == [0, 1, 4]
        results.close()
    assert multiprocessing.active_children() == []


def test_workers_leave_when_the_main_process_is_gone(tmp_path: Path) -> None:
    code = (
        "import multiprocessing, os, sys\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "import pool_helpers\n"
        "from regain.engine.worker_pool import OrderedPool\n"
        "pool = OrderedPool(pool_helpers.square, 2, multiprocessing.get_context('fork'))\n"
        "print(' '.join(str(w.process.pid) for w in pool._workers), flush=True)\n"
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

    deadline = time.monotonic() + 20
    while any(running(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(running(p) for p in pids)


@pytest.mark.parametrize("jobs, chunk", [(0, 8), (2, 0)])
def test_bad_sizes_are_refused(jobs: int, chunk: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        OrderedPool(helpers.square, jobs, FORK, chunk=chunk)
