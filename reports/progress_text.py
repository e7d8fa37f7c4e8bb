"""A treatment journal for a terminal (``regain track show``).

It leads with what a person needs first: the decision that holds, its
reasons and what to do until the next check-in; then the current phase's
steps as "Start today" lines and when to stop; then one line per check-in.
Built from the same view as the HTML page (:mod:`.progress_view`), so the
two always agree.
"""

from __future__ import annotations

from regain.knowledge import KnowledgeBase

from .formatting import number
from .progress_view import HistoryRow, ProgressView
from .today_text import wrap


def _number(language: str, value: float | None, words_missing: str) -> str:
    if value is None:
        return words_missing
    return number(language, value)


def _row(kb: KnowledgeBase, v: ProgressView, r: HistoryRow) -> list[str]:
    w = kb.wording.progress
    dash = w.not_recorded
    parts = [
        f"{w.col_pain_rest}: {_number(kb.language, r.pain_at_rest, dash)}",
        f"{w.col_pain_movement}: {_number(kb.language, r.pain_on_movement, dash)}",
    ]
    for m, x in zip(v.movements, r.ranges, strict=True):
        parts.append(f"{m.name}: " + (dash if x is None else w.degrees.format(value=round(x))))
    if r.sessions is not None:
        parts.append(f"{w.col_sessions}: {r.sessions}")
    head = f"{r.date_text} ({w.start_row})" if r.start else f"{r.date_text} ({w.col_week} {r.week})"
    out = wrap(f"{head}: {r.decision}", "      ", "  - ")
    out += wrap("; ".join(parts), "      ", "      ")
    if r.notes:
        out += wrap(f"“{r.notes}”", "      ", "      ")
    return out


def progress_lines(kb: KnowledgeBase, v: ProgressView) -> list[str]:
    """The journal as terminal lines: the decision and what to do now, the phase, the history."""
    w = kb.wording.progress
    d = v.decision
    out = [v.title.upper()]
    meta = [f"{w.journal}: {v.journal_id}", f"{w.case}: {v.case_id}", f"{w.started}: {v.started_text}"]
    if v.date_text:
        meta.append(f"{w.date}: {v.date_text}")
    out += wrap(", ".join(meta), "  ", "  ")
    out += ["", w.now_heading.upper(), *wrap(f"{d.when}: {d.label.upper()}", "  ", "  ")]
    if d.reasons:
        out.append(f"  {w.why}:")
        for reason in d.reasons:
            out += wrap(reason, "      ", "    - ")
    out.append(f"  {d.advice_heading}:")
    out += wrap(d.advice, "    ", "    ")
    if v.phase_heading:
        out.append(f"  {v.phase_heading}")
    for s in v.steps:
        out += wrap(s.what + (": " + ", ".join(s.targets) if s.targets else ""), "        ", "    [ ] ")
        dose = ", ".join(s.amount + s.often + s.period)
        if dose:
            out += wrap(dose, "        ", "        ")
        if s.held:
            out += wrap(s.held, "        ", "        ")
    if v.nothing_now:
        out += wrap(v.nothing_now, "  ", "  ")
    if v.stop_if:
        out.append(f"  {v.stop_heading}")
        for sign in v.stop_if:
            out += wrap(sign, "      ", "    - ")
    out += ["", w.history_heading.upper()]
    for r in v.history:
        out += _row(kb, v, r)
    if v.no_checkins:
        out += wrap(v.no_checkins, "  ", "  ")
    return out


def render_progress_text(kb: KnowledgeBase, v: ProgressView) -> str:
    """The journal as text for a terminal, ending with a newline."""
    return "\n".join(progress_lines(kb, v)) + "\n"
