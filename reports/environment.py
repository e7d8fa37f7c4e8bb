"""The one Jinja2 environment every HTML rendering uses, created once per process.

Templates live in ``reports/templates/`` (partials in ``_partials/``). Every
value is autoescaped, and an undefined name is an error (``StrictUndefined``)
rather than silently empty text.
"""

from __future__ import annotations

import functools

import jinja2


@functools.cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("regain.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )


def template(name: str) -> jinja2.Template:
    """A compiled template (Jinja2 caches it in the environment)."""
    return environment().get_template(name)
