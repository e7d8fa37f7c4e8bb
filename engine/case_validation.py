"""Validate a raw case mapping against the case format and the knowledge base.

Which fields exist, their types and allowed values come from the knowledge
base's questions (a question's id is the case field it fills), so adding a
question or a movement to the data extends the case format with no code
change. Every problem is collected (not just the first, by
``value_checks.Checker``), each naming the field, the value and what is
allowed; an unknown id or key suggests the closest known ones. Problems are said in the language spoken
(:mod:`regain.knowledge.messages`); field names, ids and values stay as the
file has them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from regain.knowledge import KnowledgeBase
from regain.knowledge.messages import _
from regain.knowledge.models import Question

from .case import Case, CaseError, Problem, whole_file
from .case_parsing import MAX_NUMBER_DIGITS
from .case_reader import RawCase
from .value_checks import MAX_TEXT, Checker, clip, closest, show, too_many_digits, with_closest

FORMAT = "regain-case/2"
#: The case formats regain reads, by name -> version. A regain-case/1 file's ``red_flags``
#: list was screened against the shorter checklist of version 1 (docs/case-format.md).
FORMATS = {"regain-case/1": 1, "regain-case/2": 2}
META_FIELDS = ("format", "id", "name", "notes", "language")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_ID = 200


#: The tiers whose signs an invalid case still reports: they call for help now, plan or not.
URGENT_TIERS = ("emergency", "urgent")


def urgent_signs_reported(
    flag_ids: Iterable[Any], kb: KnowledgeBase, source: str, field: str = "red_flags"
) -> list[Problem]:
    """One line for each emergency or urgent warning sign among ``flag_ids``, with its advice.

    An invalid case gets no plan, and its problems are all a person sees: a
    reported sign that needs emergency care, or a doctor today, must not hide
    among them. These lines come first; ``field`` may name each sign
    (``{id}``: a FHIR response's ``red_flags.{id}``).
    """
    out = []
    for fid in dict.fromkeys(f for f in flag_ids if isinstance(f, str)):
        flag = kb.red_flags.get(fid)
        if flag is None or flag.tier not in URGENT_TIERS:
            continue
        said = _(
            "reports '{sign}' ({tier}): {advice} Because of the problems below regain made no plan; "
            "this sign does not wait for one."
        ).format(sign=flag.sign, tier=kb.wording.tiers[flag.tier], advice=flag.advice)
        out.append(Problem(source, field.format(id=fid), said))
    return out


def validate_case(raw: RawCase, kb: KnowledgeBase, *, partial: bool = False) -> Case:
    """Turn a :class:`RawCase` into a :class:`Case`, or raise :class:`CaseError`.

    ``partial=True`` accepts a case that lacks required answers (a questionnaire
    in progress, ``regain ask --resume``); every answer present is still checked.
    """
    if isinstance(raw.data, CaseError):
        raise raw.data
    data = raw.data
    check = Checker(kb, raw.source, raw.text_values)
    if not isinstance(data, dict):
        check.fail(
            whole_file(),
            _("holds {value}, not a mapping of field: answer").format(value=show(data)),
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
            check.fail(clip(str(key)), _("field names are words"), ", ".join(fields))
            continue
        if key.startswith("x_"):
            digits = too_many_digits(value)
            if digits is not None:
                check.fail(
                    clip(key),
                    _("holds {value}").format(value=show(digits)),
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
                check.fail("format", what.format(value=show(value)), either)
            continue
        if key == "language":
            if isinstance(value, str) and value in kb.languages:
                language = value
            else:
                check.fail(
                    "language",
                    _("{value} is not a language regain speaks").format(value=show(value)),
                    ", ".join(kb.languages),
                )
            continue
        if key in ("id", "name", "notes"):
            if value is None and raw.text_values:
                continue
            if not isinstance(value, str) or (key == "id" and not value.strip()):
                said = _("{value} is not text").format(value=show(value))
                check.fail(key, said, _("a string (put quotes around it)"))
                continue
            limit = MAX_ID if key == "id" else MAX_TEXT
            if len(value) > limit:
                said = _("is {length} characters long").format(length=len(value))
                check.fail(key, said, _("at most {limit}").format(limit=limit))
                continue
            if _LONE_SURROGATE.search(value):  # a "\udcff" escape: no UTF-8 file or page can hold it
                said = _("{value} is not valid text (a lone surrogate)").format(value=show(value))
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
            message = _("unknown field '{field}'").format(field=clip(key))
            own = _("the fields of {format}, or x_* for your own").format(format=FORMAT)
            check.fail(clip(key), with_closest(message, closest(key, fields)), own)
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
        signs = data.get("red_flags")
        if isinstance(signs, str):  # a CSV cell: ids separated by ';'
            signs = [s.strip() for s in signs.split(";")]
        urgent = urgent_signs_reported(signs if isinstance(signs, list) else [], kb, raw.source)
        raise CaseError([*urgent, *check.problems])
    return Case(
        id=case_id,
        source=raw.source,
        answers=answers,
        name=name,
        notes=notes,
        language=language,
        extras=extras,
        format_version=version,
        origin=raw.origin,
    )


def _parse_answer(check: Checker, key: str, value: Any, q: Question, kb: KnowledgeBase) -> Any:
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
