"""The knowledge base as graphs (networkx).

* The **muscle graph** links movements and pain regions to muscles: an edge
  ``region -> muscle`` when the muscle's trigger points refer pain there, an
  edge ``movement -> muscle`` when the muscle restricts the movement when
  shortened or makes it hurt when it holds active trigger points. Ranking the
  candidate muscles for a case is a walk from the case's regions and
  movements along these edges.
* The **plan graph** is a DAG over plan-step kinds: an edge ``a -> b`` when
  the knowledge base says step ``a`` comes before step ``b``. Plans are
  ordered by a deterministic topological sort of it.

:func:`graph_tables` turns both into the plain lookup tables the engine uses
(:mod:`regain.knowledge.tables`): the edges out of every region and movement,
the transitive closure of the plan graph, and the sorted order of every set
of step kinds. It runs when the knowledge base is validated, not per case.
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

import networkx as nx

from .tables import GraphTables, Link

if TYPE_CHECKING:
    from .loader import KnowledgeBase


def muscle_graph(kb: KnowledgeBase) -> nx.DiGraph:
    """Directed graph from ``("region", id)``/``("movement", id)`` nodes to ``("muscle", id)``."""
    weights = kb.inference.muscle_ranking
    g: nx.DiGraph[tuple[str, str]] = nx.DiGraph()
    for mid in kb.muscles:
        g.add_node(("muscle", mid))
    for rid in kb.regions:
        g.add_node(("region", rid))
    for mv in kb.movements:
        g.add_node(("movement", mv))
    for mid, m in kb.muscles.items():
        node = ("muscle", mid)
        for rid in m.refers_to.primary:
            g.add_edge(("region", rid), node, relation="primary_referral", weight=weights.primary_referral)
        for rid in m.refers_to.spillover:
            if not g.has_edge(("region", rid), node):
                g.add_edge(
                    ("region", rid), node, relation="spillover_referral", weight=weights.spillover_referral
                )
        # A movement may be both restricted and painful; keep the stronger link
        # and remember both relations for the explanation.
        for mv in m.restricts:
            g.add_edge(
                ("movement", mv),
                node,
                relation="restricts",
                weight=weights.restricts_movement,
                painful=mv in m.painful_movements,
            )
        for mv in m.painful_movements:
            if not g.has_edge(("movement", mv), node):
                g.add_edge(
                    ("movement", mv), node, relation="painful", weight=weights.painful_movement, painful=True
                )
    return g


def plan_graph(kb: KnowledgeBase) -> nx.DiGraph:
    """The DAG of plan-step kinds: ``a -> b`` means ``a`` comes before ``b``."""
    g: nx.DiGraph[str] = nx.DiGraph()
    for kind, tmpl in kb.steps.items():
        g.add_node(kind, priority=tmpl.priority)
    for kind, tmpl in kb.steps.items():
        for later in tmpl.before:
            g.add_edge(kind, later)
    return g


def plan_cycle(kb: KnowledgeBase) -> list[str]:
    """A cycle in the plan ordering, as a list of kinds, or ``[]`` if it is a DAG."""
    g = plan_graph(kb)
    try:
        edges = nx.find_cycle(g)
    except nx.NetworkXNoCycle:
        return []
    return [a for a, _ in edges] + [edges[0][0]]


def plan_key(kb: KnowledgeBase, kind: str) -> str:
    """The tie-break between step kinds the plan graph leaves unordered: priority, then id."""
    return f"{kb.steps[kind].priority:03d}{kind}"


def graph_tables(kb: KnowledgeBase) -> GraphTables:
    """The engine's lookup tables, computed on both graphs; ``kb`` must be consistent."""
    muscles = muscle_graph(kb)

    def links(node: tuple[str, str]) -> tuple[Link, ...]:
        return tuple(
            Link(mid, data["relation"], data["weight"], data.get("painful", False))
            for _, (_, mid), data in muscles.out_edges(node, data=True)
        )

    # Edges through kinds absent from a plan still order the kinds present:
    # the transitive closure keeps "a before c" when "a before b before c".
    closure = nx.transitive_closure_dag(plan_graph(kb))
    kinds = list(kb.steps)
    orders = {
        frozenset(chosen): tuple(
            nx.lexicographical_topological_sort(closure.subgraph(chosen), key=lambda k: plan_key(kb, k))
        )
        for size in range(len(kinds) + 1)
        for chosen in combinations(kinds, size)
    }
    return GraphTables(
        from_region={rid: links(("region", rid)) for rid in kb.regions},
        from_movement={mv: links(("movement", mv)) for mv in kb.movements},
        before={kind: frozenset(closure.successors(kind)) for kind in kinds},
        orders=orders,
    )
