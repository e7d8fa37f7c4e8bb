"""The HTML plan: one self-contained page rendered from an assessment with Jinja2."""

from __future__ import annotations

import functools
from typing import Any

from regain.engine.assessment import Assessment
from regain.knowledge import KnowledgeBase


@functools.cache
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("regain.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(a: Assessment, kb: KnowledgeBase) -> str:
    """The assessment as a complete HTML document."""
    template = _environment().get_template("plan.html")
    return template.render(a=a, data=a.to_dict(), kb=kb)
