"""One question as a form: what the page shows, and what a posted form answers.

Every question type gets the inputs that fit it: radio buttons for yes/no and
for a choice, a text box for an amount (read as a person types it, "3
months", "about 5", by :class:`~regain.engine.natural_answers.AnswerReader`,
as ``regain ask`` reads it), a date input, checkboxes grouped by body area for
movements and places (places also on a body map the page's script reveals)
and by group for the warning signs, and a box per
restricted movement for measured ranges. A posted form is read into the value
a case file holds, or into the one line that says why it cannot be used (the
page is shown again with it). The words are the knowledge base's
(``wording.yaml``'s ``web``, ``answers.yaml``, ``questions.yaml``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from regain.engine.case import UNKNOWN
from regain.engine.natural_answers import SKIPPED, AnswerReader, NotUnderstood, Understood
from regain.knowledge import KnowledgeBase
from regain.knowledge.models import Question

from .body_map import body_map

#: A posted form (or an earlier answer made into one): each input's name and its values.
FormValues = Mapping[str, list[str]]
TRI_STATE = {"yes": True, "no": False, "unknown": UNKNOWN}
#: The longest text an input takes (an answer is a few words).
MAX_TYPED = 200


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    checked: bool
    hint: str = ""


@dataclass(frozen=True)
class Group:
    legend: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class TextField:
    name: str
    label: str
    value: str


@dataclass(frozen=True)
class QuestionForm:
    """What a question's page shows; ``control`` says which inputs."""

    key: str
    text: str
    help: str
    control: str  # radios, checkboxes, flags, amount, date, ranges
    choices: tuple[Choice, ...] = ()
    groups: tuple[Group, ...] = ()
    fields: tuple[TextField, ...] = ()
    accepted: str = ""
    example: str = ""
    unknown_button: bool = False
    none_checked: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Read:
    """A posted form read: the value to keep (:data:`SKIPPED` for none), or the error to show."""

    value: Any = SKIPPED
    error: str | None = None
    note: str | None = None


class QuestionForms:
    """Forms for the questions of one knowledge base."""

    def __init__(self, kb: KnowledgeBase, reader: AnswerReader) -> None:
        self.kb = kb
        self.reader = reader
        self.words = kb.wording.web

    # -- showing -------------------------------------------------------------------
    def form(self, qid: str, given: FormValues, answers: Mapping[str, Any]) -> QuestionForm:
        """The form of ``qid`` filled with ``given`` (what was posted, or an earlier answer)."""
        q = self.kb.questions[qid]
        base: dict[str, Any] = {"key": qid, "text": q.text, "help": q.help, "unknown_button": not q.required}
        picked = set(given.get("pick", []))
        match q.type:
            case "tri_state":
                shown = self.kb.answers.shown
                base["unknown_button"] = False  # "don't know" is one of its answers
                choices = [Choice(v, shown[k], v in given.get("choice", [])) for k, v in _TRI_LABELS]
                return QuestionForm(control="radios", choices=tuple(choices), **base)
            case "choice":
                chosen = given.get("choice", [])
                choices = [Choice(o.value, o.label, o.value in chosen) for o in q.options]
                return QuestionForm(control="radios", choices=tuple(choices), **base)
            case "red_flags":
                groups: dict[str, list[Choice]] = {}
                for fid, flag in self.kb.red_flags.items():
                    groups.setdefault(flag.group, []).append(Choice(fid, flag.sign, fid in picked))
                flag_groups = self.kb.wording.flag_groups
                base["unknown_button"] = False  # the screen must be answered
                return QuestionForm(
                    control="flags",
                    groups=tuple(Group(flag_groups.get(g, g), tuple(c)) for g, c in groups.items()),
                    none_checked=bool(given.get("none")),
                    **base,
                )
            case "movements" | "regions":
                items: Mapping[str, Any] = self.kb.movements if q.type == "movements" else self.kb.regions
                by_area = [
                    Group(
                        self.kb.areas[area],
                        tuple(
                            Choice(iid, it.name, iid in picked, getattr(it, "how_to_test", "") or "")
                            for iid, it in items.items()
                            if it.area == area
                        ),
                    )
                    for area in self.kb.areas
                    if any(it.area == area for it in items.values())
                ]
                if q.type == "regions":
                    listed = [c.value for g in by_area for c in g.choices]
                    base["extra"] = {"body_map": body_map(self.kb, listed, picked)}
                return QuestionForm(control="checkboxes", groups=tuple(by_area), **base)
            case "range_map":
                fields = [
                    TextField(f"range.{mv}", f"{self.kb.movements[mv].name}", _first(given, f"range.{mv}"))
                    for mv in _restricted(self.kb, answers)
                ]
                base["accepted"] = self.reader.accepted(q)
                base["example"] = self.kb.answers.examples["range_map"]
                return QuestionForm(control="ranges", fields=tuple(fields), **base)
            case "date":
                fields = [TextField("answer", q.text, _first(given, "answer"))]
                return QuestionForm(
                    control="date", fields=tuple(fields), accepted=self.reader.accepted(q), **base
                )
        fields = [TextField("answer", q.text, _first(given, "answer"))]
        return QuestionForm(
            control="amount",
            fields=tuple(fields),
            accepted=self.reader.accepted(q),
            example=self.reader.example(q),
            **base,
        )

    def earlier_values(self, qid: str, value: Any) -> dict[str, list[str]]:
        """An earlier answer (taken back by Back) as the form values that show it."""
        q = self.kb.questions[qid]
        if value is SKIPPED:
            return {}
        match q.type:
            case "tri_state":
                return {"choice": [next(k for k, v in TRI_STATE.items() if _same(v, value))]}
            case "choice":
                return {"choice": [str(value)]}
            case "red_flags":
                return {"pick": list(value)} if value else {"none": ["1"]}
            case "movements" | "regions":
                return {"pick": list(value)}
            case "range_map":
                return {
                    f"range.{mv}": [self.reader.amount_text(v, q.unit)]
                    for mv, v in (value.items() if isinstance(value, dict) else ())
                }
            case "date":
                return {"answer": [str(value)]}
        return {"answer": [self.reader.describe(q, value)]}

    # -- reading -------------------------------------------------------------------
    def read(self, qid: str, given: FormValues, answers: Mapping[str, Any], *, unknown: bool) -> Read:
        """The answer a posted form gives ``qid``; ``unknown``: the "I don't know" button."""
        q = self.kb.questions[qid]
        w = self.words
        if unknown:
            if q.type == "tri_state":
                return Read(UNKNOWN)
            if q.required or q.type == "red_flags":
                return Read(error=w["tick_flags"] if q.type == "red_flags" else w["tick_some"])
            return Read(SKIPPED)
        match q.type:
            case "tri_state":
                chosen = given.get("choice", [])
                if len(chosen) != 1 or chosen[0] not in TRI_STATE:
                    return Read(error=w["choose_one_required"])
                return Read(TRI_STATE[chosen[0]])
            case "choice":
                chosen = given.get("choice", [])
                values = [o.value for o in q.options]
                if len(chosen) != 1 or chosen[0] not in values:
                    return Read(error=w["choose_one" if not q.required else "choose_one_required"])
                return Read(chosen[0])
            case "red_flags":
                return self._flags(given)
            case "movements" | "regions":
                items = self.kb.movements if q.type == "movements" else self.kb.regions
                return self._picks(given.get("pick", []), items, q)
            case "range_map":
                return self._ranges(qid, q, given, answers)
        text = _first(given, "answer")
        if not text.strip():
            return Read(error=w["type_answer_required" if q.required else "type_answer"])
        return _reading(self.reader.read(qid, text[:MAX_TYPED]))

    def read_name(self, given: FormValues, *, leave_out: bool) -> Read:
        """The optional name for the plan: ``None`` when left out."""
        if leave_out:
            return Read(None)
        reading = _reading(self.reader.read_name(_first(given, "name")[:MAX_TYPED]))
        return Read(None) if reading.error is None and reading.value is SKIPPED else reading

    def _flags(self, given: FormValues) -> Read:
        picked = given.get("pick", [])
        if any(p not in self.kb.red_flags for p in picked):
            return Read(error=self.words["not_listed"])
        if picked and given.get("none"):
            return Read(error=self.words["flags_and_none"])
        if not picked and not given.get("none"):
            return Read(error=self.words["tick_flags"])
        return Read([f for f in self.kb.red_flags if f in picked])

    def _picks(self, picked: list[str], items: Mapping[str, Any], q: Question) -> Read:
        if any(p not in items for p in picked):
            return Read(error=self.words["not_listed"])
        if not picked:
            return Read(error=self.words["tick_some" if q.required else "tick_some_or_unknown"])
        return Read([i for i in items if i in picked])

    def _ranges(self, qid: str, q: Question, given: FormValues, answers: Mapping[str, Any]) -> Read:
        out: dict[str, Any] = {}
        for mv in _restricted(self.kb, answers):
            text = _first(given, f"range.{mv}")
            if not text.strip():
                continue
            reading = _reading(self.reader.read(qid, text[:MAX_TYPED]))
            if reading.error is not None:
                return Read(error=f"{self.kb.movements[mv].name}: {reading.error}")
            if reading.value is not SKIPPED:
                out[mv] = reading.value
        return Read(out) if out else Read(error=self.words["measure_some"])


_TRI_LABELS = (("yes", "yes"), ("no", "no"), ("unknown", "unknown"))


def _same(a: Any, b: Any) -> bool:
    return isinstance(a, bool) == isinstance(b, bool) and a == b


def _first(given: FormValues, name: str) -> str:
    values = given.get(name, [])
    return values[0] if values else ""


def _restricted(kb: KnowledgeBase, answers: Mapping[str, Any]) -> list[str]:
    return [m for m in answers.get("restricted_movements", []) if m in kb.movements]


def _reading(reading: NotUnderstood | Understood) -> Read:
    if isinstance(reading, NotUnderstood):
        return Read(error=reading.line)
    return Read(reading.value, note=reading.note)
