"""The body figures' view model (reports/figure_view.py) and the figures on the HTML plan."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from test_html_golden import CASES

from regain.knowledge import KnowledgeBase
from regain.reports.figure_view import (
    BOX_H,
    FigureView,
    body_map_figure,
    muscle_figure,
    needed_views,
    persons_side,
)
from regain.reports.html import render_html

SIDES = ("right", "left", "both", None)


def _marks(f: FigureView) -> list[tuple[str, float, float]]:
    return [(m.view, m.x, m.y) for p in f.panels for m in p.marks]


def _zones(f: FigureView, kind: str) -> list[tuple[str, float, float, float]]:
    return [(z.view, z.x, z.y, z.r) for p in f.panels for z in p.zones if z.kind == kind]


def _inside(p: Any, x: float, y: float) -> bool:
    x0, y0, w, h = p.crop
    return x0 <= x <= x0 + w and y0 <= y <= y0 + h


@pytest.mark.parametrize("side", SIDES)
def test_every_muscle_has_a_mark_and_a_main_zone_in_view(kb: KnowledgeBase, side: str | None) -> None:
    for mid, muscle in kb.muscles.items():
        f = muscle_figure(kb, mid, side)
        assert len(_marks(f)) == len(muscle.trigger_points) >= 1, mid
        assert _zones(f, "primary"), mid
        for p in f.panels:
            assert p.marks or p.zones, f"{mid}: an empty {p.view} view"
            for m in p.marks:
                assert _inside(p, m.x, m.y), f"{mid}: its X at ({m.x}, {m.y}) is cropped away"
            for z in p.zones:
                assert _inside(p, z.x, z.y), f"{mid}: the zone at ({z.x}, {z.y}) is cropped away"


def test_right_side_draws_the_knowledge_base_points(kb: KnowledgeBase) -> None:
    m = kb.muscles["infraspinatus"]
    expected = [(p.view, p.x, p.y) for p in m.trigger_points]
    for side in ("right", "both", None):
        assert _marks(muscle_figure(kb, "infraspinatus", side)) == expected


def test_left_side_mirrors_the_points_and_takes_the_left_zones(kb: KnowledgeBase) -> None:
    right = muscle_figure(kb, "infraspinatus", "right")
    left = muscle_figure(kb, "infraspinatus", "left")
    assert _marks(left) == [(v, 200 - x, y) for v, x, y in _marks(right)]
    for f, side in ((right, "right"), (left, "left")):
        for kind in ("primary", "spillover"):
            sides = {persons_side(v, x) for v, x, _, _ in _zones(f, kind)}
            assert sides <= {side, "middle"} and side in sides, (side, kind)
    assert {persons_side(v, x) for v, x, _ in _marks(left)} == {"left"}


def test_the_caption_says_which_side_is_drawn(kb: KnowledgeBase) -> None:
    words = kb.wording.figures
    assert muscle_figure(kb, "deltoid", "right").caption == words["drawn_right"]
    assert muscle_figure(kb, "deltoid", "left").caption == words["drawn_left"]
    for side in ("both", None):
        assert muscle_figure(kb, "deltoid", side).caption == words["drawn_either"]


def test_primary_and_spillover_zones_are_the_muscles_regions(kb: KnowledgeBase) -> None:
    m = kb.muscles["supraspinatus"]
    f = muscle_figure(kb, "supraspinatus", "right")
    views = [p.view for p in f.panels]
    for kind, regions in (("primary", m.refers_to.primary), ("spillover", m.refers_to.spillover)):
        expected = {
            (p.view, p.x, p.y, p.r)
            for r in regions
            for p in kb.regions[r].map
            if p.view in views and persons_side(p.view, p.x) != "left"
        }
        assert set(_zones(f, kind)) == expected, kind
    assert not set(_zones(f, "primary")) & set(_zones(f, "spillover"))
    # A muscle without spillover regions has no spillover zone.
    assert not kb.muscles["popliteus"].refers_to.spillover
    assert _zones(muscle_figure(kb, "popliteus", "right"), "spillover") == []


def test_only_the_views_a_muscle_needs(kb: KnowledgeBase) -> None:
    # Supraspinatus: trigger points behind, and every zone can be seen from behind.
    assert [p.view for p in muscle_figure(kb, "supraspinatus", "right").panels] == ["back"]
    # Infraspinatus: trigger points behind, but the front of the shoulder only from the front.
    assert [p.view for p in muscle_figure(kb, "infraspinatus", "right").panels] == ["front", "back"]
    assert needed_views([], []) == ["front", "back"]


def test_a_shoulder_muscle_is_zoomed_to_the_shoulder(kb: KnowledgeBase) -> None:
    f = muscle_figure(kb, "teres_minor", "right")
    [panel] = f.panels
    x0, y0, w, h = panel.crop
    assert h < BOX_H / 2 and y0 < 112 < y0 + h and x0 < 136 < x0 + w < 200
    # Zoomed, the X keeps its size on the screen: it is sized in map units per pixel.
    whole = muscle_figure(kb, "gluteus_minimus", "right")
    assert whole.panels[0].crop[3] > h
    assert whole.panels[0].marks[0].size > panel.marks[0].size


def test_the_x_is_drawn_across_its_point(kb: KnowledgeBase) -> None:
    f = muscle_figure(kb, "teres_minor", "right")
    m = f.panels[0].marks[0]
    s = m.size
    assert (
        m.path
        == f"M{m.x - s:g} {m.y - s:g}L{m.x + s:g} {m.y + s:g}M{m.x + s:g} {m.y - s:g}L{m.x - s:g} {m.y + s:g}"
    )


def test_body_map_shades_pain_and_referral_on_the_persons_side(kb: KnowledgeBase) -> None:
    pain, referral = ["shoulder_side", "upper_arm_side"], {"chest": ["Pectoralis major"]}
    f = body_map_figure(kb, pain, referral, "right")
    assert {persons_side(v, x) for v, x, _, _ in _zones(f, "pain")} == {"right"}
    assert {persons_side(v, x) for v, x, _, _ in _zones(f, "referral")} == {"right"}
    assert _zones(f, "pain") and all(r > 5 for *_, r in _zones(f, "pain"))  # patches, not dots
    both = body_map_figure(kb, pain, referral, "both")
    assert {persons_side(v, x) for v, x, _, _ in _zones(both, "pain")} == {"right", "left"}
    assert f.caption == kb.wording.figures["only_right"]
    assert both.caption == kb.wording.figures["both_sides"]
    assert "Outside of the shoulder" in f.description and "Chest" in f.description
    labels = {z.label for p in f.panels for z in p.zones}
    assert kb.wording.figures["referral_label"].format(region="Chest", muscles="Pectoralis major") in labels
    # A chest and shoulder map is cropped above the legs; a map of nothing shows the whole body.
    assert f.panels[0].crop[3] < BOX_H
    empty = body_map_figure(kb, [], {}, None)
    assert [p.view for p in empty.panels] == ["front", "back"] and empty.panels[0].crop[3] == BOX_H
    assert kb.wording.figures["map_no_pain"] in empty.description


class _Figures(HTMLParser):
    """Each <svg role="img"> of the page: its title, desc and how many X marks and shaded regions it has."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: list[dict[str, Any]] = []
        self._in: str | None = None
        self._depth = 0  # of <svg> elements inside the current figure

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "svg" and (self._depth or a.get("role") == "img"):
            if not self._depth:
                self.figures.append({"title": "", "desc": "", "marks": 0, "zones": 0})
            self._depth += 1
        elif not self._depth:
            return
        elif tag in ("title", "desc") and not self.figures[-1][tag]:
            self._in = tag
        elif tag == "path" and a.get("class") == "tp":
            self.figures[-1]["marks"] += 1
        elif tag == "path" and a.get("class") == "zone":
            self.figures[-1]["zones"] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg" and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in:
            self.figures[-1][self._in] += data
            self._in = None


def test_every_muscle_card_of_the_page_has_its_figure(assess: Any, kb: KnowledgeBase) -> None:
    a = assess(CASES["shoulder"])
    parser = _Figures()
    parser.feed(render_html(a, kb))
    body_map, *cards = parser.figures
    assert (
        body_map["title"] == kb.wording.figures["map_title"] and body_map["zones"] and not body_map["marks"]
    )
    assert len(cards) == min(len(a.muscles), 6)
    for card, finding in zip(cards, a.muscles, strict=False):
        name = kb.muscles[finding.id].name
        assert card["title"].startswith(name)
        assert card["marks"] >= 1 and card["zones"] >= 1
        muscle = kb.muscles[finding.id]
        assert muscle.self_massage.where[1:40] in card["desc"]  # where the trigger points lie, in words
        assert kb.regions[muscle.refers_to.primary[0]].name.lower() in card["desc"]


def test_emergency_page_has_no_figures(assess: Any, kb: KnowledgeBase) -> None:
    html = render_html(assess(CASES["emergency"]), kb)
    assert 'role="img"' not in html and "body-outline" not in html
