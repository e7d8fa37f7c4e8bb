"""Functions for the worker-pool tests, in a module of their own so ``spawn`` workers can import them."""

from __future__ import annotations

import os
import signal

_tag = ""


def square(n: int) -> int:
    return n * n


def echo(value: str) -> str:
    return value


def set_tag(tag: str) -> None:
    global _tag
    _tag = tag


def tagged(n: int) -> tuple[str, int]:
    return _tag, n


def killed_at_5(n: int) -> int:
    if n == 5:
        os.kill(os.getpid(), signal.SIGKILL)
    return n


def fails_at_3(n: int) -> int:
    if n == 3:
        raise ValueError("three is not allowed here")
    return n
