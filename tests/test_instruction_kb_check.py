"""`regain kb check` fails on a plan target without an instruction, and on incomplete steps.

Every movement names at least one full-range and one strengthening exercise
of the right kind, every muscle at least one self-massage method and one
stretch; the steps with stretches or exercises say how far by default, the
self-massage step when to stop; the labels of the numbered steps are in
wording.yaml. Each breakage has a near miss: an edit just inside the rules
that still loads.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from knowledge_copy import put_at
from test_knowledge_loader import _delete, _edit_yaml, data_copy  # noqa: F401  (a fixture)

from regain.knowledge import KnowledgeError, load_knowledge_from

Edit = tuple[str, Callable[[Any], None]]

#: name: (file, change, strings one problem line must contain)
BREAKAGES: dict[str, tuple[str, Callable[[Any], None], tuple[str, ...]]] = {
    "a movement without a full-range exercise": (
        "movements.yaml",
        put_at("movements", "hip_extension", "full_range", []),
        ("movements.yaml", "movements.hip_extension.full_range", "at least 1"),
    ),
    "a movement without a strengthening exercise": (
        "movements.yaml",
        put_at("movements", "knee_flexion", "strengthen", []),
        ("movements.yaml", "movements.knee_flexion.strengthen", "at least 1"),
    ),
    "a muscle without a self-massage method": (
        "muscles.yaml",
        put_at("muscles", "masseter", "self_massage", "methods", []),
        ("muscles.yaml", "muscles.masseter.self_massage.methods", "at least 1"),
    ),
    "a muscle without a stretch": (
        "muscles.yaml",
        put_at("muscles", "masseter", "stretches", []),
        ("muscles.yaml", "muscles.masseter.stretches", "at least 1"),
    ),
    "a full-range list naming a strengthening exercise": (
        "movements.yaml",
        put_at("movements", "hip_extension", "full_range", ["bridge"]),
        ("movements.hip_extension.full_range", "'bridge' is a strengthening exercise, not full_range"),
    ),
    "a strengthening list naming a full-range exercise": (
        "movements.yaml",
        put_at("movements", "hip_extension", "strengthen", ["hip_extension_range"]),
        ("movements.hip_extension.strengthen", "'hip_extension_range' is a full_range exercise"),
    ),
    "the stretching step without its how far": (
        "plan_steps.yaml",
        _delete("steps", "long_hold_stretching", "how_far"),
        ("plan_steps.yaml", "steps.long_hold_stretching.how_far", "missing"),
    ),
    "the strengthening step without its how far": (
        "plan_steps.yaml",
        _delete("steps", "strengthening", "how_far"),
        ("plan_steps.yaml", "steps.strengthening.how_far", "missing"),
    ),
    "the self-massage step without its stop-if": (
        "plan_steps.yaml",
        _delete("steps", "trigger_point_self_treatment", "stop_if"),
        ("plan_steps.yaml", "steps.trigger_point_self_treatment.stop_if", "missing"),
    ),
    "a how far on a step without stretches or exercises": (
        "plan_steps.yaml",
        put_at("steps", "relaxation_support", "how_far", "As far as you like."),
        ("plan_steps.yaml", "steps.relaxation_support.how_far", "only"),
    ),
    "a dose in an exercise's how far": (
        "exercises.yaml",
        put_at("exercises", "bridge", "how_far", "Up and down for 10 repetitions."),
        ("exercises.yaml", "exercises.bridge.how_far", "10 repetitions", "dose"),
    ),
    "a dose in a stretch's how far": (
        "muscles.yaml",
        put_at("muscles", "soleus", "stretches", 0, "how_far", "Hold the pull for 3 minutes."),
        ("muscles.yaml", "muscles.soleus.stretches[0].how_far", "3 minutes", "dose"),
    ),
    "an empty how far": (
        "exercises.yaml",
        put_at("exercises", "bridge", "how_far", "  "),
        ("exercises.yaml", "exercises.bridge.how_far"),
    ),
    "a step label missing from the wording": (
        "wording.yaml",
        _delete("instruction_labels", "stop_if"),
        ("wording.yaml", "instruction_labels.stop_if", "missing"),
    ),
}


def _first(key: str, *path: str | int) -> Callable[[Any], None]:
    """Keep only the first item of the list at ``path``/``key``: the fewest the rules allow."""

    def change(data: Any) -> None:
        for part in path:
            data = data[part]
        data[key] = data[key][:1]

    return change


#: name: (file, change): edits just inside the rules, which load.
NEAR_MISSES: dict[str, Edit] = {
    "a movement with one full-range exercise": (
        "movements.yaml",
        _first("full_range", "movements", "hip_extension"),
    ),
    "a movement with one strengthening exercise": (
        "movements.yaml",
        _first("strengthen", "movements", "knee_flexion"),
    ),
    "a muscle with one self-massage method": (
        "muscles.yaml",
        _first("methods", "muscles", "rectus_abdominis", "self_massage"),
    ),
    "a muscle with one stretch": ("muscles.yaml", _first("stretches", "muscles", "hamstrings")),
    "an exercise with a how far of its own": (
        "exercises.yaml",
        put_at("exercises", "bridge", "how_far", "Until your body is straight from shoulders to knees."),
    ),
    "a stretch with a how far of its own": (
        "muscles.yaml",
        put_at("muscles", "soleus", "stretches", 0, "how_far", "Until the lower calf pulls gently."),
    ),
    "the stretching step with other words for how far": (
        "plan_steps.yaml",
        put_at("steps", "long_hold_stretching", "how_far", "To a mild pull, and no further."),
    ),
}


@pytest.mark.parametrize("name", list(BREAKAGES))
def test_kb_check_names_the_missing_instruction(data_copy: Path, name: str) -> None:  # noqa: F811
    file_name, change, expected = BREAKAGES[name]
    _edit_yaml(data_copy, file_name, change)
    with pytest.raises(KnowledgeError) as info:
        load_knowledge_from(data_copy)
    problems = info.value.problems
    assert any(all(part in p for part in expected) for p in problems), problems


@pytest.mark.parametrize("name", list(NEAR_MISSES))
def test_an_edit_inside_the_rules_loads(data_copy: Path, name: str) -> None:  # noqa: F811
    file_name, change = NEAR_MISSES[name]
    before = (data_copy / file_name).read_text(encoding="utf-8")
    _edit_yaml(data_copy, file_name, change)
    assert (data_copy / file_name).read_text(encoding="utf-8") != before
    load_knowledge_from(data_copy)


def test_kb_check_says_which_list_is_empty(runner: Any, data_copy: Path, monkeypatch: Any) -> None:  # noqa: F811
    """The command itself: exit status 1 and the file and key, no traceback."""
    from regain.cli import main

    _edit_yaml(data_copy, "movements.yaml", put_at("movements", "hip_extension", "full_range", []))
    # `regain kb check` loads the knowledge base through regain.knowledge.load_knowledge.
    monkeypatch.setattr("regain.knowledge.load_knowledge", lambda language: load_knowledge_from(data_copy))
    result = runner.invoke(main, ["kb", "check"])
    assert result.exit_code == 1, result.output
    assert "movements.yaml: movements.hip_extension.full_range" in result.output
    assert "Traceback" not in result.output
    monkeypatch.undo()
    ok = runner.invoke(main, ["kb", "check"])
    assert ok.exit_code == 0 and "OK" in ok.output
