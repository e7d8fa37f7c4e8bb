"""Where each entity of the knowledge atlas lives, and links to it.

The atlas (``regain kb site``) is one flat folder: a page per muscle,
movement, region, red flag, combination and exercise, named
``<kind>-<id>.html`` (knowledge-base ids are lower-case words joined by
``_``, so they are safe file names), and a few shared pages. Evidence rules,
plan rules, possible other causes and ``involves`` tags live on the rules
page, plan steps on the steps page, each under an ``id`` of its own. Every
link is relative, so the folder works opened from disk and when served.
"""

from __future__ import annotations

from dataclasses import dataclass

from regain.knowledge import KnowledgeBase

INDEX = "index.html"
GRAPH = "graph.html"
RULES = "rules.html"
STEPS = "steps.html"
SOURCES = "sources.html"
STYLESHEET = "atlas.css"
SEARCH_SCRIPT = "search.js"  # the index's search: a file, never an inline script

#: The kinds of entity that get a page of their own, in the order the index lists them.
PAGE_KINDS = ("muscle", "movement", "region", "red_flag", "combination", "exercise")


@dataclass(frozen=True, slots=True)
class Link:
    """A named entity and where its page (or its place on a page) is; ``href`` ``None``: none."""

    id: str
    name: str
    href: str | None


def page_name(kind: str, entity_id: str) -> str:
    """The file name of an entity's page: ``muscle-upper_trapezius.html``."""
    return f"{kind.replace('_', '-')}-{entity_id}.html"


def anchor(kind: str, entity_id: str) -> str:
    """The ``id`` of an entry on a shared page: ``evidence-referred_pain``."""
    return f"{kind.replace('_', '-')}-{entity_id}"


def muscle(kb: KnowledgeBase, muscle_id: str) -> Link:
    """A muscle of muscles.yaml (with a page), or one that only exercises train (without)."""
    if muscle_id in kb.muscles:
        return Link(muscle_id, kb.muscles[muscle_id].name, page_name("muscle", muscle_id))
    return Link(muscle_id, kb.muscle_name(muscle_id), None)


def movement(kb: KnowledgeBase, movement_id: str) -> Link:
    return Link(movement_id, kb.movements[movement_id].name, page_name("movement", movement_id))


def region(kb: KnowledgeBase, region_id: str) -> Link:
    return Link(region_id, kb.regions[region_id].name, page_name("region", region_id))


def red_flag(kb: KnowledgeBase, flag_id: str) -> Link:
    return Link(flag_id, kb.red_flags[flag_id].sign, page_name("red_flag", flag_id))


def combination(kb: KnowledgeBase, combination_id: str) -> Link:
    return Link(
        combination_id, kb.combinations[combination_id].name, page_name("combination", combination_id)
    )


def exercise(kb: KnowledgeBase, exercise_id: str) -> Link:
    return Link(exercise_id, kb.exercises[exercise_id].name, page_name("exercise", exercise_id))


def step(kb: KnowledgeBase, kind: str) -> Link:
    return Link(kind, kb.steps[kind].title, f"{STEPS}#{anchor('step', kind)}")


def evidence(kb: KnowledgeBase, rule_id: str) -> Link:
    return Link(rule_id, kb.inference.evidence[rule_id].text, f"{RULES}#{anchor('evidence', rule_id)}")


def plan_rule(kb: KnowledgeBase, rule_id: str) -> Link:
    return Link(rule_id, kb.inference.plan_rules[rule_id].text, f"{RULES}#{anchor('plan_rule', rule_id)}")


def conclusion(kb: KnowledgeBase, conclusion_id: str) -> Link:
    """One of the two causes, active trigger points, or a possible other cause."""
    if conclusion_id in kb.other_causes:
        name = kb.other_causes[conclusion_id].name
    else:
        name = kb.wording.causes[conclusion_id].name
    return Link(conclusion_id, name, f"{RULES}#{anchor('conclusion', conclusion_id)}")


def involves(kb: KnowledgeBase, tag: str) -> Link:
    return Link(tag, kb.involves[tag].text, f"{RULES}#{anchor('involves', tag)}")


def area(kb: KnowledgeBase, area_id: str) -> Link:
    """A body area: its part of the graph page."""
    return Link(area_id, kb.areas[area_id], f"{GRAPH}#{anchor('area', area_id)}")
