"""The one Jinja2 environment every HTML rendering uses, created once per process.

Templates live in ``reports/templates/`` (partials in ``_partials/``). It is
Jinja2's own :class:`jinja2.Environment`: every value is autoescaped, and an
undefined name is an error (``StrictUndefined``) rather than silently empty
text.

Compiling the templates costs more than rendering dozens of plans, and every
``regain`` run (every batch worker) would otherwise pay it again, so compiled
templates are kept in the user cache through Jinja2's public
:class:`jinja2.BytecodeCache` interface, as ordinary cache entries
(:func:`~regain.knowledge.cache.read_entry`): the key is the template's source
checksum and Jinja2's key for it, the options below, and the installed
Jinja2, MarkupSafe and Python versions; each entry carries a BLAKE2b check and
is read only as a regular, private file, never through a symbolic link. A
damaged entry is compiled afresh and rewritten; it can never change a page or
crash a run.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket

from regain.knowledge.cache import cache_dir, read_entry, versions, write_entry
from regain.knowledge.language import ENGLISH
from regain.knowledge.messages import translations

from .formatting import decimal

OPTIONS: dict[str, Any] = {
    # {% trans %} and _() for the pages' fixed labels (gettext: regain.knowledge.messages)
    "extensions": ("jinja2.ext.i18n",),
    "autoescape": True,
    "undefined": jinja2.StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "auto_reload": False,
}

#: The format of an entry; part of its key.
ENTRY_FORMAT = b"regain-template/2"
SUFFIX = ".template"


def _options() -> bytes:
    """The options as key material (they change the compiled code, not the source)."""
    return repr(sorted((k, getattr(v, "__name__", v)) for k, v in OPTIONS.items())).encode()


class CheckedBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates as checked cache entries of the user cache.

    An entry is used only if it is trusted, was made from exactly this
    template source with these options and libraries (the key) and is whole
    (the check); else Jinja2 compiles the template and the entry is rewritten.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.environment = ENTRY_FORMAT + b"|" + _options() + b"|" + versions("Jinja2", "MarkupSafe")

    def _key(self, bucket: Bucket) -> bytes:
        return self.environment + f"|{bucket.key}|{bucket.checksum}".encode()

    def load_bytecode(self, bucket: Bucket) -> None:
        payload = read_entry(self.directory, self._key(bucket), SUFFIX)
        if payload is None:
            return
        try:
            bucket.bytecode_from_string(payload)
        except Exception:  # whole, yet not loadable here: compile afresh
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        write_entry(self.directory, self._key(bucket), SUFFIX, bucket.bytecode_to_string())


def _bytecode_cache() -> CheckedBytecodeCache | None:
    folder = cache_dir("templates")
    return None if folder is None else CheckedBytecodeCache(folder)


@functools.cache
def environment(language: str = ENGLISH) -> jinja2.Environment:
    """The environment of the pages in ``language``: its global ``lang`` is the pages' ``lang``.

    Its ``{% trans %}`` and ``_()`` translate with the catalog of ``language``, and its
    ``decimal`` filter writes a number as ``language`` does (``2,5``; ``signed=True``: ``+0,4``).
    """
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("regain.reports", "templates"),
        bytecode_cache=_bytecode_cache(),
        **OPTIONS,
    )
    env.globals["lang"] = language
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters["decimal"] = lambda value, signed=False: decimal(value, language, with_sign=signed)
    return env


def template(name: str, language: str = ENGLISH) -> jinja2.Template:
    """A compiled template in ``language`` (Jinja2 caches it in the environment)."""
    return environment(language).get_template(name)
