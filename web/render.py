"""Rendering a page of ``regain serve``: a template of ``reports/templates/web/``, autoescaped.

The templates only display what they are given; every value is escaped by
Jinja2 (no text is ever marked safe). Each page gets the app's root (so the
app works below a path prefix) and Flask-WTF's ``csrf_token()``.
"""

from __future__ import annotations

from typing import Any

from flask import render_template, request

from .resources import knowledge


def page(template: str, **context: Any) -> str:
    """The page ``templates/web/<template>`` rendered with ``context``."""
    context.setdefault("status", 200)
    context.setdefault("w", knowledge().wording.web)
    return render_template(f"web/{template}", root=request.script_root, **context)
