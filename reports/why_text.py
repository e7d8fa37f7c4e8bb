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
from regain.knowledge.messages import N_

from .formatting import percent, signed, translator

NOTHING_CHANGES = N_("This answer is kept on your plan; it does not change a conclusion.")
#: A conclusion's level as this explanation says it (English: the level's own name).
LEVELS = {"likely": N_("likely"), "possible": N_("possible"), "unlikely": N_("unlikely")}


@dataclass(frozen=True)
class WhyLine:
    """One line of the explanation; ``detail`` lines belong to the line above them."""

    text: str
    detail: bool = False


def why_lines(questionnaire: Questionnaire, qid: str, answers: Mapping[str, Any]) -> list[WhyLine]:
    """The explanation of why ``qid`` is asked, given the answers so far."""
    kb = questionnaire.kb
    _ = translator(kb.language)
    ex = questionnaire.explain(qid, answers)
    lines: list[WhyLine] = []
    if ex.purpose:
        lines.append(WhyLine(ex.purpose))
    if ex.informs:
        names = ", ".join(conclusion_name(kb, c) for c in ex.informs)
        lines.append(WhyLine(_("This answer is evidence about: {names}.").format(names=names)))
    inference = questionnaire.infer(answers)
    shown: set[str] = set()
    for e in ex.effects:
        name = conclusion_name(kb, e.conclusion)
        if e.conclusion not in shown:
            w = inference.conclusions[e.conclusion]
            now = _("Now {name} is {level} ({percent}).").format(
                name=name, level=_(LEVELS.get(w.level, w.level)), percent=percent(kb.language, w.certainty)
            )
            lines.append(WhyLine(now))
            shown.add(e.conclusion)
        speaks = (
            _('If the answer shows that "{text}", that speaks for {name} ({cf}): it {change}.')
            if e.cf >= 0
            else _('If the answer shows that "{text}", that speaks against {name} ({cf}): it {change}.')
        )
        change = (
            _("would become {level}").format(level=_(LEVELS.get(e.would_become, e.would_become)))
            if e.changes
            else _("would stay {level}").format(level=_(LEVELS.get(e.level_now, e.level_now)))
        )
        cf = signed(kb.language, e.cf)
        lines.append(WhyLine(speaks.format(text=e.text, name=name, cf=cf, change=change), detail=True))
    if not lines:
        lines.append(WhyLine(_(NOTHING_CHANGES)))
    return lines


def conclusion_name(kb: KnowledgeBase, conclusion: str) -> str:
    """A conclusion's name as it reads inside a sentence (a cause, or a possible other cause)."""
    causes = kb.wording.causes
    if conclusion in causes:
        return kb.wording.grammar.in_sentence(causes[conclusion].name)
    return kb.wording.grammar.in_sentence(kb.other_causes[conclusion].name)
