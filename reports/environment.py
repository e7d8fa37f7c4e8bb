"""The one Jinja2 environment every HTML rendering uses, created once per process.

Templates live in ``reports/templates/`` (partials in ``_partials/``). It is
Jinja2's own :class:`jinja2.Environment`: every value is autoescaped, and an
undefined name is an error (``StrictUndefined``) rather than silently empty
text.

Compiling the templates costs more than rendering dozens of plans, and every
``regain`` run (every batch worker) would otherwise pay it again, so compiled
templates are kept in the user cache (:mod:`regain.knowledge.cache`)
through Jinja2's bytecode-cache interface, as stamped entries: each holds the
template's source checksum and a BLAKE2b check of the compiled code, and is
read only as a regular, private file, never through a symbolic link. A
damaged entry (one flipped bit) is compiled afresh and rewritten; it can never
change a page or crash a run. Jinja2 recompiles a template whose source
changed; the cache folder is named after the Jinja2 version and the options
below, which change the compiled code without changing the source.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket

from regain.knowledge.cache import cache_dir, read_stamped, write_stamped

OPTIONS: dict[str, Any] = {
    "autoescape": True,
    "undefined": jinja2.StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "auto_reload": False,
}


#: The format of an entry; part of its stamp and of the folder's name.
ENTRY_FORMAT = b"regain-template/1"


class StampedBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates as stamped, checked cache entries (:func:`~regain.knowledge.cache.read_stamped`).

    An entry is used only if it is a trusted regular file, was made from
    exactly this template source (the stamp) and is whole (the check); else
    the template is compiled again and the entry rewritten.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = str(directory)

    def _entry(self, bucket: Bucket) -> tuple[Path, bytes]:
        stamp = ENTRY_FORMAT + f"|{bucket.key}|{bucket.checksum}\n".encode()
        return Path(self.directory) / f"{bucket.key}.cache", stamp

    def load_bytecode(self, bucket: Bucket) -> None:
        path, stamp = self._entry(bucket)
        payload = read_stamped(path, stamp)
        if payload is None:
            return
        try:
            bucket.bytecode_from_string(payload)
        except Exception:  # whole, yet not for this Python: compile afresh
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        path, stamp = self._entry(bucket)
        write_stamped(path, stamp, bucket.bytecode_to_string())


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    shape = repr(sorted((k, getattr(v, "__name__", v)) for k, v in OPTIONS.items()))
    shape += f"|{ENTRY_FORMAT.decode()}"
    tag = hashlib.sha256(f"{jinja2.__version__}|{shape}".encode()).hexdigest()[:12]
    folder = cache_dir("templates", f"jinja2-{jinja2.__version__}-{tag}")
    return None if folder is None else StampedBytecodeCache(folder)


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
