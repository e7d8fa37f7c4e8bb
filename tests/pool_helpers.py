"""Functions for the worker-pool tests, in a module of their own so ``spawn`` workers can import them."""

from __future__ import annotations

import os
import signal
import time

_tag = ""


def square(n: int) -> int:
    return n * n


def slow(n: int) -> int:
    time.sleep(0.02)
    return n


def echo(value: str) -> str:
    return value


def set_tag(tag: str) -> None:
    global _tag
    _tag = tag


def tagged(n: int) -> tuple[str, int]:
    return _tag, n


def cannot_start() -> None:
    raise OSError("no engine for this worker")


def killed_at_5(n: int) -> int:
    if n == 5:
        os.kill(os.getpid(), signal.SIGKILL)
    return n


def exits_at_5(n: int) -> int:
    if n == 5:
        os._exit(3)
    return n


def fails_at_3(n: int) -> int:
    if n == 3:
        raise ValueError("three is not allowed here")
    return n
