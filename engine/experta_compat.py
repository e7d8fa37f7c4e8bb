"""The one place regain imports experta, made to work on Python 3.10 and later.

experta 1.9.4 (the latest release) pins ``frozendict==1.2``. That frozendict
subclasses ``collections.Mapping``, an alias Python removed in 3.10 (it lives
in ``collections.abc``), so a plain ``import experta`` fails with
``AttributeError: module 'collections' has no attribute 'Mapping'``.

Before experta is imported we restore the handful of ``collections`` aliases
that frozendict 1.2 and experta use, pointing them at ``collections.abc``.
This is harmless for other code (the aliases name the very same classes) and
keeps ``pip install .`` a plain install: no fork, no patched wheel. Every
other module imports experta's names from here, never from experta directly.

Once experta is imported, :mod:`regain.engine.experta_tokens` makes its
matcher's tokens cheaper (the same matches, fewer checks and copies); it
explains why and when it does so.
"""

from __future__ import annotations

import collections
import collections.abc

_REMOVED_ALIASES = ("Mapping", "MutableMapping", "Sequence", "Iterable", "Hashable", "Callable")

for _name in _REMOVED_ALIASES:
    if not hasattr(collections, _name):
        setattr(collections, _name, getattr(collections.abc, _name))

from experta import AS, MATCH, NOT, OR, TEST, Fact, KnowledgeEngine, L, P, Rule, W  # noqa: E402
from experta.agenda import Agenda  # noqa: E402
from experta.factlist import FactList  # noqa: E402
from experta.matchers.rete.mixins import NoMemory  # noqa: E402
from experta.strategies import DepthStrategy  # noqa: E402

from . import experta_tokens  # noqa: E402, F401  (installs the cheaper tokens)

__all__ = [
    "AS",
    "MATCH",
    "NOT",
    "OR",
    "TEST",
    "Agenda",
    "DepthStrategy",
    "Fact",
    "FactList",
    "KnowledgeEngine",
    "L",
    "NoMemory",
    "P",
    "Rule",
    "W",
]
