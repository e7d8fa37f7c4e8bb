"""The loader reports broken knowledge with file and key, every problem at once; the numbers in texts."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from knowledge_copy import put_at

from regain.knowledge import KnowledgeBase, KnowledgeError, load_knowledge_from
from regain.knowledge.loader import DATA_DIR

# -- the loader reports broken data with file and key ---------------------------------------------


def _edit_yaml(tmp: Path, file_name: str, change: Callable[[Any], None]) -> None:
    path = tmp / file_name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _delete(*keys: str | int) -> Callable[[Any], None]:
    def change(data: Any) -> None:
        for key in keys[:-1]:
            data = data[key]
        del data[keys[-1]]

    return change


BREAKAGES: dict[str, tuple[str, Callable[[Any], None], tuple[str, ...]]] = {
    # name: (file, change, strings one problem line must contain)
    "unknown region in a muscle": (
        "muscles.yaml",
        put_at("muscles", "masseter", "refers_to", "primary", ["jaw", "jawline"]),
        ("muscles.yaml", "muscles.masseter.refers_to.primary", "jawline", "closest"),
    ),
    "cycle in plan before": (
        "plan_steps.yaml",
        put_at("steps", "strengthening", "before", ["trigger_point_self_treatment"]),
        ("plan_steps.yaml", "before", "cycle", "strengthening", "trigger_point_self_treatment"),
    ),
    "missing required key": (
        "movements.yaml",
        _delete("movements", "jaw_opening", "normal_range_deg"),
        ("movements.yaml", "movements.jaw_opening.normal_range_deg", "required"),
    ),
    "unknown key": (
        "muscles.yaml",
        put_at("muscles", "masseter", "colour", "red"),
        ("muscles.yaml", "muscles.masseter.colour"),
    ),
    "possible >= likely": (
        "inference.yaml",
        put_at("thresholds", "possible", 0.7),
        ("inference.yaml", "thresholds", "possible", "likely"),
    ),
    "wrong tier value": (
        "red_flags.yaml",
        put_at("red_flags", "pregnancy", "tier", "soon"),
        ("red_flags.yaml", "red_flags.pregnancy.tier", "'soon'"),
    ),
    "unknown question in an evidence rule": (
        "inference.yaml",
        put_at("evidence", "pain_limits_movement", "reads", ["limit_felt"]),
        ("inference.yaml", "evidence.pain_limits_movement.reads", "limit_felt", "limit_felt_as"),
    ),
    "no source": ("regions.yaml", _delete("source"), ("regions.yaml", "source")),
    # issue 17: every rule and red flag names its source; every instruction what it involves
    "an evidence rule without a source": (
        "inference.yaml",
        _delete("evidence", "referred_pain", "source"),
        ("inference.yaml", "evidence.referred_pain.source", "required"),
    ),
    "a plan rule without a source": (
        "inference.yaml",
        _delete("plan_rules", "vicious_circle", "source"),
        ("inference.yaml", "plan_rules.vicious_circle.source", "required"),
    ),
    "a red flag without a source": (
        "red_flags.yaml",
        _delete("red_flags", "myelopathy_signs", "source"),
        ("red_flags.yaml", "red_flags.myelopathy_signs.source", "required"),
    ),
    "a combination without a source": (
        "red_flags.yaml",
        _delete("combinations", "septic_joint", "source"),
        ("red_flags.yaml", "combinations.septic_joint.source", "required"),
    ),
    "a massage method that does not say what it involves": (
        "muscles.yaml",
        _delete("muscles", "iliopsoas", "self_massage", "methods", 0, "involves"),
        ("muscles.yaml", "muscles.iliopsoas.self_massage.methods[0].involves", "required"),
    ),
    "a stretch that does not say what it involves": (
        "muscles.yaml",
        _delete("muscles", "hamstrings", "stretches", 0, "involves"),
        ("muscles.yaml", "muscles.hamstrings.stretches[0].involves", "required"),
    ),
    "an exercise that does not say what it involves": (
        "exercises.yaml",
        _delete("exercises", "bridge", "involves"),
        ("exercises.yaml", "exercises.bridge.involves", "required"),
    ),
    "an unknown involves tag": (
        "muscles.yaml",
        put_at("muscles", "rectus_abdominis", "self_massage", "methods", 0, "involves", ["pressure_abdomn"]),
        ("muscles.yaml", "muscles.rectus_abdominis", "pressure_abdomn", "pressure_abdomen"),
    ),
    "a dose written into an instruction": (
        "muscles.yaml",
        put_at("muscles", "masseter", "stretches", 0, "how", "Open the mouth and hold for 3 minutes."),
        ("muscles.yaml", "muscles.masseter.stretches[0].how", "3 minutes", "dose"),
    ),
    "a strengthening exercise that trains a limiter": (
        "movements.yaml",
        put_at("movements", "hip_extension", "strengthen", ["seated_knee_lift"]),
        ("movements.yaml", "movements.hip_extension.strengthen", "seated_knee_lift", "iliopsoas"),
    ),
    "a movement without a strengthening exercise": (
        "movements.yaml",
        put_at("movements", "hip_extension", "strengthen", []),
        ("movements.yaml", "movements.hip_extension.strengthen"),
    ),
    "a strengthening exercise without a progression": (
        "exercises.yaml",
        _delete("exercises", "bridge", "progression"),
        ("exercises.yaml", "exercises.bridge.progression"),
    ),
    "a caution that avoids an unknown tag": (
        "red_flags.yaml",
        put_at("red_flags", "pregnancy", "avoid", ["lying_on_belly"]),
        ("red_flags.yaml", "red_flags.pregnancy.avoid", "lying_on_belly"),
    ),
    "an evidence text naming an unknown number": (
        "inference.yaml",
        put_at("evidence", "painful_movement", "text", "Hurts ({high_pian} or more)."),
        ("inference.yaml", "evidence.painful_movement.text", "high_pian", "high_pain"),
    ),
    "a dose without its units": (
        "plan_steps.yaml",
        _delete("steps", "strengthening", "dose_units", "sets"),
        ("plan_steps.yaml", "steps.strengthening.dose_units.sets", "missing"),
    ),
    "a wording key the renderings need": (
        "wording.yaml",
        _delete("headlines", "screen_first"),
        ("wording.yaml", "headlines.screen_first", "missing"),
    ),
    # a placeholder the code does not fill would fail only when a plan is rendered
    "a wording placeholder the code does not fill": (
        "wording.yaml",
        put_at("phrases", "alongside", "Runs side by side with step {step}."),
        ("wording.yaml", "phrases.alongside", "'{step}'", "{number}"),
    ),
    "a placeholder in a text that takes none": (
        "wording.yaml",
        put_at("start_today", "stop_if", ["the pain is worse than {high_pain}"]),
        ("wording.yaml", "start_today.stop_if", "{high_pain}", "no {placeholders}"),
    ),
    "an unclosed brace in a wording text": (
        "wording.yaml",
        put_at("start_today", "see_step", "How: see step {number"),
        ("wording.yaml", "start_today.see_step", "allowed placeholders: {number}"),
    ),
    "a check-in question naming a placeholder its prompt does not fill": (
        "checkin_questions.yaml",
        put_at("checkin_questions", "sessions", "text", "{step}: sessions since {since}, of {goal}?"),
        ("checkin_questions.yaml", "sessions.text", "'{goal}'", "{asked}"),
    ),
    "a check-in field without its question": (
        "checkin_questions.yaml",
        _delete("checkin_questions", "pain_at_rest"),
        ("checkin_questions.yaml", "pain_at_rest", "missing"),
    ),
    "a brace in a text shown as written": (
        "wording.yaml",
        put_at("start_today", "heading", "Start today {now}"),
        ("wording.yaml", "start_today.heading", "no braces"),
    ),
}


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def test_the_copy_loads(data_copy: Path, kb: KnowledgeBase) -> None:
    copy = load_knowledge_from(data_copy)
    assert copy.counts() == kb.counts()
    assert copy.version == kb.version  # the digest depends on the contents only


@pytest.mark.parametrize("name", list(BREAKAGES))
def test_loader_names_file_and_key_of_broken_data(data_copy: Path, name: str) -> None:
    file_name, change, expected = BREAKAGES[name]
    _edit_yaml(data_copy, file_name, change)
    with pytest.raises(KnowledgeError) as info:
        load_knowledge_from(data_copy)
    problems = info.value.problems
    assert problems, name
    assert any(all(part in p for part in expected) for p in problems), problems
    assert all(p.split(":", 1)[0].endswith(".yaml") for p in problems), problems


def test_loader_reports_a_yaml_syntax_error_with_file_and_line(data_copy: Path) -> None:
    path = data_copy / "movements.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("jaw_opening:"))
    lines.insert(at + 1, "    name: [unclosed")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge_from(data_copy)
    [problem] = [p for p in info.value.problems if p.startswith("movements.yaml")]
    assert "YAML syntax error" in problem and "line" in problem


def test_loader_reports_every_problem_at_once(data_copy: Path) -> None:
    _edit_yaml(data_copy, "muscles.yaml", put_at("muscles", "masseter", "colour", "red"))
    _edit_yaml(data_copy, "movements.yaml", _delete("movements", "jaw_opening", "normal_range_deg"))
    _edit_yaml(data_copy, "red_flags.yaml", put_at("red_flags", "pregnancy", "tier", "soon"))
    with pytest.raises(KnowledgeError) as info:
        load_knowledge_from(data_copy)
    files = {p.split(":", 1)[0] for p in info.value.problems}
    assert {"muscles.yaml", "movements.yaml", "red_flags.yaml"} <= files


def test_loader_reports_a_missing_file(data_copy: Path) -> None:
    (data_copy / "regions.yaml").unlink()
    with pytest.raises(KnowledgeError) as info:
        load_knowledge_from(data_copy)
    assert any(p.startswith("regions.yaml") for p in info.value.problems), info.value.problems


def test_wording_may_drop_a_placeholder_or_escape_a_brace(data_copy: Path) -> None:
    # the near misses: a text without its number, and a literal brace where the code fills in
    _edit_yaml(data_copy, "wording.yaml", put_at("phrases", "alongside", "Runs side by side with that step."))
    _edit_yaml(data_copy, "wording.yaml", put_at("phrases", "pressure", "at most {value} out of 10 {{VAS}}"))
    kb = load_knowledge_from(data_copy)
    assert kb.wording.phrases["pressure"].format(value=5) == "at most 5 out of 10 {VAS}"


def test_evidence_texts_show_the_knowledge_base_numbers(kb: KnowledgeBase) -> None:
    """The wording names the threshold the rule uses: one edit changes both."""
    assert f"({kb.inference.high_pain} out of 10 or more)" in kb.inference.evidence["painful_movement"].text
    assert (
        f"{kb.inference.long_duration_weeks:g} weeks"
        in kb.inference.evidence["long_standing_restriction"].text
    )
    assert not any("{" in rule.text for rule in kb.inference.evidence.values())
