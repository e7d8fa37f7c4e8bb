"""The knowledge atlas (``regain kb site DIR``): every page rendered, then written into one folder.

:func:`render_site` builds each page's view model (:mod:`.atlas_view`,
:mod:`.atlas_safety_view`, :mod:`.atlas_rules_view`, :mod:`.atlas_steps_view`,
:mod:`.atlas_index`, :mod:`.atlas_graph`) and
renders it with its template in ``templates/atlas/``: a file name -> text
mapping, the same bytes for the same knowledge base. :func:`write_site`
writes it through :mod:`.atlas_folder`, which refuses a folder holding
anything the atlas did not write; :func:`site_files` gives each file as a
function that renders it, so ``regain serve`` renders only the page asked for.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from regain.knowledge import KnowledgeBase
from regain.knowledge.graphs import muscle_graph

from . import atlas_links as links
from .atlas_folder import prepare, write_files
from .atlas_graph import area_graphs, plan_drawing
from .atlas_index import index_page, sources_page
from .atlas_rules_view import rules_page
from .atlas_safety_view import combination_page, red_flag_page
from .atlas_steps_view import step_views
from .atlas_view import exercise_page, movement_page, muscle_page, region_page
from .environment import template


@dataclass(frozen=True, slots=True)
class Site:
    """What every page's layout shows: the knowledge base's version and where the page belongs."""

    version: str
    section: str  # index | graph | rules | steps | sources | an entity kind


@dataclass(frozen=True, slots=True)
class GraphPage:
    areas: tuple[Any, ...]
    plan: Any


def site_files(kb: KnowledgeBase) -> dict[str, Callable[[], str]]:
    """Every file of the atlas by name, each rendered when called (``regain serve`` renders one a request)."""
    graph = functools.cache(lambda: muscle_graph(kb))

    def page(name: str, section: str, view: Callable[[], Any]) -> Callable[[], str]:
        return lambda: template(f"atlas/{name}.html", kb.language).render(
            p=view(), site=Site(kb.version, section)
        )

    files = {
        links.INDEX: page("index", "index", lambda: index_page(kb)),
        links.GRAPH: page("graph", "graph", lambda: GraphPage(area_graphs(kb), plan_drawing(kb))),
        links.RULES: page("rules", "rules", lambda: rules_page(kb)),
        links.STEPS: page("steps", "steps", lambda: step_views(kb)),
        links.SOURCES: page("sources", "sources", lambda: sources_page(kb)),
    }
    pages: dict[str, tuple[Any, Callable[[str], Any]]] = {
        "muscle": (kb.muscles, lambda i: muscle_page(kb, i, graph())),
        "movement": (kb.movements, lambda i: movement_page(kb, i)),
        "region": (kb.regions, lambda i: region_page(kb, i)),
        "red_flag": (kb.red_flags, lambda i: red_flag_page(kb, i)),
        "combination": (kb.combinations, lambda i: combination_page(kb, i)),
        "exercise": (kb.exercises, lambda i: exercise_page(kb, i)),
    }
    for kind in links.PAGE_KINDS:
        entities, build = pages[kind]
        for entity_id in entities:
            files[links.page_name(kind, entity_id)] = page(kind, kind, functools.partial(build, entity_id))
    files[links.STYLESHEET] = lambda: template("atlas/atlas.css").render()
    files[links.SEARCH_SCRIPT] = lambda: template("atlas/search.js").render()
    return files


def render_site(kb: KnowledgeBase) -> dict[str, str]:
    """Every file of the atlas, by name: the pages, then the shared stylesheet and search script."""
    return {name: render() for name, render in site_files(kb).items()}


def write_site(kb: KnowledgeBase, folder: str | Path) -> int:
    """Render the atlas and write it into ``folder``; return how many files were written.

    Raises :class:`~regain.reports.atlas_folder.FolderRefused` (before writing
    anything) for a folder that is not one or holds files the atlas did not
    write, and :class:`OSError` when writing fails.
    """
    prepared = prepare(Path(folder))
    return write_files(prepared, render_site(kb))
