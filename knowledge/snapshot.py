"""The validated knowledge base kept in the user cache, so that a run can skip validating it.

Validating the knowledge base means importing pydantic and networkx and
running every check, a large part of the start-up of ``regain assess``,
``ask`` and ``batch``, and its result only changes when what it was computed
from changes. So the loaded :class:`KnowledgeBase` (entries, consistency
already checked, graph tables already computed) is stored in the cache
(:mod:`regain.knowledge.cache`) under a **key** of everything that could
change it:

* the language and the content of every data file it is read from
  (``knowledge/data/*.yaml`` and, for a language other than English, its
  overlays ``knowledge/data/<lang>/*.yaml``),
* the source of every module of this package (the models, their checks, the
  validation, the consistency checks, the graphs),
* the installed versions of pydantic, pydantic-core, networkx and PyYAML (from
  ``importlib.metadata``, without importing them) and the Python version.

An entry is used only for exactly that key, so an edited data file (or an
upgraded library) is validated again, and an invalid edit is reported as it
would be without a cache. Only a successful load is stored. The entry is a
pickle, and so is trusted like the rest of the cache (a private folder, see
:func:`~regain.knowledge.cache.cache_dir`): the same trust Python gives to its
own ``__pycache__``. A damaged or unreadable entry is ignored and replaced.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import cache_dir, read_entry, versions, write_entry
from .language import ENGLISH
from .reading import data_files

if TYPE_CHECKING:
    from .loader import KnowledgeBase

FORMAT = b"regain-knowledge-snapshot/2"
#: the distributions whose versions are part of the key
LIBRARIES = ("pydantic", "pydantic-core", "networkx", "PyYAML")
#: the modules whose source is part of the key (this package's)
CODE_DIR = Path(__file__).parent
SUFFIX = ".snapshot"


def _environment() -> bytes:
    """What the entry depends on besides the files: Python, pickle and the validating libraries."""
    return FORMAT + f"|pickle {pickle.HIGHEST_PROTOCOL}\n".encode() + versions(*LIBRARIES)


def fingerprint(data_dir: Path, language: str = ENGLISH) -> bytes:
    """The key of the knowledge base in ``data_dir`` in ``language``: a digest of all it depends on."""
    sha = hashlib.sha256(_environment() + f"|language {language}".encode())
    for group in (sorted(CODE_DIR.glob("*.py")), data_files(data_dir, language)):
        for path in group:
            content = path.read_bytes()
            name = path.name if path.parent in (CODE_DIR, data_dir) else f"{path.parent.name}/{path.name}"
            sha.update(f"\n{name} {len(content)}\n".encode())
            sha.update(content)
    return sha.digest()


def load(data_dir: Path, language: str = ENGLISH) -> tuple[KnowledgeBase | None, bytes]:
    """The stored knowledge base of ``data_dir`` in ``language`` if there is one for its key, and the key.

    The key is ``b""`` when there is no cache (nothing to store either).
    """
    folder = cache_dir("knowledge")
    if folder is None:
        return None, b""
    try:
        key = fingerprint(data_dir, language)
    except OSError:
        return None, b""
    payload = read_entry(folder, key, SUFFIX)
    if payload is None:
        return None, key
    try:
        kb: Any = pickle.loads(payload)
    except Exception:  # a damaged entry only costs a validation
        return None, key
    from .loader import KnowledgeBase

    return (kb if isinstance(kb, KnowledgeBase) else None), key


def store(data_dir: Path, kb: KnowledgeBase, key: bytes, language: str = ENGLISH) -> None:
    """Keep ``kb`` (validated and consistent) under ``key``.

    ``key`` is what :func:`load` found before ``kb`` was validated; if the
    files no longer match it (one was edited meanwhile), ``kb`` may not be what
    the files with that key hold, so it is not kept.
    """
    folder = cache_dir("knowledge")
    if not key or folder is None:
        return
    try:
        if fingerprint(data_dir, language) != key:
            return
    except OSError:
        return
    write_entry(folder, key, SUFFIX, pickle.dumps(kb, protocol=pickle.HIGHEST_PROTOCOL))
