"""The terminal summary of an assessment: short, plain, readable in 80 columns.

It leads with the same "Start today" lines as the HTML plan
(:mod:`.today_text`), then what is probably going on in words, the plan
with each target's instruction as the same numbered steps as the HTML plan
and what a precaution left out (:mod:`.phase_view`, :mod:`.instruction_view`),
and last how regain decided, with its numbers.
"""

from __future__ import annotations

from regain.engine.assessment import Assessment
from regain.engine.display_text import one_line
from regain.knowledge import KnowledgeBase

from .formatting import percent, translator
from .instruction_view import InstructionView, target_name
from .phase_view import dose_items, step_instructions
from .safety_view import other_causes
from .today_text import today_lines, wrap


def instruction_lines(view: InstructionView) -> list[str]:
    """One target's instruction: its heading, then its steps numbered, then its warnings."""
    out = wrap(view.heading, "         ", "     - ")
    for label, text in view.facts:
        out += wrap(f"{label}: {text}", "         ", "         ")
    for n, step in enumerate(view.steps, 1):
        out += wrap(f"{step.label}: {step.text}", " " * 11, f"       {n:>2}. ")
    for warning in view.warnings:
        out += wrap(warning, "         ", "       ! ")
    return out


def render_text(a: Assessment, kb: KnowledgeBase) -> str:
    """The assessment as a plain-text summary for a terminal."""
    _ = translator(kb.language)
    out: list[str] = []
    title = _("regain assessment: {name}").format(name=one_line(a.name or a.case_id))
    out += [title, "=" * len(title), ""]
    out += today_lines(a, kb)
    findings = {**a.causes, "active_trigger_points": a.active_trigger_points}
    if a.self_help != "none":
        out += ["", _("What is probably going on")]
        for key, finding in findings.items():
            words = kb.wording.causes[key]
            out += wrap(
                f"{words.name}: {kb.wording.levels[finding.level]}. {words.summary}", "      ", "  - "
            )
        others = other_causes(a, kb)
        if others:
            out += ["", kb.wording.phrases["other_causes"]]
            for c in others:
                out.append(f"  {c.name}: {c.level_words}")
                typical = _("This pattern is typical of %(think_of)s.") % {"think_of": c.think_of}
                out += wrap(f"{c.summary} {typical} {c.advice}", "      ", "      ")
        if a.muscles:
            out += ["", _("Muscles to look at first")]
            out += wrap(", ".join(m.name for m in a.muscles[:5]), "  ", "  ")
    out += ["", _("Your plan, in order")]
    for i, step in enumerate(a.plan, 1):
        out += wrap(step.title, "     ", f"  {i}. ")
        if step.held_until:
            out.append(f"     ({kb.wording.held_until[step.held_until]})")
        for k in step.alongside:
            number = next(n for n, s in enumerate(a.plan, 1) if s.kind == k)
            out += wrap(kb.wording.phrases["alongside"].format(number=number), "     ", "     ")
        if step.dose:
            out += wrap(_("Dose:") + " " + ", ".join(d.text for d in dose_items(kb, step)), "     ", "     ")
        for caution in step.cautions:
            out += wrap(_("Caution:") + " " + caution.note, "     ", "     ")
        views, left = step_instructions(kb, step)
        for view in views:
            out += instruction_lines(view)
        if not views and step.targets:
            out += wrap(
                _("For:") + " " + ", ".join(target_name(kb, t) for t in step.targets), "     ", "     "
            )
        for line in left:
            out += wrap(line, "       ", "     x ")
    if a.self_help != "none":
        out += ["", _("How regain decided")]
        for key, finding in findings.items():
            certain = _("({percent} certain)").format(percent=percent(kb.language, finding.certainty))
            out.append(f"  {kb.wording.causes[key].name}: {kb.wording.levels[finding.level]} {certain}")
            for ev in finding.evidence:
                sign = "+" if ev.cf >= 0 else "-"
                out += wrap(ev.text, "        ", f"      {sign} ")
        if a.missing:
            out.append("  " + _("Not answered yet; an answer could change this:"))
            for qid in a.missing:
                out += wrap(kb.questions[qid].text, "      ", "    - ")
    out += ["", *wrap(a.disclaimer, "", "")]
    return "\n".join(out) + "\n"
