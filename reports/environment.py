"""The one Jinja2 environment every HTML rendering uses, created once per process.

Templates live in ``reports/templates/`` (partials in ``_partials/``). Every
value is autoescaped, and an undefined name is an error (``StrictUndefined``)
rather than silently empty text. Autoescaped values are printed with
:mod:`regain.reports.output_escaping` (the same text as Jinja2's own
escaping, without a ``Markup`` object per value).

Compiling the templates costs more than rendering dozens of plans, and every
``regain`` run (every batch worker) would otherwise pay it again, so compiled
templates are kept in the user cache (:mod:`regain.knowledge.cache`) with
Jinja2's bytecode cache. Jinja2 recompiles a template whose source changed;
the cache folder is named after the Jinja2 version, the options below and the
code generator, which change the compiled code without changing the source.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
from typing import Any

import jinja2
from jinja2.bccache import Bucket

from regain.knowledge.cache import cache_dir

from . import output_escaping

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


class PlanEnvironment(jinja2.Environment):
    """A Jinja2 environment whose templates print autoescaped values with ``escape_output``."""

    code_generator_class = output_escaping.EscapingCodeGenerator
    escape_output = staticmethod(output_escaping.escape_output)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    shape = repr(sorted((k, getattr(v, "__name__", v)) for k, v in OPTIONS.items()))
    shape += f"|{output_escaping.VERSION}"
    tag = hashlib.sha256(f"{jinja2.__version__}|{shape}".encode()).hexdigest()[:12]
    folder = cache_dir("templates", f"jinja2-{jinja2.__version__}-{tag}")
    return None if folder is None else _QuietBytecodeCache(str(folder), "%s.cache")


@functools.cache
def environment() -> jinja2.Environment:
    return PlanEnvironment(
        loader=jinja2.PackageLoader("regain.reports", "templates"),
        bytecode_cache=_bytecode_cache(),
        **OPTIONS,
    )


def template(name: str) -> jinja2.Template:
    """A compiled template (Jinja2 caches it in the environment)."""
    return environment().get_template(name)
