"""The atlas's index and sources pages: what the knowledge base holds, and every source it cites.

The index lists every entity, grouped by kind, each with the text the search
box matches (``search``: its name, id and main texts, lower-cased and with
accents folded, as the inline script folds what is typed). Without
JavaScript the list is all there and every entry is a link. An entry's
detail (an exercise's kind, a rule's weight) is written in the knowledge
base's language, so the search finds it by the words the page shows.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from regain.knowledge import KnowledgeBase
from regain.knowledge.messages import N_, translations

from . import atlas_links as links
from .atlas_links import Link
from .formatting import decimal

#: An exercise's kind as the index shows it beside the exercise (in English, the kind itself).
EXERCISE_KINDS = {"full_range": N_("full_range"), "strengthening": N_("strengthening")}


@dataclass(frozen=True, slots=True)
class Entry:
    """One entity in the index's list."""

    link: Link
    detail: str  # a body area, a tier or an exercise kind; "" for none
    search: str


@dataclass(frozen=True, slots=True)
class Group:
    kind: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class IndexPage:
    version: str
    counts: tuple[tuple[str, int], ...]
    file_sources: tuple[tuple[str, str], ...]
    areas: tuple[Link, ...]
    groups: tuple[Group, ...]
    total: int


@dataclass(frozen=True, slots=True)
class SourceView:
    text: str
    cited_by: tuple[tuple[str, Link], ...]  # (kind, entity)


@dataclass(frozen=True, slots=True)
class SourcesPage:
    file_sources: tuple[tuple[str, str], ...]
    sources: tuple[SourceView, ...]


def fold(text: str) -> str:
    """Lower case without accents, one space between words: what the search compares."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _entry(link: Link, detail: str, *texts: str) -> Entry:
    return Entry(link, detail, fold(" ".join((link.name, link.id, detail, *texts))))


def _groups(kb: KnowledgeBase) -> tuple[Group, ...]:
    area = kb.areas
    tiers = kb.wording.tiers
    gettext = translations(kb.language).gettext
    groups = {
        "muscle": [
            _entry(links.muscle(kb, i), area[m.area], m.self_massage.where) for i, m in kb.muscles.items()
        ],
        "movement": [
            _entry(links.movement(kb, i), area[m.area], m.joint, m.how_to_test)
            for i, m in kb.movements.items()
        ],
        "region": [_entry(links.region(kb, i), area[r.area]) for i, r in kb.regions.items()],
        "red_flag": [
            _entry(links.red_flag(kb, i), tiers.get(f.tier, f.tier), f.advice)
            for i, f in kb.red_flags.items()
        ],
        "combination": [
            _entry(links.combination(kb, i), tiers.get(c.tier, c.tier), c.advice)
            for i, c in kb.combinations.items()
        ],
        "exercise": [
            _entry(
                links.exercise(kb, i),
                gettext(EXERCISE_KINDS[e.kind]),
                e.position,
                e.how,
                *(kb.muscle_name(t) for t in e.trains),
            )
            for i, e in kb.exercises.items()
        ],
        "conclusion": [_entry(links.conclusion(kb, i), "", c.summary) for i, c in kb.wording.causes.items()]
        + [_entry(links.conclusion(kb, i), "", c.summary, c.think_of) for i, c in kb.other_causes.items()],
        "evidence": [
            _entry(links.evidence(kb, i), decimal(r.cf, kb.language, with_sign=True), r.conclusion, *r.reads)
            for i, r in kb.inference.evidence.items()
        ],
        "plan_rule": [
            _entry(links.plan_rule(kb, i), "", *r.steps) for i, r in kb.inference.plan_rules.items()
        ],
        "step": [_entry(links.step(kb, i), "", s.today or "", s.why) for i, s in kb.steps.items()],
        "involves": [_entry(links.involves(kb, i), "", t.warning or "") for i, t in kb.involves.items()],
    }
    return tuple(Group(kind, tuple(entries)) for kind, entries in groups.items())


def _in_sentence(kb: KnowledgeBase, link: Link) -> Link:
    """The link with its name as written inside a sentence ("by body area: neck, ...")."""
    return Link(link.id, kb.wording.grammar.in_sentence(link.name), link.href)


def index_page(kb: KnowledgeBase) -> IndexPage:
    groups = _groups(kb)
    return IndexPage(
        version=kb.version,
        counts=(*((g.kind, len(g.entries)) for g in groups), ("question", len(kb.questions))),
        file_sources=tuple(kb.sources.items()),
        areas=tuple(_in_sentence(kb, links.area(kb, a)) for a in kb.areas),
        groups=groups,
        total=sum(len(g.entries) for g in groups),
    )


def sources_page(kb: KnowledgeBase) -> SourcesPage:
    """Every distinct source an entry names, alphabetically, with the entries that cite it."""
    cited: dict[str, list[tuple[str, Link]]] = {}

    def cite(source: str, kind: str, link: Link) -> None:
        cited.setdefault(source.strip(), []).append((kind, link))

    for i, m in kb.muscles.items():
        cite(m.source, "muscle", links.muscle(kb, i))
    for i, e in kb.exercises.items():
        cite(e.source, "exercise", links.exercise(kb, i))
    for i, f in kb.red_flags.items():
        cite(f.source, "red_flag", links.red_flag(kb, i))
    for i, c in kb.combinations.items():
        cite(c.source, "combination", links.combination(kb, i))
    for i, o in kb.other_causes.items():
        cite(o.source, "conclusion", links.conclusion(kb, i))
    for i, r in kb.inference.evidence.items():
        cite(r.source, "evidence", links.evidence(kb, i))
    for i, p in kb.inference.plan_rules.items():
        cite(p.source, "plan_rule", links.plan_rule(kb, i))
    for i, control in kb.inference.control_rules.items():
        link = links.Link(i, control.text, f"{links.RULES}#{links.anchor('control_rule', i)}")
        cite(control.source, "control_rule", link)
    return SourcesPage(
        file_sources=tuple(kb.sources.items()),
        sources=tuple(
            SourceView(text, tuple(by)) for text, by in sorted(cited.items(), key=lambda t: fold(t[0]))
        ),
    )
