"""One documented journal per follow-up rule: ``tests/followup_rules/<rule_id>.yaml``.

Each file holds a ``description``, the ``case`` the journal starts from (a
file under the repository), a ``fires`` scenario where the rule takes the
decision and a ``does_not_fire`` near miss (the same journal with the
decisive answer changed). A scenario is the earlier check-ins (``before``,
each decided in turn), the ``checkin`` decided, and an optional ``expect``:
the decision's ``kind``, ``phase``, ``steps`` and ``advice_from_flag`` (the
advice is that warning sign's own).

Every run also checks that the decision is worded from ``followup.yaml``: its
reason is the firing rule's sentence filled in, its advice the decision's (or
the rule's, or the sign's). The meta test holds the files and the engine's
rules in step.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

import pytest
import yaml
from journey_helpers import baseline, checkin, rule_of, run

from regain.engine.followup import FollowUpEngine, decide, rule_data_problems
from regain.engine.journey import Decision
from regain.knowledge import KnowledgeBase

RULES_DIR = Path(__file__).parent / "followup_rules"
VARIANTS = ("fires", "does_not_fire")
FILE_KEYS = {"description", "case", "fires", "does_not_fire"}
SCENARIO_KEYS = {"before", "checkin", "expect"}
EXPECT_KEYS = {"kind", "phase", "steps", "advice_from_flag"}


def _files() -> list[Path]:
    return sorted(RULES_DIR.glob("*.yaml"))


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path.name
    return data


def _decide(kb: KnowledgeBase, data: dict[str, Any], variant: str) -> Decision:
    scenario = data[variant]
    base = baseline(kb, data["case"])
    entries = run(kb, base, scenario.get("before", []))
    return decide(kb, base, entries, checkin(kb, base, entries, scenario["checkin"]))


def _fixed_words(text: str) -> list[str]:
    """The fixed words of a reason between its placeholders, each of which a filled-in one holds."""
    return [literal for literal, _, _, _ in string.Formatter().parse(text) if literal.strip()]


def test_every_followup_rule_has_a_fixture_and_every_fixture_a_rule() -> None:
    rules = set(FollowUpEngine.rule_names())
    files = {p.stem for p in _files()}
    assert sorted(rules - files) == [], "follow-up rules without tests/followup_rules/<rule>.yaml"
    assert sorted(files - rules) == [], "tests/followup_rules files that name no follow-up rule"


def test_every_followup_rule_has_its_words(kb: KnowledgeBase) -> None:
    assert rule_data_problems(kb) == []


def test_rule_data_problems_finds_a_rule_without_words(kb: KnowledgeBase) -> None:
    from dataclasses import replace

    rules = dict(kb.followup.rules)
    rules.pop("carry_on")
    rules["no_such_rule"] = kb.followup.rules["carry_on"]
    broken = replace(kb, followup=replace(kb.followup, rules=rules))
    problems = rule_data_problems(broken)
    assert "followup.yaml: rules: no entry for follow-up rule 'carry_on'" in problems
    assert "followup.yaml: rules.no_such_rule: names no follow-up rule" in problems


def test_fixture_files_are_well_formed() -> None:
    for path in _files():
        data = _load(path)
        assert set(data) == FILE_KEYS, f"{path.name}: keys {sorted(data)}"
        for variant in VARIANTS:
            scenario = data[variant]
            assert set(scenario) <= SCENARIO_KEYS and "checkin" in scenario, f"{path.name}: {variant}"
            assert set(scenario.get("expect", {})) <= EXPECT_KEYS, f"{path.name}: {variant}.expect"


@pytest.mark.parametrize(
    ("path", "variant"),
    [pytest.param(p, v, id=f"{p.stem}-{v}") for p in _files() for v in VARIANTS],
)
def test_followup_rule(path: Path, variant: str, kb: KnowledgeBase) -> None:
    rule = path.stem
    data = _load(path)
    decision = _decide(kb, data, variant)
    fired = rule_of(decision)
    where = f"{path.name} [{variant}]"
    if variant == "fires":
        assert fired == rule, f"{where}: {fired} decided, not {rule}; {decision.reasons}"
    else:
        assert fired != rule, f"{where}: {rule} fired"

    words = kb.followup.rules[fired]
    assert decision.kind == words.decision, where
    assert len(decision.reasons) == 1, where
    assert all(part in decision.reasons[0] for part in _fixed_words(words.reason)), where
    assert "{" not in decision.reasons[0], f"{where}: a placeholder left unfilled: {decision.reasons[0]}"
    expect = data[variant].get("expect", {})
    if "kind" in expect:
        assert decision.kind == expect["kind"], f"{where}: {decision.kind}; {decision.reasons}"
    if "phase" in expect:
        assert decision.phase == expect["phase"], where
    if "steps" in expect:
        assert list(decision.steps) == expect["steps"], where
    if "advice_from_flag" in expect:
        assert decision.advice == kb.red_flags[expect["advice_from_flag"]].advice, where
    else:
        assert decision.advice in (words.advice, kb.followup.decisions[decision.kind].advice), where
    assert decision.trace and decision.trace[0].because, f"{where}: the HOW trace names no facts"
