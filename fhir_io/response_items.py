"""Reading the items of a QuestionnaireResponse into case answers, strictly, naming each linkId.

Each item must be one of regain's Questionnaire (:mod:`.questionnaire`), at
most once, with answers of the item's type: a coding of the item's own code
system, an integer, a decimal, a date, a string or (a warning sign) a
boolean. Values go on as they are: ranges, ids and dates are then checked by
the case validation like any case's. Lists are bounded by the
Questionnaire's own size, so a response of thousands of items is one line,
not thousands; nothing here recurses, so deep nesting costs nothing.
"""

from __future__ import annotations

import difflib
from typing import Any

from regain.engine.case import Problem
from regain.engine.case_parsing import TooManyDigits
from regain.engine.value_checks import clip, show
from regain.knowledge import KnowledgeBase
from regain.knowledge.messages import N_, _
from regain.knowledge.models import Question

from .identifiers import ANSWERS, MOVEMENTS, NO, REGIONS, UNKNOWN_CODE, YES, choice_system
from .questionnaire import NAME, help_id

ITEM_ELEMENTS = frozenset(("id", "extension", "linkId", "definition", "text", "answer", "item"))
ANSWER_ELEMENTS = frozenset(("id", "extension"))
TRI_STATE = {YES: True, NO: False, UNKNOWN_CODE: "unknown"}
#: The answer type (``value[x]``) each question type takes.
VALUE_KEY = {
    "tri_state": "valueCoding",
    "choice": "valueCoding",
    "movements": "valueCoding",
    "regions": "valueCoding",
    "integer": "valueInteger",
    "number": "valueDecimal",
    "date": "valueDate",
}
AN_ITEM = N_("an object with a linkId")
_SKIP = object()


def _numeric(value: Any) -> bool:
    return isinstance(value, TooManyDigits) or (
        isinstance(value, int | float) and not isinstance(value, bool)
    )


class ItemReader:
    """Reads a response's ``item`` list into case answers; problems go to ``problems``."""

    #: Where a version 1 screening is noted in the answers (no field has this name).
    FORMAT_VERSION = " format_version"

    def __init__(self, kb: KnowledgeBase, source: str, problems: list[Problem]) -> None:
        #: The warning signs answered yes, even in a screening refused as incomplete.
        self.signs_present: list[str] = []
        self.kb = kb
        self.source = source
        self.problems = problems

    def fail(self, field: str, message: str, allowed: str = "") -> None:
        self.problems.append(Problem(self.source, field[:80], message, allowed))

    # -- structure ----------------------------------------------------------------------
    def _list(self, value: Any, field: str, limit: int) -> list[Any]:
        """A list of at most ``limit`` entries (one line if it is longer, or no list)."""
        if not isinstance(value, list):
            self.fail(field, _("is not a list"), _("a JSON array"))
            return []
        if len(value) > limit:
            said = _("holds {count} entries; regain's questionnaire has at most {limit} here")
            self.fail(
                field, said.format(count=len(value), limit=limit), _("at most {limit}").format(limit=limit)
            )
            return []
        return value

    def _link(self, item: Any, where: str) -> str | None:
        """The item's linkId, after checking it is an item at all."""
        if not isinstance(item, dict) or not isinstance(item.get("linkId"), str):
            self.fail(where, _("is not an item"), _(AN_ITEM))
            return None
        link: str = item["linkId"]
        for key in item:
            if key not in ITEM_ELEMENTS:
                said = _("unknown element '{key}' of an item").format(key=clip(str(key)))
                self.fail(link, said, ", ".join(sorted(ITEM_ELEMENTS)))
        return link

    def _unknown(self, link: str, known: list[str]) -> None:
        hint = ", ".join(difflib.get_close_matches(link, known, n=3, cutoff=0.5))
        said = _("unknown linkId '{link}'").format(link=clip(link))
        if hint:
            said += " " + _("(closest: {closest})").format(closest=hint)
        self.fail(link, said, _("the linkIds of 'regain fhir questionnaire'"))

    def _only_help(self, item: dict[str, Any], link: str) -> None:
        for child in self._list(item.get("item", []), link, 1):
            child_link = self._link(child, link)
            if child_link is not None and (child_link != help_id(link) or child.get("answer")):
                self._unknown(child_link, [help_id(link)])

    # -- answers ------------------------------------------------------------------------
    def _values(self, item: dict[str, Any], link: str, key: str, most: int) -> list[Any]:
        """The ``key`` values of the item's answers (at most ``most``); wrong ones are problems."""
        answers = self._list(item.get("answer", []), link, max(most, 1))
        if most == 1 and len(answers) > 1:
            return []
        out: list[Any] = []
        for answer in answers:
            if not isinstance(answer, dict):
                self.fail(link, _("an answer is not an object"), key)
                continue
            values = [k for k in answer if k not in ANSWER_ELEMENTS]
            if "item" in answer:
                said = _("items inside an answer are not part of regain's questionnaire")
                self.fail(link, said, _("an answer with one {key}").format(key=key))
            elif len(values) != 1 or values[0] != key:
                said = _("{given} is the wrong type of answer for this item").format(
                    given=", ".join(v[:40] for v in values) or _("nothing")
                )
                self.fail(link, said, key)
            else:
                out.append(answer[key])
        return out

    def _code(self, link: str, coding: Any, system: str, codes: dict[str, Any] | None) -> Any:
        """A coding's code, in ``system``; with ``codes``, what it stands for."""
        if not isinstance(coding, dict) or not isinstance(coding.get("code"), str):
            self.fail(
                link, _("a valueCoding without a code"), _("a coding of {system}").format(system=system)
            )
            return _SKIP
        if coding.get("system") != system:
            said = _("{value} is not the code system of this item").format(value=show(coding.get("system")))
            self.fail(link, said, system)
            return _SKIP
        code: str = coding["code"]
        if codes is None:
            return code
        if code not in codes:
            self.fail(link, _("unknown code '{code}'").format(code=clip(code)), ", ".join(codes))
            return _SKIP
        return codes[code]

    def _question(self, item: dict[str, Any], link: str, q: Question) -> Any:
        self._only_help(item, link)
        key = VALUE_KEY[q.type]
        many = q.type in ("movements", "regions")
        known = self.kb.movements if q.type == "movements" else self.kb.regions
        limit = len(known) if many else 1
        count = len(item["answer"]) if isinstance(item.get("answer"), list) else 0
        if not many and count > 1:
            said = _("has {count} answers; this question takes one").format(count=count)
            self.fail(link, said, _("one answer"))
            return _SKIP
        values = self._values(item, link, key, limit)
        if not values:
            return _SKIP
        if q.type == "tri_state":
            return self._code(link, values[0], ANSWERS, TRI_STATE)
        if q.type == "choice":
            return self._code(link, values[0], choice_system(link), {o.value: o.value for o in q.options})
        if many:
            system = MOVEMENTS if q.type == "movements" else REGIONS
            codes = [self._code(link, v, system, None) for v in values]
            return _SKIP if _SKIP in codes else codes
        value = values[0]
        if (q.type == "date" and not isinstance(value, str)) or (q.type != "date" and not _numeric(value)):
            said = _("{value} is not a {key}").format(value=show(value), key=key)
            self.fail(link, said, key)
            return _SKIP
        if q.type == "integer" and isinstance(value, float):
            self.fail(link, _("{value} is not an integer").format(value=show(value)), key)
            return _SKIP
        return value

    def _name(self, item: dict[str, Any]) -> Any:
        self._only_help(item, NAME)
        values = self._values(item, NAME, "valueString", 1)
        count = len(item["answer"]) if isinstance(item.get("answer"), list) else 0
        if count > 1:
            self.fail(
                NAME, _("has {count} answers; this question takes one").format(count=count), _("one answer")
            )
            return _SKIP
        if values and not isinstance(values[0], str):
            self.fail(NAME, _("{value} is not text").format(value=show(values[0])), "valueString")
            return _SKIP
        return values[0] if values else _SKIP

    # -- groups -------------------------------------------------------------------------
    def _children(self, item: dict[str, Any], group: str, known: dict[str, Any], key: str) -> dict[str, Any]:
        """``{id: value}`` of a group's items ``<group>.<id>``, each answered once with ``key``."""
        if item.get("answer"):
            self.fail(group, _("a group has no answer of its own; its items do"), _("answers in its items"))
        children = self._list(item.get("item", []), group, len(known) + 1)
        out: dict[str, Any] = {}
        links = [f"{group}.{k}" for k in known]
        for i, child in enumerate(children):
            link = self._link(child, f"{group}.item[{i}]")
            if link is None or link == help_id(group):
                continue
            which = link[len(group) + 1 :] if link.startswith(group + ".") else None
            if which not in known:
                self._unknown(link, links)
                continue
            if which in out:
                self.fail(link, _("is answered twice"), _("each linkId once"))
                continue
            if isinstance(child.get("answer"), list) and len(child["answer"]) > 1:
                said = _("has {count} answers; this question takes one").format(count=len(child["answer"]))
                self.fail(link, said, _("one answer"))
                out[which] = _SKIP
                continue
            values = self._values(child, link, key, 1)
            given = isinstance(child.get("answer"), list) and bool(child["answer"])
            out[which] = values[0] if values else _SKIP if given else None  # _SKIP: said already
        return out

    def _screening(self, item: dict[str, Any], out: dict[str, Any]) -> None:
        """The signs answered; none means not screened; a partial screening is refused (module doc)."""
        given = self._children(item, "red_flags", self.kb.red_flags, "valueBoolean")
        answered: dict[str, bool] = {}
        broken: set[str] = set()
        for fid, value in given.items():
            if isinstance(value, bool):
                answered[fid] = value
            elif value is not None:
                broken.add(fid)
                if value is not _SKIP:
                    said = _("{value} is not true or false").format(value=show(value))
                    self.fail(f"red_flags.{fid}", said, "valueBoolean")
        self.signs_present = [fid for fid, present in answered.items() if present]
        if not answered and not broken:
            return  # no sign answered: not screened, as a case without red_flags
        for version in (2, 1):
            signs = {fid for fid, flag in self.kb.red_flags.items() if flag.since <= version}
            if set(answered) | broken == signs:
                out["red_flags"] = [fid for fid, present in answered.items() if present]  # in the given order
                if version != 2:
                    out[self.FORMAT_VERSION] = version
                return
        said = _("not answered: the warning-sign screening is read only when every sign is answered")
        for fid in self.kb.red_flags:
            if fid not in answered and fid not in broken:
                self.fail(f"red_flags.{fid}", said, _("true or false for every sign, or no sign at all"))

    def _ranges(self, item: dict[str, Any], out: dict[str, Any]) -> None:
        given = self._children(item, "range_measured", self.kb.movements, "valueDecimal")
        measured: dict[str, Any] = {}
        for mid, value in given.items():
            if value is None or value is _SKIP:
                continue
            if not _numeric(value):
                said = _("{value} is not a {key}").format(value=show(value), key="valueDecimal")
                self.fail(f"range_measured.{mid}", said, "valueDecimal")
            else:
                measured[mid] = value
        if measured:
            out["range_measured"] = measured

    # -- the response -------------------------------------------------------------------
    def read(self, items: Any) -> dict[str, Any]:
        """The answers of a response's top-level ``item`` list."""
        known = [*self.kb.questions, NAME]
        out: dict[str, Any] = {}
        seen: set[str] = set()
        for i, item in enumerate(self._list(items, "item", len(known))):
            link = self._link(item, f"item[{i}]")
            if link is None:
                continue
            if link in seen:
                self.fail(link, _("is answered twice"), _("each linkId once"))
                continue
            seen.add(link)
            q = self.kb.questions.get(link)
            if link == NAME:
                value = self._name(item)
            elif q is None:
                self._unknown(link, known)
                continue
            elif q.type == "red_flags":
                self._screening(item, out)
                continue
            elif q.type == "range_map":
                self._ranges(item, out)
                continue
            else:
                value = self._question(item, link, q)
            if value is not _SKIP:
                out[link] = value
        return out
