"""The one error the journal store raises for a person to read.

Every problem with the database itself (a damaged or foreign file, a folder
that does not exist, a schema newer than this regain knows, an unknown journal
id, a server that cannot be reached) becomes a ``JournalError`` whose message
is one line naming the file or URL, so the command line can print it and exit 2
without a traceback.

The journal imports nothing else of regain, so it cannot translate: a message
is an English template marked :func:`N_` (Babel's extraction finds it for
regain's catalog) with its ``{placeholders}`` and their values. ``str()`` is
the English line; the face that prints it passes its own translation
(:meth:`JournalError.said`, ``exc.said(_)``) to say it in the person's language.
"""

from __future__ import annotations

from collections.abc import Callable


def N_(message: str) -> str:
    """``message`` marked for regain's catalog and kept as it is: the face translates it."""
    return message


class JournalError(Exception):
    """A problem with the journal database, said in one line (``template`` filled with ``values``)."""

    def __init__(self, template: str, **values: object) -> None:
        self.template = template
        self.values = values
        super().__init__(template.format(**values) if values else template)

    def said(self, translate: Callable[[str], str]) -> str:
        """The line in the language of ``translate`` (a gettext function); English with ``str``."""
        text = translate(self.template)
        return text.format(**self.values) if self.values else text


def shown(text: str) -> str:
    """``text`` on one line: control characters made visible (``\\n``, ``\\x1b``)."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
