"""The knowledge base against the spec's vocabulary, its own cross-references, and the loader's errors."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import yaml
from spec_vocabulary import (
    CASE_FIELDS,
    COMBINATIONS,
    META_FIELDS,
    MOVEMENTS,
    MUSCLES,
    RED_FLAGS,
    REGIONS,
    TRI_STATE_FIELDS,
)

from regain.engine.inference import RegainEngine, rule_data_problems
from regain.knowledge import KnowledgeBase, KnowledgeError, load_knowledge_from
from regain.knowledge.consistency import STEP_KINDS, check_consistency
from regain.knowledge.graphs import muscle_graph, plan_graph, plan_key
from regain.knowledge.loader import COLLECTIONS, DATA_DIR, INFERENCE_FILE, WORDING_FILE

SELF_TREATMENT = (
    "check_tender_spots",
    "trigger_point_self_treatment",
    "relaxation_support",
    "long_hold_stretching",
    "full_range_movement",
    "strengthening",
)


# -- the spec's vocabulary is all there ---------------------------------------------------------


@pytest.mark.parametrize(
    ("what", "spec_ids"),
    [
        ("movements", MOVEMENTS),
        ("regions", REGIONS),
        ("muscles", MUSCLES),
    ],
)
def test_spec_vocabulary_is_in_the_knowledge_base(
    kb: KnowledgeBase, what: str, spec_ids: tuple[str, ...]
) -> None:
    assert len(set(spec_ids)) == len(spec_ids)
    missing = [i for i in spec_ids if i not in getattr(kb, what)]
    assert missing == []


def test_spec_vocabulary_sizes() -> None:
    # guards the hand copy in spec_vocabulary.py against a lost line
    assert (len(MOVEMENTS), len(REGIONS), len(MUSCLES), len(RED_FLAGS)) == (33, 52, 48, 20)


def test_red_flags_have_the_contract_tier(kb: KnowledgeBase) -> None:
    assert {f: flag.tier for f, flag in kb.red_flags.items()} == RED_FLAGS
    assert {c: combo.tier for c, combo in kb.combinations.items()} == COMBINATIONS


def test_every_red_flag_and_combination_names_a_published_source(kb: KnowledgeBase) -> None:
    for what in (kb.red_flags, kb.combinations, kb.other_causes):
        for item_id, item in what.items():
            assert len(item.source) >= 12, item_id


def test_caution_flags_soften_doses_and_others_do_not(kb: KnowledgeBase) -> None:
    for fid, flag in kb.red_flags.items():
        if flag.tier == "caution":
            assert flag.softens, f"{fid} is a caution flag but softens no step"
        else:
            assert not flag.softens, fid
    bleeding = kb.red_flags["anticoagulants_or_bleeding_disorder"].softens
    assert bleeding["trigger_point_self_treatment"].caps["pressure_max"] <= 3


def test_every_question_is_a_case_field_and_every_answer_field_a_question(kb: KnowledgeBase) -> None:
    answer_fields = [f for f in CASE_FIELDS if f not in META_FIELDS]
    assert [q for q in kb.questions if q not in CASE_FIELDS] == []
    assert [f for f in answer_fields if f not in kb.questions] == []
    assert not set(META_FIELDS) & set(kb.questions)


def test_question_types_match_the_spec(kb: KnowledgeBase) -> None:
    q = kb.questions
    assert {f for f in TRI_STATE_FIELDS} == {i for i, x in q.items() if x.type == "tri_state"}
    assert q["restricted_movements"].type == "movements" and q["restricted_movements"].required
    assert [i for i, x in q.items() if x.required] == ["restricted_movements"]
    assert q["pain_regions"].type == "regions"
    assert q["red_flags"].type == "red_flags"
    assert q["range_measured"].type == "range_map"
    assert (q["range_measured"].min, q["range_measured"].max) == (0, 360)
    assert (q["age"].type, q["age"].min, q["age"].max) == ("integer", 0, 120)
    for pain in ("pain_at_rest", "pain_on_movement"):
        assert (q[pain].type, q[pain].min, q[pain].max) == ("integer", 0, 10)
    for weeks in ("duration_weeks", "immobilized_weeks"):
        assert q[weeks].type == "number" and q[weeks].min == 0

    def options(qid: str) -> list[str]:
        return [o.value for o in q[qid].options]

    assert options("side") == ["left", "right", "both"]
    assert set(options("limit_felt_as")) == {"pain", "tightness", "both", "block", "unsure"}
    for effect in ("stretching_effect", "strengthening_effect"):
        assert set(options(effect)) == {"worse", "no_change", "better", "not_tried"}
    assert set(options("relaxation_effect")) == {"helps", "no_help", "not_tried"}


# -- cross-references -----------------------------------------------------------------------------


def test_consistency_check_finds_nothing(kb: KnowledgeBase) -> None:
    assert check_consistency(kb) == []


def test_every_referenced_id_exists(kb: KnowledgeBase) -> None:
    for kind, items in (("movement", kb.movements), ("region", kb.regions), ("muscle", kb.muscles)):
        for item_id, item in items.items():
            assert item.area in kb.areas, f"{kind} {item_id}: area {item.area}"
    for mid, m in kb.muscles.items():
        assert set(m.refers_to.primary) | set(m.refers_to.spillover) <= set(kb.regions), mid
        assert set(m.restricts) | set(m.painful_movements) <= set(kb.movements), mid
    for fid, flag in kb.red_flags.items():
        for kind, change in flag.softens.items():
            assert kind in kb.steps, fid
            assert set(change.caps) <= set(kb.steps[kind].dose), (fid, kind)
    for rule_id, rule in kb.inference.evidence.items():
        assert set(rule.reads) <= set(kb.questions), rule_id
    for rule_id, plan_rule in kb.inference.plan_rules.items():
        assert set(plan_rule.steps) <= set(kb.steps), rule_id
    assert set(kb.steps) == set(STEP_KINDS)
    for kind, tmpl in kb.steps.items():
        assert set(tmpl.before) <= set(kb.steps), kind
        assert set(tmpl.dose_units) <= set(tmpl.dose), kind


def test_every_movement_and_region_leads_to_a_muscle(kb: KnowledgeBase) -> None:
    g = muscle_graph(kb)
    for mv in kb.movements:
        assert any(n[0] == "muscle" for n in g.successors(("movement", mv))), mv
    for rid in kb.regions:
        assert any(n[0] == "muscle" for n in g.successors(("region", rid))), rid


def test_the_muscle_tables_hold_every_edge_of_the_muscle_graph(kb: KnowledgeBase) -> None:
    g = muscle_graph(kb)
    for kind, table in (("region", kb.tables.from_region), ("movement", kb.tables.from_movement)):
        assert set(table) == {node for k, node in g.nodes if k == kind}
        for node, links in table.items():
            edges = [(mid, data) for _, (_, mid), data in g.out_edges((kind, node), data=True)]
            assert [link.muscle for link in links] == [mid for mid, _ in edges], node
            for link, (_, data) in zip(links, edges, strict=True):
                assert (link.relation, link.weight) == (data["relation"], data["weight"]), node
                assert link.painful == data.get("painful", False), node


def test_thresholds_are_ordered(kb: KnowledgeBase) -> None:
    t = kb.inference.thresholds
    assert 0 < t.possible < t.likely <= 1


# -- the plan graph -------------------------------------------------------------------------------


def test_plan_graph_is_acyclic_and_orders_the_seed_logic(kb: KnowledgeBase) -> None:
    g = plan_graph(kb)
    assert set(g.nodes) == set(STEP_KINDS)
    assert nx.is_directed_acyclic_graph(g)
    closure = nx.transitive_closure_dag(g)
    assert closure.has_edge("trigger_point_self_treatment", "long_hold_stretching")
    assert closure.has_edge("trigger_point_self_treatment", "strengthening")
    for kind in SELF_TREATMENT:
        if kind != "strengthening" and not kb.steps[kind].throughout:  # a support runs throughout
            assert closure.has_edge(kind, "strengthening"), kind
    assert not any(closure.has_edge("strengthening", k) for k in SELF_TREATMENT)
    # a doctor comes before any self-treatment
    for kind in SELF_TREATMENT:
        assert closure.has_edge("medical_consultation", kind), kind


def test_every_set_of_kinds_has_an_order_that_keeps_every_constraint(kb: KnowledgeBase) -> None:
    closure = nx.transitive_closure_dag(plan_graph(kb))
    orders = kb.tables.orders
    assert len(orders) == 2 ** len(kb.steps)
    for chosen, order in orders.items():
        assert sorted(order) == sorted(chosen)
        for i, a in enumerate(order):
            assert kb.tables.before[a] == set(closure.successors(a))
            for b in order[i + 1 :]:
                assert not closure.has_edge(b, a), (order, a, b)
                # unconstrained neighbours go by priority, then id
                if b == order[i + 1] and not closure.has_edge(a, b):
                    assert plan_key(kb, a) < plan_key(kb, b), (order, a, b)


def test_self_treatment_flags_match_the_step_kinds(kb: KnowledgeBase) -> None:
    assert {k for k, t in kb.steps.items() if t.self_treatment} == set(SELF_TREATMENT)
    assert [k for k, t in kb.steps.items() if t.exclusive] == ["emergency_care", "urgent_care"]


def test_shortening_dose_is_a_long_hold_over_weeks(kb: KnowledgeBase) -> None:
    dose = kb.steps["long_hold_stretching"].dose
    assert dose["hold_seconds"] >= 120 and dose["weeks"] >= 6


# -- the engine and its data ----------------------------------------------------------------------


def test_every_engine_rule_has_data_and_vice_versa(kb: KnowledgeBase) -> None:
    assert rule_data_problems(kb) == []
    assert len(RegainEngine.rule_names()) == len(set(RegainEngine.rule_names()))


def test_every_file_has_a_source(kb: KnowledgeBase) -> None:
    expected = {*COLLECTIONS, INFERENCE_FILE, WORDING_FILE}
    assert set(kb.sources) == expected
    assert all(text.strip() for text in kb.sources.values())


# -- the loader reports broken data with file and key ---------------------------------------------


def _edit_yaml(tmp: Path, file_name: str, change: Callable[[Any], None]) -> None:
    path = tmp / file_name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _set(*keys_and_value: Any) -> Callable[[Any], None]:
    *keys, value = keys_and_value

    def change(data: Any) -> None:
        for key in keys[:-1]:
            data = data[key]
        data[keys[-1]] = value

    return change


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
        _set("muscles", "masseter", "refers_to", "primary", ["jaw", "jawline"]),
        ("muscles.yaml", "muscles.masseter.refers_to.primary", "jawline", "closest"),
    ),
    "cycle in plan before": (
        "plan_steps.yaml",
        _set("steps", "strengthening", "before", ["trigger_point_self_treatment"]),
        ("plan_steps.yaml", "before", "cycle", "strengthening", "trigger_point_self_treatment"),
    ),
    "missing required key": (
        "movements.yaml",
        _delete("movements", "jaw_opening", "normal_range_deg"),
        ("movements.yaml", "movements.jaw_opening.normal_range_deg", "required"),
    ),
    "unknown key": (
        "muscles.yaml",
        _set("muscles", "masseter", "colour", "red"),
        ("muscles.yaml", "muscles.masseter.colour"),
    ),
    "possible >= likely": (
        "inference.yaml",
        _set("thresholds", "possible", 0.7),
        ("inference.yaml", "thresholds", "possible", "likely"),
    ),
    "wrong tier value": (
        "red_flags.yaml",
        _set("red_flags", "pregnancy", "tier", "soon"),
        ("red_flags.yaml", "red_flags.pregnancy.tier", "'soon'"),
    ),
    "unknown question in an evidence rule": (
        "inference.yaml",
        _set("evidence", "pain_limits_movement", "reads", ["limit_felt"]),
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
        _set("muscles", "rectus_abdominis", "self_massage", "methods", 0, "involves", ["pressure_abdomn"]),
        ("muscles.yaml", "muscles.rectus_abdominis", "pressure_abdomn", "pressure_abdomen"),
    ),
    "a dose written into an instruction": (
        "muscles.yaml",
        _set("muscles", "masseter", "stretches", 0, "how", "Open the mouth and hold for 3 minutes."),
        ("muscles.yaml", "muscles.masseter.stretches[0].how", "3 minutes", "dose"),
    ),
    "a strengthening exercise that trains a limiter": (
        "movements.yaml",
        _set("movements", "hip_extension", "strengthen", ["seated_knee_lift"]),
        ("movements.yaml", "movements.hip_extension.strengthen", "seated_knee_lift", "iliopsoas"),
    ),
    "a movement without a strengthening exercise": (
        "movements.yaml",
        _set("movements", "hip_extension", "strengthen", []),
        ("movements.yaml", "movements.hip_extension.strengthen"),
    ),
    "a strengthening exercise without a progression": (
        "exercises.yaml",
        _delete("exercises", "bridge", "progression"),
        ("exercises.yaml", "exercises.bridge.progression"),
    ),
    "a caution that avoids an unknown tag": (
        "red_flags.yaml",
        _set("red_flags", "pregnancy", "avoid", ["lying_on_belly"]),
        ("red_flags.yaml", "red_flags.pregnancy.avoid", "lying_on_belly"),
    ),
    "an evidence text naming an unknown number": (
        "inference.yaml",
        _set("evidence", "painful_movement", "text", "Hurts ({high_pian} or more)."),
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
    _edit_yaml(data_copy, "muscles.yaml", _set("muscles", "masseter", "colour", "red"))
    _edit_yaml(data_copy, "movements.yaml", _delete("movements", "jaw_opening", "normal_range_deg"))
    _edit_yaml(data_copy, "red_flags.yaml", _set("red_flags", "pregnancy", "tier", "soon"))
    with pytest.raises(KnowledgeError) as info:
        load_knowledge_from(data_copy)
    files = {p.split(":", 1)[0] for p in info.value.problems}
    assert {"muscles.yaml", "movements.yaml", "red_flags.yaml"} <= files


def test_loader_reports_a_missing_file(data_copy: Path) -> None:
    (data_copy / "regions.yaml").unlink()
    with pytest.raises(KnowledgeError) as info:
        load_knowledge_from(data_copy)
    assert any(p.startswith("regions.yaml") for p in info.value.problems), info.value.problems


def test_evidence_texts_show_the_knowledge_base_numbers(kb: KnowledgeBase) -> None:
    """The wording names the threshold the rule uses: one edit changes both."""
    assert f"({kb.inference.high_pain} out of 10 or more)" in kb.inference.evidence["painful_movement"].text
    assert (
        f"{kb.inference.long_duration_weeks:g} weeks"
        in kb.inference.evidence["long_standing_restriction"].text
    )
    assert not any("{" in rule.text for rule in kb.inference.evidence.values())
