"""The one check of a text's {placeholders}: only the names the code fills, braces well formed.

Texts in the data that regain fills in (wording, follow-up reasons, check-in
questions) would show a brace to the person if they named a placeholder the
code does not fill; ``regain kb check`` names each such text.
"""

from __future__ import annotations

import string


def placeholder_problems(where: str, text: str, allowed: frozenset[str]) -> list[str]:
    """One line per placeholder of ``text`` not in ``allowed`` (``where``: file and key)."""
    shown = ", ".join("{" + a + "}" for a in sorted(allowed)) or "none"
    try:
        used = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        return [f"{where}: '{text}': {exc} (allowed placeholders: {shown}; {{{{ for a brace)"]
    return [
        f"{where}: unknown placeholder '{{{name}}}' (allowed: {shown})" for name in sorted(used - allowed)
    ]
