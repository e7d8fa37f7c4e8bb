"""A compact terminal summary of an assessment, for the end of ``regain ask``.

Shorter than :func:`regain.reports.text.render_text`: the triage (with every
red flag's advice), each cause's level, the muscles to look at first and the
first steps of the plan. The full plan is in the HTML file written beside it.
"""

from __future__ import annotations

from regain.engine.assessment import Assessment
from regain.knowledge import KnowledgeBase

from .text import CAUSE_NAMES, TRIAGE_TEXT, wrap

FIRST_STEPS = 3
FIRST_MUSCLES = 3


def render_summary(a: Assessment, kb: KnowledgeBase) -> str:
    """The assessment in a dozen lines or so."""
    out: list[str] = ["", "Summary", "-------"]
    out += wrap(TRIAGE_TEXT[a.triage], "  ", "")
    for flag in a.red_flags:
        out += wrap(f"{kb.red_flags[flag.id].sign}: {flag.advice}", "    ", "  - ")
    if a.triage != "emergency":
        out.append("Likely causes:")
        findings = {**a.causes, "active_trigger_points": a.active_trigger_points}
        for key, finding in findings.items():
            out.append(f"  {CAUSE_NAMES[key]}: {finding.level} ({finding.certainty:.0%})")
        if a.muscles:
            names = ", ".join(m.name for m in a.muscles[:FIRST_MUSCLES])
            out += wrap(f"Muscles to look at first: {names}", "  ", "")
    out.append("First steps:")
    for i, step in enumerate(a.plan[:FIRST_STEPS], 1):
        note = " (after a doctor has cleared you)" if step.requires_clearance else ""
        out += wrap(f"{step.title}{note}", "     ", f"  {i}. ")
    if len(a.plan) > FIRST_STEPS:
        out.append(f"  … and {len(a.plan) - FIRST_STEPS} more in the full plan.")
    out += wrap(a.disclaimer, "", "")
    return "\n".join(out) + "\n"
