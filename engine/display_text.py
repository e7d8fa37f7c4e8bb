"""Free text made safe to show on one line: no control characters, nothing that breaks lines.

A case's ``id``, ``name`` and ``notes``, and the name of its file, are
written by whoever made the case file. Shown as they are, a newline in a
name forges a line of the terminal summary (``FAKE LINE: triage
emergency``), an ESC starts a terminal escape sequence, a bidirectional
override reorders what a reader sees, and a NUL or a lone surrogate (from a
file name that is not UTF-8) breaks the HTML, ``summary.csv`` or the
terminal's encoding. :func:`one_line` is applied wherever such text is
shown: the terminal summaries, every error line, ``errors.txt``,
``summary.csv``, the HTML plan and the batch overview. A tab becomes a
space; every other such character is shown as a visible escape (``\\n``,
``\\x1b``, ``\\u202e``), so an attempt to forge a line can be seen.

The JSON assessment keeps the exact text (JSON escapes what it must): it is
data, not a display.
"""

from __future__ import annotations

import re

#: Bidirectional controls (embeddings, overrides, isolates, marks) and line separators.
_FORMAT_CONTROLS = [0x061C, 0x200E, 0x200F, 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]


def _escape(code: int) -> str:
    if code == 0x0A:
        return "\\n"
    if code == 0x0D:
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_TABLE: dict[int, str] = {
    code: _escape(code) for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), *_FORMAT_CONTROLS]
}
_TABLE[0x09] = " "
_SURROGATE = re.compile("[\ud800-\udfff]")


def one_line(text: str) -> str:
    """``text`` with every control character shown as a visible escape (a tab as a space).

    The result holds no line break, no C0 or C1 control, no DEL, no
    bidirectional control and no lone surrogate, so it can be printed on one
    line of a terminal, a CSV cell or an HTML page as it is.
    """
    if text.isprintable():  # the common case: nothing to do (spaces are printable, tabs not)
        return text
    shown = text.translate(_TABLE)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", shown)
