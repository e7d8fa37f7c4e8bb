"""The one error the journal store raises for a person to read.

Every problem with the database itself (a damaged or foreign file, a folder
that does not exist, a schema newer than this regain knows, an unknown journal
id, a server that cannot be reached) becomes a ``JournalError`` whose message
is one line naming the file or URL, so the command line can print it and exit 2
without a traceback.
"""

from __future__ import annotations


class JournalError(Exception):
    """A problem with the journal database, said in one line."""


def shown(text: str) -> str:
    """``text`` on one line: control characters made visible (``\\n``, ``\\x1b``)."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
