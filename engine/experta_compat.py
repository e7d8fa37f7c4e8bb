"""How regain imports experta, made to work on Python 3.10 and later.

experta 1.9.4 (the latest release) pins ``frozendict==1.2``. That frozendict
subclasses ``collections.Mapping``, an alias Python removed in 3.10 (it lives
in ``collections.abc``), so a plain ``import experta`` fails with
``AttributeError: module 'collections' has no attribute 'Mapping'``.

Before experta is imported we restore the handful of ``collections`` aliases
that frozendict 1.2 and experta use, pointing them at ``collections.abc``.
This is harmless for other code (the aliases name the very same classes) and
keeps ``pip install .`` a plain install: no fork, no patched wheel. regain's
modules import experta's public names from here; only
:mod:`regain.engine.experta_runtime`, which runs regain's engine on experta's
internals, imports experta's modules itself (after this one).
"""

from __future__ import annotations

import collections
import collections.abc

_REMOVED_ALIASES = ("Mapping", "MutableMapping", "Sequence", "Iterable", "Hashable", "Callable")

for _name in _REMOVED_ALIASES:
    if not hasattr(collections, _name):
        setattr(collections, _name, getattr(collections.abc, _name))

from experta import AS, MATCH, NOT, OR, TEST, Fact, KnowledgeEngine, L, P, Rule, W  # noqa: E402
from experta.fieldconstraint import ANDFC, NOTFC, ORFC  # noqa: E402

__all__ = [
    "ANDFC",
    "AS",
    "MATCH",
    "NOT",
    "NOTFC",
    "OR",
    "ORFC",
    "TEST",
    "Fact",
    "KnowledgeEngine",
    "L",
    "P",
    "Rule",
    "W",
]
