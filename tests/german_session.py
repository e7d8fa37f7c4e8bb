"""A person who answers ``regain ask`` in German words, and what the terminal shows them.

Shared by the German terminal tests: the lines such a person types (built by
walking the questionnaire, as tests/test_ask_cli.py does in English), and the
printed text with the person's own typed words taken out, ready for
:func:`english_words.english_words`.
"""

from __future__ import annotations

import re
from typing import Any

from test_ask_cli import _by_area

from regain.engine.questionnaire import SETTLED, Questionnaire
from regain.knowledge import KnowledgeBase

#: What the person means; every tri-state question not here is answered "weiß nicht".
PERSON: dict[str, Any] = {
    "red_flags": ["history_of_cancer"],  # a see-a-doctor sign: the doctor's clearance is asked
    "restricted_movements": ["shoulder_abduction"],
    "pain_on_movement": 5,
    "limit_felt_as": "both",
    "better_when_pain_relieved": True,
    "referred_pain": False,
    "duration_weeks": 104,
    "immobilized_weeks": 0,
    "sustained_postures": True,
    "stretching_effect": "worse",
    "cleared_by_doctor": True,
    "cleared_on": "2026-03-14",
}
#: How they say it: German words ("etwa 5", "keine", "2 Jahre", "14.03.2026"); "keine" leaves the
#: optional places of the pain out, and means 0 weeks kept still.
TYPED: dict[str, list[str]] = {
    "pain_on_movement": ["etwa 5"],
    "pain_regions": ["keine"],
    "limit_felt_as": ["beides"],
    "better_when_pain_relieved": ["ja"],
    "referred_pain": ["nein"],
    "duration_weeks": ["2 Jahre"],
    "immobilized_weeks": ["keine"],
    "sustained_postures": ["ja"],
    "stretching_effect": ["schlimmer"],
    "cleared_by_doctor": ["ja"],
    "cleared_on": ["14.03.2026"],
}
UNKNOWN = "weiß nicht"
NAME = "Anna"


def german_lines(kb: KnowledgeBase, qid: str, answers: dict[str, Any]) -> tuple[list[str], Any]:
    """What the person types at question ``qid``, and the value it stands for (None: left out)."""
    q = kb.questions[qid]
    if qid in TYPED:
        return TYPED[qid], PERSON.get(qid)
    value = PERSON.get(qid)
    match q.type:
        case "red_flags":
            flags = list(kb.red_flags)
            return [",".join(str(flags.index(f) + 1) for f in value)], value
        case "movements":
            area, item = _by_area(kb, dict(kb.movements), value)
            return [area, kb.answers.commands.areas[0], area, item], value  # "bereiche": areas again
        case "tri_state":
            return ([UNKNOWN], "unknown") if value is None else (["ja" if value else "nein"], value)
        case "range_map":
            return ["" for _ in answers.get("restricted_movements", [])], None
    return [""], None  # Enter: left out


def german_script(kb: KnowledgeBase) -> tuple[list[str], list[str], dict[str, Any]]:
    """Every line typed in the session, the questions asked, and the answers they give.

    At the question after the duration ``warum`` is typed, then ``zurück``, and Enter
    keeps the duration shown again; the name is the last line.
    """
    q = Questionnaire(kb)
    answers: dict[str, Any] = {}
    unanswered: set[str] = set()
    lines: list[str] = []
    asked: list[str] = []
    while (qid := (step := q.step(answers, unanswered)).next) is not None:
        if asked and asked[-1] == "duration_weeks":
            lines += [kb.answers.commands.why[0], kb.answers.commands.back[0], ""]
        asked.append(qid)
        typed, value = german_lines(kb, qid, answers)
        lines += typed
        if value is None:
            unanswered.add(qid)
        else:
            answers[qid] = value
    assert step.done == SETTLED, step.done
    assert set(TYPED) <= set(asked), f"the session no longer asks {set(TYPED) - set(asked)}"
    return [*lines, NAME], asked, answers


PROMPT_LINE = re.compile(r"^> .*$", re.MULTILINE)


def without_typed(printed: str) -> str:
    """The terminal's text without what the person typed (echoed after each ``> `` prompt)."""
    return PROMPT_LINE.sub(">", printed.replace("\r\n", "\n"))
