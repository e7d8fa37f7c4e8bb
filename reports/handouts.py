"""The one-page handouts: the exercise sheet and the summary for a clinician.

Each is its own self-contained HTML document with a print stylesheet for one
A4 page (``regain assess --format sheet`` and ``--format clinician``), built,
like the plan, from a view model (:mod:`.sheet_view`, :mod:`.clinician_view`)
that the templates only display.
"""

from __future__ import annotations

from regain.engine.assessment import Assessment
from regain.knowledge import KnowledgeBase

from .clinician_view import clinician_view
from .environment import template
from .sheet_view import sheet_view


def render_sheet(a: Assessment, kb: KnowledgeBase) -> str:
    """The exercise sheet of ``a`` as a complete HTML document."""
    return template("sheet.html", kb.language).render(s=sheet_view(a, kb))


def render_clinician(a: Assessment, kb: KnowledgeBase, *, date: str | None = None) -> str:
    """The clinician summary of ``a`` as a complete HTML document."""
    return template("clinician.html", kb.language).render(c=clinician_view(a, kb, date=date))
