"""What every knowledge-base entry shares: the strict dataclass and the value types.

Each YAML file under ``knowledge/data/`` is validated into frozen dataclasses
(:mod:`.models`, :mod:`.safety_models`, :mod:`.plan_models`) by
:mod:`regain.knowledge.validation` (pydantic). They forbid unknown keys (a
typo in a data file must not be silently ignored) and are frozen (the
knowledge base is loaded once and shared). Limits on values are written
next to each field with :class:`~regain.knowledge.checks.Check`.

They are plain dataclasses rather than pydantic models so that a knowledge
base kept in the user cache can be used without importing pydantic at all
(:mod:`regain.knowledge.snapshot`); the annotations are only read when
validating.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar, dataclass_transform

from .checks import Check


class Translatable:
    """Marks a text a person reads: every language but English gives its own, in an overlay.

    The overlay ``knowledge/data/<lang>/<file>`` has the shape of the English
    file and holds only such texts (:mod:`regain.knowledge.overlays`); every
    :data:`Text` is one.
    """

    def __repr__(self) -> str:
        return "Translatable()"


class InputWords:
    """Marks a list of words a person types: every language gives its own list, of any length.

    With ``keep_english`` the English words keep working in every language: the
    language's list is read with them (the commands of a prompt, which a person
    may know from regain in English).
    """

    def __init__(self, keep_english: bool = False) -> None:
        self.keep_english = keep_english

    def __repr__(self) -> str:
        return f"InputWords(keep_english={self.keep_english})" if self.keep_english else "InputWords()"


class WordKeys:
    """Marks a mapping keyed by words a person types (``five: 5``).

    A language's overlay gives each English key its own word (``five: fünf``);
    the value stays the English one.
    """

    def __repr__(self) -> str:
        return "WordKeys()"


class PerLanguage:
    """Marks a setting each language chooses for itself (how it writes a name mid-sentence).

    Not a text: the overlay gives the language's value, validated as the English one is.
    """

    def __repr__(self) -> str:
        return "PerLanguage()"


class InSentence:
    """Marks a name the renderings also put inside a sentence (``grammar.in_sentence``).

    Any translated text may give its form inside a sentence where that differs
    (``{text: "Eine steife Kapsel", in_sentence: "eine steife Kapsel"}``,
    :mod:`regain.knowledge.overlays`); a name marked so that starts with one
    of the language's ``grammar.articles`` must (``regain kb check``).
    """

    def __repr__(self) -> str:
        return "InSentence()"


TRANSLATABLE, INPUT_WORDS, WORD_KEYS, PER_LANGUAGE = Translatable(), InputWords(), WordKeys(), PerLanguage()
IN_SENTENCE = InSentence()
#: Words a person types that work in English in every language too (the commands of a prompt).
WITH_ENGLISH_WORDS = InputWords(keep_english=True)

Id = Annotated[str, Check(pattern=r"^[a-z][a-z0-9_]*$")]
#: Prose a person reads; translated in each language's overlay.
Text = Annotated[str, Check(min_length=1, strip_whitespace=True), TRANSLATABLE]
#: A name a person reads, at the start of a line and inside sentences ("Pain in: the lower back").
Name = Annotated[str, Check(min_length=1, strip_whitespace=True), TRANSLATABLE, IN_SENTENCE]

#: How urgently a warning sign needs care, most urgent first; ``caution`` signs never
#: raise the triage, they soften the plan.
Tier = Literal["emergency", "urgent", "see_doctor", "professional_assessment", "caution"]
#: The triage of a case: the highest tier among its signs and other causes.
Triage = Literal["emergency", "urgent", "see_doctor", "professional_assessment", "self_care"]
TRIAGE_ORDER: tuple[str, ...] = ("self_care", "professional_assessment", "see_doctor", "urgent", "emergency")
#: The two causes of the seed, active trigger points, and the possible other causes
#: that need a professional look (the capsule of a joint, a bony block, a nerve root).
Conclusion = Literal[
    "pain_protective",
    "shortening_adhesion",
    "active_trigger_points",
    "shoulder_capsular_pattern",
    "hip_capsular_pattern",
    "joint_block",
    "nerve_root",
]
StepKind = Literal[
    "emergency_care",
    "urgent_care",
    "medical_consultation",
    "professional_assessment",
    "check_tender_spots",
    "trigger_point_self_treatment",
    "relaxation_support",
    "full_range_movement",
    "long_hold_stretching",
    "strengthening",
]
QuestionType = Literal[
    "tri_state",
    "choice",
    "integer",
    "number",
    "movements",
    "regions",
    "red_flags",
    "range_map",
    "date",
    "text",
]
TargetSource = Literal[
    "trigger_point_muscles",
    "shortened_muscles",
    "candidate_muscles",
    "movements",
    "strengthening_exercises",
    "none",
]
#: Published source of a fact or rule: a guideline, textbook, paper or screening tool.
Source = Annotated[str, Check(min_length=12, strip_whitespace=True)]


def _yaml_key(name: str) -> str:
    """The key a field has in the data files: ``is_`` is written ``is`` (a Python keyword)."""
    return name.rstrip("_")


#: What pydantic is told about every entry: no unknown keys, keys as in the files.
STRICT: dict[str, Any] = {"extra": "forbid", "alias_generator": _yaml_key}

E = TypeVar("E")


@dataclass_transform(frozen_default=True, kw_only_default=True)
def entry(cls: type[E]) -> type[E]:
    """A knowledge-base entry: a frozen dataclass that pydantic validates with :data:`STRICT`.

    Its fields are keyword-only, so they can keep the order of the data files
    whether they have a default or not.
    """
    cls.__pydantic_config__ = STRICT  # type: ignore[attr-defined]
    return dataclass(frozen=True, kw_only=True)(cls)
