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
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    from .loader import KnowledgeBase


def muscle_graph(kb: KnowledgeBase) -> nx.DiGraph:
    """Directed graph from ``("region", id)``/``("movement", id)`` nodes to ``("muscle", id)``."""
    weights = kb.inference.muscle_ranking
    g = nx.DiGraph()
    for mid in kb.muscles:
        g.add_node(("muscle", mid))
    for rid in kb.regions:
        g.add_node(("region", rid))
    for mv in kb.movements:
        g.add_node(("movement", mv))
    for mid, m in kb.muscles.items():
        node = ("muscle", mid)
        for rid in m.refers_to.primary:
            g.add_edge(("region", rid), node, relation="primary_referral",
                       weight=weights.primary_referral)
        for rid in m.refers_to.spillover:
            if not g.has_edge(("region", rid), node):
                g.add_edge(("region", rid), node, relation="spillover_referral",
                           weight=weights.spillover_referral)
        # A movement may be both restricted and painful; keep the stronger link
        # and remember both relations for the explanation.
        for mv in m.restricts:
            g.add_edge(("movement", mv), node, relation="restricts",
                       weight=weights.restricts_movement, painful=mv in m.painful_movements)
        for mv in m.painful_movements:
            if not g.has_edge(("movement", mv), node):
                g.add_edge(("movement", mv), node, relation="painful",
                           weight=weights.painful_movement, painful=True)
    return g


def plan_graph(kb: KnowledgeBase) -> nx.DiGraph:
    """The DAG of plan-step kinds: ``a -> b`` means ``a`` comes before ``b``."""
    g = nx.DiGraph()
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
