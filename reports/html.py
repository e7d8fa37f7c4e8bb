"""The HTML plan: one self-contained page rendered from an assessment with Jinja2.

:func:`render_html` builds the view model first (:mod:`regain.reports.plan_view`,
where every decision about what to show is taken) and then renders
``templates/plan.html`` and its partials (``templates/_partials/``, one per
section), which only display it. The Jinja2 environment is created once per
process; it autoescapes everything and fails on any undefined name. The page
has inline CSS and SVG only: no scripts, fonts, images or links to load.
"""

from __future__ import annotations

import functools

import jinja2

from regain.engine.assessment import Assessment
from regain.knowledge import KnowledgeBase
from regain.knowledge.language import ENGLISH

from .environment import template
from .plan_view import PlanView, build_plan_view


@functools.cache
def _template(language: str) -> jinja2.Template:
    return template("plan.html", language)


def render_view(view: PlanView, language: str = ENGLISH) -> str:
    """A prepared :class:`PlanView` as a complete HTML document in ``language``."""
    return _template(language).render(v=view)


def render_html(a: Assessment, kb: KnowledgeBase, *, date: str | None = None) -> str:
    """The assessment as a complete, self-contained HTML document.

    ``date`` is printed in the header when given; without it the output is
    deterministic (same assessment, same bytes).
    """
    return render_view(build_plan_view(a, kb, date=date), kb.language)
