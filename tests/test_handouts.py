"""The one-page handouts: the exercise sheet and the clinician summary.

The sheet holds exactly the sessions of "Start today", target by target,
with a tick box per day; the clinician summary the findings, every warning
sign reported, the conclusions with their certainty and the plan. Both come
from ``regain assess --format sheet|clinician``.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from test_start_today import BASE

from regain.cli import main
from regain.engine.assessment import Assessment
from regain.knowledge import KnowledgeBase
from regain.reports.clinician_view import clinician_view
from regain.reports.handouts import render_clinician, render_sheet
from regain.reports.phase_view import phases
from regain.reports.sheet_view import SHEET_DAYS, sheet_view
from regain.reports.today_view import today_view

Assess = Callable[[dict[str, Any]], Assessment]
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "shoulder.yaml"


def test_the_sheet_has_a_row_per_target_of_this_weeks_sessions(assess: Assess, kb: KnowledgeBase) -> None:
    a = assess(BASE)
    steps, _ = phases(a, kb)
    today = today_view(a, kb, steps)
    sheet = sheet_view(a, kb)
    expected = [t for item in today.items for t in (item.targets or [item.what])]
    assert [r.heading for r in sheet.rows] == expected
    assert sheet.days == list(range(1, SHEET_DAYS + 1))
    page = render_sheet(a, kb)
    assert page.count('class="box"') == len(sheet.rows) * SHEET_DAYS
    for row in sheet.rows:  # the dose is in the instruction's steps, or on its own line
        shown = [s.text for s in row.instruction.steps] if row.instruction else [row.dose]
        assert any(part in " ".join(shown) for part in today.items[0].often), row.heading


def test_an_emergency_sheet_has_no_exercise(assess: Assess, kb: KnowledgeBase) -> None:
    a = assess({**BASE, "red_flags": ["chest_pain_or_breathlessness"]})
    sheet = sheet_view(a, kb)
    assert not sheet.rows and sheet.nothing_yet and not sheet.stop_if
    assert 'class="box"' not in render_sheet(a, kb)


def test_a_held_sheet_says_it_waits(assess: Assess, kb: KnowledgeBase) -> None:
    a = assess({**BASE, "red_flags": ["history_of_cancer"]})
    sheet = sheet_view(a, kb)
    assert not sheet.rows and sheet.held
    assert html.escape(sheet.held) in render_sheet(a, kb)


def test_the_clinician_summary_names_every_sign_finding_and_step(assess: Assess, kb: KnowledgeBase) -> None:
    case = {
        **BASE,
        "red_flags": ["anticoagulants_or_bleeding_disorder"],
        "range_measured": {"shoulder_abduction": 90},
        "duration_weeks": 10,
        "side": "right",
    }
    a = assess(case)
    c = clinician_view(a, kb)
    page = html.unescape(render_clinician(a, kb))
    assert kb.red_flags["anticoagulants_or_bleeding_disorder"].sign in page
    normal = kb.movements["shoulder_abduction"].normal_range_deg
    assert f"90° of a normal {normal}° ({90 / normal:.0%})" in page
    assert "10 weeks" in page and "6/10" in page
    for k in c.conclusions:
        assert f"{k.name}</strong>: {k.level}, {k.percent}%" in page
    assert [s.title for s in c.steps] == [s.title for s in a.plan]
    for step in c.steps:
        assert step.title in page


def test_an_emergency_summary_has_no_conclusions_or_muscles(assess: Assess, kb: KnowledgeBase) -> None:
    a = assess({**BASE, "red_flags": ["chest_pain_or_breathlessness"]})
    c = clinician_view(a, kb)
    assert not c.conclusions and not c.muscles
    assert [s.title for s in c.steps] == [kb.steps["emergency_care"].title]


def test_assess_writes_both_handouts(tmp_path: Path) -> None:
    runner = CliRunner()
    for fmt, marker in (("sheet", 'class="box"'), ("clinician", "Findings")):
        out = tmp_path / f"{fmt}.html"
        result = runner.invoke(main, ["assess", str(EXAMPLE), "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        page = out.read_text(encoding="utf-8")
        assert page.startswith("<!doctype html>") and marker in page
    bad = runner.invoke(main, ["assess", str(EXAMPLE), "--format", "poster"])
    assert bad.exit_code == 2 and "poster" in bad.output


def test_each_muscle_on_the_sheet_has_its_picture_once(assess: Assess, kb: KnowledgeBase) -> None:
    # massage and stretches side by side: the same muscles in two steps
    case = {**BASE, "limit_felt_as": "both", "restricted_without_pain": True, "stretching_effect": "worse"}
    a = assess(case)
    sheet = sheet_view(a, kb)
    drawn = [r.figure.id for r in sheet.rows if r.figure is not None]
    assert drawn and len(drawn) == len(set(drawn))
    muscles = {r.heading for r in sheet.rows} & {m.name for m in kb.muscles.values()}
    assert len(drawn) == len(muscles)
    page = render_sheet(a, kb)
    for figure_id in drawn:
        assert page.count(f'id="{figure_id}-title"') == 1
