"""Checking one answer of a case: its type, its range, its ids, and how a problem is said.

:class:`Checker` collects every problem of a case (not just the first), each
naming the field, the value and what is allowed; an unknown id suggests the
closest known ones. Values are shown bounded and on one line (:func:`show`),
whatever a file holds. ``case_validation.py`` walks a whole case with it, and
``checkin.py`` a journal's check-in.
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

from .case import UNKNOWN, Problem
from .case_parsing import MAX_NUMBER_DIGITS, TooManyDigits, bounded_int

TRUE_WORDS = {"true", "yes", "y"}
FALSE_WORDS = {"false", "no", "n"}
MAX_TEXT = 10_000

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


def show(value: Any) -> str:
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


def closest(word: str, known: Iterable[str]) -> str:
    hint = difflib.get_close_matches(word, list(known), n=3, cutoff=0.5)
    return ", ".join(hint)


def with_closest(message: str, hint: str) -> str:
    """``message`` with ``(closest: a, b)`` after it when there is a hint."""
    if not hint:
        return message
    return message + " " + _("(closest: {closest})").format(closest=hint)


def _see(command: str) -> str:
    return _("see '{command}'").format(command=command)


class Checker:
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
                self.fail(field, not_one.format(value=show(value)), allowed)
                return None
        if isinstance(value, TooManyDigits):
            self.fail(field, out_of_range.format(value=show(value)), allowed)
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(field, not_one.format(value=show(value)), allowed)
            return None
        if isinstance(value, float):
            if not math.isfinite(value):  # nan, or an infinity (.inf, or 1e999 written out)
                what = not_one if math.isnan(value) else beyond
                self.fail(field, what.format(value=show(value)), allowed)
                return None
            if integer:
                if not value.is_integer():
                    self.fail(field, _("{value} is not a whole number").format(value=show(value)), allowed)
                    return None
                value = int(value)
        number: float | int = value
        if (lo is not None and number < lo) or (hi is not None and number > hi):
            self.fail(field, out_of_range.format(value=show(number)), allowed)
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
        self.fail(field, _("{value} is not a date").format(value=show(value)), allowed)
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
        self.fail(field, _("{value} is not a yes/no answer").format(value=show(value)), allowed)
        return None

    def choice(self, field: str, value: Any, q: Question) -> str | None:
        options = [o.value for o in q.options]
        if isinstance(value, str) and value.strip() in options:
            return value.strip()
        hint = closest(str(value), options) if isinstance(value, str) else ""
        message = _("{value} is not one of the choices").format(value=show(value))
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
            self.fail(field, _(NOT_A_LIST[what]).format(value=show(value)), such_as)
            return None
        out: list[str] = []
        ok = True
        for i, item in enumerate(value):
            where = f"{field}[{i}]"
            if not isinstance(item, str):
                self.fail(where, _(NOT_AN_ID[what]).format(value=show(item)), _(AN_ID[what]))
                ok = False
            elif item not in known:
                message = _(UNKNOWN_ID[what]).format(id=clip(item))
                self.fail(
                    where,
                    with_closest(message, closest(item, known)),
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
                _("{value} is not a mapping of movement id to degrees").format(value=show(value)),
                _("e.g. {example}").format(example="{shoulder_abduction: 120}"),
            )
            return None
        out: dict[str, float] = {}
        ok = True
        for key, degrees in value.items():
            where = f"{field}.{key}"
            if not isinstance(key, str) or key not in self.kb.movements:
                message = _(UNKNOWN_ID["movement"]).format(id=clip(str(key)))
                hint = closest(str(key), self.kb.movements)
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


def too_many_digits(value: Any) -> TooManyDigits | None:
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


def clip(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
