"""How answers are said: what a prompt accepts, its example, and an answer shown back.

The words are the knowledge base's (``answers.yaml``, each question's
``example`` and ``unit``): "a whole number from 0 to 10, or none", "6 weeks,
3 months or 2 years", "You answered: 6 weeks". Used by
:mod:`regain.engine.natural_answers` for its lines and by the questionnaire
to show an earlier answer after ``back``. Numbers and dates are written as
the knowledge base's language writes them (Babel): ``30,3 Wochen``,
``14.03.2026`` in German; English keeps ``30.3 weeks`` and ``2026-03-14``.
"""

from __future__ import annotations

import datetime
from typing import Any

from regain.knowledge import KnowledgeBase
from regain.knowledge.language import ENGLISH
from regain.knowledge.models import Question
from regain.knowledge.numbers import written

from .case import UNKNOWN
from .display_text import one_line

CLIP = 40


class Skipped:
    """The type of :data:`regain.engine.natural_answers.SKIPPED`: no answer was given."""

    def __repr__(self) -> str:
        return "SKIPPED"


def clip(text: str) -> str:
    """Typed text to show back in a line: one line, at most about 40 characters."""
    return one_line(text if len(text) <= CLIP else text[: CLIP - 3] + "...")


def number_text(x: float | None) -> str:
    """A number as people write it: ``10``, not ``10.0``; ``21.7``."""
    if x is None:
        return "?"
    return str(int(x)) if float(x).is_integer() else f"{x:.15g}"


class AnswerForms:
    """The words around the answers of one knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.messages = kb.answers.messages

    def join(self, items: list[str]) -> str:
        """``a, b or c`` (the "or" is the data's)."""
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self.kb.answers.shown['or']} {items[-1]}"

    def number_text(self, x: float | None) -> str:
        """A number as the language writes it: ``10``, ``21.7``; ``21,7`` in German."""
        text = number_text(x)
        if self.kb.language == ENGLISH or x is None:
            return text
        # no grouping: "5200", which reads back as typed (a German "5.200" would be 5.2)
        return written(self.kb.language, float(text))

    def date_text(self, day: datetime.date | str) -> str:
        """A date as the language writes it: ``2026-03-14``; ``14.03.2026`` in German."""
        if isinstance(day, str):
            day = datetime.date.fromisoformat(day)
        if self.kb.language == ENGLISH:
            return day.isoformat()
        from babel.dates import format_date

        return str(format_date(day, "medium", locale=self.kb.language))

    def amount_text(self, amount: float, unit: str | None) -> str:
        """``6 weeks``, ``1 year``, ``5`` (no unit)."""
        if unit is None:
            return self.number_text(amount)
        words = self.kb.answers.units[unit]
        return f"{self.number_text(amount)} {words.one if amount == 1 else words.many}"

    def accepted(self, q: Question) -> str:
        """What the question's prompt accepts, in words."""
        a = self.kb.answers.accepted
        match q.type:
            case "integer" | "number" | "range_map":
                units = self.kb.answers.units
                unit = f" {units[q.unit].many}" if q.unit else ""
                kind = "integer" if q.type == "integer" else "number"
                text = a[kind].format(min=self.number_text(q.min), max=self.number_text(q.max), unit=unit)
                if q.unit and q.type == "number":  # a duration; an age is said in years
                    dimension = units[q.unit].dimension
                    others = [u.many for k, u in units.items() if u.dimension == dimension and k != q.unit]
                    if others:
                        text = a["other_units"].format(accepted=text, units=self.join(others))
                if q.none_is is not None:
                    text = a["or_none"].format(accepted=text)
                return text
            case "choice":
                return a["choice"].format(count=len(q.options))
            case "red_flags":
                return a["red_flags"].format(count=len(self.kb.red_flags))
            case "movements" | "regions":
                return a["areas"].format(count=len(self.kb.areas))
        return a[q.type]

    def example(self, q: Question) -> str:
        """The question's own example, else the data's example for its type."""
        if q.example:
            return q.example
        examples = self.kb.answers.examples
        kind = {"movements": "items", "regions": "items"}.get(q.type, q.type)
        return examples.get(kind, examples["number"])

    def describe(self, q: Question, value: Any) -> str:
        """An answer as a person reads it back: ``6 weeks``, ``no``, ``A pulling tightness``."""
        shown = self.kb.answers.shown
        if isinstance(value, Skipped) or value is None:
            return ""
        match q.type:
            case "tri_state":
                return shown["yes"] if value is True else shown["no"] if value is False else shown["unknown"]
            case "choice":
                return next((o.label for o in q.options if o.value == value), str(value))
            case "integer" | "number":
                return self.amount_text(value, q.unit)
            case "range_map" if not isinstance(value, dict):  # one movement's measure
                return self.amount_text(value, q.unit)
            case "range_map":
                return ", ".join(
                    f"{self.kb.movements[m].name} {self.amount_text(v, q.unit)}" for m, v in value.items()
                )
            case "date" if isinstance(value, str | datetime.date):
                try:
                    return self.date_text(value)
                except ValueError:
                    return one_line(str(value))
            case "movements" | "regions" | "red_flags":
                items: Any = {"movements": self.kb.movements, "regions": self.kb.regions}.get(q.type)
                if not value:
                    return shown["none"]
                if items is None:
                    return "; ".join(self.kb.red_flags[f].sign for f in value)
                return ", ".join(items[i].name for i in value)
        return one_line(str(value)) if value != UNKNOWN else shown["unknown"]
