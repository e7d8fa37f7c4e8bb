"""``regain serve``: the questionnaire, the plan and the journal in a browser.

A face, like the command line: Flask pages over the same engine, knowledge
base, reports and journal store. ``create_app`` is the WSGI app factory
(``gunicorn 'regain.web:create_app()'``); see ``app.py``.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
