"""What the engine needs of the knowledge graphs, as plain lookup tables.

The graphs themselves (:mod:`regain.knowledge.graphs`) are networkx graphs:
networkx builds them, checks that the plan graph is acyclic, closes it
transitively and sorts every set of plan steps topologically. The results are
kept here as dicts and tuples so that they can be stored with the validated
knowledge base (:mod:`regain.knowledge.snapshot`) and used by the engine
without importing networkx on every run.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Link:
    """One edge of the muscle graph: a region or movement leads to a muscle."""

    muscle: str
    relation: str  # primary_referral | spillover_referral | restricts | painful
    weight: float
    painful: bool = False  # for movements: the movement also hurts with trigger points


@dataclass(frozen=True)
class GraphTables:
    """The muscle graph's edges and the plan graph's orders, computed once by networkx."""

    #: region id -> the muscles that refer pain there, in data-file order
    from_region: dict[str, tuple[Link, ...]] = field(default_factory=dict)
    #: movement id -> the muscles that restrict it or hurt on it, in data-file order
    from_movement: dict[str, tuple[Link, ...]] = field(default_factory=dict)
    #: step kind -> the kinds it comes before, directly or through others
    before: dict[str, frozenset[str]] = field(default_factory=dict)
    #: every set of step kinds -> its plan order (topological, ties by priority then id)
    orders: dict[frozenset[str], tuple[str, ...]] = field(default_factory=dict)
