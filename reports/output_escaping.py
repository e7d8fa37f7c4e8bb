"""Autoescaped template output without a ``Markup`` object for every value.

With autoescaping on, Jinja2 compiles each ``{{ value }}`` into
``escape(value)``: MarkupSafe's ``escape``, which escapes the text and wraps
it in a new :class:`markupsafe.Markup`, through two Python-level calls. A plan
prints about 350 values, and those calls were a third of the time spent
rendering it (building its view model aside). Where such a value goes (a
``yield`` of the page, or a buffer that Jinja2 joins and wraps in ``Markup``
itself, for macros and ``set`` or ``filter`` blocks), only its text is used.

:class:`EscapingCodeGenerator` makes those places call :func:`escape_output`
instead, which returns the very same text as a plain ``str``: ``&``, ``<``,
``>``, ``'`` and ``"`` escaped exactly as MarkupSafe escapes them, and an
object with ``__html__`` (a macro's result, a ``Markup``) taken as it is. Every
other use of ``escape`` (filters, ``~``, constants folded at compile time,
``{% autoescape %}`` blocks) stays Jinja2's own. If a Jinja2 release stops
calling the hook it overrides (``_output_child_pre``, Jinja2 3.1), templates
compile as before and only render more slowly.

``tests/test_output_escaping.py`` checks that every plan of the test library
and an overview full of markup render byte for byte as with Jinja2's own
code, and that :func:`escape_output` agrees with ``markupsafe.escape`` on
any text.
"""

from __future__ import annotations

from typing import Any

from jinja2.compiler import CodeGenerator, Frame


def escape_replacing(s: str) -> str:
    """HTML-escape ``s`` as MarkupSafe does (the same replacements as its pure-Python code)."""
    return (s.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
            .replace("'", "&#39;").replace('"', "&#34;"))


try:  # MarkupSafe's own escaping of a str, in C: a private name of MarkupSafe 3
    from markupsafe import _escape_inner as _escape_str  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other MarkupSafe releases
    _escape_str = escape_replacing

#: Names the compiled code these classes produce, for caches of compiled templates.
VERSION = "escape_output-1"


def escape_output(value: Any) -> str:
    """The text ``markupsafe.escape(value)`` holds, as a plain ``str``."""
    if type(value) is not str:
        if hasattr(value, "__html__"):  # StrictUndefined raises here, as in markupsafe.escape
            return value.__html__()  # type: ignore[no-any-return]
        value = str(value)
    return _escape_str(value)  # type: ignore[no-any-return]


class EscapingCodeGenerator(CodeGenerator):
    """Jinja2's code generator, printing autoescaped values with :func:`escape_output`.

    The compiled code finds the function as ``environment.escape_output``: an
    environment using this generator must have it (see
    :class:`regain.reports.environment.PlanEnvironment`).
    """

    def _output_child_pre(self, node: Any, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("environment.escape_output(")
            if finalize.src is not None:
                self.write(finalize.src)
            return
        super()._output_child_pre(node, frame, finalize)
