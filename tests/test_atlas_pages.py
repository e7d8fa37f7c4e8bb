"""What the atlas's pages say, checked against the knowledge base, each with a near miss.

A muscle page lists exactly its primary and spillover regions, a region page
exactly the muscles that refer there; a movement page the rules that need
it; a red flag its combinations; the graph page a node per muscle, region and
movement and an edge per edge of the networkx graph, and the plan steps'
ordering with the same closure as ``plan_graph``.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from pathlib import Path

import networkx as nx
import pytest
from test_atlas_links import ParsedPage, parse_site

from regain.knowledge import KnowledgeBase
from regain.knowledge.graphs import muscle_graph, plan_graph
from regain.reports.atlas_graph import area_graphs
from regain.reports.atlas_links import page_name
from regain.reports.atlas_site import write_site
from regain.reports.atlas_view import movement_page


@pytest.fixture(scope="module")
def pages(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> dict[str, ParsedPage]:
    folder = tmp_path_factory.mktemp("atlas") / "site"
    write_site(kb, folder)
    return parse_site(Path(folder))


def _regions(kb: KnowledgeBase, ids: tuple[str, ...] | list[str]) -> list[str]:
    return [page_name("region", r) for r in ids]


def _muscles(kb: KnowledgeBase, ids: list[str]) -> list[str]:
    return [page_name("muscle", m) for m in ids]


def test_a_muscle_page_lists_exactly_its_primary_and_spillover_regions(
    kb: KnowledgeBase, pages: dict[str, ParsedPage]
) -> None:
    for mid, m in kb.muscles.items():
        page = pages[page_name("muscle", mid)]
        assert page.inside["primary-zone"] == _regions(kb, m.refers_to.primary), mid
        assert page.inside.get("spillover-zone", []) == _regions(kb, m.refers_to.spillover), mid


def test_near_miss_a_spillover_region_is_not_listed_as_primary(
    kb: KnowledgeBase, pages: dict[str, ParsedPage]
) -> None:
    # Upper trapezius refers to the temple (primary) and the jaw (spillover only).
    page = pages[page_name("muscle", "upper_trapezius")]
    assert "jaw" in kb.muscles["upper_trapezius"].refers_to.spillover
    assert page_name("region", "jaw") in page.inside["spillover-zone"]
    assert page_name("region", "jaw") not in page.inside["primary-zone"]
    region = pages[page_name("region", "jaw")]
    assert page_name("muscle", "upper_trapezius") in region.inside["spillover"]
    assert page_name("muscle", "upper_trapezius") not in region.inside["primary"]


def test_a_region_page_lists_exactly_the_muscles_that_refer_there(
    kb: KnowledgeBase, pages: dict[str, ParsedPage]
) -> None:
    for rid in kb.regions:
        page = pages[page_name("region", rid)]
        primary = [m for m, x in kb.muscles.items() if rid in x.refers_to.primary]
        spillover = [m for m, x in kb.muscles.items() if rid in x.refers_to.spillover]
        assert page.inside.get("primary", []) == _muscles(kb, primary), rid
        assert page.inside.get("spillover", []) == _muscles(kb, spillover), rid


def test_links_go_both_ways(kb: KnowledgeBase, pages: dict[str, ParsedPage]) -> None:
    """A muscle links to its regions and movements, and each of those links back to it."""
    sections = {
        "muscle-": ("primary-zone", "spillover-zone", "movements"),
        "region-": ("muscles",),
        "movement-": ("muscles",),
    }
    checked = 0
    for name, page in pages.items():
        kind = next((k for k in sections if name.startswith(k)), None)
        if kind is None:
            continue
        for section in sections[kind]:
            for ref in page.inside.get(section, []):
                if ref.startswith(tuple(sections)) and not ref.startswith(kind):
                    back = pages[ref]
                    assert name in [
                        r for s in sections[ref.split("-")[0] + "-"] for r in back.inside.get(s, [])
                    ], f"{name} -> {ref}, but not back"
                    checked += 1
    assert checked > 500
    # near miss: a movement's strengthening exercise trains a muscle; that is no link back to the movement
    movement = pages[page_name("movement", "ankle_eversion")]
    assert page_name("muscle", "plantar_foot_muscles") in movement.refs
    assert page_name("muscle", "plantar_foot_muscles") not in movement.inside["muscles"]


def test_a_movement_page_names_the_rules_that_need_it(kb: KnowledgeBase) -> None:
    er = movement_page(kb, "shoulder_external_rotation")
    assert {r.rule.id for r in er.rules} >= {"shoulder_capsular_restriction", "stiff_shoulder_night_pain"}
    assert [c.id for c in er.other_causes] == ["shoulder_capsular_pattern"]
    internal = movement_page(kb, "shoulder_internal_rotation")  # only the third movement of the pattern
    assert [r.rule.id for r in internal.rules] == ["stiff_shoulder_turns_inwards_too"]
    assert movement_page(kb, "neck_rotation").rules == ()  # near miss: no rule needs it


def test_a_red_flag_page_links_its_combinations(kb: KnowledgeBase, pages: dict[str, ParsedPage]) -> None:
    for fid in kb.red_flags:
        combos = [c for c, x in kb.combinations.items() if fid in x.when.flags()]
        page = pages[page_name("red_flag", fid)]
        assert [r for r in page.inside.get("combinations", []) if r.startswith("combination-")] == [
            page_name("combination", c) for c in combos
        ], fid
    # near miss: pregnancy is a caution in no combination
    assert not pages[page_name("red_flag", "pregnancy")].inside.get("combinations")
    assert pages[page_name("red_flag", "osteoporosis")].inside["combinations"]


def test_an_exercise_page_links_the_movements_that_use_it(
    kb: KnowledgeBase, pages: dict[str, ParsedPage]
) -> None:
    for eid in kb.exercises:
        using = [m for m, x in kb.movements.items() if eid in (*x.full_range, *x.strengthen)]
        page = pages[page_name("exercise", eid)]
        assert page.inside.get("used-by", []) == [page_name("movement", m) for m in using], eid


def test_the_graph_has_a_node_per_entity_and_an_edge_per_graph_edge(
    kb: KnowledgeBase, pages: dict[str, ParsedPage]
) -> None:
    page = pages["graph.html"]
    nodes = Counter(page.nodes["graph"])
    assert {n for n in nodes if n.startswith("muscle:")} == {f"muscle:{m}" for m in kb.muscles}
    assert all(nodes[f"muscle:{m}"] == 1 for m in kb.muscles)  # each muscle in one drawing
    assert {n for n in nodes if n.startswith("region:")} == {f"region:{r}" for r in kb.regions}
    assert {n for n in nodes if n.startswith("movement:")} == {f"movement:{m}" for m in kb.movements}
    graph = muscle_graph(kb)
    drawn = Counter(page.edges["graph"])
    assert drawn == Counter((":".join(a), ":".join(b)) for a, b in graph.edges())
    assert max(drawn.values()) == 1
    # near miss: the muscle graph's edges never go from a muscle, and no reversed edge is drawn
    assert not any(a.startswith("muscle:") for a, _ in drawn)


def test_each_drawn_edge_joins_nodes_of_its_own_drawing(kb: KnowledgeBase) -> None:
    for area in area_graphs(kb):
        here = {f"{n.kind}:{n.id}" for n in (*area.regions, *area.movements)} | {
            f"muscle:{g.node.id}" for g in area.muscles
        }
        for g in area.muscles:
            for e in g.edges:
                assert e.from_ in here and e.to == f"muscle:{g.node.id}"
        # no two nodes of a column overlap
        for column in (area.regions, area.movements, [g.node for g in area.muscles]):
            ys = sorted(n.y for n in column)
            assert all(b - a >= 20 for a, b in pairwise(ys)), area.area.id


def test_the_plan_drawing_keeps_the_plan_graphs_order(
    kb: KnowledgeBase, pages: dict[str, ParsedPage]
) -> None:
    page = pages["graph.html"]
    assert sorted(page.nodes["plan-graph"]) == sorted(f"step:{k}" for k in kb.steps)
    drawn = nx.DiGraph(
        [(a.removeprefix("step:"), b.removeprefix("step:")) for a, b in page.edges["plan-graph"]]
    )
    drawn.add_nodes_from(kb.steps)
    full = plan_graph(kb)
    assert set(nx.transitive_closure_dag(drawn).edges()) == set(nx.transitive_closure_dag(full).edges())
    assert set(drawn.edges()) == set(nx.transitive_reduction(full).edges())
    # near miss: an implied edge (a doctor before strengthening) is not drawn, but it still holds
    assert ("medical_consultation", "strengthening") in full.edges()
    assert ("medical_consultation", "strengthening") not in drawn.edges()
