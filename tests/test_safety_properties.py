"""Safety properties over generated cases, in every rendering a person reads.

Each class of problem the clinical review found is held as a property: a
precaution changes every instruction it concerns (plan steps and muscle
cards, terminal and HTML), an unscreened case never says it can start, an
emergency or urgent case never shows self-help, strengthening never trains a
muscle the plan massages or stretches, and a doctor's clearance never lifts
an emergency or urgent hold.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from test_properties import KB, PROPERTY_SETTINGS, cases

from regain.engine.assessment import Assessment, to_json
from regain.engine.instructions import instruction
from regain.reports.batch_index import render_index
from regain.reports.handouts import render_clinician, render_sheet
from regain.reports.html import render_html
from regain.reports.summary import render_summary
from regain.reports.text import render_text

Assess = Callable[[dict[str, Any]], Assessment]
CAUTIONS = [f for f, flag in KB.red_flags.items() if flag.tier == "caution"]
NO_SELF_HELP = [f for f, flag in KB.red_flags.items() if flag.tier in ("emergency", "urgent")]


def _renderings(a: Assessment) -> dict[str, str]:
    """Every rendering of one assessment, as the text a person reads."""
    page = render_html(a, KB)
    return {
        "text": render_text(a, KB),
        "summary": render_summary(a, KB),
        "html": html.unescape(page),
        "sheet": html.unescape(render_sheet(a, KB)),
        "clinician": html.unescape(render_clinician(a, KB)),
        "json": to_json(a),
    }


def _instruction_texts(iid: str) -> list[str]:
    entry = instruction(KB, iid)
    return [entry.how, *([entry.position] if hasattr(entry, "position") else [])]


def _all_instructions() -> list[str]:
    out = []
    for mid, m in KB.muscles.items():
        out += [f"{mid}.massage.{i}" for i in range(len(m.self_massage.methods))]
        out += [f"{mid}.stretch.{i}" for i in range(len(m.stretches))]
    return out + list(KB.exercises)


INSTRUCTIONS = _all_instructions()


def _avoided_texts(avoided: set[str]) -> set[str]:
    """Texts only instructions involving an avoided tag have (none an allowed one shares)."""
    bad = {
        t
        for iid in INSTRUCTIONS
        if set(instruction(KB, iid).involves) & avoided
        for t in _instruction_texts(iid)
    }
    good = {
        t
        for iid in INSTRUCTIONS
        if not set(instruction(KB, iid).involves) & avoided
        for t in _instruction_texts(iid)
    }
    return bad - good


@PROPERTY_SETTINGS
@given(case=cases(), caution=st.sampled_from(CAUTIONS))
def test_a_caution_rules_out_what_it_avoids_in_every_rendering(
    assess: Assess, case: dict[str, Any], caution: str
) -> None:
    """E.g. no case with a pregnancy flag ever gets pressure on the belly, anywhere."""
    flags = [f for f in case.get("red_flags", []) if f not in CAUTIONS]
    a = assess({**case, "red_flags": [*flags, caution]})
    avoided = set(KB.red_flags[caution].avoid)
    chosen = [c.instruction for s in a.plan for c in s.instructions]
    chosen += [c.instruction for m in a.muscles for c in (m.self_massage, m.stretch) if c is not None]
    for iid in filter(None, chosen):
        assert not set(instruction(KB, iid).involves) & avoided, (caution, iid)
    forbidden = _avoided_texts(avoided)
    for name, text in _renderings(a).items():
        for words in forbidden:
            assert words not in text, (caution, name, words[:60])


@PROPERTY_SETTINGS
@given(case=cases())
def test_blood_thinners_cap_the_pressure_of_every_massage(assess: Assess, case: dict[str, Any]) -> None:
    flags = [f for f in case.get("red_flags", []) if f != "anticoagulants_or_bleeding_disorder"]
    a = assess({**case, "red_flags": [*flags, "anticoagulants_or_bleeding_disorder"]})
    cap = (
        KB.red_flags["anticoagulants_or_bleeding_disorder"]
        .softens["trigger_point_self_treatment"]
        .caps["pressure_max"]
    )
    massages = [c for s in a.plan for c in s.instructions if c.pressure_max is not None]
    massages += [m.self_massage for m in a.muscles if m.self_massage and m.self_massage.instruction]
    for choice in massages:
        assert choice.pressure_max is not None and choice.pressure_max <= cap, choice
    page = render_html(a, KB)
    label = KB.wording.instruction_labels["how_hard"]

    def said(value: float) -> str:
        shown = KB.wording.phrases["pressure"].format(value=f"{value:g}")
        return f"{label}:</span> {shown[:1].upper()}{shown[1:]}"

    for value in range(int(cap) + 1, 11):
        assert said(value) not in page
    for choice in (c for s in a.plan for c in s.instructions if c.pressure_max is not None):
        assert choice.pressure_max is not None and said(choice.pressure_max) in page


@PROPERTY_SETTINGS
@given(case=cases(), old_format=st.booleans())
def test_an_unscreened_case_never_says_it_can_start(
    assess: Assess, case: dict[str, Any], old_format: bool
) -> None:
    if old_format:  # screened with the shorter checklist of regain-case/1
        case = {**case, "format": "regain-case/1", "red_flags": case.get("red_flags", [])}
    else:
        case = {k: v for k, v in case.items() if k != "red_flags"}
    a = assess(case)
    assert not a.screening_complete
    assert a.self_help in ("none", "after_doctor", "screen_first")
    start = [KB.wording.headlines[k] for k in ("start", "start_cleared", "start_with_cautions")]
    texts = _renderings(a)
    for name, text in texts.items():
        for h in start:
            assert h.heading not in text and h.message not in text, name
    if a.self_help == "screen_first":
        assert KB.wording.headlines["screen_first"].heading in texts["html"]
        assert KB.wording.headlines["screen_first"].heading in texts["summary"]


@PROPERTY_SETTINGS
@given(case=cases(), flag=st.sampled_from(NO_SELF_HELP), cleared=st.booleans())
def test_emergency_and_urgent_show_no_self_help_and_clearance_never_lifts_them(
    assess: Assess, case: dict[str, Any], flag: str, cleared: bool
) -> None:
    a = assess({**case, "red_flags": [flag], "cleared_by_doctor": cleared})
    assert a.self_help == "none" and not a.cleared_by_doctor
    assert [s.kind for s in a.plan] in (["emergency_care"], ["urgent_care"])
    self_help = [t.title for k, t in KB.steps.items() if t.self_treatment]
    self_help += [t.today for k, t in KB.steps.items() if t.self_treatment and t.today]
    for name, text in _renderings(a).items():
        if name == "json":
            continue
        for title in self_help:
            assert title not in text, (name, title)


@PROPERTY_SETTINGS
@given(case=cases())
def test_strengthening_never_trains_a_massaged_or_stretched_muscle(
    assess: Assess, case: dict[str, Any]
) -> None:
    a = assess(case)
    steps = {s.kind: s for s in a.plan}
    worked = {
        t
        for k in ("trigger_point_self_treatment", "long_hold_stretching")
        if k in steps
        for t in steps[k].targets
    }
    if "strengthening" in steps:
        for xid in steps["strengthening"].targets:
            assert KB.exercises[xid].kind == "strengthening"
            assert not set(KB.exercises[xid].trains) & worked, xid
            assert not set(KB.exercises[xid].trains) & {
                m
                for mv in case["restricted_movements"]
                for m, muscle in KB.muscles.items()
                if mv in muscle.restricts
            }, xid


@PROPERTY_SETTINGS
@given(case=cases())
def test_the_batch_overview_shows_the_tier_and_never_a_start_for_unscreened(
    assess: Assess, case: dict[str, Any]
) -> None:
    from regain.batch.summary import BatchSummary, CaseRow

    a = assess(case)
    row = CaseRow(
        source="c.yaml",
        status="ok",
        case_id=a.case_id,
        stem="c",
        triage=a.triage,
        self_help=a.self_help,
        pain_protective=a.causes["pain_protective"].level,
        shortening_adhesion=a.causes["shortening_adhesion"].level,
    )
    pages = dict(render_index(BatchSummary([row], ("html",))))
    index = "".join(pages["index.html"])
    assert f">{KB.wording.tiers[a.triage]}<" in index
    assert f">{KB.wording.self_help[a.self_help]}<" in index
    if not a.screening_complete:
        assert f">{KB.wording.self_help['start']}<" not in index
