"""The progress page's plots: pain, each measured range and sessions a week, as inline SVG.

matplotlib draws them (imported here only, so no other command pays for it),
each figure on its own Agg canvas (no global backend is set), to SVG with
text kept as text (``svg.fonttype: none``) and a fixed hash salt and no
date, so the same journal gives the same bytes. The
time axis is weeks since the start; the phases are shaded bands on it in
every plot, labelled with their numbers. Each plot comes with its title, a
description (its text alternative) and its numbers as table rows, which the
template shows beneath it.

The SVG is marked safe for the template: it is matplotlib's own XML writer's
output (which escapes every text), and only words of the knowledge base,
dates and numbers are drawn, never a person's own text. Its ids get a prefix
per plot so several plots share a page, and it scales to the page's width
(a ``viewBox``, ``width="100%"``); at a phone's width (about 350 px for the
plot) its text stays at least 12 px high.
"""

from __future__ import annotations

import datetime
import io
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

import matplotlib
from babel.numbers import get_decimal_symbol
from markupsafe import Markup
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, ScalarFormatter
from matplotlib.transforms import blended_transform_factory

from regain.knowledge import KnowledgeBase

from .formatting import day, number
from .progress_view import ProgressView

#: Inches (at 72 pt each, the SVG's user unit): about a phone's width, so text keeps its size there.
SIZE = (4.7, 3.4)
FONT = 14.0
STYLE: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "regain-progress",
    "font.size": FONT,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "axes.titlesize": FONT,
    "axes.labelsize": FONT,
    "xtick.labelsize": FONT - 1,
    "ytick.labelsize": FONT - 1,
    "legend.fontsize": FONT - 1,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
METADATA: dict[str, Any] = {"Date": None, "Creator": None, "Format": None, "Type": None}
INK, REST, MOVEMENT, NORMAL, MUTED = "#1b2430", "#1d4f91", "#c0262d", "#2e7d4f", "#4a5563"
BANDS = ("#dde7f5", "#dcefe2", "#fbeecb", "#efe1f5", "#e0f2f1")
PAUSED = "#e6e6e6"
STEP_COLOURS = ("#1d4f91", "#2e7d4f", "#b54708", "#6b3fa0", "#4a5563", "#0e7490")


#: matplotlib's settings are global: one drawing at a time in a process (regain serve's threads).
_DRAWING = threading.RLock()


@contextmanager
def _style() -> Iterator[None]:
    """The plots' style, set for one drawing only (matplotlib's global settings stay as they were)."""
    with _DRAWING, matplotlib.rc_context(cast(Any, STYLE)):
        yield


@dataclass(slots=True)
class Plot:
    id: str
    title: str
    description: str
    svg: Markup
    columns: list[str]
    rows: list[list[str]]


def _week(started: datetime.date, day: str) -> float:
    return 1 + (datetime.date.fromisoformat(day) - started).days / 7


def paused_or_done(kb: KnowledgeBase, done: bool) -> str:
    words = kb.wording.progress
    return words.band_done if done else words.band_paused


def _bands(ax: Axes, kb: KnowledgeBase, v: ProgressView) -> None:
    """The phases as shaded bands, each labelled above the plot where it has room."""
    words = kb.wording.progress
    started = datetime.date.fromisoformat(v.started)
    top = blended_transform_factory(ax.transData, ax.transAxes)
    span_weeks = max(_week(started, v.axis_end) - 1, 1)
    width_pt = ax.get_position().width * SIZE[0] * 72
    for span in v.spans:
        x0, x1 = _week(started, span.start), _week(started, span.end)
        colour = BANDS[(span.number - 1) % len(BANDS)] if span.number else PAUSED
        ax.axvspan(x0, x1, color=colour, zorder=0, linewidth=0)
        room = (x1 - x0) / span_weeks * width_pt
        number = str(span.number) if span.number else "–"
        name = f"{words.band} {span.number}" if span.number else paused_or_done(kb, span.done)
        label = name if room > len(name) * FONT * 0.62 else number if room > FONT * 0.8 else None
        if label:
            ax.text((x0 + x1) / 2, 1.02, label, transform=top, ha="center", va="bottom", color=INK)
    ax.set_xlim(0.85, 1 + span_weeks)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
    ax.set_xlabel(words.col_week)
    _ticks(ax, kb)


def _svg(fig: Figure, prefix: str) -> Markup:
    with _style():
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata=METADATA, bbox_inches="tight", pad_inches=0.05)
    svg = out.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r'<style type="text/css">.*?</style>', "", svg, count=1, flags=re.S)
    svg = re.sub(r'id="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', rf'xlink:href="#{prefix}-\1"', svg)
    svg = re.sub(
        r'<svg ([^>]*?)width="[^"]+" height="[^"]+" ',
        r'<svg \1width="100%" class="plot-svg" aria-hidden="true" focusable="false" ',
        svg,
        count=1,
    )
    return Markup(svg.strip())  # matplotlib's escaped XML: see the module's docstring


def _figure() -> tuple[Figure, Axes]:
    with _style():
        fig = Figure(figsize=SIZE)
        FigureCanvasAgg(fig)  # the Agg canvas, for this figure only: no global backend is set
        ax = fig.subplots()
        fig.subplots_adjust(left=0.14, right=0.97, top=0.88, bottom=0.3)
    return fig, ax


class _Ticks(ScalarFormatter):
    """matplotlib's own tick labels, with the language's decimal sign ("0,5" in German)."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.sign = get_decimal_symbol(language)

    def __call__(self, x: float, pos: int | None = None) -> str:
        return super().__call__(x, pos).replace(".", self.sign)


def _ticks(ax: Axes, kb: KnowledgeBase) -> None:
    ax.xaxis.set_major_formatter(_Ticks(kb.language))
    ax.yaxis.set_major_formatter(_Ticks(kb.language))


def _text(kb: KnowledgeBase, value: float | None, dash: str) -> str:
    if value is None:
        return dash
    return number(kb.language, value)


def _from_to(kb: KnowledgeBase, v: ProgressView, column: list[float | None]) -> str:
    words = kb.wording.progress
    dated = [(row.date, x) for row, x in zip(v.history, column, strict=True) if x is not None]
    if not dated:
        return words.not_recorded
    start = column[0]
    date, now = dated[-1]
    return words.from_to.format(
        start=_text(kb, start, words.not_recorded), now=_text(kb, now, ""), date=day(kb.language, date)
    )


def _phases_text(kb: KnowledgeBase, v: ProgressView) -> str:
    words = kb.wording.progress
    parts = [
        words.phase_from.format(number=s.number, date=day(kb.language, s.start))
        if s.number
        else (words.done_from if s.done else words.paused_from).format(date=day(kb.language, s.start))
        for s in v.spans
    ]
    return words.phases_desc.format(phases="; ".join(parts))


def _line(ax: Axes, xs: list[float], ys: list[float | None], colour: str, label: str) -> None:
    points = [(x, y) for x, y in zip(xs, ys, strict=True) if y is not None]
    if points:
        ax.plot(*zip(*points, strict=True), color=colour, marker="o", linewidth=2, label=label, zorder=3)


def pain_plot(kb: KnowledgeBase, v: ProgressView) -> Plot:
    words = kb.wording.progress
    started = datetime.date.fromisoformat(v.started)
    xs = [_week(started, r.date) for r in v.history]
    rest: list[float | None] = [r.pain_at_rest for r in v.history]
    moving: list[float | None] = [r.pain_on_movement for r in v.history]
    with _style():
        fig, ax = _figure()
        _bands(ax, kb, v)
        _line(ax, xs, rest, REST, words.at_rest)
        _line(ax, xs, moving, MOVEMENT, words.on_movement)
        for value, colour in ((rest[0], REST), (moving[0], MOVEMENT)):
            if value is not None:
                ax.axhline(value, color=colour, linestyle="--", linewidth=1.2, zorder=2)
        ax.plot([], [], color=MUTED, linestyle="--", label=words.baseline)
        ax.set_ylim(-0.4, 10.4)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
        ax.set_ylabel(words.axis_pain)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.24), ncol=2, frameon=False)
    description = " ".join(
        [
            words.pain_desc.format(rest=_from_to(kb, v, rest), movement=_from_to(kb, v, moving)),
            _phases_text(kb, v),
        ]
    )
    dash = words.not_recorded
    return Plot(
        id="plot-pain",
        title=words.pain_title,
        description=description,
        svg=_svg(fig, "plot-pain"),
        columns=[words.col_week, words.date, words.at_rest, words.on_movement],
        rows=[
            [str(r.week), r.date_text, _text(kb, r.pain_at_rest, dash), _text(kb, r.pain_on_movement, dash)]
            for r in v.history
        ],
    )


def range_plot(kb: KnowledgeBase, v: ProgressView, index: int) -> Plot:
    words = kb.wording.progress
    m = v.movements[index]
    started = datetime.date.fromisoformat(v.started)
    xs = [_week(started, r.date) for r in v.history]
    ys = [r.ranges[index] for r in v.history]
    pid = f"plot-range-{m.id.replace('_', '-')}"
    with _style():
        fig, ax = _figure()
        _bands(ax, kb, v)
        top = max([m.normal, *(y for y in ys if y is not None)]) * 1.1
        ax.axhspan(m.normal, top, color=NORMAL, alpha=0.12, linewidth=0, zorder=1)
        ax.axhline(m.normal, color=NORMAL, linewidth=2, zorder=2, label=f"{words.normal} ({m.normal}°)")
        if m.baseline is not None:
            ax.axhline(m.baseline, color=MUTED, linestyle="--", linewidth=1.2, zorder=2, label=words.baseline)
        _line(ax, xs, ys, REST, words.measured)
        ax.set_ylim(0, top)
        ax.set_ylabel(words.axis_degrees)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.24), ncol=2, frameon=False)
    dash = words.not_recorded
    values = "; ".join(f"{r.date_text}: {_text(kb, y, dash)}" for r, y in zip(v.history, ys, strict=True))
    description = " ".join(
        [words.range_desc.format(movement=m.name, values=values, normal=m.normal), _phases_text(kb, v)]
    )
    return Plot(
        id=pid,
        title=words.range_title.format(movement=m.name),
        description=description,
        svg=_svg(fig, pid),
        columns=[words.col_week, words.date, words.axis_degrees],
        rows=[[str(r.week), r.date_text, _text(kb, y, dash)] for r, y in zip(v.history, ys, strict=True)],
    )


def sessions_plot(kb: KnowledgeBase, v: ProgressView) -> Plot:
    """Sessions a week, on average between check-ins: a bar over each stretch, stacked by step."""
    words = kb.wording.progress
    started = datetime.date.fromisoformat(v.started)
    kinds = list(v.step_names)
    with _style():
        fig, ax = _figure()
        _bands(ax, kb, v)
        for i, kind in enumerate(kinds):
            lefts, widths, heights, bottoms = [], [], [], []
            for s in v.sessions:
                x0, x1 = _week(started, s.start), _week(started, s.end)
                below = sum(s.by_step.get(k, 0) for k in kinds[:i]) * s.per_week / max(s.total, 1)
                lefts.append(x0)
                widths.append(x1 - x0)
                heights.append(s.by_step.get(kind, 0) * s.per_week / max(s.total, 1))
                bottoms.append(below)
            ax.bar(
                lefts, heights, widths, bottoms, align="edge", color=STEP_COLOURS[i % len(STEP_COLOURS)],
                edgecolor="#ffffff", linewidth=1, label=v.step_names[kind], zorder=3,
            )  # fmt: skip
        ax.set_ylim(0, max([1.0, *(s.per_week for s in v.sessions)]) * 1.15)
        ax.set_ylabel(words.axis_sessions)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.24), ncol=1, frameon=False)
    values = "; ".join(
        words.sessions_span.format(
            start=day(kb.language, s.start), end=day(kb.language, s.end), count=_text(kb, s.per_week, "")
        )
        for s in v.sessions
    )
    return Plot(
        id="plot-sessions",
        title=words.sessions_title,
        description=" ".join([words.sessions_desc.format(values=values), _phases_text(kb, v)]),
        svg=_svg(fig, "plot-sessions"),
        columns=[words.col_from, words.col_to, *(v.step_names[k] for k in kinds), words.axis_sessions],
        rows=[
            [
                day(kb.language, s.start),
                day(kb.language, s.end),
                *(str(s.by_step.get(k, 0)) for k in kinds),
                _text(kb, s.per_week, ""),
            ]
            for s in v.sessions
        ],
    )


def progress_plots(kb: KnowledgeBase, v: ProgressView) -> list[Plot]:
    """Every plot of the page: pain, each measured range, and sessions once there is a check-in."""
    plots = [pain_plot(kb, v), *(range_plot(kb, v, i) for i in range(len(v.movements)))]
    if v.sessions:
        plots.append(sessions_plot(kb, v))
    return plots
