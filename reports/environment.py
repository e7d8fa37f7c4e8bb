"""The one Jinja2 environment every HTML rendering uses, created once per process.

Templates live in ``reports/templates/`` (partials in ``_partials/``). Every
value is autoescaped, and an undefined name is an error (``StrictUndefined``)
rather than silently empty text.

Compiling the templates costs more than rendering dozens of plans, and every
``regain`` run (every batch worker) would otherwise pay it again, so compiled
templates are kept in the user cache (:mod:`regain.knowledge.cache`) with
Jinja2's bytecode cache. Jinja2 recompiles a template whose source changed;
the cache folder is named after the Jinja2 version and the options below,
which change the compiled code without changing the source.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
from typing import Any

import jinja2
from jinja2.bccache import Bucket

from regain.knowledge.cache import cache_dir

OPTIONS: dict[str, Any] = {
    "autoescape": True,
    "undefined": jinja2.StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "auto_reload": False,
}


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja2's file bytecode cache, except that a damaged or unwritable entry is skipped."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a truncated or foreign entry: compile afresh
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    shape = repr(sorted((k, getattr(v, "__name__", v)) for k, v in OPTIONS.items()))
    tag = hashlib.sha256(f"{jinja2.__version__}|{shape}".encode()).hexdigest()[:12]
    folder = cache_dir("templates", f"jinja2-{jinja2.__version__}-{tag}")
    return None if folder is None else _QuietBytecodeCache(str(folder), "%s.cache")


@functools.cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("regain.reports", "templates"),
        bytecode_cache=_bytecode_cache(),
        **OPTIONS,
    )


def template(name: str) -> jinja2.Template:
    """A compiled template (Jinja2 caches it in the environment)."""
    return environment().get_template(name)
