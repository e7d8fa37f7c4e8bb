"""How a typed answer is read, as data (``answers.yaml``): the words and units people use.

``regain ask`` (and later the web app) reads "2 years", "about 5", "5/10",
"nope" or "none of these" with :mod:`regain.engine.natural_answers`; every
word it recognises and every word it says about an answer (accepted forms,
examples, unit names, the yes/no words) is here, so a physiotherapist can
add "yeah" or "fortnight" without reading Python. :data:`REQUIRED` lists the
keys the code looks up and :data:`PLACEHOLDERS` what each text may name; the
consistency checks fail on a missing key or an unknown placeholder.
"""

from __future__ import annotations

from typing import Annotated, Literal

from .checks import Check
from .entries import INPUT_WORDS, WITH_ENGLISH_WORDS, WORD_KEYS, Id, Text, entry

#: A word or phrase as a person types it, in lower case.
Word = Annotated[str, Check(min_length=1, pattern=r"^[^A-Z]+$", strip_whitespace=True)]
#: Words a person types: each language has its own list (its overlay replaces the English one).
Words = Annotated[tuple[Word, ...], Check(min_length=1), INPUT_WORDS]
#: The words of a command: each language has its own list, and the English words work in all.
CommandList = Annotated[tuple[Word, ...], Check(min_length=1), WITH_ENGLISH_WORDS]


@entry
class WordLists:
    """Whole answers, and words within an answer, by what they mean."""

    yes: Words
    no: Words
    unknown: Words
    none: Words
    no_amount: Words
    skip: Words
    about: Words
    filler: Words
    and_: Words
    half: Words
    a: Words
    out_of: Words
    today: Words
    yesterday: Words


@entry
class CommandWords:
    """The commands every prompt understands, each with the words that call it (the first is shown)."""

    help: CommandList
    why: CommandList
    back: CommandList
    #: at a list of movements or places: back to the list of body areas
    areas: CommandList


@entry
class Unit:
    """A unit an amount can be given in; ``in_one`` of it make one year (time) or one turn (angle)."""

    dimension: Literal["time", "angle"]
    in_one: Annotated[float, Check(gt=0)]
    one: Text
    many: Text
    words: Words


@entry
class NameQuestion:
    """The optional question for the name a plan shows."""

    text: Text
    help: Text
    why: Text


@entry
class AnswerWords:
    """Every section of ``answers.yaml``."""

    words: WordLists
    #: Numbers written as words; a language's overlay gives each English key its own word.
    numbers: Annotated[dict[Word, Annotated[float, Check(ge=0)]], WORD_KEYS]
    units: dict[Id, Unit]
    shown: dict[Id, Text]
    accepted: dict[Id, Text]
    examples: dict[Id, Text]
    enter: dict[Id, Text]
    commands: CommandWords
    test_command: Text
    other_areas: Text
    messages: dict[Id, Text]
    name: NameQuestion


#: section -> the keys the code looks up in it.
REQUIRED: dict[str, tuple[str, ...]] = {
    "shown": ("yes", "no", "unknown", "none", "or"),
    "accepted": (
        "integer",
        "number",
        "other_units",
        "or_none",
        "tri_state",
        "choice",
        "date",
        "red_flags",
        "areas",
        "items",
        "name",
        "text",
    ),
    "examples": (
        "tri_state",
        "choice",
        "integer",
        "number",
        "date",
        "red_flags",
        "areas",
        "items",
        "range_map",
        "name",
        "text",
    ),
    "enter": ("skip", "unknown", "keep", "none", "name", "no"),
    "messages": (
        "not_an_answer",
        "unknown_word",
        "not_a_unit_here",
        "conversion",
        "scale",
        "whole",
        "ambiguous",
        "future",
        "required",
        "recorded",
        "recorded_from",
        "recorded_rounded",
        "earlier",
        "name_too_long",
        "name_not_text",
    ),
}

#: section -> key -> the {placeholders} its text may name (a key not listed names none).
PLACEHOLDERS: dict[str, dict[str, tuple[str, ...]]] = {
    "accepted": {
        "integer": ("min", "max", "unit"),
        "number": ("min", "max", "unit"),
        "other_units": ("accepted", "units"),
        "or_none": ("accepted",),
        "choice": ("count",),
        "red_flags": ("count",),
        "areas": ("count",),
        "items": ("count",),
    },
    "messages": {
        "not_an_answer": ("text", "accepted", "example", "hint"),
        "unknown_word": ("word", "closest"),
        "not_a_unit_here": ("word",),
        "conversion": ("typed", "value"),
        "scale": ("min", "max"),
        "ambiguous": ("options",),
        "recorded": ("value",),
        "recorded_from": ("value", "typed"),
        "recorded_rounded": ("value", "typed"),
        "earlier": ("value",),
        "name_too_long": ("max",),
    },
    "test_command": {"": ("number",)},
    "other_areas": {"": ("word",)},
}
