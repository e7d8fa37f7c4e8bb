"""Validate a raw case mapping against the case format and the knowledge base.

Which fields exist, their types and allowed values come from the knowledge
base's questions (a question's id is the case field it fills), so adding a
question or a movement to the data extends the case format with no code
change. Every problem is collected (not just the first), each naming the
field, the value and what is allowed; an unknown id or key suggests the
closest known ones. Problems are said in the language spoken
(:mod:`regain.knowledge.messages`); field names, ids and values stay as the
file has them.
"""

from __future__ import annotations

import datetime
import difflib
import math
import re
from collections.abc import Iterable
from typing import Any

from regain.knowledge import KnowledgeBase
from regain.knowledge.messages import N_, _
from regain.knowledge.models import Question

from .case import UNKNOWN, Case, CaseError, Problem, whole_file
from .case_parsing import MAX_NUMBER_DIGITS, TooManyDigits, bounded_int
from .case_reader import RawCase

FORMAT = "regain-case/2"
#: The case formats regain reads, by name -> version. A regain-case/1 file's ``red_flags``
#: list was screened against the shorter checklist of version 1 (docs/case-format.md).
FORMATS = {"regain-case/1": 1, "regain-case/2": 2}
META_FIELDS = ("format", "id", "name", "notes", "language")
TRUE_WORDS = {"true", "yes", "y"}
FALSE_WORDS = {"false", "no", "n"}
MAX_TEXT = 10_000
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_ID = 200
#: Messages about a list of ids, by what the ids are (said in the language spoken when used).
NOT_A_LIST = {
    "movement": N_("{value} is not a list of movement ids"),
    "region": N_("{value} is not a list of region ids"),
    "red flag": N_("{value} is not a list of red flag ids"),
}
NOT_AN_ID = {
    "movement": N_("{value} is not a movement id"),
    "region": N_("{value} is not a region id"),
    "red flag": N_("{value} is not a red flag id"),
}
AN_ID = {"movement": N_("a movement id"), "region": N_("a region id"), "red flag": N_("a red flag id")}
UNKNOWN_ID = {
    "movement": N_("unknown movement '{id}'"),
    "region": N_("unknown region '{id}'"),
    "red flag": N_("unknown red flag '{id}'"),
}


def _show(value: Any) -> str:
    """A short, safe rendering of a value for an error message (bounded, one line)."""
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list | tuple):
        return _("a list")
    if isinstance(value, TooManyDigits):
        return _("a number with {digits} digits").format(digits=value.digits)
    if isinstance(value, str):
        text = repr(value[:60])
    elif isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 300:
        digits = f"{int(value.bit_length() * 0.30103) + 1:,}"
        text = _("a number with about {digits} digits").format(digits=digits)
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _closest(word: str, known: Iterable[str]) -> str:
    hint = difflib.get_close_matches(word, list(known), n=3, cutoff=0.5)
    return ", ".join(hint)


def with_closest(message: str, hint: str) -> str:
    """``message`` with ``(closest: a, b)`` after it when there is a hint."""
    if not hint:
        return message
    return message + " " + _("(closest: {closest})").format(closest=hint)


def _see(command: str) -> str:
    return _("see '{command}'").format(command=command)


class _Checker:
    def __init__(self, kb: KnowledgeBase, source: str, text_values: bool) -> None:
        self.kb = kb
        self.source = source
        self.text_values = text_values
        self.problems: list[Problem] = []

    def fail(self, field: str, message: str, allowed: str = "") -> None:
        self.problems.append(Problem(self.source, field, message, allowed))

    # -- scalars ---------------------------------------------------------------
    def number(self, field: str, value: Any, q: Question, integer: bool) -> float | int | None:
        lo, hi = q.min, q.max
        bounds = {"min": format_bound(lo), "max": format_bound(hi)}
        if integer:
            allowed = _("an integer from {min} to {max}").format(**bounds)
            not_one, beyond = _("{value} is not an integer"), _("{value} is out of range for an integer")
        else:
            allowed = _("a number from {min} to {max}").format(**bounds)
            not_one, beyond = _("{value} is not a number"), _("{value} is out of range for a number")
        out_of_range = _("{value} is out of range")
        if self.text_values and isinstance(value, str):
            try:
                value = _parse_float(value) if not integer else _parse_int(value)
            except ValueError:
                self.fail(field, not_one.format(value=_show(value)), allowed)
                return None
        if isinstance(value, TooManyDigits):
            self.fail(field, out_of_range.format(value=_show(value)), allowed)
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(field, not_one.format(value=_show(value)), allowed)
            return None
        if isinstance(value, float):
            if not math.isfinite(value):  # nan, or an infinity (.inf, or 1e999 written out)
                what = not_one if math.isnan(value) else beyond
                self.fail(field, what.format(value=_show(value)), allowed)
                return None
            if integer:
                if not value.is_integer():
                    self.fail(field, _("{value} is not a whole number").format(value=_show(value)), allowed)
                    return None
                value = int(value)
        number: float | int = value
        if (lo is not None and number < lo) or (hi is not None and number > hi):
            self.fail(field, out_of_range.format(value=_show(number)), allowed)
            return None
        return number

    def date(self, field: str, value: Any) -> str | None:
        """A calendar date, kept as ``YYYY-MM-DD`` text (YAML reads a bare date as a date)."""
        allowed = _("a date written YYYY-MM-DD, such as 2026-11-30")
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value.isoformat()
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            try:
                return datetime.date.fromisoformat(value.strip()).isoformat()
            except ValueError:
                pass
        self.fail(field, _("{value} is not a date").format(value=_show(value)), allowed)
        return None

    def tri_state(self, field: str, value: Any) -> bool | str | None:
        allowed = _("true, false, unknown (yes/no accepted)")
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            word = value.strip().lower()
            if word in TRUE_WORDS:
                return True
            if word in FALSE_WORDS:
                return False
            if word == UNKNOWN:
                return UNKNOWN
        self.fail(field, _("{value} is not a yes/no answer").format(value=_show(value)), allowed)
        return None

    def choice(self, field: str, value: Any, q: Question) -> str | None:
        options = [o.value for o in q.options]
        if isinstance(value, str) and value.strip() in options:
            return value.strip()
        hint = _closest(str(value), options) if isinstance(value, str) else ""
        message = _("{value} is not one of the choices").format(value=_show(value))
        self.fail(field, with_closest(message, hint), ", ".join(options))
        return None

    # -- lists of ids ----------------------------------------------------------
    def id_list(
        self, field: str, value: Any, known: dict[str, Any], what: str, required: bool
    ) -> list[str] | None:
        if self.text_values and isinstance(value, str):
            value = [v.strip() for v in value.split(";") if v.strip()]
        such_as = _("a list such as [{example}]").format(example=next(iter(known)))
        if not isinstance(value, list):
            self.fail(field, _(NOT_A_LIST[what]).format(value=_show(value)), such_as)
            return None
        out: list[str] = []
        ok = True
        for i, item in enumerate(value):
            where = f"{field}[{i}]"
            if not isinstance(item, str):
                self.fail(where, _(NOT_AN_ID[what]).format(value=_show(item)), _(AN_ID[what]))
                ok = False
            elif item not in known:
                message = _(UNKNOWN_ID[what]).format(id=_clip(item))
                self.fail(
                    where,
                    with_closest(message, _closest(item, known)),
                    _see(f"regain kb list {what.replace(' ', '_')}s"),
                )
                ok = False
            elif item not in out:
                out.append(item)
        if ok and required and not out:
            self.fail(field, _("must name at least one movement"), such_as)
            return None
        return out if ok else None

    def range_map(self, field: str, value: Any, q: Question) -> dict[str, float] | None:
        if not isinstance(value, dict):
            self.fail(
                field,
                _("{value} is not a mapping of movement id to degrees").format(value=_show(value)),
                _("e.g. {example}").format(example="{shoulder_abduction: 120}"),
            )
            return None
        out: dict[str, float] = {}
        ok = True
        for key, degrees in value.items():
            where = f"{field}.{key}"
            if not isinstance(key, str) or key not in self.kb.movements:
                message = _(UNKNOWN_ID["movement"]).format(id=_clip(str(key)))
                hint = _closest(str(key), self.kb.movements)
                self.fail(where, with_closest(message, hint), _see("regain kb list movements"))
                ok = False
                continue
            number = self.number(where, degrees, q, integer=False)
            if number is None:
                ok = False
            else:
                out[key] = number
        return out if ok else None


def format_bound(x: float | None) -> str:
    """A question's min or max as people write it: ``10``, not ``10.0``."""
    if x is None:
        return "?"
    return str(int(x)) if float(x).is_integer() else str(x)


def _parse_int(text: str) -> int | TooManyDigits:
    """A CSV cell as an integer (``5`` or ``5.0``), its digits bounded before converting."""
    text = text.strip()
    if re.fullmatch(r"[+-]?[0-9]+(\.0+)?", text) is None:
        raise ValueError(text)
    return bounded_int(text.split(".")[0])


def _parse_float(text: str) -> float | TooManyDigits:
    """A CSV cell as a number: decimal, with an optional exponent (no ``nan``, ``1_000``)."""
    text = text.strip()
    if re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?", text) is None:
        raise ValueError(text)
    mantissa = re.split("[eE]", text)[0].replace(".", "")
    if len(mantissa.lstrip("+-")) > MAX_NUMBER_DIGITS:
        return TooManyDigits(len(mantissa.lstrip("+-")))
    return float(text)


def _too_many_digits(value: Any) -> TooManyDigits | None:
    """The first over-long number anywhere in ``value`` (kept ``x_`` data must be writable again)."""
    stack, seen = [value], set()
    while stack:
        item = stack.pop()
        if isinstance(item, TooManyDigits):
            return item
        if isinstance(item, dict | list) and id(item) not in seen:
            seen.add(id(item))
            stack.extend([*item.keys(), *item.values()] if isinstance(item, dict) else item)
    return None


def _clip(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def validate_case(raw: RawCase, kb: KnowledgeBase, *, partial: bool = False) -> Case:
    """Turn a :class:`RawCase` into a :class:`Case`, or raise :class:`CaseError`.

    ``partial=True`` accepts a case that lacks required answers (a questionnaire
    in progress, ``regain ask --resume``); every answer present is still checked.
    """
    if isinstance(raw.data, CaseError):
        raise raw.data
    data = raw.data
    check = _Checker(kb, raw.source, raw.text_values)
    if not isinstance(data, dict):
        check.fail(
            whole_file(),
            _("holds {value}, not a mapping of field: answer").format(value=_show(data)),
            _("a YAML mapping or a JSON object"),
        )
        raise CaseError(check.problems)

    answers: dict[str, Any] = {}
    extras: dict[str, Any] = {}
    case_id: str = raw.default_id
    version = FORMATS[FORMAT]
    name = notes = language = None
    fields = list(META_FIELDS) + list(kb.questions)

    for key, value in data.items():
        if not isinstance(key, str):
            check.fail(_clip(str(key)), _("field names are words"), ", ".join(fields))
            continue
        if key.startswith("x_"):
            digits = _too_many_digits(value)
            if digits is not None:
                check.fail(
                    _clip(key),
                    _("holds {value}").format(value=_show(digits)),
                    _("numbers of at most {digits} digits").format(digits=MAX_NUMBER_DIGITS),
                )
            extras[key] = value
            continue
        if key == "format":
            if value in FORMATS:
                version = FORMATS[value]
            else:
                major = str(value).split("/")[-1] if isinstance(value, str) else ""
                what = (
                    _("unsupported version {value}")
                    if isinstance(value, str) and value.startswith("regain-case/") and major
                    else _("{value} is not a regain case format")
                )
                *first, last = FORMATS
                either = _("{first} or {last}").format(first=", ".join(first), last=last)
                check.fail("format", what.format(value=_show(value)), either)
            continue
        if key == "language":
            if isinstance(value, str) and value in kb.languages:
                language = value
            else:
                check.fail(
                    "language",
                    _("{value} is not a language regain speaks").format(value=_show(value)),
                    ", ".join(kb.languages),
                )
            continue
        if key in ("id", "name", "notes"):
            if value is None and raw.text_values:
                continue
            if not isinstance(value, str) or (key == "id" and not value.strip()):
                said = _("{value} is not text").format(value=_show(value))
                check.fail(key, said, _("a string (put quotes around it)"))
                continue
            limit = MAX_ID if key == "id" else MAX_TEXT
            if len(value) > limit:
                said = _("is {length} characters long").format(length=len(value))
                check.fail(key, said, _("at most {limit}").format(limit=limit))
                continue
            if _LONE_SURROGATE.search(value):  # a "\udcff" escape: no UTF-8 file or page can hold it
                said = _("{value} is not valid text (a lone surrogate)").format(value=_show(value))
                check.fail(key, said, _("Unicode text"))
                continue
            if key == "id":
                case_id = value.strip()
            elif key == "name":
                name = value
            else:
                notes = value
            continue
        q = kb.questions.get(key)
        if q is None:
            message = _("unknown field '{field}'").format(field=_clip(key))
            own = _("the fields of {format}, or x_* for your own").format(format=FORMAT)
            check.fail(_clip(key), with_closest(message, _closest(key, fields)), own)
            continue
        if value is None:
            # YAML `key:` with nothing after it: treat as not answered, like a missing key,
            # except for red_flags, where an empty answer means "screened, none present".
            if key == "red_flags":
                answers[key] = []
            elif q.required:
                check.fail(
                    key, _("is empty"), _("a list such as [{example}]").format(example="shoulder_abduction")
                )
            continue
        parsed = _parse_answer(check, key, value, q, kb)
        if parsed is not None:
            answers[key] = parsed

    for qid, q in kb.questions.items():
        if (
            q.required
            and not partial
            and qid not in answers
            and not any(p.field.startswith(qid) for p in check.problems)
        ):
            check.fail(qid, _("is missing"), _("a list of at least one movement id"))

    if check.problems:
        raise CaseError(check.problems)
    return Case(
        id=case_id,
        source=raw.source,
        answers=answers,
        name=name,
        notes=notes,
        language=language,
        extras=extras,
        format_version=version,
    )


def _parse_answer(check: _Checker, key: str, value: Any, q: Question, kb: KnowledgeBase) -> Any:
    match q.type:
        case "tri_state":
            return check.tri_state(key, value)
        case "choice":
            return check.choice(key, value, q)
        case "integer":
            return check.number(key, value, q, integer=True)
        case "number":
            return check.number(key, value, q, integer=False)
        case "movements":
            return check.id_list(key, value, kb.movements, "movement", q.required)
        case "regions":
            return check.id_list(key, value, kb.regions, "region", False)
        case "red_flags":
            return check.id_list(key, value, kb.red_flags, "red flag", False)
        case "range_map":
            return check.range_map(key, value, q)
        case "date":
            return check.date(key, value)
    raise AssertionError(f"unhandled question type {q.type}")  # pragma: no cover
