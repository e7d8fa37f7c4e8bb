"""The knowledge base against the spec's vocabulary, its own cross-references, and the loader's errors."""

from __future__ import annotations

import networkx as nx
import pytest
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
from regain.knowledge import KnowledgeBase
from regain.knowledge.consistency import STEP_KINDS, check_consistency
from regain.knowledge.graphs import muscle_graph, plan_graph, plan_key
from regain.knowledge.loader import ANSWERS_FILE, COLLECTIONS, FOLLOWUP_FILE, INFERENCE_FILE, WORDING_FILE

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
    expected = {*COLLECTIONS, INFERENCE_FILE, WORDING_FILE, ANSWERS_FILE, FOLLOWUP_FILE}
    assert set(kb.sources) == expected
    assert all(text.strip() for text in kb.sources.values())
