"""The validated knowledge base kept in the user cache, so that a run can skip validating it.

Validating the knowledge base means importing pydantic and networkx and
running every check; together that is about 0.3 s, some 40% of the start-up
of ``regain assess``, ``ask`` and ``batch``, and its result only changes when
what it was computed from changes. So the loaded :class:`KnowledgeBase`
(entries, consistency already checked, graph tables already computed) is
stored in the cache (:mod:`regain.knowledge.cache`) with a **fingerprint** of
everything that could change it:

* the text of every data file (``knowledge/data/*.yaml``),
* the source of every module of this package (the models, their checks, the
  validation, the consistency checks, the graphs),
* the installed pydantic, pydantic-core, networkx and PyYAML (the path, size
  and modification time of each package's ``__init__``, read without
  importing it), and the Python version; these also name the entry, so each
  environment (a virtual environment, a Python version) keeps its own.

An entry is used only when its fingerprint is exactly that of the current
files, so an edited data file (or an upgraded library) is validated again,
and an invalid edit is reported as it would be without a cache. Only a
successful load is stored. The entry is a pickle, and so is trusted like the
rest of the cache (a private folder, see :func:`~regain.knowledge.cache.cache_dir`):
the same trust Python gives to its own ``__pycache__``. A damaged or unreadable
entry is ignored and replaced.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import cache_dir, read_stamped, write_stamped

if TYPE_CHECKING:
    from .loader import KnowledgeBase

FORMAT = b"regain-knowledge-snapshot/1"
LIBRARIES = ("pydantic", "pydantic_core", "networkx", "yaml")
#: the modules whose source is part of the fingerprint (this package's)
CODE_DIR = Path(__file__).parent
_FINGERPRINT = 32


def _library_stamp(name: str) -> bytes:
    try:
        spec = find_spec(name)
    except (ImportError, ValueError):
        spec = None
    if spec is None or spec.origin is None:
        return f"{name}: missing\n".encode()
    try:
        st = Path(spec.origin).stat()
    except OSError:
        return f"{name}: unreadable\n".encode()
    return f"{name}: {spec.origin} {st.st_size} {st.st_mtime_ns}\n".encode()


def _environment() -> bytes:
    """What the entry depends on besides the files: Python and the validating libraries."""
    stamps = b"".join(_library_stamp(name) for name in LIBRARIES)
    return FORMAT + f"|python {sys.version}|pickle {pickle.HIGHEST_PROTOCOL}\n".encode() + stamps


def fingerprint(data_dir: Path, environment: bytes | None = None) -> bytes:
    """A digest of everything the loaded knowledge base in ``data_dir`` depends on."""
    sha = hashlib.sha256(_environment() if environment is None else environment)
    for group in (sorted(CODE_DIR.glob("*.py")), sorted(data_dir.glob("*.yaml"))):
        for path in group:
            sha.update(f"{path.name} {path.stat().st_size}\n".encode())
            sha.update(path.read_bytes())
    return sha.digest()


def _entry(data_dir: Path, environment: bytes) -> Path | None:
    """The entry for ``data_dir`` in this environment.

    One per environment (two virtual environments with other libraries keep
    one each, rather than replacing each other's on every run) and per data
    folder; an edit to the files replaces the entry.
    """
    folder = cache_dir("knowledge")
    if folder is None:
        return None
    name = hashlib.sha256(environment + str(data_dir.resolve()).encode("utf-8")).hexdigest()
    return folder / f"{name}.snapshot"


def load(data_dir: Path) -> tuple[KnowledgeBase | None, bytes]:
    """The stored knowledge base of ``data_dir`` if it is current, and the current fingerprint."""
    environment = _environment()  # looked up once: it names the entry and starts the fingerprint
    entry = _entry(data_dir, environment)
    if entry is None:  # no cache: nothing to compare with
        return None, b""
    try:
        current = fingerprint(data_dir, environment)
    except OSError:
        return None, b""
    payload = read_stamped(entry, current)
    if payload is None:
        return None, current
    try:
        kb: Any = pickle.loads(payload)
    except Exception:  # a damaged entry only costs a validation
        return None, current
    from .loader import KnowledgeBase

    return (kb if isinstance(kb, KnowledgeBase) else None), current


def store(data_dir: Path, kb: KnowledgeBase, current: bytes) -> None:
    """Keep ``kb`` (validated and consistent) for runs with the same ``current`` fingerprint.

    ``current`` is what :func:`load` found before ``kb`` was validated; if the
    files no longer match it (one was edited meanwhile), ``kb`` may not be what
    the files with that fingerprint hold, so it is not kept.
    """
    if len(current) != _FINGERPRINT:
        return
    environment = _environment()
    entry = _entry(data_dir, environment)
    if entry is None or fingerprint(data_dir, environment) != current:
        return
    payload = pickle.dumps(kb, protocol=pickle.HIGHEST_PROTOCOL)
    write_stamped(entry, current, payload)
