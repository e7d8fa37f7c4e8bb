""" "Start today" for a terminal: what every text rendering of a plan leads with.

The same box as the HTML plan's (:mod:`.today_view`): the headline and its
reasons, what comes first, this week's sessions as a checklist, when to
stop. ``regain assess --format text`` and the end of ``regain ask`` both
open with these lines.
"""

from __future__ import annotations

import textwrap

from regain.engine.assessment import Assessment
from regain.knowledge import KnowledgeBase

from .phase_view import phases
from .today_view import TodayView, today_view

WIDTH = 78


def wrap(text: str, indent: str = "  ", first: str | None = None) -> list[str]:
    """``text`` wrapped to the terminal width: ``first`` opens the first line, ``indent`` the rest."""
    return textwrap.wrap(
        text, WIDTH, initial_indent=first if first is not None else indent, subsequent_indent=indent
    ) or [first or indent]


def headline_lines(t: TodayView) -> list[str]:
    """The headline, its reasons and what was not screened."""
    banner = t.banner
    message = banner.message + (f" ({banner.cleared_on})" if banner.cleared_on else "")
    label = banner.tier_label.upper()
    first = label if banner.heading.upper() == label else f"{label}: {banner.heading}"
    out = [first, *wrap(message, "  ", "  ")]
    for r in banner.reasons:
        out += wrap(f"{r.label}: {r.advice}", "    ", "  - ")
    for flag in banner.cautions:
        out += wrap(f"{flag.sign}: {flag.advice}", "    ", "  - ")
    if banner.age_note:
        out += wrap(banner.age_note, "  ", "  ")
    if banner.not_screened:
        out += wrap(banner.not_screened_note, "  ", "  ! ")
        for sign in banner.not_screened:
            out += wrap(sign, "      ", "    - ")
    return out


def today_lines(a: Assessment, kb: KnowledgeBase) -> list[str]:
    """ "Start today": the headline, then what to do first and this week, then when to stop."""
    steps, _ = phases(a, kb)
    t = today_view(a, kb, steps)
    out = [t.heading.upper(), *headline_lines(t)]
    if t.first:
        out.append(f"  {t.first_heading}:")
        for i, line in enumerate(t.first, 1):
            out += wrap(line, "       ", f"    {i}. ")
    if t.items:
        out.append(f"  {t.this_week}:")
        for item in t.items:
            what = item.what + (": " + ", ".join(item.targets) if item.targets else "")
            out += wrap(what, "        ", "    [ ] ")
            out += wrap(", ".join(item.amount + item.often + item.period), "        ", "        ")
            out += wrap(item.see_step, "        ", "        ")
    for note in (t.held, t.nothing_yet):
        if note:
            out += wrap(note, "  ", "  ")
    if t.stop_if:
        out.append(f"  {t.stop_heading}")
        for sign in t.stop_if:
            out += wrap(sign, "      ", "    - ")
    return out
