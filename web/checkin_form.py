"""The check-in as one web form: its view model, and the posted form read back into answers.

The questions are the terminal's (:func:`regain.tracking.checkin_fields`), in
the same order and with the same help; each becomes an input by its type
(radio buttons for a choice or a yes/no, a number or date input, the warning
signs as checkboxes grouped by body area, with "None of these is new" to tick
explicitly). What is typed is read as ``regain ask`` reads it
(:class:`~regain.engine.natural_answers.AnswerReader`), and the answers become
the check-in file format through :func:`regain.tracking.raw_checkin`, so the
engine validates a web check-in exactly as a ``--file`` one. Every problem is
kept by the name of the input it belongs to, to be shown beside it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import MultiDict

from regain.engine.natural_answers import SKIPPED, AnswerReader, NotUnderstood
from regain.knowledge import KnowledgeBase
from regain.knowledge.models import Question
from regain.tracking import CheckinField, field_applies

#: The value of the checkbox that says no warning sign is new.
NONE_NEW = "none"
#: A tri-state radio's values -> the answer the reader would give.
TRI_STATE: dict[str, Any] = {"yes": True, "no": False, "unknown": "unknown"}


#: What a posted form offers (Flask's ``request.form``).
FormData = MultiDict[str, str]


@dataclass(frozen=True, slots=True)
class Option:
    """One radio button or checkbox."""

    id: str
    value: str
    label: str
    checked: bool


@dataclass(frozen=True, slots=True)
class FlagGroup:
    """The warning signs of one body area, as checkboxes."""

    name: str
    options: tuple[Option, ...]


@dataclass(frozen=True, slots=True)
class FormField:
    """One question of the form: its input, what it shows, what was entered, its problem."""

    name: str  # the check-in field path, dotted: "felt.long_hold_stretching.felt"
    id: str
    kind: str  # date | number | radio | flags | text
    text: str
    help: str
    required: bool
    value: str  # what the input holds (date, number, text)
    options: tuple[Option, ...]  # radio buttons
    groups: tuple[FlagGroup, ...]  # the warning signs
    none_option: Option | None  # "None of these is new"
    min: str | None
    max: str | None
    step: str | None
    unit: str | None
    lead: str | None  # a line before the question ("Only if it made the pain worse:")
    error: str | None


@dataclass(frozen=True, slots=True)
class CheckinForm:
    """The whole form; ``problems`` holds those that belong to no one question."""

    intro: str
    fields: tuple[FormField, ...]
    problems: tuple[str, ...]
    has_errors: bool


def field_name(field: CheckinField) -> str:
    return ".".join(field.key)


def _id(name: str) -> str:
    return "f-" + name.replace(".", "-")


#: An input by question type: anything else is a line of text.
KINDS = {
    "date": "date",
    "integer": "number",
    "number": "number",
    "choice": "radio",
    "tri_state": "radio",
    "red_flags": "flags",
}


def _kind(q: Question) -> str:
    return KINDS.get(q.type, "text")


def _number(value: float | None) -> str | None:
    return None if value is None else f"{value:g}"


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def checkin_form(
    kb: KnowledgeBase,
    fields: Sequence[CheckinField],
    since: datetime.date,
    today: datetime.date,
    posted: FormData | None = None,
    errors: Mapping[str, str] | None = None,
    problems: Iterable[str] = (),
) -> CheckinForm:
    """The form's view: empty but for today's date, or as ``posted`` with its ``errors`` beside each input."""
    w = kb.wording.progress
    errors = errors or {}
    units = kb.answers.units
    out = []
    for f in fields:
        q, name = f.question, field_name(f)
        kind = _kind(q)
        entered = _text(posted.get(name)) if posted is not None else ""
        if posted is None and kind == "date":
            entered = today.isoformat()
        picked = set(posted.getlist(name)) if posted is not None else set()
        options: tuple[Option, ...] = ()
        groups: tuple[FlagGroup, ...] = ()
        none_option = None
        if q.type == "choice":
            options = tuple(
                Option(f"{_id(name)}-{o.value}", o.value, o.label, entered == o.value) for o in q.options
            )
        elif q.type == "tri_state":
            labels = {"yes": w.web_yes, "no": w.web_no, "unknown": w.web_unknown}
            options = tuple(Option(f"{_id(name)}-{v}", v, labels[v], entered == v) for v in TRI_STATE)
        elif q.type == "red_flags":
            groups = _flag_groups(kb, name, picked)
            none_option = Option(f"{_id(name)}-{NONE_NEW}", NONE_NEW, w.web_none_new, NONE_NEW in picked)
        number = q.type in ("integer", "number")
        out.append(
            FormField(
                name=name,
                id=_id(name),
                kind=kind,
                text=q.text,
                help=q.help,
                required=q.required,
                value=entered,
                options=options,
                groups=groups,
                none_option=none_option,
                min=_number(q.min) if number else None,
                max=_number(q.max) if number else None,
                step=("1" if q.type == "integer" else "any") if number else None,
                unit=units[q.unit].many if q.unit else None,
                lead=w.web_only_if_worse if f.key[-1] == "raised_next_day" else None,
                error=errors.get(name),
            )
        )
    problems = tuple(problems)
    return CheckinForm(
        intro=w.web_checkin_intro.format(since=since.isoformat()),
        fields=tuple(out),
        problems=problems,
        has_errors=bool(errors or problems),
    )


def _flag_groups(kb: KnowledgeBase, name: str, picked: set[str]) -> tuple[FlagGroup, ...]:
    titles = kb.wording.flag_groups
    groups: dict[str, list[Option]] = {}
    for flag_id, flag in kb.red_flags.items():
        option = Option(f"{_id(name)}-{flag_id}", flag_id, flag.sign, flag_id in picked)
        groups.setdefault(flag.group, []).append(option)
    return tuple(FlagGroup(titles.get(g, g), tuple(opts)) for g, opts in groups.items())


def read_checkin_form(
    kb: KnowledgeBase, fields: Sequence[CheckinField], posted: FormData, today: datetime.date
) -> tuple[list[Any], dict[str, str]]:
    """The answers, one per field (:data:`SKIPPED` where none), and the problems by input name.

    A yes/no left unanswered is "don't know", as Enter is in the terminal: for
    "did the pain stay raised the next day" that counts as raised, the safer reading.
    """
    w = kb.wording.progress
    reader = AnswerReader(kb, today=today)
    answers: list[Any] = [SKIPPED] * len(fields)
    errors: dict[str, str] = {}
    for i, f in enumerate(fields):
        q, name = f.question, field_name(f)
        if not field_applies(fields, answers, i):
            continue
        text = _text(posted.get(name))
        if q.type == "red_flags":
            value, problem = _read_flags(kb, posted.getlist(name))
        elif q.type in ("tri_state", "choice"):
            values = TRI_STATE if q.type == "tri_state" else {o.value: o.value for o in q.options}
            if not text and q.type == "tri_state":
                text = "unknown"
            value = values.get(text, SKIPPED)
            problem = None if value is not SKIPPED else w.web_not_listed if text else None
            if not text and q.required:
                problem = w.web_answer_needed
        elif not text:
            value, problem = SKIPPED, w.web_answer_needed if q.required else None
        else:
            reading = reader.read_question(q, text)
            value = SKIPPED if isinstance(reading, NotUnderstood) else reading.value
            problem = reading.line if isinstance(reading, NotUnderstood) else None
        if problem:
            errors[name] = problem
        answers[i] = value
    return answers, errors


def _read_flags(kb: KnowledgeBase, picked: list[Any]) -> tuple[Any, str | None]:
    w = kb.wording.progress
    chosen = {p for p in picked if isinstance(p, str)}
    if not chosen:
        return SKIPPED, w.web_flags_needed
    if NONE_NEW in chosen:
        return ([], None) if chosen == {NONE_NEW} else (SKIPPED, w.web_flags_and_none)
    if chosen - set(kb.red_flags):
        return SKIPPED, w.web_not_listed
    return [flag_id for flag_id in kb.red_flags if flag_id in chosen], None


def problems_by_field(
    fields: Sequence[CheckinField], problems: Iterable[str], where: str
) -> tuple[dict[str, str], list[str]]:
    """The engine's problem lines (``where: field: what (allowed: ...)``) beside their inputs, or apart."""
    names = sorted((field_name(f) for f in fields), key=len, reverse=True)
    beside: dict[str, str] = {}
    apart: list[str] = []
    for line in problems:
        rest = line[len(where) + 2 :] if line.startswith(f"{where}: ") else line
        path, _, message = rest.partition(": ")
        name = next((n for n in names if path == n or path.startswith((f"{n}.", f"{n}["))), None)
        if name is None or not message:
            apart.append(rest)
        else:
            beside[name] = f"{beside[name]} {message}" if name in beside else message
    return beside, apart
