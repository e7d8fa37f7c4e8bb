"""The view of a treatment journal, its terminal text and its JSON.

The journals are hand-written (tests/data/progress/): the classic course
(massage, advance, flare, step back, advance, strengthen) and one stopped by
a new warning sign. Each behaviour has a case and a near miss: the same
journal cut before the check-in that changes it.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from progress_journals import Journal, load_journal

from regain.engine.assess import Assessor
from regain.knowledge import KnowledgeBase
from regain.reports.progress_text import progress_lines
from regain.reports.progress_view import ProgressView, progress_dict, progress_view


def view_of(kb: KnowledgeBase, j: Journal, **kw: Any) -> ProgressView:
    return progress_view(kb, j.journal_id, j.baseline, j.start, j.entries, j.assessment, **kw)


@pytest.fixture(scope="module")
def classic(assessor: Assessor) -> Journal:
    return load_journal("classic", assessor)


def test_the_latest_decision_holds_with_its_phase_and_dose(kb: KnowledgeBase, classic: Journal) -> None:
    v = view_of(kb, classic)
    assert (v.decision.kind, v.phase, v.decision.date) == ("advance", 3, "2027-01-26")
    assert v.decision.label == kb.followup.decisions["advance"].name
    assert v.decision.reasons == list(classic.entries[-1].decision.reasons)
    assert v.decision.advice == classic.entries[-1].decision.advice
    assert [s.kind for s in v.steps] == ["strengthening"]
    assert v.steps[0].what == kb.steps["strengthening"].today
    assert "3 sessions a week" in v.steps[0].often
    assert v.phase_heading == kb.wording.progress.phase.format(number=3)


def test_a_step_back_shows_the_trigger_point_phase(kb: KnowledgeBase, assessor: Assessor) -> None:
    v = view_of(kb, load_journal("classic", assessor, entries=3))
    assert (v.decision.kind, v.phase, v.decision.tone) == ("step_back", 1, "caution")
    assert [s.kind for s in v.steps] == ["trigger_point_self_treatment"]
    assert "3 sessions a day" in v.steps[0].often
    assert "Deltoid" in v.steps[0].targets


def test_without_check_ins_the_start_decision_holds(kb: KnowledgeBase, assessor: Assessor) -> None:
    j = load_journal("classic", assessor, entries=0)
    v = view_of(kb, j)
    assert v.decision.when == kb.wording.progress.at_start.format(date="2026-12-01")
    assert v.no_checkins == kb.wording.progress.no_checkins
    assert [r.start for r in v.history] == [True]
    assert v.sessions == []
    one = view_of(kb, load_journal("classic", assessor, entries=1))
    assert one.no_checkins is None
    assert one.decision.when == kb.wording.progress.latest.format(date="2026-12-08")


def test_history_rows_hold_each_check_in(kb: KnowledgeBase, classic: Journal) -> None:
    v = view_of(kb, classic)
    assert [m.id for m in v.movements] == ["shoulder_abduction", "shoulder_flexion"]
    assert [m.normal for m in v.movements] == [180, 180]
    assert (v.movements[0].baseline, v.movements[0].latest) == (95.0, 165.0)
    start, *rows = v.history
    assert (start.pain_at_rest, start.pain_on_movement, start.sessions) == (2, 6, None)
    assert start.ranges == [95.0, 120.0]
    flare = rows[2]
    assert (flare.date, flare.week, flare.sessions) == ("2026-12-22", 4, 22)
    assert flare.ranges == [112.0, None]  # flexion not measured that day
    assert flare.decision == kb.followup.decisions["step_back"].name
    assert rows[-1].notes == "Can reach the top shelf <again> & smile."
    assert rows[0].notes == "Slept better."
    assert rows[1].notes is None


def test_sessions_are_averaged_a_week_between_check_ins(kb: KnowledgeBase, classic: Journal) -> None:
    v = view_of(kb, classic)
    assert [(s.start, s.end, s.total, s.per_week) for s in v.sessions[3:5]] == [
        ("2026-12-22", "2026-12-29", 21, 21.0),
        ("2026-12-29", "2027-01-12", 50, 25.0),  # two weeks
    ]


def test_phase_spans_follow_the_decisions_and_merge_neighbours(kb: KnowledgeBase, classic: Journal) -> None:
    v = view_of(kb, classic)
    assert [(s.number, s.start, s.end) for s in v.spans] == [
        (1, "2026-12-01", "2026-12-15"),  # stay in phase 1, then advance
        (2, "2026-12-15", "2026-12-22"),
        (1, "2026-12-22", "2026-12-29"),  # the step back
        (2, "2026-12-29", "2027-01-26"),  # stay kept phase 2: one band
        (3, "2027-01-26", "2027-02-02"),  # the current phase, a week past the last check-in
    ]
    assert v.axis_end == "2027-02-02"


def test_a_stop_leaves_no_steps_and_no_stop_list(kb: KnowledgeBase, assessor: Assessor) -> None:
    v = view_of(kb, load_journal("red_flag", assessor))
    assert (v.decision.kind, v.phase, v.decision.tone) == ("stop", 0, "stop")
    assert v.steps == [] and v.phase_heading is None
    assert v.nothing_now == kb.wording.progress.no_phase
    assert v.stop_if == []
    assert v.spans[-1].number == 0
    assert v.decision.advice_heading == kb.wording.progress.do_now
    before = view_of(kb, load_journal("red_flag", assessor, entries=1))
    assert before.stop_if == list(kb.wording.start_today.stop_if)
    assert before.nothing_now is None
    assert before.decision.advice_heading == kb.wording.progress.until_next


def test_the_json_holds_how_the_decision_was_taken(kb: KnowledgeBase, assessor: Assessor) -> None:
    d = progress_dict(view_of(kb, load_journal("red_flag", assessor)))
    assert d["decision"]["trace"] == [
        {
            "rule": "new_emergency_flag",
            "because": ["new red flag chest_pain_or_breathlessness (emergency)"],
            "concluded": "stop",
        }
    ]
    assert (
        progress_dict(view_of(kb, load_journal("red_flag", assessor, entries=1)))["decision"]["trace"] == []
    )


def test_a_step_no_longer_in_the_plan_keeps_its_name(kb: KnowledgeBase, classic: Journal) -> None:
    gone = dataclasses.replace(classic.start, steps=("relaxation_support", "trigger_point_self_treatment"))
    j = dataclasses.replace(classic, start=gone, entries=())
    v = view_of(kb, j)
    assert "relaxation_support" not in [s.kind for s in j.assessment.plan]
    relax, massage = v.steps
    assert (relax.what, relax.targets, relax.amount, relax.often) == (
        kb.steps["relaxation_support"].today,
        [],
        [],
        [],
    )
    assert massage.amount


def test_the_person_is_the_name_else_the_case_id(kb: KnowledgeBase, classic: Journal) -> None:
    assert view_of(kb, classic).person == "Alex"
    case = {k: v for k, v in classic.baseline.case.items() if k != "name"}
    j = dataclasses.replace(classic, baseline=dataclasses.replace(classic.baseline, case=case))
    assert view_of(kb, j).person == "shoulder-example"
    named = {**case, "name": "Al\nex"}
    j = dataclasses.replace(classic, baseline=dataclasses.replace(classic.baseline, case=named))
    assert view_of(kb, j).person == "Al\\nex"  # on one line, the break made visible


def test_json_is_the_view(kb: KnowledgeBase, classic: Journal) -> None:
    d = json.loads(json.dumps(progress_dict(view_of(kb, classic))))
    assert d["format"] == "regain-progress/1"
    assert d["decision"]["kind"] == "advance"
    assert d["steps"][0]["kind"] == "strengthening"
    assert len(d["history"]) == 1 + len(classic.entries)
    assert d["date"] is None
    assert view_of(kb, classic, date="2027-01-27").date == "2027-01-27"


def test_the_terminal_leads_with_the_decision_then_the_phase_then_history(
    kb: KnowledgeBase, classic: Journal
) -> None:
    words = kb.wording.progress
    lines = progress_lines(kb, view_of(kb, classic))
    text = "\n".join(lines)
    decision = text.index(kb.followup.decisions["advance"].name.upper())
    advice = text.index(classic.entries[-1].decision.advice)
    phase = text.index(words.phase.format(number=3))
    history = text.index(words.history_heading.upper())
    assert decision < advice < phase < history
    assert text.count(f"({words.col_week} ") == len(classic.entries)
    assert all(len(line) <= 78 for line in lines)


def test_the_terminal_says_there_is_nothing_to_do_after_a_stop(kb: KnowledgeBase, assessor: Assessor) -> None:
    words = kb.wording.progress
    stopped = "\n".join(progress_lines(kb, view_of(kb, load_journal("red_flag", assessor))))
    assert words.no_phase in stopped and "[ ]" not in stopped
    going = "\n".join(progress_lines(kb, view_of(kb, load_journal("red_flag", assessor, entries=1))))
    assert words.no_phase not in going and "[ ]" in going


def test_a_step_the_plan_holds_says_so(kb: KnowledgeBase, classic: Journal) -> None:
    plan = [
        dataclasses.replace(s, held_until="professional_assessment") if s.kind == "strengthening" else s
        for s in classic.assessment.plan
    ]
    held = dataclasses.replace(classic, assessment=dataclasses.replace(classic.assessment, plan=plan))
    [step] = view_of(kb, held).steps
    assert step.held == kb.wording.held_until["professional_assessment"]
    assert view_of(kb, classic).steps[0].held is None
    assert step.held in "\n".join(progress_lines(kb, view_of(kb, held)))
