"""The body figures as plain data: what a template draws, and nothing it must compute.

A figure (:class:`FigureView`) is a row of panels, one per view of the body
(front, back), each cropped to a box of the body outline, with the zones to
shade (:class:`Zone`, drawn in :data:`LAYERS` order), the trigger points' X
(:class:`Mark`) and its legend. ``reports/figure_view.py`` composes them from
the knowledge base; ``templates/_partials/figures.html`` draws them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: How far a trigger point's X reaches, for the crop.
MARK_REACH = 5.0
#: The order zones are drawn in: a muscle's spillover under its main zone; the person's
#: pain under the referral hatching, which is see-through, so both show where they meet.
LAYERS = ("spillover", "primary", "pain", "referral")


@dataclass(slots=True)
class Zone:
    """A shaded patch around a region's map point (clipped to the body outline when drawn)."""

    view: str
    x: float
    y: float
    r: float
    kind: str  # primary | spillover (a muscle's picture); pain | referral (the body map)
    label: str


@dataclass(slots=True)
class Mark:
    """A trigger point, drawn as an X reaching ``size`` from its centre."""

    view: str
    x: float
    y: float
    size: float = MARK_REACH

    @property
    def path(self) -> str:
        """The X as SVG path data."""
        a, b, c, d = (
            svg_number(v)
            for v in (self.x - self.size, self.y - self.size, self.x + self.size, self.y + self.size)
        )
        return f"M{a} {b}L{c} {d}M{c} {b}L{a} {d}"


@dataclass(slots=True)
class Panel:
    """One view (front or back), cropped to ``crop`` and placed ``left`` units from the figure's edge."""

    view: str
    label: str
    #: The letters at the drawing's left and right edges ("R", "L" on the front; "L", "R" behind).
    edge_letters: tuple[str, str]
    left: float
    crop: tuple[float, float, float, float]  # x, y, width, height in map units
    zones: list[Zone]
    marks: list[Mark]
    #: Where its labels stand: the left letter, the view's name and the right letter (x).
    label_at: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @property
    def view_box(self) -> str:
        return " ".join(svg_number(v) for v in self.crop)

    @property
    def layers(self) -> list[Layer]:
        """Its zones by kind, in the order they are drawn."""
        layers = []
        for kind in LAYERS:
            zones = [z for z in self.zones if z.kind == kind]
            if zones:
                regions: dict[str, list[Zone]] = {}
                for z in zones:
                    regions.setdefault(z.label, []).append(z)
                patches = [Patch(label, circles_path(group)) for label, group in regions.items()]
                layers.append(Layer(kind, circles_path(zones), patches))
        return layers


@dataclass(slots=True)
class Patch:
    """One region's zones as SVG path data, with the region's words (its tooltip)."""

    label: str
    path: str


@dataclass(slots=True)
class Layer:
    """The zones of one kind: their outline (``edge``, path data) and each region's patch."""

    kind: str
    edge: str
    patches: list[Patch]


def circles_path(zones: Sequence[Zone]) -> str:
    """Circles as SVG path data: one path draws many, where a <circle> element each would cost more."""
    return "".join(
        f"M{z.x - z.r:g} {z.y:g}a{z.r:g} {z.r:g} 0 1 0 {2 * z.r:g} 0a{z.r:g} {z.r:g} 0 1 0 {-2 * z.r:g} 0Z"
        for z in zones
    )


@dataclass(frozen=True, slots=True)
class Hatch:
    """The sizes of the zones' hatching, so that it looks the same in every figure, zoomed or not."""

    tile: float
    line: float
    thin: float
    dot: float

    @classmethod
    def at(cls, unit: float) -> Hatch:
        """The hatching for a figure of ``unit`` map units per CSS pixel (1: the legend's swatches)."""
        return cls(*(round(v * unit, 2) for v in (6.0, 2.0, 1.5, 1.1)))


@dataclass(slots=True)
class LegendItem:
    kind: str  # mark | primary | spillover | pain | referral
    text: str


@dataclass(slots=True)
class FigureView:
    """A whole figure: its panels side by side, what it shows in words, and its legend."""

    id: str
    title: str
    description: str
    caption: str
    panels: list[Panel]
    legend: list[LegendItem]
    width: float
    height: float
    #: Map units per CSS pixel when the figure is shown as large as figures.css lets it.
    unit: float

    @property
    def band(self) -> float:
        """The height of the strip above the panels that holds their labels."""
        return round(20 * self.unit, 1)

    @property
    def label_y(self) -> float:
        return round(14 * self.unit, 1)

    @property
    def font_size(self) -> float:
        return round(13 * self.unit, 1)

    @property
    def hatch(self) -> Hatch:
        return Hatch.at(self.unit)

    @property
    def kinds(self) -> set[str]:
        """The kinds of zone it shows (each needs its hatching)."""
        return {z.kind for p in self.panels for z in p.zones}

    @property
    def all_kinds(self) -> tuple[str, ...]:
        """Every kind of zone, for the legend's swatches."""
        return LAYERS

    @property
    def legend_hatch(self) -> Hatch:
        """The hatching of the legend's swatches, which are drawn at one unit per pixel."""
        return Hatch.at(1.0)

    @property
    def view_box(self) -> str:
        return f"0 0 {svg_number(self.width)} {svg_number(self.height + self.band)}"


def svg_number(v: float) -> str:
    """A coordinate as SVG writes it: 12, 12.5 (never 12.0 or 12.499999)."""
    return f"{round(v, 1):g}"
