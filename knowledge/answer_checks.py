"""Consistency of ``answers.yaml`` with itself and with the questions.

Every key the code looks up is there, each text names only the placeholders
regain fills in, no whole answer means two things (a word both "yes" and
"no"), every question's unit can be read, and ``none_is`` and ``also`` are
used only where they make sense.
"""

from __future__ import annotations

import dataclasses
import string
from typing import TYPE_CHECKING

from .answer_models import PLACEHOLDERS, REQUIRED

if TYPE_CHECKING:
    from .answer_models import AnswerWords
    from .loader import KnowledgeBase

FILE = "answers.yaml"


def _placeholders(text: str) -> list[str] | None:
    """The ``{names}`` in ``text``, or ``None`` if its braces are broken."""
    try:
        return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return None


def _text_problems(where: str, text: str, allowed: tuple[str, ...]) -> list[str]:
    names = _placeholders(text)
    if names is None:
        return [f"{FILE}: {where}: unbalanced {{braces}}"]
    return [
        f"{FILE}: {where}: {{{name}}} is not one it may name ({', '.join(allowed) or 'none'})"
        for name in names
        if name not in allowed
    ]


def _command_problems(words: AnswerWords) -> list[str]:
    """A word that calls two commands, or that is a whole answer too (it could never be typed as one)."""
    problems: list[str] = []
    command_of: dict[str, str] = {}
    for field in dataclasses.fields(words.commands):
        command = field.name
        for word in getattr(words.commands, command):
            if command_of.get(word, command) != command:
                problems.append(f"{FILE}: commands.{command}: '{word}' is also a word of {command_of[word]}")
            command_of[word] = command
    for kind in ("yes", "no", "unknown", "none", "no_amount", "skip", "today", "yesterday"):
        for word in getattr(words.words, kind):
            if word in command_of:
                problems.append(
                    f"{FILE}: words.{kind}: '{word}' is also the command {command_of[word]}, "
                    "so it could not be typed as an answer"
                )
    return problems


def answer_problems(kb: KnowledgeBase) -> list[str]:
    """One message per missing key, unknown placeholder, ambiguous word or unreadable unit."""
    words = kb.answers
    problems: list[str] = []
    for section, keys in REQUIRED.items():
        have = getattr(words, section)
        problems += [f"{FILE}: {section}.{k}: missing (regain ask uses it)" for k in keys if k not in have]
    for section in ("accepted", "messages", "shown", "examples", "enter"):
        for key, text in getattr(words, section).items():
            allowed = PLACEHOLDERS.get(section, {}).get(key, ())
            problems += _text_problems(f"{section}.{key}", text, allowed)
    for key in ("test_command", "other_areas"):
        problems += _text_problems(key, getattr(words, key), PLACEHOLDERS[key][""])
    problems += _command_problems(words)

    meaning: dict[str, str] = {}
    for kind in ("yes", "no", "unknown"):
        for word in getattr(words.words, kind):
            if word in meaning:
                problems.append(f"{FILE}: words.{kind}: '{word}' is also in words.{meaning[word]}")
            meaning[word] = kind
    unit_of: dict[str, str] = {}
    for uid, unit in words.units.items():
        for word in unit.words:
            if word in unit_of:
                problems.append(f"{FILE}: units.{uid}.words: '{word}' is also a word of {unit_of[word]}")
            unit_of[word] = uid

    for qid, q in kb.questions.items():
        where = f"questions.yaml: questions.{qid}"
        if q.unit is not None and q.type in ("integer", "number", "range_map") and q.unit not in words.units:
            known = ", ".join(words.units)
            problems.append(f"{where}.unit: '{q.unit}' is not a unit of {FILE} (units: {known})")
        if q.none_is is not None:
            if q.type not in ("integer", "number"):
                problems.append(f"{where}.none_is: only number questions have it")
            elif (q.min is not None and q.none_is < q.min) or (q.max is not None and q.none_is > q.max):
                problems.append(f"{where}.none_is: {q.none_is:g} is outside min and max")
        seen: dict[str, str] = {}
        for option in q.options:
            also = (w.lower() for w in option.also)
            for word in (option.value.replace("_", " "), option.label.lower(), *also):
                if seen.get(word, option.value) != option.value:
                    problems.append(f"{where}.options: '{word}' picks both {seen[word]} and {option.value}")
                seen[word] = option.value
    return problems
