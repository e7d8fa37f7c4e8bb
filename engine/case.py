"""A validated case: one person's answers, and the errors a case file can have.

A :class:`Case` is what the rest of the engine sees: ids already checked
against the knowledge base, tri-states as ``True``/``False``/``"unknown"``,
numbers as numbers. A missing answer is simply absent from ``answers``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from regain.knowledge.messages import N_, _

from .display_text import one_line

UNKNOWN = "unknown"
#: The "field" of a problem with a whole file (or row), not one of its fields.
FILE_FIELD = N_("(file)")


def whole_file() -> str:
    """``(file)`` in the language spoken: the field of a problem with the whole file."""
    return _(FILE_FIELD)


def is_answered(answers: Mapping[str, Any], question_id: str) -> bool:
    """True when ``question_id`` has an answer other than "unknown"."""
    value = answers.get(question_id)
    return value is not None and value != UNKNOWN


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a case: where, which field, what, and what is allowed."""

    source: str
    field: str
    message: str
    allowed: str = ""

    def __str__(self) -> str:
        """``<file>[:row]: <field>: <what> (allowed: …)`` on one line, control characters made visible.

        Said in the language this process speaks (:mod:`regain.knowledge.messages`), as
        ``message`` and ``allowed`` were when the problem was found.
        """
        if self.allowed:
            line = _("{source}: {field}: {message} (allowed: {allowed})")
        else:
            line = "{source}: {field}: {message}"
        return one_line(
            line.format(source=self.source, field=self.field, message=self.message, allowed=self.allowed)
        )


class CaseError(Exception):
    """A case file (or row) that cannot be assessed; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Case:
    """One person's validated answers (``answers`` maps question id -> value)."""

    id: str
    source: str
    answers: dict[str, Any]
    name: str | None = None
    notes: str | None = None
    #: The language the answers were given in (``None``: not recorded, which is English).
    language: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)
    #: The case format's version (1 or 2): which warning-sign checklist ``red_flags`` answers.
    format_version: int = 2
    #: The document the answers came from, if not a case file (``RawCase.origin``).
    origin: Any = field(default=None, compare=False)

    def get(self, question_id: str, default: Any = None) -> Any:
        return self.answers.get(question_id, default)

    def is_known(self, question_id: str) -> bool:
        """True when the question was answered with something other than 'unknown'."""
        return is_answered(self.answers, question_id)

    @property
    def screened(self) -> bool:
        """Whether red flags were screened (``red_flags: []`` counts as screened)."""
        return "red_flags" in self.answers
