"""Why a question is asked, in words: MYCIN-style, from the rules that read its answer.

One text for both faces: ``regain ask``'s ``why`` command indents and wraps
these lines for the terminal, ``regain serve`` shows them under "Why am I
asked this?". The lines say which conclusions the answer is evidence about,
where each stands now, and what each rule reading the answer would change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from regain.engine.questionnaire import Questionnaire
from regain.knowledge import KnowledgeBase

NOTHING_CHANGES = "This answer is kept on your plan; it does not change a conclusion."


@dataclass(frozen=True)
class WhyLine:
    """One line of the explanation; ``detail`` lines belong to the line above them."""

    text: str
    detail: bool = False


def why_lines(questionnaire: Questionnaire, qid: str, answers: Mapping[str, Any]) -> list[WhyLine]:
    """The explanation of why ``qid`` is asked, given the answers so far."""
    kb = questionnaire.kb
    ex = questionnaire.explain(qid, answers)
    lines: list[WhyLine] = []
    if ex.purpose:
        lines.append(WhyLine(ex.purpose))
    if ex.informs:
        names = ", ".join(conclusion_name(kb, c) for c in ex.informs)
        lines.append(WhyLine(f"This answer is evidence about: {names}."))
    inference = questionnaire.infer(answers)
    shown: set[str] = set()
    for e in ex.effects:
        name = conclusion_name(kb, e.conclusion)
        if e.conclusion not in shown:
            w = inference.conclusions[e.conclusion]
            lines.append(WhyLine(f"Now {name} is {w.level} ({w.certainty:.0%})."))
            shown.add(e.conclusion)
        sign = "for" if e.cf >= 0 else "against"
        change = f"would become {e.would_become}" if e.changes else f"would stay {e.level_now}"
        lines.append(
            WhyLine(
                f'If the answer shows that "{e.text}", that speaks {sign} {name} ({e.cf:+g}): it {change}.',
                detail=True,
            )
        )
    if not lines:
        lines.append(WhyLine(NOTHING_CHANGES))
    return lines


def conclusion_name(kb: KnowledgeBase, conclusion: str) -> str:
    """A conclusion's name as it reads inside a sentence (a cause, or a possible other cause)."""
    causes = kb.wording.causes
    if conclusion in causes:
        return kb.wording.grammar.in_sentence(causes[conclusion].name)
    return kb.wording.grammar.in_sentence(kb.other_causes[conclusion].name)
