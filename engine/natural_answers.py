"""Reading a typed answer as a person means it: ``(question, text) -> value``, or why not.

"2 years", "3 months", "about 5", "5/10", "nope", "none of these" become the
value a case file holds (a duration in the question's unit, rounded and said
so; yes/no; one of the choices; picks from a numbered list), or a
:class:`NotUnderstood` whose one line says what would be accepted, with an
example. No I/O and no interface: ``regain ask`` (``prompts.py``) calls it,
and the web app will. Every word it reads or says comes from the knowledge
base (``answers.yaml``, and each question's ``example`` and ``none_is``).

Numbers are ASCII digits only (``²`` and ``①`` are digits to
:meth:`str.isdigit`, not to a person), at most nine before and after the
point, with no exponent: ``1e9 weeks`` is not an answer.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from regain.knowledge import KnowledgeBase
from regain.knowledge.models import Question

from .amount_reading import WORD, AmountError, AmountReader, Phrases, normal, number_words, plain, tokens
from .answer_forms import AnswerForms, Skipped, clip
from .case import UNKNOWN
from .display_text import one_line

__all__ = ["SKIPPED", "AnswerReader", "NotUnderstood", "Reading", "Skipped", "Understood"]

#: The answer leaves the question unanswered (Enter at an optional question, "skip").
SKIPPED = Skipped()

_PICK = re.compile(rf"([0-9]+)\s*-\s*([0-9]+)|([0-9]+)|({WORD})|([,;&])|(\S)")
#: A date as year-month-day ("2026-11-30"), or day.month.year ("30.11.2026"), as written in Europe.
_DATE = re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})")
_DMY = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
#: The longest name a person may type for a plan (a case file may hold a longer one).
MAX_NAME = 120
#: the longest line of free text (a check-in's notes) kept
MAX_TEXT = 500


@dataclass(frozen=True)
class Understood:
    """An answer that was read: the value to keep, and a line confirming how it was read."""

    value: Any
    note: str | None = None


@dataclass(frozen=True)
class NotUnderstood:
    """An answer that cannot be used: ``line`` says what would be accepted, with an example."""

    line: str


Reading = Understood | NotUnderstood


class AnswerReader(AnswerForms):
    """Reads answers to the questions of one knowledge base; build once, reuse."""

    def __init__(self, kb: KnowledgeBase, today: datetime.date | None = None) -> None:
        super().__init__(kb)
        w = kb.answers.words
        self.today = today
        self.yes, self.no, self.unknown = Phrases(w.yes), Phrases(w.no), Phrases(w.unknown)
        self.none, self.no_amount, self.skip = Phrases(w.none), Phrases(w.no_amount), Phrases(w.skip)
        self.and_, self.filler = Phrases(w.and_), Phrases(w.filler)
        self.today_words, self.yesterday_words = Phrases(w.today), Phrases(w.yesterday)
        self.numbers = number_words(kb)
        self.amounts = AmountReader(self)

    # -- one question --------------------------------------------------------------
    def read(self, qid: str, text: str) -> Reading:
        """The answer ``text`` to question ``qid`` (any type but the lists picked by area)."""
        return self.read_question(self.kb.questions[qid], text)

    def read_question(self, q: Question, text: str) -> Reading:
        """The answer ``text`` to the question ``q`` (questions.yaml or checkin_questions.yaml)."""
        if q.type == "text":
            return self._text(q, text)
        t = normal(text)
        toks = tokens(t)
        if q.type == "red_flags":
            return self.read_picks(text, len(self.kb.red_flags), "red_flags", optional=False)
        if q.type == "tri_state":
            return self._tri_state(q, text, t, toks)
        if t == "" or self.skip.whole(toks) or (q.type != "choice" and self.unknown.whole(toks)):
            return Understood(SKIPPED) if not q.required else self._fail(q, text)
        match q.type:
            case "choice":
                return self._choice(q, text, t, toks)
            case "date":
                return self._date(q, text, t, toks)
            case "integer" | "number" | "range_map":
                if q.type == "range_map" and self.none.whole(toks):
                    return Understood(SKIPPED)
                return self._amount(q, text, t, toks)
        return self._fail(q, text)

    def read_picks(self, text: str, count: int, kind: str, *, optional: bool) -> Reading:
        """Numbers picked from a list of ``count`` (``1,3``, ``1 and 3``, ``2-4``, ``none``).

        The value is the 1-based numbers in the order typed; "none" is ``[]``
        for the warning signs (screened, none present) and :data:`SKIPPED` for
        an optional list; a required list needs at least one.
        """
        t = normal(text)
        toks = tokens(t)
        if t == "" or self.none.whole(toks) or (optional and self.skip.whole(toks)):
            if kind == "red_flags" and t != "":
                return Understood([])
            if optional:
                return Understood(SKIPPED)
            return self._fail_list(kind, count, text, self.messages["required"] if t else "")
        picked: list[int] = []
        for m in _PICK.finditer(t):
            first, last, single, word, sep, _other = m.groups()
            if sep or (word and self.and_.whole((word,))):
                continue
            numbers = self._pick(first, last, single, word, count)
            if numbers is None:
                return self._fail_list(kind, count, text)
            picked += [n for n in numbers if n not in picked]
        return Understood(picked) if picked else self._fail_list(kind, count, text)

    def _pick(
        self, first: str | None, last: str | None, single: str | None, word: str | None, count: int
    ) -> list[int] | None:
        """The numbers one part of a pick names (``3``, ``2-4``, ``three``); None if not 1 to count."""
        low: float | None = None
        high: float | None = None
        if word is not None:
            low = high = self.numbers.get(word)
        elif single is not None and len(single) <= 6:
            low = high = int(single)
        elif first is not None and last is not None and len(first) <= 6 and len(last) <= 6:
            low, high = int(first), int(last)
        if low is None or high is None or not float(low).is_integer() or not 1 <= low <= high <= count:
            return None
        return list(range(int(low), int(high) + 1))

    def read_name(self, text: str) -> Reading:
        """The name a plan shows: any one line of text; Enter, "skip" or "none" leave it out."""
        t = normal(text)
        toks = tokens(t)
        if t == "" or self.skip.whole(toks) or self.none.whole(toks):
            return Understood(SKIPPED)
        name = " ".join(text.split())
        a = self.kb.answers
        hint = (
            a.messages["name_not_text"]
            if one_line(name) != name
            else a.messages["name_too_long"].format(max=MAX_NAME)
            if len(name) > MAX_NAME
            else ""
        )
        if hint:
            return NotUnderstood(
                a.messages["not_an_answer"].format(
                    text=clip(text),
                    accepted=a.accepted["name"],
                    example=a.examples["name"],
                    hint=_space(hint),
                )
            )
        return Understood(name)

    # -- by type -------------------------------------------------------------------
    def _text(self, q: Question, text: str) -> Reading:
        """A line of free text (a check-in's notes); Enter or "skip" leaves it out."""
        t = normal(text)
        if t == "" or self.skip.whole(tokens(t)):
            return Understood(SKIPPED)
        line = " ".join(text.split())
        if one_line(line) != line:
            return self._fail(q, text, self.kb.answers.messages["name_not_text"])
        if len(line) > MAX_TEXT:
            return self._fail(q, text, self.kb.answers.messages["name_too_long"].format(max=MAX_TEXT))
        return Understood(line)

    def _tri_state(self, q: Question, text: str, t: str, toks: tuple[str, ...] | None) -> Reading:
        if t == "":
            return Understood(UNKNOWN)
        for phrases, value in (
            (self.yes, True),
            (self.no, False),
            (self.unknown, UNKNOWN),
            (self.skip, UNKNOWN),
        ):
            if phrases.whole(toks):
                return Understood(value, self._note(q, value, t))
        return self._fail(q, text)

    def _choice(self, q: Question, text: str, t: str, toks: tuple[str, ...] | None) -> Reading:
        options = q.options
        if t.isascii() and t.isdigit() and len(t) <= 6 and 1 <= int(t) <= len(options):
            return Understood(options[int(t) - 1].value)
        for opt in options:
            if t in (opt.value, opt.value.replace("_", " "), normal(opt.label)):
                return Understood(opt.value)
        for opt in options:
            if toks is not None and toks in {tokens(normal(w)) for w in opt.also}:
                return Understood(opt.value, self._note(q, opt.value, t))
        if self.unknown.whole(toks):
            return Understood(SKIPPED)
        if toks:  # every word the start of a word of one option's label or value
            words, _ = self.filler.remove(list(toks))
            matches = [
                opt
                for opt in options
                if words
                and all(
                    any(o.startswith(w) for o in (*normal(opt.label).split(), *opt.value.split("_")))
                    for w in words
                )
            ]
            if len(matches) == 1:
                return Understood(matches[0].value, self._note(q, matches[0].value, t))
            if len(matches) > 1:
                names = self.join([m.label for m in matches])
                return self._fail(q, text, self.messages["ambiguous"].format(options=names))
        return self._fail(q, text)

    def _date(self, q: Question, text: str, t: str, toks: tuple[str, ...] | None) -> Reading:
        today = self.today or datetime.date.today()
        if self.today_words.whole(toks):
            return Understood(today.isoformat(), self._note(q, today.isoformat(), t))
        if self.yesterday_words.whole(toks):
            day = today - datetime.timedelta(days=1)
            return Understood(day.isoformat(), self._note(q, day.isoformat(), t))
        ymd, dmy = _DATE.fullmatch(t), _DMY.fullmatch(t)
        try:
            if ymd is not None:
                day = datetime.date(int(ymd.group(1)), int(ymd.group(2)), int(ymd.group(3)))
            elif dmy is not None:
                day = datetime.date(int(dmy.group(3)), int(dmy.group(2)), int(dmy.group(1)))
            else:
                return self._fail(q, text)
        except ValueError:
            return self._fail(q, text)
        if day > today:
            return self._fail(q, text, self.messages["future"])
        return Understood(day.isoformat(), self._note(q, day.isoformat(), t))

    def _amount(self, q: Question, text: str, t: str, toks: tuple[str, ...] | None) -> Reading:
        if q.none_is is not None and self.no_amount.whole(toks):
            value = plain(q.none_is)
            return Understood(value, self._note(q, value, t))
        if not toks:
            return self._fail(q, text)
        try:
            value, typed, rounded = self.amounts.parse(q, list(toks))
        except AmountError as exc:
            return self._fail(q, text, exc.hint)
        if (q.min is not None and value < q.min) or (q.max is not None and value > q.max):
            hint = self.messages["conversion"].format(typed=typed, value=self.describe(q, value))
            return self._fail(q, text, hint if typed else "")
        note: str | None
        if rounded:
            note = self.messages["recorded_rounded"].format(value=self.describe(q, value), typed=typed)
        elif typed:
            note = self.messages["recorded_from"].format(value=self.describe(q, value), typed=typed)
        else:
            note = self._note(q, value, t)
        return Understood(value, note)

    # -- lines ------------------------------------------------------------------------
    def _note(self, q: Question, value: Any, typed: str) -> str | None:
        """The "Recorded: ..." line, when the answer was read from words rather than typed as kept."""
        shown = self.describe(q, value)
        if typed in (shown.lower(), str(value).lower()) or len(typed) <= 1:
            return None
        return self.messages["recorded"].format(value=shown)

    def _fail(self, q: Question, text: str, hint: str = "") -> NotUnderstood:
        return NotUnderstood(
            self.messages["not_an_answer"].format(
                text=clip(text), accepted=self.accepted(q), example=self.example(q), hint=_space(hint)
            )
        )

    def _fail_list(self, kind: str, count: int, text: str, hint: str = "") -> NotUnderstood:
        a = self.kb.answers
        return NotUnderstood(
            self.messages["not_an_answer"].format(
                text=clip(text),
                accepted=a.accepted[kind].format(count=count),
                example=a.examples[kind],
                hint=_space(hint),
            )
        )


def _space(hint: str) -> str:
    return f" {hint}" if hint else ""
