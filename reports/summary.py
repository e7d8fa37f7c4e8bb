"""A compact terminal summary of an assessment, for the end of ``regain ask``.

Shorter than :func:`regain.reports.text.render_text`: the same "Start
today" lines (with every red flag's advice), each cause's level in words,
the muscles to look at first and the first steps of the plan. The full plan
is in the HTML file written beside it.
"""

from __future__ import annotations

from regain.engine.assessment import Assessment
from regain.engine.display_text import one_line
from regain.knowledge import KnowledgeBase

from .formatting import translator
from .today_text import today_lines, wrap

FIRST_STEPS = 3
FIRST_MUSCLES = 3


def render_summary(a: Assessment, kb: KnowledgeBase) -> str:
    """The assessment in a dozen lines or so."""
    _ = translator(kb.language)
    # the name, where there is one
    title = _("Summary for {name}").format(name=one_line(a.name)) if a.name else _("Summary")
    out: list[str] = ["", title, "-" * len(title)]
    out += today_lines(a, kb)
    if a.self_help != "none":
        out.append(_("What is probably going on:"))
        findings = {**a.causes, "active_trigger_points": a.active_trigger_points}
        for key, finding in findings.items():
            out.append(f"  {kb.wording.causes[key].name}: {kb.wording.levels[finding.level]}")
        for oid in a.other_causes_found():
            out.append(f"  {kb.other_causes[oid].name}: {kb.wording.levels[a.other_causes[oid].level]}")
        if a.muscles:
            names = ", ".join(m.name for m in a.muscles[:FIRST_MUSCLES])
            out += wrap(_("Muscles to look at first: {names}").format(names=names), "  ", "")
    out.append(_("First steps:"))
    for i, step in enumerate(a.plan[:FIRST_STEPS], 1):
        note = (
            f" ({kb.wording.grammar.in_sentence(kb.wording.held_until[step.held_until])})"
            if step.held_until
            else ""
        )
        out += wrap(f"{step.title}{note}", "     ", f"  {i}. ")
    if len(a.plan) > FIRST_STEPS:
        more = _("… and {count} more in the full plan.").format(count=len(a.plan) - FIRST_STEPS)
        out.append(f"  {more}")
    out += wrap(a.disclaimer, "", "")
    return "\n".join(out) + "\n"
