"""One documented case per engine rule: ``tests/rules/<rule_id>.yaml``.

Each file holds a ``description`` of the rule, a ``fires`` case (a
``regain-case/2`` mapping) where the rule fires and a ``does_not_fire`` case
where it does not, chosen as the near miss (the same case with the decisive
answer changed). A rule that fires for every case (``weigh_evidence``) says
``always_fires: <why>`` instead of giving a ``does_not_fire`` case; its second
test then checks that it fires for the smallest valid case.

Every run checks, besides the trace:

* evidence rules: the evidence entry is (or is not) in its conclusion's
  evidence, with the knowledge base's certainty factor and wording;
* plan rules: every step the rule adds is in the plan and names the rule's
  reason in ``because`` (unless an emergency replaces the plan), and the
  reason appears nowhere when the rule does not fire.

An optional ``expect`` mapping, keyed by ``fires`` / ``does_not_fire``, adds
assertions: ``triage``, ``levels`` (conclusion -> level), ``certainty``
(conclusion -> value), ``plan`` (the exact kinds in order), ``plan_includes``,
``plan_excludes``.

The meta test holds the files and the engine's rules in step: a new rule
without a documented case fails, and so does a file that names no rule.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from regain.engine.assessment import Assessment, CauseFinding
from regain.engine.inference import RegainEngine
from regain.knowledge import KnowledgeBase, load_knowledge

RULES_DIR = Path(__file__).parent / "rules"
VARIANTS = ("fires", "does_not_fire")
FILE_KEYS = {"description", "fires", "does_not_fire", "always_fires", "expect"}
EXPECT_KEYS = {"triage", "self_help", "levels", "certainty", "plan", "plan_includes", "plan_excludes"}
MINIMAL_CASE: dict[str, Any] = {"restricted_movements": ["neck_rotation"]}
CONTROL_RULES = tuple(load_knowledge().inference.control_rules)

Assess = Callable[..., Assessment]


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    return data


def _rule_files() -> list[Path]:
    return sorted(RULES_DIR.glob("*.yaml"))


def _params() -> list[Any]:
    return [
        pytest.param(path, variant, id=f"{path.stem}-{variant}")
        for path in _rule_files()
        for variant in VARIANTS
    ]


def _finding(assessment: Assessment, conclusion: str) -> CauseFinding:
    if conclusion == "active_trigger_points":
        return assessment.active_trigger_points
    if conclusion in assessment.other_causes:
        return assessment.other_causes[conclusion]
    return assessment.causes[conclusion]


def _all_evidence_rules(assessment: Assessment) -> set[str]:
    findings = [
        *assessment.causes.values(),
        assessment.active_trigger_points,
        *assessment.other_causes.values(),
    ]
    return {e.rule for f in findings for e in f.evidence}


def _check_expect(assessment: Assessment, expect: dict[str, Any], where: str) -> None:
    unknown = set(expect) - EXPECT_KEYS
    assert not unknown, f"{where}: unknown expect keys {sorted(unknown)}"
    kinds = [s.kind for s in assessment.plan]
    if "triage" in expect:
        assert assessment.triage == expect["triage"], where
    if "self_help" in expect:
        assert assessment.self_help == expect["self_help"], where
    for conclusion, lvl in expect.get("levels", {}).items():
        assert _finding(assessment, conclusion).level == lvl, f"{where}: {conclusion}"
    for conclusion, value in expect.get("certainty", {}).items():
        assert _finding(assessment, conclusion).certainty == pytest.approx(value), f"{where}: {conclusion}"
    if "plan" in expect:
        assert kinds == expect["plan"], where
    for kind in expect.get("plan_includes", []):
        assert kind in kinds, f"{where}: {kind} not in plan {kinds}"
    for kind in expect.get("plan_excludes", []):
        assert kind not in kinds, f"{where}: {kind} unexpectedly in plan {kinds}"


def test_rule_files_cover_every_rule() -> None:
    """Every engine rule has a documented case, and every file names a rule."""
    rules = set(RegainEngine.rule_names())
    files = {p.stem for p in _rule_files()}
    undocumented = sorted(rules - files)
    stray = sorted(files - rules)
    assert undocumented == [], f"engine rules without tests/rules/<rule>.yaml: {undocumented}"
    assert stray == [], f"tests/rules files that name no engine rule: {stray}"


def test_rule_files_are_well_formed(kb: KnowledgeBase) -> None:
    for path in _rule_files():
        data = _load(path)
        assert set(data) <= FILE_KEYS, f"{path.name}: unknown keys {sorted(set(data) - FILE_KEYS)}"
        assert isinstance(data.get("description"), str) and data["description"].strip(), path.name
        assert isinstance(data.get("fires"), dict), f"{path.name}: needs a fires case"
        has_negative = isinstance(data.get("does_not_fire"), dict)
        always = isinstance(data.get("always_fires"), str)
        assert has_negative != always, (
            f"{path.name}: needs a does_not_fire case, or always_fires with the reason (not both)"
        )
        if always:
            assert path.stem in CONTROL_RULES, f"{path.name}: only control rules may always fire"
        for variant in data.get("expect", {}):
            assert variant in VARIANTS, f"{path.name}: expect.{variant}"


@pytest.mark.parametrize(("path", "variant"), _params())
def test_rule(path: Path, variant: str, kb: KnowledgeBase, assess: Assess) -> None:
    rule = path.stem
    data = _load(path)
    should_fire = variant == "fires"
    if variant == "does_not_fire" and "always_fires" in data:
        case, should_fire = MINIMAL_CASE, True
    else:
        case = data[variant]
    assessment = assess(case, f"{rule}-{variant}.yaml")
    fired = [t.rule for t in assessment.trace]
    where = f"{path.name} [{variant}]"

    if should_fire:
        assert rule in fired, f"{where}: {rule} did not fire; trace: {fired}"
        assert fired.count(rule) == 1, f"{where}: {rule} has more than one trace entry"
    else:
        assert rule not in fired, f"{where}: {rule} fired; trace: {fired}"

    evidence = kb.inference.evidence.get(rule)
    if evidence is not None:
        finding = _finding(assessment, evidence.conclusion)
        mine = [e for e in finding.evidence if e.rule == rule]
        if should_fire:
            assert len(mine) == 1, f"{where}: no {rule} evidence for {evidence.conclusion}"
            assert mine[0].cf == evidence.cf, where
            assert mine[0].text == evidence.text, where
        else:
            assert rule not in _all_evidence_rules(assessment), where

    plan_rule = kb.inference.plan_rules.get(rule)
    if plan_rule is not None:
        because = {s.kind: s.because for s in assessment.plan}
        if should_fire and assessment.self_help != "none":
            for kind in plan_rule.steps:
                assert kind in because, f"{where}: {rule} fired but {kind} is not in the plan"
                assert plan_rule.text in because[kind], f"{where}: {kind} does not name {rule}"
        elif not should_fire:
            for kind, reasons in because.items():
                assert plan_rule.text not in reasons, f"{where}: {kind} names {rule}"

    expect = data.get("expect", {}).get(variant)
    if expect:
        _check_expect(assessment, expect, where)


@pytest.mark.parametrize(
    ("movement", "deficit", "counts"),
    [
        ("knee_extension", 10, True),
        ("knee_extension", 20, True),
        ("knee_extension", 9, False),
        ("elbow_extension", 10, True),
        ("elbow_extension", 15, True),
        ("elbow_extension", 9, False),
    ],
)
def test_a_small_loss_of_straightening_counts_as_restricted(
    kb: KnowledgeBase, assess: Assess, movement: str, deficit: int, counts: bool
) -> None:
    """A knee or elbow 10-20 degrees short of straight is clearly restricted (min_deficit_deg)."""
    degrees = kb.movements[movement].normal_range_deg - deficit
    a = assess({"restricted_movements": [movement], "range_measured": {movement: degrees}, "red_flags": []})
    found = "measured_range_below_normal" in {e.rule for e in a.causes["shortening_adhesion"].evidence}
    assert found is counts
