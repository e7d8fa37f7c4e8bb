"""The words and amounts inside a typed answer: "about 2 and a half years", "5/10", "fifty-two".

:func:`normal` and :func:`tokens` cut a line into words, numbers and signs
(anything else, such as ``²``, makes it unreadable); :class:`Phrases` finds
the data's words and phrases in them; :class:`AmountReader` reads an amount
in the units of ``answers.yaml`` and converts it to the question's unit
(a year is 52 weeks, a month 52/12). Used by
:mod:`regain.engine.natural_answers`.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from regain.knowledge import KnowledgeBase
from regain.knowledge.models import Question

from .answer_forms import AnswerForms

#: A word is letters of any language ("weiß", "über"), an apostrophe inside it allowed.
WORD = r"[^\W\d_]+(?:'[^\W\d_]+)*"
_TOKEN = re.compile(rf"([0-9]+(?:[.,][0-9]+)?)|({WORD})|([/~°+\-,&;.])|(\S)")
#: At most this many digits before, and after, a decimal point.
MAX_DIGITS = 9


def fold(text: str) -> str:
    """Case folded ("Weiß" and "WEISS" alike), accents composed, curly quotes made straight,
    spaces collapsed. The data's words go through it too."""
    folded = unicodedata.normalize("NFC", text).casefold()
    return " ".join(folded.replace("\u2019", "'").replace("\u2018", "'").split())


def normal(text: str) -> str:
    """A typed answer :func:`fold`-ed, with a full stop at its end dropped ("Yes." is "yes")."""
    t = fold(text)
    stripped = t.rstrip(".!").strip()
    return stripped or t


def tokens(text: str) -> tuple[str, ...] | None:
    """The words, numbers and signs of ``text`` (already :func:`normal`), or None if any is foreign."""
    out: list[str] = []
    for m in _TOKEN.finditer(text):
        word = m.group(2)
        if m.group(4) or (word and not word.replace("'", "").isalpha()):  # "²" is \w, but no letter
            return None
        out.append(m.group(0))
    return tuple(out)


class Phrases:
    """A list of words or phrases from the data, matched token by token."""

    def __init__(self, words: Iterable[str]) -> None:
        # "ca." is matched with its full stop inside an answer ("ca. 5") and without it at the end
        self.keys = {key for w in words for form in (normal(w), fold(w)) if (key := tokens(form))}
        self.longest = max((len(k) for k in self.keys), default=0)

    def whole(self, toks: tuple[str, ...] | None) -> bool:
        return toks is not None and toks in self.keys

    def remove(self, toks: list[str], marker: str | None = None) -> tuple[list[str], bool]:
        """``toks`` with every phrase taken out (or replaced by ``marker``); whether any was found."""
        out: list[str] = []
        found = False
        i = 0
        while i < len(toks):
            for n in range(min(self.longest, len(toks) - i), 0, -1):
                if tuple(toks[i : i + n]) in self.keys:
                    found = True
                    out += [marker] if marker else []
                    i += n
                    break
            else:
                out.append(toks[i])
                i += 1
        return out, found


@dataclass
class _Term:
    amount: float
    unit: str | None


class AmountError(Exception):
    """An amount that cannot be read; ``hint`` says why, in the data's words."""

    def __init__(self, hint: str = "") -> None:
        self.hint = hint


class AmountReader:
    """Reads an amount for a number question: its value in the question's unit, or why not."""

    def __init__(self, forms: AnswerForms) -> None:
        kb = forms.kb
        w = kb.answers.words
        self.kb, self.forms, self.messages = kb, forms, kb.answers.messages
        self.about, self.filler = Phrases(w.about), Phrases(w.filler)
        self.and_, self.out_of = Phrases(w.and_), Phrases(w.out_of)
        self.half, self.article = {normal(x) for x in w.half}, {normal(x) for x in w.a}
        self.numbers = number_words(kb)
        self.unit_words = {normal(word): uid for uid, unit in kb.answers.units.items() for word in unit.words}

    def parse(self, q: Question, toks: list[str]) -> tuple[int | float, str, bool]:
        """(value in the question's unit, the amount as read if converted, whether rounded)."""
        toks, _ = self.filler.remove(toks)
        toks, _ = self.about.remove(toks)
        toks, _ = self.out_of.remove(toks, "/")
        toks, _ = self.and_.remove(toks, "&")
        sign = 1
        if toks[:1] in (["-"], ["+"]):
            sign = -1 if toks[0] == "-" else 1
            toks = toks[1:]
        terms: list[_Term] = []
        scale: float | None = None
        i = 0
        while i < len(toks):
            if toks[i] in ("&", ",") and terms:
                i += 1
                continue
            if toks[i] == "/" and len(terms) == 1 and i + 2 == len(toks):
                scale, i = self._quantity(toks, i + 1)
                break
            amount, i = self._quantity(toks, i)
            unit, i = self._unit(q, toks, i)
            after = self._half_after(toks, i)
            if after != i:
                amount, i = amount + 0.5, after
                if unit is None:
                    unit, i = self._unit(q, toks, i)
            terms.append(_Term(amount, unit))
        if not terms or (len(terms) > 1 and any(term.unit is None for term in terms)):
            raise AmountError()
        if scale is not None and (q.unit is not None or terms[0].unit or scale != q.max):
            raise AmountError(
                self.messages["scale"].format(
                    min=self.forms.number_text(q.min), max=self.forms.number_text(q.max)
                )
            )
        converted = len(terms) > 1 or any(term.unit not in (None, q.unit) for term in terms)
        units = self.kb.answers.units
        if converted:
            assert q.unit is not None
            target = units[q.unit].in_one
            exact = sign * sum(term.amount * target / units[term.unit or q.unit].in_one for term in terms)
            # half up: whole numbers for a whole-number question, else one decimal
            value = math.floor(exact + 0.5) if q.type == "integer" else math.floor(exact * 10 + 0.5) / 10
            rounded = abs(value - exact) > 1e-9
            typed = " ".join(self.forms.amount_text(term.amount, term.unit or q.unit) for term in terms)
            return plain(value), ("-" if sign < 0 else "") + typed, rounded
        value = sign * terms[0].amount
        if q.type == "integer" and not value.is_integer():
            raise AmountError(self.messages["whole"])
        return plain(value), "", False

    def _half_after(self, toks: list[str], i: int) -> int:
        """The index after "and a half" (or "and half") at ``toks[i]``; ``i`` if there is none."""
        if toks[i : i + 1] != ["&"]:
            return i
        j = i + 2 if toks[i + 1 : i + 2] and toks[i + 1] in self.article else i + 1
        return j + 1 if toks[j : j + 1] and toks[j] in self.half else i

    def _quantity(self, toks: list[str], i: int) -> tuple[float, int]:
        """A number at ``toks[i]`` (digits, words, "a" before a unit, "half a"); the index after it."""
        if i >= len(toks):
            raise AmountError()
        t = toks[i]
        if t[0].isdigit():
            whole, _, part = t.replace(",", ".").partition(".")
            if len(whole) > MAX_DIGITS or len(part) > MAX_DIGITS:
                raise AmountError()
            return float(t.replace(",", ".")), i + 1
        if t in self.half:
            return 0.5, i + 2 if toks[i + 1 : i + 2] and toks[i + 1] in self.article else i + 1
        if t in self.article and toks[i + 1 : i + 2] and toks[i + 1] in self.half:  # "ein halbes Jahr"
            return 0.5, i + 2
        if t in self.article and toks[i + 1 : i + 2] and toks[i + 1] in self.unit_words:
            return 1.0, i + 1
        if t in self.numbers:
            value, i = self.numbers[t], i + 1
            if 20 <= value < 100 and value % 10 == 0:  # "fifty two", "fifty-two"
                j = i + 1 if toks[i : i + 1] == ["-"] else i
                if j < len(toks) and 0 < self.numbers.get(toks[j], 0) < 10:
                    value, i = value + self.numbers[toks[j]], j + 1
            return value, i
        raise AmountError(self._closest(t))

    def _unit(self, q: Question, toks: list[str], i: int) -> tuple[str | None, int]:
        if i >= len(toks) or toks[i] not in self.unit_words:
            if i < len(toks) and toks[i] not in ("&", ",", "/") and toks[i][0].isalpha() and q.unit:
                raise AmountError(self._closest(toks[i]))
            return None, i
        unit = self.unit_words[toks[i]]
        units = self.kb.answers.units
        if q.unit is None or units[unit].dimension != units[q.unit].dimension:
            raise AmountError(self.messages["not_a_unit_here"].format(word=toks[i]))
        return unit, i + 1

    def _closest(self, word: str) -> str:
        known = [*self.unit_words, *self.numbers]
        hint = difflib.get_close_matches(word, known, n=1, cutoff=0.75)
        return self.messages["unknown_word"].format(word=word, closest=hint[0]) if hint else ""


def number_words(kb: KnowledgeBase) -> dict[str, float]:
    """The number words of ``answers.yaml`` ("three"), as :func:`normal` leaves a typed one."""
    return {normal(word): value for word, value in kb.answers.numbers.items()}


def plain(value: float) -> int | float:
    """``5.0`` as ``5``: whole numbers are kept as integers, as a person wrote them."""
    return int(value) if float(value).is_integer() else value
