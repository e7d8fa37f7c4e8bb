"""The progress page of a treatment journal: one self-contained HTML document.

:func:`render_progress_html` builds the view (:mod:`.progress_view`) and the
plots (:mod:`.progress_plots`, the one module that imports matplotlib), then
renders ``templates/progress.html`` and its partials, which only display
them. Inline CSS and SVG only: no scripts, fonts, images or links to load.
"""

from __future__ import annotations

from collections.abc import Sequence

from regain.engine.assessment import Assessment
from regain.engine.journey import Baseline, Decision, Entry
from regain.knowledge import KnowledgeBase

from .environment import template
from .progress_plots import progress_plots
from .progress_view import ProgressView, progress_view


def render_progress_view(kb: KnowledgeBase, view: ProgressView) -> str:
    """A prepared :class:`ProgressView` as a complete HTML document, with its plots."""
    return template("progress.html", kb.language).render(
        v=view, w=kb.wording.progress, plots=progress_plots(kb, view)
    )


def render_progress_html(
    kb: KnowledgeBase,
    journal_id: str,
    baseline: Baseline,
    start: Decision,
    entries: Sequence[Entry],
    assessment: Assessment,
    *,
    date: str | None = None,
) -> str:
    """The journal as a complete HTML page; ``assessment`` is the current one (its plan's doses).

    Without ``date`` the page depends only on the journal: the same bytes every time.
    """
    view = progress_view(kb, journal_id, baseline, start, entries, assessment, date=date)
    return render_progress_view(kb, view)
