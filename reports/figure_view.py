"""Body figures composed from the knowledge base: a muscle's picture and the person's body map.

A muscle's picture is drawn as trigger-point books draw it: the body outline,
an X on each trigger point (``Muscle.trigger_points``) and its referral zones
shaded, the main zone darker than the spillover, as patches of the regions'
``map`` points and radii. The body map shades where the person feels pain and
where the candidate muscles send it. Only the views a figure needs are shown,
cropped to the part of the body concerned, so that a shoulder is not a speck
on a whole body. The outline itself is drawn once, in
``templates/_partials/figures.html``; the figure's data (``figure_model.py``)
says only where to look and what to mark. The words come from the ``figures``
section of wording.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from regain.knowledge import KnowledgeBase

from .figure_model import (
    MARK_REACH,
    FigureView,
    LegendItem,
    Mark,
    Panel,
    Zone,
)

#: The box every view is drawn in (regions.yaml's header): x 0-200, y 0-440.
BOX_W, BOX_H = 200.0, 440.0
MIDLINE = 100.0
VIEWS = ("front", "back")
#: Room between two panels, and around what is marked, in map units.
GAP = 8.0
MARGIN = 10.0
#: The smallest crop (width, height): a muscle's picture keeps enough body around the
#: marks to recognise the part; the body map also shows where on the body it is.
MUSCLE_MIN = (96.0, 124.0)
MAP_MIN = (112.0, 200.0)
#: The most CSS pixels a figure is shown at on a phone, (width, height) as figures.css
#: allows: sizes its X and labels, which must read the same however far it is zoomed.
MUSCLE_PX = (300.0, 320.0)
MAP_PX = (360.0, 480.0)
#: A crop that reaches this far out takes in the whole arm, rather than cutting through it.
ARM_IN, ARM_OUT = 58.0, 20.0
#: A single view is at least this wide for its height (a narrow strip reads badly).
LEAST_ASPECT = 0.55
#: The radius of a region's patch that has none of its own.
REGION_R = 8.0


def persons_side(view: str, x: float) -> str:
    """Which side of the person a point of a view lies on: right, left or middle."""
    if x == MIDLINE:
        return "middle"
    return "right" if (x < MIDLINE) == (view == "front") else "left"


def on_side(view: str, x: float, side: str | None) -> bool:
    """Whether a region's point is drawn for a problem on ``side`` (both or unknown: every point)."""
    return side not in ("left", "right") or persons_side(view, x) in ("middle", side)


def _words(kb: KnowledgeBase, key: str, **values: str) -> str:
    return kb.wording.figures[key].format(**values)


def _region_zones(
    kb: KnowledgeBase, regions: Sequence[str], kind: str, side: str | None, label: str | None = None
) -> list[list[Zone]]:
    """One list of patches per region, on ``side`` only."""
    return [
        [
            Zone(p.view, p.x, p.y, p.r or REGION_R, kind, label or kb.regions[rid].name)
            for p in kb.regions[rid].map
            if on_side(p.view, p.x, side)
        ]
        for rid in regions
    ]


def needed_views(marks: Sequence[Mark], regions: Sequence[Sequence[Zone]]) -> list[str]:
    """The views with a trigger point, and a view for each region not already seen on those."""
    views = {m.view for m in marks}
    for patches in regions:
        drawn_on = [v for v in VIEWS if any(z.view == v for z in patches)]
        if drawn_on and not views.intersection(drawn_on):
            views.add(drawn_on[0])
    return [v for v in VIEWS if v in views] or list(VIEWS)


def _span(lo: float, hi: float, least: float, limit: float) -> tuple[float, float]:
    """Start and length of a span covering lo..hi, at least ``least`` long, inside 0..limit."""
    length = min(max(hi - lo, least), limit)
    start = min(max((lo + hi - length) / 2, 0.0), limit - length)
    return round(start, 1), round(length, 1)


def _unit(width: float, height: float, px: tuple[float, float]) -> float:
    """Map units per CSS pixel when the figure is as large as ``px`` allows."""
    return round(max(width / px[0], height / px[1]), 3)


@dataclass(slots=True)
class _Words:
    """What a figure says: its id, title, description, caption and legend."""

    id: str
    title: str
    description: str
    caption: str
    legend: list[LegendItem]


def _figure(
    kb: KnowledgeBase,
    words: _Words,
    views: list[str],
    zones: list[Zone],
    marks: list[Mark],
    least: tuple[float, float],
    px: tuple[float, float],
) -> FigureView:
    """Crop each view to what it shows (one height for all, so they share a scale) and place them."""
    spots = [(z.view, z.x, z.y, z.r) for z in zones] + [(m.view, m.x, m.y, MARK_REACH) for m in marks]
    shown = [s for s in spots if s[0] in views]
    y0, h = 0.0, BOX_H
    if shown:
        top, bottom = min(s[2] - s[3] for s in shown), max(s[2] + s[3] for s in shown)
        y0, h = _span(top - MARGIN, bottom + MARGIN, least[1], BOX_H)
    crops: dict[str, tuple[float, float]] = {}
    for view in views:
        mine = [s for s in shown if s[0] == view]
        crops[view] = (0.0, BOX_W)
        if mine:
            lo = min(s[1] - s[3] for s in mine) - MARGIN
            hi = max(s[1] + s[3] for s in mine) + MARGIN
            lo = min(lo, ARM_OUT) if lo < ARM_IN else lo
            hi = max(hi, BOX_W - ARM_OUT) if hi > BOX_W - ARM_IN else hi
            wide = least[0] if len(views) > 1 else max(least[0], h * LEAST_ASPECT)
            crops[view] = _span(lo, hi, wide, BOX_W)
    width = round(sum(w for _, w in crops.values()) + GAP * (len(views) - 1), 1)
    unit = _unit(width, h, px)
    right, left = _words(kb, "right"), _words(kb, "left")
    panels: list[Panel] = []
    at = 0.0
    for view in views:
        x0, w = crops[view]
        pad = 2 * unit
        mine_marks = [m for m in marks if m.view == view]
        for m in mine_marks:
            m.size = round(5.5 * unit, 1)
        panels.append(
            Panel(
                view=view,
                label=_words(kb, view),
                edge_letters=(right, left) if view == "front" else (left, right),
                left=round(at, 1),
                crop=(x0, y0, w, h),
                zones=[z for z in zones if z.view == view],
                marks=mine_marks,
                label_at=(round(at + pad, 1), round(at + w / 2, 1), round(at + w - pad, 1)),
            )
        )
        at += w + GAP
    return FigureView(
        id=words.id,
        title=words.title,
        description=words.description,
        caption=words.caption,
        panels=panels,
        legend=words.legend,
        width=width,
        height=h,
        unit=unit,
    )


def muscle_figure(kb: KnowledgeBase, muscle_id: str, side: str | None) -> FigureView:
    """A muscle's picture: its trigger points and referral zones, on the person's ``side``.

    The knowledge base holds the trigger points on the person's right side; for
    ``side == "left"`` they are mirrored and the left-side patches of each region
    are used. For both sides or an unknown side the right side is drawn, and the
    caption says so.
    """
    m = kb.muscles[muscle_id]
    drawn = "left" if side == "left" else "right"
    marks = [Mark(p.view, BOX_W - p.x if drawn == "left" else p.x, p.y) for p in m.trigger_points]
    primary = _region_zones(kb, m.refers_to.primary, "primary", drawn)
    spillover = _region_zones(kb, m.refers_to.spillover, "spillover", drawn)
    primary_names = ", ".join(kb.wording.grammar.in_sentence(kb.regions[r].name) for r in m.refers_to.primary)
    spillover_names = ", ".join(
        kb.wording.grammar.in_sentence(kb.regions[r].name) for r in m.refers_to.spillover
    )
    description = [
        _words(kb, "muscle_points", where=kb.wording.grammar.in_sentence(m.self_massage.where)),
        _words(kb, "muscle_primary", regions=primary_names),
    ]
    if spillover_names:
        description.append(_words(kb, "muscle_spillover", regions=spillover_names))
    words = _Words(
        id=f"figure-{muscle_id}",
        title=_words(kb, "muscle_title", muscle=m.name),
        description=" ".join(description),
        caption=_words(kb, {"left": "drawn_left", "right": "drawn_right"}.get(side or "", "drawn_either")),
        legend=[LegendItem(k, _words(kb, f"legend_{k}")) for k in ("mark", "primary", "spillover")],
    )
    zones = [z for group in spillover + primary for z in group]
    return _figure(kb, words, needed_views(marks, primary + spillover), zones, marks, MUSCLE_MIN, MUSCLE_PX)


def body_map_figure(
    kb: KnowledgeBase, pain: Sequence[str], referral: dict[str, list[str]], side: str | None
) -> FigureView:
    """The body map: where the person feels pain and where the candidate muscles refer it.

    ``referral`` maps each region to the names of the muscles that refer pain
    there. When ``side`` is left or right, only that side is shaded.
    """
    zones: list[Zone] = []
    for rid, muscles in referral.items():
        label = _words(kb, "referral_label", region=kb.regions[rid].name, muscles=", ".join(muscles))
        zones += _region_zones(kb, [rid], "referral", side, label)[0]
    for rid in pain:
        zones += _region_zones(
            kb, [rid], "pain", side, _words(kb, "pain_label", region=kb.regions[rid].name)
        )[0]
    description = _words(
        kb,
        "map_description",
        pain=", ".join(kb.regions[r].name for r in pain) or _words(kb, "map_no_pain"),
        referral=", ".join(kb.regions[r].name for r in referral) or _words(kb, "map_no_referral"),
    )
    words = _Words(
        id="figure-body-map",
        title=_words(kb, "map_title"),
        description=description,
        caption=_words(kb, {"left": "only_left", "right": "only_right"}.get(side or "", "both_sides")),
        legend=[LegendItem(k, _words(kb, f"legend_{k}")) for k in ("pain", "referral")],
    )
    views = [v for v in VIEWS if any(z.view == v for z in zones)] or list(VIEWS)
    return _figure(kb, words, views, zones, [], MAP_MIN, MAP_PX)
