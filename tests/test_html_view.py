"""Unit tests of the HTML plan's view model and escaping (reports/plan_view.py, reports/html.py)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from test_html_golden import CASES

from regain.knowledge import KnowledgeBase
from regain.reports.html import render_html
from regain.reports.plan_view import build_plan_view

SELF_TREATMENT = (
    "trigger_point_self_treatment",
    "long_hold_stretching",
    "full_range_movement",
    "strengthening",
)


def test_phase_week_ranges_follow_the_plan_order(assess: Any, kb: KnowledgeBase) -> None:
    a = assess(CASES["shoulder"])
    v = build_plan_view(a, kb)
    assert [p.kind for p in v.phases] == [s.kind for s in a.plan]
    spans = {p.kind: (p.start_week, p.end_week, p.weeks_label) for p in v.phases}
    assert spans["trigger_point_self_treatment"] == (1, 2, "Weeks 1–2")
    assert spans["full_range_movement"] == (3, 6, "Weeks 3–6")
    assert spans["long_hold_stretching"] == (3, 10, "Weeks 3–10")
    assert spans["strengthening"] == (11, 16, "Weeks 11–16")
    assert v.total_weeks == 16 and len(v.log_weeks) == 16
    for phase in v.phases:
        step = a.plan[phase.number - 1]
        for before in step.after:
            earlier = next(p for p in v.phases if p.kind == before)
            assert earlier.end_week < phase.start_week


def test_steps_without_weeks_come_before_the_weeks(assess: Any, kb: KnowledgeBase) -> None:
    v = build_plan_view(assess(CASES["see_doctor_caution"]), kb)
    first = v.phases[0]
    assert first.kind == "medical_consultation"
    assert first.weeks_label == "Before you start" and first.bar_width == 0
    assert all(p.held == kb.wording.held_until["doctor_clearance"] for p in v.phases if p.self_treatment)


def test_caution_caps_the_dose_and_is_shown(assess: Any, kb: KnowledgeBase) -> None:
    a = assess(CASES["see_doctor_caution"])
    v = build_plan_view(a, kb)
    tp = next(p for p in v.phases if p.kind == "trigger_point_self_treatment")
    assert tp.cautions and "Gentle pressure only" in tp.cautions[0].note
    capped = {d.text: d.usual for d in tp.dose if d.capped}
    assert capped == {
        "pressure at most 3 out of 10": "pressure at most 7 out of 10",
        "8 slow strokes per tender spot": "10 slow strokes per tender spot",
    }
    html = render_html(a, kb)
    assert 'class="caution"' in html and "lowered for your safety" in html
    assert "Only after a doctor has cleared you" in html


def test_emergency_has_no_self_treatment_content(assess: Any, kb: KnowledgeBase) -> None:
    a = assess(CASES["emergency"])
    v = build_plan_view(a, kb)
    assert v.emergency and v.today.banner.tone == "emergency"
    assert not (v.causes or v.phases or v.muscle_cards or v.log_weeks or v.missing)
    assert v.body_map is None
    assert [r.label for r in v.today.banner.reasons] == [kb.red_flags["chest_pain_or_breathlessness"].sign]
    html = render_html(a, kb)
    for marker in (
        "Progress log",
        "step by step",
        "The muscles to look at first",
        "What is probably limiting",
        "self-massage",
        "Where to press",
        'id="body-map"',
        'class="phase',
    ):
        assert marker not in html, marker
    for kind in SELF_TREATMENT:
        assert kb.steps[kind].title not in html
    assert "Get emergency care now" in html and "Stop and get help if" in html
    for flag in kb.red_flags.values():
        assert flag.sign in html


def test_missing_questions_are_explained(assess: Any, kb: KnowledgeBase) -> None:
    a = assess(CASES["not_screened"])
    v = build_plan_view(a, kb)
    assert a.missing and [q.id for q in v.missing] == a.missing
    for q in v.missing:
        assert q.text == kb.questions[q.id].text
        assert q.informs
    screening = next(q for q in v.missing if q.id == "red_flags")
    assert "doctor" in screening.informs[0]
    html = render_html(a, kb)
    assert "What was not answered" in html
    assert kb.questions["red_flags"].text.replace("'", "&#39;") in html


def test_unscreened_plan_puts_the_checklist_first(assess: Any, kb: KnowledgeBase) -> None:
    a = assess(CASES["not_screened"])
    v = build_plan_view(a, kb)
    assert v.checklist.first and v.today.banner.tone == "screen_first"
    html = render_html(a, kb)
    assert html.index('id="warning-signs"') < html.index('id="plan"')
    assert "Do this first" in html
    screened = render_html(assess(CASES["shoulder"]), kb)
    assert screened.index('id="plan"') < screened.index('id="warning-signs"')


def test_body_map_marks_only_the_affected_side(assess: Any, kb: KnowledgeBase) -> None:
    v = build_plan_view(assess(CASES["shoulder"]), kb)  # right side
    assert v.body_map is not None
    pain = [z for p in v.body_map.figure.panels for z in p.zones if z.kind == "pain"]
    assert pain and all((z.x <= 100) if z.view == "front" else (z.x >= 100) for z in pain)
    assert v.body_map.pain_regions == [kb.regions[r].name for r in CASES["shoulder"]["pain_regions"]]
    assert v.body_map.referral_zones


def test_date_only_when_given(assess: Any, kb: KnowledgeBase) -> None:
    a = assess(CASES["shoulder"])
    assert "Date:" not in render_html(a, kb)
    assert "<dd>1 May 2026</dd>" in render_html(a, kb, date="1 May 2026")


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
    ],
)
def test_hostile_case_strings_render_as_text(hostile: str, assess: Any, kb: KnowledgeBase) -> None:
    case = {**CASES["shoulder"], "name": hostile, "notes": hostile}
    html = render_html(assess(case), kb, date=hostile)
    parser = _Elements()
    parser.feed(html)
    tags = [t for t, _ in parser.tags]
    assert "script" not in tags and "img" not in tags
    assert not any(k.startswith("on") for _, attrs in parser.tags for k in attrs)
    assert any(hostile in chunk for chunk in parser.text)


def test_only_long_plans_print_compact(assess: Any, kb: KnowledgeBase) -> None:
    # The six-step plan with a doctor's hold, an assessment and cautions is a long one.
    for name in CASES:
        compact = build_plan_view(assess(CASES[name], f"{name}.yaml"), kb).print_compact
        assert compact is (name == "see_doctor_caution"), name
    long_plan = {
        **CASES["see_doctor_caution"],
        "red_flags": [
            "history_of_cancer",
            "anticoagulants_or_bleeding_disorder",
            "pregnancy",
            "osteoporosis",
        ],
        "pain_regions": [
            "buttock",
            "hip_side",
            "thigh_side",
            "low_back",
            "groin",
            "thigh_front",
            "knee_front",
            "calf",
            "sacrum",
            "thigh_back",
        ],
    }
    view = build_plan_view(assess(long_plan, "long.yaml"), kb)
    assert view.print_compact
    assert 'class="print-compact"' in render_html(assess(long_plan, "long.yaml"), kb)


def test_muscle_cards_show_at_most_four_reasons(assess: Any, kb: KnowledgeBase) -> None:
    case = {
        **CASES["shoulder"],
        "pain_regions": [
            "shoulder_side",
            "shoulder_front",
            "upper_arm_side",
            "upper_arm_front",
            "shoulder_back",
            "chest",
        ],
    }
    a = assess(case, "many.yaml")
    assert len(a.muscles[0].reasons) > 4  # the case does exercise the cap
    view = build_plan_view(a, kb)
    for card, muscle in zip(view.muscle_cards, a.muscles, strict=False):
        assert len(card.reasons) <= 5
        if len(muscle.reasons) > 4:
            assert card.reasons[-1] == f"And {len(muscle.reasons) - 4} more."


def _library(name: str) -> dict[str, Any]:
    import yaml
    from conftest import TESTS

    return yaml.safe_load((TESTS / "cases" / f"{name}.yaml").read_text(encoding="utf-8"))["case"]


def test_possible_other_causes_are_named_and_hold_the_stretching(assess: Any, kb: KnowledgeBase) -> None:
    a = assess(_library("capsular_frozen_shoulder"), "frozen.yaml")
    v = build_plan_view(a, kb)
    cause = kb.other_causes["shoulder_capsular_pattern"]
    assert [c.name for c in v.other_causes] == [cause.name]
    assert v.today.banner.tone == "limited"
    held = {p.kind: p.held for p in v.phases}
    assert held["long_hold_stretching"] == kb.wording.held_until["professional_assessment"]
    assert held["full_range_movement"] is None
    page = render_html(a, kb)
    assert cause.think_of in page and 'id="other-causes"' in page


def test_a_precaution_names_what_it_left_out(assess: Any, kb: KnowledgeBase) -> None:
    a = assess(_library("caution_pregnancy_low_back"), "pregnant.yaml")
    v = build_plan_view(a, kb)
    massage = next(p for p in v.phases if p.kind == "trigger_point_self_treatment")
    assert any(
        kb.muscles["rectus_abdominis"].name in line and "pressure into the belly" in line
        for line in massage.left_out
    )
    assert "rectus_abdominis" not in a.plan[0].targets


def test_the_belly_warning_goes_with_every_abdominal_massage(assess: Any, kb: KnowledgeBase) -> None:
    case = {
        "restricted_movements": ["hip_extension", "trunk_extension"],
        "red_flags": [],
        "pain_on_movement": 5,
        "pain_regions": ["abdomen", "groin"],
        "limit_felt_as": "pain",
        "tender_spots_reproduce_pain": True,
    }
    a = assess(case, "belly.yaml")
    massaged = next(s for s in a.plan if s.kind == "trigger_point_self_treatment").targets
    assert {"rectus_abdominis", "iliopsoas"} & set(massaged)
    warning = kb.involves["pressure_abdomen"].warning
    assert warning and warning in render_html(a, kb)


def test_side_by_side_steps_say_so_and_start_together(assess: Any, kb: KnowledgeBase) -> None:
    v = build_plan_view(assess(_library("massage_and_stretch_side_by_side"), "sbs.yaml"), kb)
    spans = {p.kind: p for p in v.phases}
    stretch = spans["long_hold_stretching"]
    assert stretch.start_week == spans["trigger_point_self_treatment"].start_week == 1
    assert stretch.alongside and "starts with the massage" in stretch.alongside[0]
