"""The adaptive questionnaire's selection logic (engine/questionnaire.py), no I/O.

Which question comes next for given partial answers, which are skipped and
why, the ``ask_if`` condition schema and its consistency checks, the ``why``
explanation, and the golden sessions of tests/data/ask/sessions.yaml (a
change must not make a session longer without changing its conclusions).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from regain.engine.questionnaire import (
    EMERGENCY,
    SETTLED,
    URGENT,
    Questionnaire,
    condition_holds,
)
from regain.knowledge import KnowledgeBase, KnowledgeError
from regain.knowledge.loader import DATA_DIR, load_knowledge_from
from regain.knowledge.models import Condition
from regain.knowledge.validation import check

SESSIONS = Path(__file__).parent / "data" / "ask" / "sessions.yaml"
PAIN_BEHAVIOUR = (
    "pain_regions",
    "better_when_pain_relieved",
    "avoids_movement",
    "moves_differently",
    "tender_spots_reproduce_pain",
    "referred_pain",
    "stretching_effect",
    "strengthening_effect",
    "relaxation_effect",
)
BASE = {"red_flags": [], "restricted_movements": ["shoulder_abduction"]}


@pytest.fixture(scope="module")
def q(kb: KnowledgeBase) -> Questionnaire:
    return Questionnaire(kb)


def simulate(q: Questionnaire, person: dict[str, Any]) -> tuple[list[str], Any, str | None]:
    """Run a whole session against a person's answers: (asked ids, inference, done)."""
    answers: dict[str, Any] = {}
    unanswered: set[str] = set()
    asked: list[str] = []
    while True:
        step = q.step(answers, unanswered)
        if step.next is None:
            return asked, step.inference, step.done
        assert step.next not in asked, f"{step.next} asked twice"
        asked.append(step.next)
        if step.next in person:
            answers[step.next] = person[step.next]
        elif q.kb.questions[step.next].type == "tri_state":
            answers[step.next] = "unknown"
        else:
            unanswered.add(step.next)
        assert len(asked) <= len(q.kb.questions)


# -- order and stopping ----------------------------------------------------------------
def test_screening_comes_first_then_the_movements(q: Questionnaire) -> None:
    assert q.next_question({}) == "red_flags"
    assert q.next_question({"red_flags": []}) == "restricted_movements"
    # a prefilled movement does not skip screening
    assert q.next_question({"restricted_movements": ["neck_rotation"]}) == "red_flags"


def test_emergency_stops_at_once(q: Questionnaire) -> None:
    step = q.step({"red_flags": ["chest_pain_or_breathlessness", "pregnancy"]})
    assert step.next is None
    assert step.done == EMERGENCY


def test_see_doctor_and_caution_flags_do_not_stop(q: Questionnaire) -> None:
    for flag in ("history_of_cancer", "pregnancy"):
        assert q.next_question({"red_flags": [flag]}) == "restricted_movements"


def test_no_pain_at_all_skips_the_pain_behaviour_questions(q: Questionnaire) -> None:
    answers = {**BASE, "pain_on_movement": 0, "pain_at_rest": 0}
    skipped = q.skipped(answers)
    for qid in PAIN_BEHAVIOUR:
        assert skipped.get(qid) == "ask_if", qid
    assert q.next_question(answers) == "limit_felt_as"


def test_pain_at_rest_alone_keeps_the_pain_questions(q: Questionnaire) -> None:
    answers = {**BASE, "pain_on_movement": 0, "pain_at_rest": 4}
    assert q.next_question(answers) == "pain_regions"
    skipped = q.skipped(answers)
    assert all(skipped.get(qid) != "ask_if" for qid in PAIN_BEHAVIOUR)
    assert "tender_spots_reproduce_pain" not in skipped


def test_pain_at_rest_is_asked_only_when_the_movement_does_not_hurt(q: Questionnaire) -> None:
    assert q.next_question({**BASE, "pain_on_movement": 0}) == "pain_at_rest"
    assert q.skipped({**BASE, "pain_on_movement": 6})["pain_at_rest"] == "ask_if"


def test_painful_movement_asks_where_it_hurts(q: Questionnaire) -> None:
    assert q.next_question({**BASE, "pain_on_movement": 6}) == "pain_regions"


def test_unknown_pain_keeps_the_pain_questions(q: Questionnaire) -> None:
    # pain on movement asked and skipped: pain is unknown, so where it hurts still matters
    answers = dict(BASE)
    assert q.next_question(answers, {"pain_on_movement"}) == "pain_at_rest"
    assert q.next_question(answers, {"pain_on_movement", "pain_at_rest"}) == "pain_regions"


def test_side_and_age_never_change_a_conclusion(q: Questionnaire) -> None:
    skipped = q.skipped(BASE)
    assert skipped["side"] == "cannot change a conclusion"
    assert skipped["age"] == "cannot change a conclusion"


def test_settled_causes_stop_the_questionnaire(q: Questionnaire) -> None:
    # shortening likely, pain-protective ruled out, no pain: nothing left can move a level
    answers = {
        **BASE,
        "pain_on_movement": 0,
        "pain_at_rest": 0,
        "limit_felt_as": "tightness",
        "restricted_without_pain": True,
    }
    step = q.step(answers)
    assert step.next is None
    assert step.done == SETTLED
    assert step.inference is not None
    assert step.inference.conclusions["shortening_adhesion"].level == "likely"


def test_answered_and_unanswered_questions_are_not_asked_again(q: Questionnaire) -> None:
    answers = {**BASE, "pain_on_movement": 6, "pain_regions": ["shoulder_side"]}
    first = q.next_question(answers)
    assert first == "limit_felt_as"
    assert q.next_question(answers, {"limit_felt_as"}) != "limit_felt_as"
    assert (
        q.next_question({**answers, "restricted_without_pain": "unknown"}, {"limit_felt_as"})
        != "restricted_without_pain"
    )


def test_a_hard_block_settles_both_causes_quickly(q: Questionnaire) -> None:
    answers = {**BASE, "pain_on_movement": 0, "pain_at_rest": 0, "limit_felt_as": "block"}
    # A block needs a professional look: only whether a doctor already cleared it is left.
    assert q.step(answers).next == "cleared_by_doctor"
    assert q.step({**answers, "cleared_by_doctor": False}).done == SETTLED


# -- why ---------------------------------------------------------------------------------
def test_why_names_the_conclusions_and_what_would_change(q: Questionnaire) -> None:
    ex = q.explain("better_when_pain_relieved", {**BASE, "pain_on_movement": 6})
    assert ex.informs == ["pain_protective"]
    by_rule = {e.rule: e for e in ex.effects}
    improves = by_rule["range_improves_when_pain_relieved"]
    assert improves.level_now == "possible"
    assert improves.would_become == "likely"
    assert improves.changes
    assert by_rule["range_unchanged_when_pain_relieved"].cf < 0


def test_why_of_a_ranking_question_uses_its_purpose(q: Questionnaire) -> None:
    ex = q.explain("pain_regions", BASE)
    assert ex.effects == []
    assert ex.purpose and "muscle" in ex.purpose


# -- the condition schema ----------------------------------------------------------------
def cond(data: dict[str, Any]) -> Condition:
    return check(Condition, data)


@pytest.mark.parametrize(
    ("data", "answers", "expected"),
    [
        ({"question": "pain_on_movement", "above": 0}, {"pain_on_movement": 3}, True),
        ({"question": "pain_on_movement", "above": 0}, {"pain_on_movement": 0}, False),
        ({"question": "pain_on_movement", "above": 0}, {}, False),
        ({"question": "pain_on_movement", "below": 4}, {"pain_on_movement": 3}, True),
        ({"question": "pain_at_rest", "answered": False}, {}, True),
        ({"question": "pain_at_rest", "answered": False}, {"pain_at_rest": 0}, False),
        ({"question": "avoids_movement", "answered": False}, {"avoids_movement": "unknown"}, True),
        ({"question": "limit_felt_as", "is": "block"}, {"limit_felt_as": "block"}, True),
        ({"question": "limit_felt_as", "one_of": ["pain", "both"]}, {"limit_felt_as": "block"}, False),
        ({"question": "avoids_movement", "is": True}, {"avoids_movement": True}, True),
        # a yes is not the number 1, nor is 1 a yes
        ({"question": "pain_on_movement", "is": 1}, {"pain_on_movement": True}, False),
        ({"question": "avoids_movement", "is": True}, {"avoids_movement": 1}, False),
        ({"not": {"question": "pain_at_rest", "is": 0}}, {"pain_at_rest": 0}, False),
        (
            {"all": [{"question": "pain_at_rest", "is": 0}, {"question": "pain_on_movement", "is": 0}]},
            {"pain_at_rest": 0, "pain_on_movement": 0},
            True,
        ),
        (
            {"any": [{"question": "pain_at_rest", "above": 0}, {"question": "pain_on_movement", "above": 0}]},
            {"pain_at_rest": 0, "pain_on_movement": 0},
            False,
        ),
    ],
)
def test_condition_holds(data: dict[str, Any], answers: dict[str, Any], expected: bool) -> None:
    assert condition_holds(cond(data), answers) is expected


@pytest.mark.parametrize(
    "data",
    [
        {"question": "pain_at_rest"},  # no test
        {"question": "pain_at_rest", "is": 0, "above": 1},  # two tests
        {"is": 0},  # no question
        {"all": []},
        {"any": [{"question": "pain_at_rest", "is": 0}], "question": "pain_at_rest"},
        {"question": "pain_at_rest", "equals": 0},  # unknown key
    ],
)
def test_malformed_conditions_are_rejected(data: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        cond(data)


def _kb_with_questions(tmp_path: Path, edit: Any) -> KnowledgeBase:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "questions.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(raw["questions"])
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return load_knowledge_from(data)


def test_consistency_rejects_an_unknown_question_in_ask_if(tmp_path: Path) -> None:
    def edit(questions: dict[str, Any]) -> None:
        questions["avoids_movement"]["ask_if"] = {"question": "pain_on_movment", "above": 0}

    with pytest.raises(KnowledgeError) as info:
        _kb_with_questions(tmp_path, edit)
    text = "\n".join(info.value.problems)
    assert "questions.avoids_movement.ask_if" in text
    assert "pain_on_movement" in text  # the closest known id


def test_consistency_rejects_ask_if_on_a_later_question(tmp_path: Path) -> None:
    def edit(questions: dict[str, Any]) -> None:
        questions["pain_on_movement"]["ask_if"] = {"question": "duration_weeks", "above": 1}

    with pytest.raises(KnowledgeError, match="not asked before it"):
        _kb_with_questions(tmp_path, edit)


# -- golden sessions -----------------------------------------------------------------------
SEED_CONCLUSIONS = ("pain_protective", "shortening_adhesion", "active_trigger_points")
GOLDEN: dict[str, Any] = yaml.safe_load(SESSIONS.read_text(encoding="utf-8"))["sessions"]


@pytest.mark.parametrize("name", list(GOLDEN))
def test_golden_session_is_not_longer_and_concludes_the_same(q: Questionnaire, name: str) -> None:
    session = GOLDEN[name]
    asked, inference, done = simulate(q, session["person"])
    levels = {k: w.level for k, w in inference.conclusions.items() if k in SEED_CONCLUSIONS}
    others = {
        k: w.level
        for k, w in inference.conclusions.items()
        if k not in SEED_CONCLUSIONS and w.level != "unlikely"
    }
    assert (inference.triage, levels, others) == (
        session["triage"],
        session["levels"],
        session.get("other_causes", {}),
    ), f"{name}: the conclusions changed; if on purpose, re-record it in {SESSIONS.name}"
    assert len(asked) <= session["asked"], (
        f"{name}: {len(asked)} questions instead of {session['asked']} for the same conclusions: {asked}"
    )
    stops = {"emergency": EMERGENCY, "urgent": URGENT}
    assert done == stops.get(session["triage"], SETTLED)
    assert asked[0] == "red_flags"
    if done == SETTLED:
        assert "restricted_movements" in asked[1:3]


def test_golden_sessions_are_shorter_than_the_whole_questionnaire(kb: KnowledgeBase) -> None:
    typical = [s["asked"] for n, s in GOLDEN.items() if n != "knows_nothing"]
    assert max(typical) < len(kb.questions) / 2
