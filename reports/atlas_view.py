"""The atlas pages about the body: a muscle, a movement, a pain region, an exercise.

Plain dataclasses built from the knowledge base, with every cross-reference
resolved into a :class:`~regain.reports.atlas_links.Link` both ways (a muscle
names its referral regions; a region names the muscles that refer there).
Instruction texts are ``(field, text)`` pairs (``tool``, ``how``,
``position``...): the templates hold the labels. Nothing here is worded: the
clinical texts come from the data files, the words around them from
``templates/atlas/``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from regain.knowledge import KnowledgeBase
from regain.knowledge.graphs import muscle_graph
from regain.knowledge.models import MapPoint

from . import atlas_links as links
from .atlas_links import Link
from .atlas_reads import rules_reading
from .figure_view import FigureView, muscle_figure

#: The target sources of plan steps that take their targets from the ranked muscles.
MUSCLE_TARGETS = ("trigger_point_muscles", "shortened_muscles", "candidate_muscles")
#: The ranking relations in the order a muscle page lists them.
RELATIONS = ("primary_referral", "spillover_referral", "restricts", "painful", "compensating")


@dataclass(frozen=True, slots=True)
class Instruction:
    """A self-massage method, stretch or exercise: its texts by field, and what it involves."""

    lines: tuple[tuple[str, str], ...]  # (label, text), labels from wording.yaml
    involves: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class Spot:
    """A point on the body map: a trigger point (``r`` ``None``) or a region's patch."""

    view: str
    x: float
    y: float
    r: float | None = None
    #: for a trigger point: the region whose patch on the map is nearest
    near: Link | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    """One edge the muscle ranking walks: its relation, its weight and the other end."""

    relation: str
    weight: float
    target: Link


@dataclass(frozen=True, slots=True)
class StepUse:
    """A plan step that may take this muscle as a target, and from which ranking."""

    step: Link
    targets: str
    #: ranked for shortening, yet limits no movement: only a fallback target
    restricts_nothing: bool


@dataclass(frozen=True, slots=True)
class Compensating:
    movement: Link
    how: str


@dataclass(frozen=True, slots=True)
class MusclePage:
    id: str
    name: str
    area: Link
    #: its picture (reports/figure_view.py), drawn on the right side as the data holds it
    figure: FigureView
    trigger_points: tuple[Spot, ...]
    primary: tuple[Link, ...]
    spillover: tuple[Link, ...]
    restricts: tuple[Link, ...]
    painful: tuple[Link, ...]
    compensates: tuple[Compensating, ...]
    massage_where: str
    pressure_max: int | None
    methods: tuple[Instruction, ...]
    stretches: tuple[Instruction, ...]
    trained_by: tuple[Link, ...]
    relations: tuple[Relation, ...]
    steps: tuple[StepUse, ...]
    source: str


@dataclass(frozen=True, slots=True)
class ExerciseText:
    """An exercise as a movement page shows it: its link, texts and what it trains."""

    link: Link
    kind: str
    text: Instruction
    trains: tuple[Link, ...]
    trains_label: str


@dataclass(frozen=True, slots=True)
class ExerciseUse:
    movement: Link
    role: str  # full_range | strengthen
    position: int  # 1: the usual one; later ones are alternatives


@dataclass(frozen=True, slots=True)
class ExercisePage:
    id: str
    name: str
    exercise: ExerciseText
    used_by: tuple[ExerciseUse, ...]
    source: str


@dataclass(frozen=True, slots=True)
class RuleRef:
    """An evidence rule as another page cites it."""

    rule: Link
    cf: float
    conclusion: Link


@dataclass(frozen=True, slots=True)
class MovementPage:
    id: str
    name: str
    joint: str
    plane: str
    area: Link
    normal_range_deg: int
    min_deficit_deg: int | None
    deficit_percent: int  # the default: restricted below this percentage of normal
    how_to_test: str
    full_range: tuple[ExerciseText, ...]
    strengthen: tuple[ExerciseText, ...]
    limited_by: tuple[Link, ...]
    painful_with: tuple[Link, ...]
    compensation_how: str | None
    compensation: tuple[Link, ...]
    rules: tuple[RuleRef, ...]
    other_causes: tuple[Link, ...]
    source: str


@dataclass(frozen=True, slots=True)
class RegionPage:
    id: str
    name: str
    area: Link
    map: tuple[Spot, ...]
    primary: tuple[Link, ...]
    spillover: tuple[Link, ...]
    rules: tuple[RuleRef, ...]
    source: str


def _involves(kb: KnowledgeBase, tags: tuple[str, ...]) -> tuple[Link, ...]:
    return tuple(links.involves(kb, t) for t in tags)


def _nearest_region(kb: KnowledgeBase, point: MapPoint) -> Link | None:
    """The region whose patch on the same view lies nearest the point (in patch radii)."""
    best: tuple[float, str] | None = None
    for rid, reg in kb.regions.items():
        for p in reg.map:
            if p.view != point.view:
                continue
            dist = ((p.x - point.x) ** 2 + (p.y - point.y) ** 2) ** 0.5 / (p.r or 1)
            if best is None or dist < best[0]:
                best = (dist, rid)
    return None if best is None else links.region(kb, best[1])


def rule_refs(kb: KnowledgeBase, kind: str, entity_id: str) -> tuple[RuleRef, ...]:
    """The evidence rules that need ``entity_id`` in a case, in inference.yaml's order."""
    names = set(rules_reading(kind, entity_id))
    return tuple(
        RuleRef(links.evidence(kb, rid), rule.cf, links.conclusion(kb, rule.conclusion))
        for rid, rule in kb.inference.evidence.items()
        if rid in names
    )


def _relations(kb: KnowledgeBase, muscle_id: str, graph: nx.DiGraph) -> tuple[Relation, ...]:
    """The edges into the muscle on the knowledge graph, as the ranking weighs them."""
    weights = kb.inference.muscle_ranking
    found: list[tuple[int, int, Relation]] = []
    order = {("region", r): i for i, r in enumerate(kb.regions)} | {
        ("movement", m): i for i, m in enumerate(kb.movements)
    }
    for source, _, data in graph.in_edges(("muscle", muscle_id), data=True):
        kind, other = source
        target = links.region(kb, other) if kind == "region" else links.movement(kb, other)
        if data["relation"] != "painful":
            found.append(
                (
                    RELATIONS.index(data["relation"]),
                    order[source],
                    Relation(data["relation"], data["weight"], target),
                )
            )
        if data.get("painful"):
            found.append(
                (
                    RELATIONS.index("painful"),
                    order[source],
                    Relation("painful", weights.painful_movement, target),
                )
            )
    for mv_id, mv in kb.movements.items():
        if mv.compensation is not None and muscle_id in mv.compensation.muscles:
            rel = Relation("compensating", weights.compensating, links.movement(kb, mv_id))
            found.append((RELATIONS.index("compensating"), order[("movement", mv_id)], rel))
    return tuple(r for _, _, r in sorted(found, key=lambda t: (t[0], t[1])))


#: The instruction fields whose label in wording.yaml goes by another key.
_LABEL_KEY = {"tool": "with", "progression": "harder"}


def _labelled(kb: KnowledgeBase, lines: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """An instruction's texts with the labels the plan gives them (wording.yaml instruction_labels)."""
    labels = kb.wording.instruction_labels
    return tuple((labels[_LABEL_KEY.get(key, key)], text) for key, text in lines)


def muscle_page(kb: KnowledgeBase, muscle_id: str, graph: nx.DiGraph | None = None) -> MusclePage:
    """A muscle's page; ``graph`` is :func:`muscle_graph` of ``kb``, made once for many pages."""
    m = kb.muscles[muscle_id]
    methods = tuple(
        Instruction(_labelled(kb, (("tool", x.tool), ("how", x.how))), _involves(kb, x.involves))
        for x in m.self_massage.methods
    )
    stretches = tuple(
        Instruction(
            _labelled(
                kb,
                (
                    ("position", s.position),
                    ("how", s.how),
                    *((("how_far", s.how_far),) if s.how_far else ()),
                    ("feel", s.feel),
                    ("stop_if", s.stop_if),
                ),
            ),
            _involves(kb, s.involves),
        )
        for s in m.stretches
    )
    return MusclePage(
        id=muscle_id,
        name=m.name,
        area=links.area(kb, m.area),
        figure=muscle_figure(kb, muscle_id, None),
        trigger_points=tuple(Spot(p.view, p.x, p.y, near=_nearest_region(kb, p)) for p in m.trigger_points),
        primary=tuple(links.region(kb, r) for r in m.refers_to.primary),
        spillover=tuple(links.region(kb, r) for r in m.refers_to.spillover),
        restricts=tuple(links.movement(kb, mv) for mv in m.restricts),
        painful=tuple(links.movement(kb, mv) for mv in m.painful_movements),
        compensates=tuple(
            Compensating(links.movement(kb, mv_id), mv.compensation.how)
            for mv_id, mv in kb.movements.items()
            if mv.compensation is not None and muscle_id in mv.compensation.muscles
        ),
        massage_where=m.self_massage.where,
        pressure_max=m.self_massage.pressure_max,
        methods=methods,
        stretches=stretches,
        trained_by=tuple(links.exercise(kb, e) for e, ex in kb.exercises.items() if muscle_id in ex.trains),
        relations=_relations(kb, muscle_id, muscle_graph(kb) if graph is None else graph),
        steps=tuple(
            StepUse(
                links.step(kb, kind), tmpl.targets, tmpl.targets == "shortened_muscles" and not m.restricts
            )
            for kind, tmpl in kb.steps.items()
            if tmpl.targets in MUSCLE_TARGETS
        ),
        source=m.source,
    )


def exercise_text(kb: KnowledgeBase, exercise_id: str) -> ExerciseText:
    ex = kb.exercises[exercise_id]
    lines = [("position", ex.position), ("how", ex.how)]
    if ex.how_far:
        lines.append(("how_far", ex.how_far))
    lines += [("feel", ex.feel), ("stop_if", ex.stop_if)]
    if ex.progression:
        lines.append(("progression", ex.progression))
    return ExerciseText(
        links.exercise(kb, exercise_id),
        ex.kind,
        Instruction(_labelled(kb, lines), _involves(kb, ex.involves)),
        tuple(links.muscle(kb, t) for t in ex.trains),
        kb.wording.instruction_labels["trains"],
    )


def exercise_page(kb: KnowledgeBase, exercise_id: str) -> ExercisePage:
    used_by = []
    for mv_id, mv in kb.movements.items():
        for role, ids in (("full_range", mv.full_range), ("strengthen", mv.strengthen)):
            if exercise_id in ids:
                used_by.append(ExerciseUse(links.movement(kb, mv_id), role, ids.index(exercise_id) + 1))
    ex = kb.exercises[exercise_id]
    return ExercisePage(exercise_id, ex.name, exercise_text(kb, exercise_id), tuple(used_by), ex.source)


def movement_page(kb: KnowledgeBase, movement_id: str) -> MovementPage:
    mv = kb.movements[movement_id]
    rules = rule_refs(kb, "movement", movement_id)
    causes = [r.conclusion for r in rules if r.conclusion.id in kb.other_causes]
    comp = mv.compensation
    return MovementPage(
        id=movement_id,
        name=mv.name,
        joint=mv.joint,
        plane=mv.plane,
        area=links.area(kb, mv.area),
        normal_range_deg=mv.normal_range_deg,
        min_deficit_deg=mv.min_deficit_deg,
        deficit_percent=round(kb.inference.range_deficit_ratio * 100),
        how_to_test=mv.how_to_test,
        full_range=tuple(exercise_text(kb, e) for e in mv.full_range),
        strengthen=tuple(exercise_text(kb, e) for e in mv.strengthen),
        limited_by=tuple(links.muscle(kb, m) for m, x in kb.muscles.items() if movement_id in x.restricts),
        painful_with=tuple(
            links.muscle(kb, m) for m, x in kb.muscles.items() if movement_id in x.painful_movements
        ),
        compensation_how=comp.how if comp else None,
        compensation=tuple(links.muscle(kb, m) for m in comp.muscles) if comp else (),
        rules=rules,
        other_causes=tuple({c.id: c for c in causes}.values()),
        source=kb.sources["movements.yaml"],
    )


def region_page(kb: KnowledgeBase, region_id: str) -> RegionPage:
    reg = kb.regions[region_id]
    return RegionPage(
        id=region_id,
        name=reg.name,
        area=links.area(kb, reg.area),
        map=tuple(Spot(p.view, p.x, p.y, p.r) for p in reg.map),
        primary=tuple(links.muscle(kb, m) for m, x in kb.muscles.items() if region_id in x.refers_to.primary),
        spillover=tuple(
            links.muscle(kb, m) for m, x in kb.muscles.items() if region_id in x.refers_to.spillover
        ),
        rules=rule_refs(kb, "region", region_id),
        source=kb.sources["regions.yaml"],
    )
