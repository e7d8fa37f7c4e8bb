"""followup.yaml is checked on every load (so by ``regain kb check``): each breakage one clear line.

Every self-treatment step has a structured advance_when, every advance_when
names a real self-treatment step, thresholds are in range and in order,
every threshold has a source, every decision kind its words, and every
reason only the placeholders its rule fills. Each check has a near miss: the
shipped file, and edits that keep it valid.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from regain.knowledge import KnowledgeBase, KnowledgeError, load_knowledge_from
from regain.knowledge.loader import DATA_DIR

FILE = "followup.yaml"


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = folder / FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _problems(folder: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as info:
        load_knowledge_from(folder)
    return info.value.problems


BREAKAGES: dict[str, tuple[Callable[[dict[str, Any]], None], tuple[str, ...]]] = {
    "a phase step without advance_when": (
        lambda d: d["advance_when"].pop("full_range_movement"),
        ("followup.yaml: advance_when.full_range_movement: missing",),
    ),
    "advance_when for a step that does not exist": (
        lambda d: d["advance_when"].__setitem__("yoga", d["advance_when"]["full_range_movement"]),
        ("advance_when.yoga: names no step of plan_steps.yaml",),
    ),
    "advance_when for a doctor's step": (
        lambda d: d["advance_when"].__setitem__(
            "medical_consultation", d["advance_when"]["full_range_movement"]
        ),
        ("advance_when.medical_consultation: medical_consultation is not a self-treatment step",),
    ),
    "dose weeks for a step without weeks": (
        lambda d: d["advance_when"]["relaxation_support"].__setitem__("when", {"dose_weeks_done": True}),
        ("advance_when.relaxation_support: dose_weeks_done", "no dose weeks"),
    ),
    "a condition of two forms": (
        lambda d: d["advance_when"]["full_range_movement"].__setitem__(
            "when", {"pain_on_movement_at_most": 2, "always": True}
        ),
        ("followup.yaml:", "advance_when.full_range_movement.when", "exactly one of"),
    ),
    "pain out of the 0-10 scale": (
        lambda d: d["advance_when"]["full_range_movement"].__setitem__(
            "when", {"pain_on_movement_at_most": 11}
        ),
        ("followup.yaml:", "pain_on_movement_at_most"),
    ),
    "a minimal change of pain out of range": (
        lambda d: d["thresholds"].__setitem__("pain_change", 0),
        ("followup.yaml:", "thresholds.pain_change"),
    ),
    "an adherence share above 1": (
        lambda d: d["thresholds"].__setitem__("good_adherence_share", 1.5),
        ("followup.yaml:", "thresholds.good_adherence_share"),
    ),
    "poor adherence above good": (
        lambda d: d["thresholds"].__setitem__("poor_adherence_share", 0.9),
        ("thresholds.poor_adherence_share: 0.9 is above good_adherence_share",),
    ),
    "a threshold without its source": (
        lambda d: d["threshold_sources"].pop("range_change_deg"),
        ("threshold_sources.range_change_deg: missing",),
    ),
    "a decision kind without words": (
        lambda d: d["decisions"].pop("step_back"),
        ("decisions.step_back: missing",),
    ),
    "a reason naming a placeholder its rule does not fill": (
        lambda d: d["rules"]["carry_on"].__setitem__("reason", "Not yet: {criteria} ({weeks} weeks)"),
        ("rules.carry_on.reason: unknown placeholder '{weeks}'",),
    ),
    "a start decision missing": (
        lambda d: d["start"].pop("plan_starts"),
        ("start.plan_starts: missing",),
    ),
}


@pytest.mark.parametrize("name", list(BREAKAGES))
def test_a_broken_followup_file_is_reported_with_file_and_key(data_copy: Path, name: str) -> None:
    change, expected = BREAKAGES[name]
    _edit(data_copy, change)
    problems = _problems(data_copy)
    assert any(all(part in p for part in expected) for p in problems), problems


def test_the_shipped_followup_file_is_valid_and_complete(kb: KnowledgeBase) -> None:
    """Near miss of every breakage: each self-treatment step has its test, words and source."""
    kinds = {k for k, s in kb.steps.items() if s.self_treatment and not s.exclusive}
    assert set(kb.followup.advance_when) == kinds
    assert all(kb.followup.advance_when[k].source for k in kinds)
    assert set(kb.followup.threshold_sources) == set(kb.followup.thresholds.__dataclass_fields__)


def test_a_reason_may_leave_out_its_placeholders(data_copy: Path) -> None:
    _edit(data_copy, lambda d: d["rules"]["carry_on"].__setitem__("reason", "Not yet: keep going."))
    kb = load_knowledge_from(data_copy)
    assert kb.followup.rules["carry_on"].reason == "Not yet: keep going."


def test_thresholds_are_read_from_the_file(data_copy: Path) -> None:
    _edit(data_copy, lambda d: d["thresholds"].__setitem__("no_improvement_weeks", 8))
    assert load_knowledge_from(data_copy).followup.thresholds.no_improvement_weeks == 8


def test_the_massage_step_test_matches_its_move_on_when(kb: KnowledgeBase) -> None:
    """plan_steps.yaml says "at most 3 out of 10 and pressing the spots no longer brings it on"."""
    rule = kb.followup.advance_when["trigger_point_self_treatment"].when
    forms = {c.form(): c for c in rule.children()}
    assert rule.form() == "all_"
    assert forms["pain_on_movement_at_most"].pain_on_movement_at_most == 3
    assert "3 out of 10" in kb.steps["trigger_point_self_treatment"].move_on_when
    assert forms["tender_spots_reproduce_pain"].tender_spots_reproduce_pain == "no"
    full_range = kb.followup.advance_when["full_range_movement"].when
    assert full_range.pain_on_movement_at_most == 2
    assert "2 out of 10" in kb.steps["full_range_movement"].move_on_when
