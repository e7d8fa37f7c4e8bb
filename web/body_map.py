"""The clickable body map on the page that asks where the pain is: what it shows, as plain data.

The map is a progressive enhancement of the checkboxes grouped by body area:
the page carries it hidden, and ``static/bodymap.js`` shows it and ties each
region's patch to that region's checkbox; a tap that just misses a patch
(the eye's or a thumb's is small on a phone) goes to the nearest place. The drawing is the report's body
figure (``reports/figure_view.py``, the outline of ``_partials/figures.html``):
front and back, each region's patch made of its ``map`` points in
regions.yaml. Its words are ``wording.yaml``'s ``web`` section.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from regain.knowledge import KnowledgeBase
from regain.reports.figure_model import FigureView, Panel, Zone, circles_path
from regain.reports.figure_view import REGION_R, body_map_figure


@dataclass(frozen=True)
class MapPatch:
    """One region's patch on one view: clicking it ticks the checkbox whose value is ``region``.

    ``circles``: its circles as "x y r" separated by ";", for the script to find
    the place nearest a tap that just missed a small patch.
    """

    region: str
    name: str
    path: str
    circles: str
    checked: bool


@dataclass(frozen=True)
class MapPanel:
    """One view of the body (its place and crop are the figure's panel) and its patches."""

    panel: Panel
    patches: tuple[MapPatch, ...]


@dataclass(frozen=True)
class BodyMap:
    """The whole map: the figure it is drawn in, its views, and what it says to the person."""

    figure: FigureView
    panels: tuple[MapPanel, ...]
    caption: str
    instructions: str


def body_map(kb: KnowledgeBase, regions: Iterable[str], picked: Collection[str]) -> BodyMap:
    """The map of ``regions`` (the ones the page lists), with the ``picked`` ones shaded."""
    listed = [r for r in regions if kb.regions[r].map]
    figure = body_map_figure(kb, listed, {}, None)
    panels = []
    for panel in figure.panels:
        patches = []
        for rid in listed:
            region = kb.regions[rid]
            zones = [
                Zone(p.view, p.x, p.y, p.r or REGION_R, "pain", region.name)
                for p in region.map
                if p.view == panel.view
            ]
            if zones:
                circles = ";".join(f"{z.x:g} {z.y:g} {z.r:g}" for z in zones)
                patches.append(MapPatch(rid, region.name, circles_path(zones), circles, rid in picked))
        panels.append(MapPanel(panel, tuple(patches)))
    words = kb.wording.web
    return BodyMap(figure, tuple(panels), words["body_map_caption"], words["body_map_instructions"])
