"""The terminal summary of an assessment: short, plain, readable in 80 columns."""

from __future__ import annotations

import textwrap

from regain.engine.assessment import Assessment
from regain.engine.display_text import one_line
from regain.knowledge import KnowledgeBase

TRIAGE_TEXT = {
    "emergency": "EMERGENCY: get emergency care now. Do not start self-treatment.",
    "see_doctor": "SEE A DOCTOR FIRST: self-help only after a doctor has cleared you.",
    "self_care": "Self-care: you can start the plan below.",
}
CAUSE_NAMES = {
    "pain_protective": "Pain-protective pattern",
    "shortening_adhesion": "Shortening / adhesion",
    "active_trigger_points": "Active trigger points",
}
WIDTH = 78


def wrap(text: str, indent: str = "  ", first: str | None = None) -> list[str]:
    """``text`` wrapped to the terminal width: ``first`` opens the first line, ``indent`` the rest."""
    return textwrap.wrap(text, WIDTH, initial_indent=first if first is not None else indent,
                         subsequent_indent=indent) or [first or indent]


def _dose(kb: KnowledgeBase, kind: str, dose: dict[str, int | float]) -> str:
    units = kb.steps[kind].dose_units
    return ", ".join(f"{value:g} {units.get(key, key.replace('_', ' '))}"
                     for key, value in dose.items())


def render_text(a: Assessment, kb: KnowledgeBase) -> str:
    """The assessment as a plain-text summary for a terminal."""
    out: list[str] = []
    title = f"regain assessment: {one_line(a.name or a.case_id)}"
    out += [title, "=" * len(title), ""]
    out.append(TRIAGE_TEXT[a.triage])
    for flag in a.red_flags:
        out += wrap(f"[{flag.urgency}] {kb.red_flags[flag.id].sign}: {flag.advice}", "    ",
                    "  - ")
    if not a.screening_complete:
        out += wrap("Red flags were not screened: go through the warning-sign checklist "
                    "('regain kb list red_flags') before following any plan.", "  ", "  ! ")
    if a.triage != "emergency":
        out += ["", "What is probably limiting your movement"]
        findings = {**a.causes, "active_trigger_points": a.active_trigger_points}
        for key, finding in findings.items():
            out.append(f"  {CAUSE_NAMES[key]}: {finding.level} ({finding.certainty:.0%})")
            for ev in finding.evidence:
                sign = "+" if ev.cf >= 0 else "-"
                out += wrap(ev.text, "        ", f"      {sign} ")
        if a.missing:
            out.append("  Not answered yet; an answer could change this:")
            for qid in a.missing:
                out += wrap(kb.questions[qid].text, "      ", "    - ")
        if a.muscles:
            out += ["", "Muscles to look at first"]
            for m in a.muscles[:5]:
                out.append(f"  {m.name} ({m.score:.2f})")
    out += ["", "Your plan, in order"]
    for i, step in enumerate(a.plan, 1):
        out += wrap(step.title, "     ", f"  {i}. ")
        if step.requires_clearance:
            out.append("     (start only after a doctor has cleared you)")
        if step.targets:
            names = [kb.muscles[t].name if t in kb.muscles else kb.movements[t].name
                     for t in step.targets]
            out += wrap("For: " + ", ".join(names), "     ", "     ")
        if step.dose:
            out += wrap("Dose: " + _dose(kb, step.kind, step.dose), "     ", "     ")
        for c in step.cautions:
            out += wrap("Caution: " + c.note, "     ", "     ")
    out += ["", *wrap(a.disclaimer, "", "")]
    return "\n".join(out) + "\n"
