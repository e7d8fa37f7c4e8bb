"""Checks of checkin_questions.yaml: every check-in field has its question, placeholders fit.

The check-in prompts fill a few placeholders (the step's name, the date since, the
sessions the plan asks for, a movement's ranges); a text that uses another one would
show a brace to the person, so ``regain kb check`` names it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .placeholders import placeholder_problems

if TYPE_CHECKING:
    from .loader import KnowledgeBase

FILE = "checkin_questions.yaml"

#: check-in field -> the placeholders its text and help may use (the code fills them)
CHECKIN_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "date": frozenset(),
    "sessions": frozenset({"step", "since", "asked"}),
    "pain_at_rest": frozenset(),
    "pain_on_movement": frozenset(),
    "range_measured": frozenset({"movement", "start", "normal"}),
    "felt": frozenset({"step", "since"}),
    "raised_next_day": frozenset(),
    "tender_spots_reproduce_pain": frozenset(),
    "new_red_flags": frozenset({"since"}),
    "cleared_by_doctor": frozenset(),
    "notes": frozenset(),
    "start_journal": frozenset(),  # not a check-in field: the offer at the end of `regain ask`
}


def checkin_question_problems(kb: KnowledgeBase) -> list[str]:
    """Missing or unknown check-in questions, and placeholders a prompt cannot fill."""
    problems = [
        f"{FILE}: {field}: missing: the check-in asks it"
        for field in CHECKIN_PLACEHOLDERS
        if field not in kb.checkin_questions
    ]
    for qid, q in kb.checkin_questions.items():
        allowed = CHECKIN_PLACEHOLDERS.get(qid)
        if allowed is None:
            problems.append(f"{FILE}: {qid}: not a check-in field ({', '.join(CHECKIN_PLACEHOLDERS)})")
            continue
        for part, text in (("text", q.text), ("help", q.help)):
            problems += placeholder_problems(f"{FILE}: {qid}.{part}", text, allowed)
    return problems
