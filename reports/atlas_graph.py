"""The atlas's graph page laid out as plain coordinates: one drawing per body area, and the plan DAG.

The muscle graph (:func:`regain.knowledge.graphs.muscle_graph`) has an edge
from a region to each muscle that refers pain there and from a movement to
each muscle that limits it or makes it hurt. Drawn whole it is a tangle, so
each body area gets three columns: the pain regions its muscles refer to,
its muscles, and the movements they limit or make painful. Every muscle is
in exactly one drawing, so every edge is drawn exactly once; a region or
movement appears wherever one of its muscles does (and one no muscle links to
appears in its own area). Within a column, nodes are ordered by the mean
position of their neighbours (the barycentre heuristic) to keep crossings
few.

The plan graph is drawn as its transitive reduction (``a`` before ``c`` is
left out when ``a`` before ``b`` before ``c`` says it), one column per
topological generation. The templates turn these coordinates into inline SVG.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import networkx as nx

from regain.knowledge import KnowledgeBase
from regain.knowledge.graphs import muscle_graph, plan_graph

from . import atlas_links as links
from .atlas_links import Link

WIDTH = 1100
ROW = 26  # px per row of the fullest column
TOP = 44  # room for the column headings
REGION_X = 238  # region dots; their labels end just left of them
MUSCLE_LEFT, MUSCLE_WIDTH, MUSCLE_HEIGHT = 420, 260, 28
MOVEMENT_X = 862  # movement dots; their labels start just right of them
ROUNDS = 6  # barycentre passes


@dataclass(frozen=True, slots=True)
class Node:
    kind: str  # region | muscle | movement
    id: str
    label: str
    href: str
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Edge:
    """One edge of the graph, in its direction there (``from_`` a region or movement, ``to`` a muscle)."""

    from_: str  # "region:jaw"
    to: str  # "muscle:masseter"
    relation: str
    painful: bool
    path: str  # SVG path data


@dataclass(frozen=True, slots=True)
class MuscleGroup:
    """A muscle and its edges, drawn together so hovering the muscle shows them."""

    node: Node
    edges: tuple[Edge, ...]


@dataclass(frozen=True, slots=True)
class AreaGraph:
    area: Link
    anchor: str
    width: int
    height: int
    columns: tuple[float, float, float]  # x of the region, muscle and movement headings
    regions: tuple[Node, ...]
    muscles: tuple[MuscleGroup, ...]
    movements: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class StepNode:
    id: str
    href: str
    lines: tuple[str, ...]
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class StepEdge:
    from_: str
    to: str
    path: str


@dataclass(frozen=True, slots=True)
class PlanDrawing:
    width: int
    height: int
    nodes: tuple[StepNode, ...]
    edges: tuple[StepEdge, ...]
    implied: int  # ``before`` edges of the data that the reduction leaves out


def _curve(x1: float, y1: float, x2: float, y2: float) -> str:
    mid = (x1 + x2) / 2
    return f"M{x1:g} {y1:g} C{mid:g} {y1:g} {mid:g} {y2:g} {x2:g} {y2:g}"


def _barycentre_order(graph: nx.DiGraph, columns: list[list[tuple[str, str]]]) -> None:
    """Reorder the sides, then the middle, by their neighbours' mean position, a few rounds."""
    regions, muscles, movements = columns

    def positions(column: list[tuple[str, str]]) -> dict[tuple[str, str], float]:
        n = max(1, len(column) - 1)
        return {node: i / n for i, node in enumerate(column)}

    def resort(column: list[tuple[str, str]], place: dict[tuple[str, str], float]) -> None:
        current = positions(column)
        undirected = graph.to_undirected(as_view=True)

        def key(node: tuple[str, str]) -> tuple[float, float]:
            near = sorted(place[n] for n in undirected.neighbors(node) if n in place)  # summed in one order
            return (sum(near) / len(near) if near else current[node], current[node])

        column.sort(key=key)

    for _ in range(ROUNDS):
        middle = positions(muscles)
        resort(regions, middle)
        resort(movements, middle)
        resort(muscles, positions(regions) | positions(movements))


def _spread(count: int, height: float) -> list[float]:
    step = height / max(1, count)
    return [TOP + step * (i + 0.5) for i in range(count)]


def area_graph(kb: KnowledgeBase, graph: nx.DiGraph, area_id: str) -> AreaGraph:
    """The drawing of one body area's muscles with their regions and movements."""
    muscles = [("muscle", m) for m, x in kb.muscles.items() if x.area == area_id]
    near = {n for m in muscles for n in graph.predecessors(m)}
    alone = {n for n in graph if n[0] != "muscle" and graph.degree(n) == 0}
    own = {("region", r) for r, x in kb.regions.items() if x.area == area_id} | {
        ("movement", m) for m, x in kb.movements.items() if x.area == area_id
    }
    near |= alone & own
    regions = [("region", r) for r in kb.regions if ("region", r) in near]
    movements = [("movement", m) for m in kb.movements if ("movement", m) in near]
    _barycentre_order(graph, [regions, muscles, movements])

    rows = max(len(regions), len(movements), 2 * len(muscles), 1)
    span = rows * ROW
    ys = {
        n: y
        for column in (regions, muscles, movements)
        for n, y in zip(column, _spread(len(column), span), strict=True)
    }
    muscle_x = MUSCLE_LEFT + MUSCLE_WIDTH / 2

    def node(n: tuple[str, str], x: float) -> Node:
        kind, nid = n
        link = {"region": links.region, "muscle": links.muscle, "movement": links.movement}[kind](kb, nid)
        return Node(kind, nid, link.name, link.href or "", x, round(ys[n], 1))

    groups = []
    for m in muscles:
        edges = []
        for source, _, data in sorted(graph.in_edges(m, data=True)):
            y1, y2 = ys[source], ys[m]
            if source[0] == "region":
                path = _curve(REGION_X, y1, MUSCLE_LEFT, y2)
            else:
                path = _curve(MUSCLE_LEFT + MUSCLE_WIDTH, y2, MOVEMENT_X, y1)
            edges.append(
                Edge(":".join(source), ":".join(m), data["relation"], bool(data.get("painful")), path)
            )
        groups.append(MuscleGroup(node(m, muscle_x), tuple(edges)))
    return AreaGraph(
        area=links.area(kb, area_id),
        anchor=links.anchor("area", area_id),
        width=WIDTH,
        height=round(TOP + span + 12),
        columns=(REGION_X, muscle_x, MOVEMENT_X),
        regions=tuple(node(n, REGION_X) for n in regions),
        muscles=tuple(groups),
        movements=tuple(node(n, MOVEMENT_X) for n in movements),
    )


def area_graphs(kb: KnowledgeBase) -> tuple[AreaGraph, ...]:
    """A drawing per body area of meta.yaml, head to foot."""
    graph = muscle_graph(kb)
    return tuple(area_graph(kb, graph, a) for a in kb.areas)


STEP_COLUMN, STEP_WIDTH, STEP_LINE, STEP_PAD, STEP_GAP = 270, 226, 17, 12, 22
STEP_WRAP = 28  # characters per line of a step's title


def plan_drawing(kb: KnowledgeBase) -> PlanDrawing:
    """The plan steps' ordering, a column per generation of the reduced DAG."""
    full = plan_graph(kb)
    reduced = nx.transitive_reduction(full)
    layers: list[list[str]] = []
    placed: dict[str, int] = {}  # kind -> its row in its column

    def key(kind: str) -> tuple[float, int, str]:
        before = [placed[p] for p in reduced.predecessors(kind) if p in placed]
        return (sum(before) / len(before) if before else -1, kb.steps[kind].priority, kind)

    for generation in nx.topological_generations(reduced):
        layers.append(sorted(generation, key=key))
        placed |= {k: i for i, k in enumerate(layers[-1])}
    boxes: dict[str, StepNode] = {}
    heights = {
        k: STEP_PAD * 2 + STEP_LINE * len(textwrap.wrap(kb.steps[k].title, STEP_WRAP)) for k in kb.steps
    }
    tallest = max(sum(heights[k] + STEP_GAP for k in layer) for layer in layers)
    for col, layer in enumerate(layers):
        y = 10 + (tallest - sum(heights[k] + STEP_GAP for k in layer)) / 2
        for kind in layer:
            boxes[kind] = StepNode(
                kind,
                links.step(kb, kind).href or "",
                tuple(textwrap.wrap(kb.steps[kind].title, STEP_WRAP)),
                10 + col * STEP_COLUMN,
                round(y, 1),
                STEP_WIDTH,
                heights[kind],
            )
            y += heights[kind] + STEP_GAP
    edges = []
    for a, b in sorted(
        reduced.edges(), key=lambda e: (list(kb.steps).index(e[0]), list(kb.steps).index(e[1]))
    ):
        s, t = boxes[a], boxes[b]
        path = _curve(s.x + s.width, s.y + s.height / 2, t.x - 6, t.y + t.height / 2)
        edges.append(StepEdge(a, b, path))
    return PlanDrawing(
        width=20 + len(layers) * STEP_COLUMN - (STEP_COLUMN - STEP_WIDTH),
        height=round(tallest + 10),
        nodes=tuple(boxes[k] for k in kb.steps),
        edges=tuple(edges),
        implied=full.number_of_edges() - reduced.number_of_edges(),
    )
