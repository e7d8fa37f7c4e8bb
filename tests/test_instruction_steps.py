"""Every stretch, exercise and self-massage as numbered steps (reports/instruction_view.py).

The steps come in the order a person follows them, carry the plan step's dose
as the engine set it (a caution's lower number included), say how far from
the step's default unless the item has its own, and take every label from
wording.yaml. The HTML plan renders them as an ordered list, the terminal
numbers the same steps.
"""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any

import pytest
from conftest import ROOT
from test_html_golden import CASES

from regain.engine.assessment import Assessment
from regain.engine.instructions import Choice
from regain.engine.plan import PlanStep
from regain.knowledge import KnowledgeBase
from regain.reports.html import render_html
from regain.reports.instruction_view import STEPS, InstructionView, dose_text, instruction_view
from regain.reports.phase_view import step_instructions
from regain.reports.text import render_text

BLOOD_THINNERS = "anticoagulants_or_bleeding_disorder"


def _step(a: Assessment, kind: str) -> PlanStep:
    return next(s for s in a.plan if s.kind == kind)


def _views(kb: KnowledgeBase, a: Assessment, kind: str) -> list[InstructionView]:
    return step_instructions(kb, _step(a, kind))[0]


def _keys(view: InstructionView) -> list[str]:
    return [s.key for s in view.steps]


def _text(view: InstructionView, key: str) -> str:
    step = view.step(key)
    assert step is not None, (view.heading, key, _keys(view))
    return step.text


# -- order and dose ---------------------------------------------------------------------------------


#: The order a person follows (issue 20): position, movement, how far, how long or how many,
#: what to feel, when to stop; strengthening then how to make it harder.
ORDER = {
    "long_hold_stretching": ["position", "movement", "how_far", "how_long", "feel", "stop_if"],
    "full_range_movement": ["position", "movement", "how_far", "how_many", "feel", "stop_if"],
    "strengthening": ["position", "movement", "how_far", "how_many", "feel", "stop_if", "harder"],
    "trigger_point_self_treatment": ["where", "with", "how", "how_hard", "how_many", "stop_if"],
}


@pytest.mark.parametrize("kind", ["long_hold_stretching", "full_range_movement", "strengthening"])
def test_steps_come_in_order_with_the_plans_dose(assess: Any, kb: KnowledgeBase, kind: str) -> None:
    a = assess(CASES["shoulder"])
    step = _step(a, kind)
    views = _views(kb, a, kind)
    assert views and len(views) == len(step.instructions)
    dose_step = ORDER[kind][3]
    for view in views:
        assert _keys(view) == ORDER[kind]
        dose = _text(view, dose_step)
        for key, value in step.dose.items():
            assert dose_text(kb, kind, key, value) in dose
    trains = [label for label, _ in views[0].facts]
    assert trains == ([kb.wording.instruction_labels["trains"]] if kind == "strengthening" else [])


def test_a_caution_lowers_the_number_in_the_step(assess: Any, kb: KnowledgeBase) -> None:
    a = assess(CASES["see_doctor_caution"])  # blood thinners: lighter and fewer strokes
    caps = kb.red_flags[BLOOD_THINNERS].softens["trigger_point_self_treatment"].caps
    massage = _views(kb, a, "trigger_point_self_treatment")
    assert massage
    lowered = kb.wording.phrases["dose_lowered"]
    for view in massage:
        assert _keys(view) == ORDER["trigger_point_self_treatment"]
        strokes = dose_text(kb, "trigger_point_self_treatment", "strokes", caps["strokes"])
        assert lowered.format(dose=strokes) in _text(view, "how_many")
        hard = kb.wording.phrases["pressure"].format(value=f"{caps['pressure_max']:g}")
        assert hard in _text(view, "how_hard").lower()


def test_without_the_caution_the_step_has_the_usual_number(assess: Any, kb: KnowledgeBase) -> None:
    case = {**CASES["see_doctor_caution"], "red_flags": ["history_of_cancer"]}
    a = assess(case)
    usual = kb.steps["trigger_point_self_treatment"].dose
    for view in _views(kb, a, "trigger_point_self_treatment"):
        strokes = dose_text(kb, "trigger_point_self_treatment", "strokes", usual["strokes"])
        assert strokes in _text(view, "how_many")
        assert "lowered" not in _text(view, "how_many") + _text(view, "how_hard")
        assert f"{usual['pressure_max']:g} out of 10" in _text(view, "how_hard")


def test_the_step_shows_exactly_the_dose_it_is_given(kb: KnowledgeBase) -> None:
    choice = Choice("pectoralis_major", "pectoralis_major.stretch.0")
    usual = kb.steps["long_hold_stretching"].dose
    at_120 = instruction_view(kb, choice, {**usual, "hold_seconds": 120})
    assert _text(at_120, "how_long").startswith("2 minutes per hold (lowered")
    as_usual = instruction_view(kb, choice, usual)
    assert _text(as_usual, "how_long").startswith(dose_text(kb, "long_hold_stretching", "hold_seconds", 180))
    assert "lowered" not in _text(as_usual, "how_long")
    no_plan = instruction_view(kb, choice, None)
    assert _text(no_plan, "how_long").lower().startswith(kb.wording.phrases["dose_not_in_plan"][:20].lower())


# -- how far ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("own", "default", "kind"),
    [
        ("trunk_rotation_gentle", "trunk_rotation_range", "full_range_movement"),
        ("chin_nod", "wall_slide_lift_off", "strengthening"),
    ],
)
def test_an_exercises_own_how_far_replaces_the_default(
    kb: KnowledgeBase, own: str, default: str, kind: str
) -> None:
    dose = kb.steps[kind].dose
    mine = instruction_view(kb, Choice(own, own), dose)
    assert kb.exercises[own].how_far and _text(mine, "how_far") == kb.exercises[own].how_far
    assert kb.exercises[default].how_far is None
    assert _text(instruction_view(kb, Choice(default, default), dose), "how_far") == kb.steps[kind].how_far


def test_a_stretchs_own_how_far_replaces_the_default(kb: KnowledgeBase) -> None:
    dose = kb.steps["long_hold_stretching"].dose
    popliteus = instruction_view(kb, Choice("popliteus", "popliteus.stretch.0"), dose)
    assert _text(popliteus, "how_far") == kb.muscles["popliteus"].stretches[0].how_far
    soleus = instruction_view(kb, Choice("soleus", "soleus.stretch.0"), dose)
    assert kb.muscles["soleus"].stretches[0].how_far is None
    assert _text(soleus, "how_far") == kb.steps["long_hold_stretching"].how_far


def test_a_how_far_added_in_the_data_is_what_the_step_says(kb: KnowledgeBase) -> None:
    edited = replace(kb.exercises["bridge"], how_far="Only until your hips are level with your knees.")
    copy = replace(kb, exercises={**kb.exercises, "bridge": edited})
    dose = kb.steps["strengthening"].dose
    assert _text(instruction_view(copy, Choice("bridge", "bridge"), dose), "how_far") == edited.how_far
    assert _text(instruction_view(kb, Choice("bridge", "bridge"), dose), "how_far") != edited.how_far


# -- labels are data --------------------------------------------------------------------------------


def test_labels_come_from_wording(kb: KnowledgeBase) -> None:
    labels = {**kb.wording.instruction_labels, "stop_if": "Halt when", "how_far": "Up to"}
    copy = replace(kb, wording=replace(kb.wording, instruction_labels=labels))
    choice = Choice("bridge", "bridge")
    view = instruction_view(copy, choice, kb.steps["strengthening"].dose)
    assert [s.label for s in view.steps] == [labels[k] for k in STEPS["strengthening"]]
    usual = instruction_view(kb, choice, kb.steps["strengthening"].dose)
    stop = usual.step("stop_if")
    assert stop is not None and stop.label == kb.wording.instruction_labels["stop_if"] != "Halt when"


def test_no_instruction_label_is_written_in_python_or_a_template(kb: KnowledgeBase) -> None:
    sources = [*(ROOT / "reports").glob("*.py"), *(ROOT / "reports" / "templates").rglob("*.html")]
    assert sources
    words = [*kb.wording.instruction_labels.values(), "Find it", "Pressure"]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for label in words:
            assert not re.search(rf"[\"'>]{re.escape(label)}[:\"'<]", text), (path.name, label)


# -- every instruction of real plans ----------------------------------------------------------------

NEEDED = ({"position", "where"}, {"movement", "how"}, {"how_long", "how_many"}, {"stop_if"})


def _check_every_instruction(kb: KnowledgeBase, a: Assessment) -> int:
    from regain.reports.card_view import muscle_cards

    seen = 0
    for step in a.plan:
        views, _ = step_instructions(kb, step)
        for view in views:
            keys = set(_keys(view))
            if step.kind == "check_tender_spots":  # where to press, nothing more
                assert _keys(view) == ["where"], view.heading
                continue
            assert all(keys & need for need in NEEDED), (step.kind, view.heading, keys)
            seen += 1
    for card in muscle_cards(a, kb):
        for view in (card.massage, card.stretch):
            if view is not None:
                assert all(set(_keys(view)) & need for need in NEEDED), (card.id, _keys(view))
                seen += 1
    return seen


def test_every_instruction_of_the_examples_has_the_steps(assessor: Any, kb: KnowledgeBase) -> None:
    from regain.engine.case_reader import read_case_path

    examples = sorted(p for p in (ROOT / "examples").iterdir() if p.is_file())
    cases = [raw for path in examples for raw in read_case_path(str(path))]
    assert len(cases) > len(examples)  # the CSV holds several
    total = sum(_check_every_instruction(kb, assessor.assess_raw(raw)) for raw in cases)
    assert total > 10


def test_every_instruction_of_generated_cases_has_the_steps(assess: Any, kb: KnowledgeBase) -> None:
    from benchmark_scripts import load

    generate = load("generate")
    total = 0
    kinds: set[str] = set()
    for case in generate.generate_cases(kb, 200, 20):
        a = assess(case)
        total += _check_every_instruction(kb, a)
        kinds |= {s.kind for s in a.plan if s.instructions}
    assert total > 500
    assert {"trigger_point_self_treatment", "long_hold_stretching", "full_range_movement"} <= kinds
    assert "strengthening" in kinds


# -- renderings -------------------------------------------------------------------------------------


class _Lists(HTMLParser):
    """The text of each ``<ol class="how-to">`` item, list by list."""

    def __init__(self) -> None:
        super().__init__()
        self.lists: list[list[str]] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "ol" and dict(attrs).get("class") == "how-to":
            self.lists.append([])
            self.depth = 1
        elif tag == "li" and self.depth:
            self.lists[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "ol":
            self.depth = 0

    def handle_data(self, data: str) -> None:
        if self.depth and self.lists[-1]:
            self.lists[-1][-1] += data


def test_html_and_terminal_number_the_same_steps(assess: Any, kb: KnowledgeBase) -> None:
    a = assess(CASES["shoulder"])
    parser = _Lists()
    parser.feed(render_html(a, kb))
    text = render_text(a, kb)
    flat = " ".join(text.split())
    views = [v for s in a.plan for v in step_instructions(kb, s)[0]]
    for view in views:
        items = [f"{s.label}: {s.text}" for s in view.steps]
        assert items in [[item.strip() for item in found] for found in parser.lists], view.heading
        for n, item in enumerate(items, 1):
            assert f"{n}. {item}" in flat, (view.heading, n)


def test_warnings_follow_the_steps(assess: Any, kb: KnowledgeBase) -> None:
    case = {**CASES["not_screened"], "red_flags": []}
    a = assess(case)
    page = render_html(a, kb)
    warned = [v for s in a.plan for v in step_instructions(kb, s)[0] if v.warnings]
    assert warned, "a neck plan has an instruction with a warning"
    for view in warned:
        heading = page.index(f">{view.heading}</h4>")
        steps_end = page.index("</ol>", heading)
        assert page.index('class="warning"', heading) > steps_end


def test_the_page_holds_the_steps_stylesheet(assess: Any, kb: KnowledgeBase) -> None:
    css = (ROOT / "reports" / "templates" / "steps.css").read_text(encoding="utf-8")
    assert ".how-to" in css
    page = render_html(assess(CASES["shoulder"]), kb)
    assert css.strip()[:200] in page
