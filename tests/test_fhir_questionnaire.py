"""regain's FHIR Questionnaire: valid R4, in both languages, with every ask_if as enableWhen.

The ``enableWhen`` of each question is compared with regain's own reading of
its ``ask_if`` (:func:`condition_holds`) on every combination of answers the
condition reads, with an evaluator of FHIR's operators written apart
(``fhir_helpers``); a condition FHIR cannot say is widened (always shown),
and the widened questions are listed here, so a new form of ``ask_if`` fails
until it is mapped or knowingly widened.
"""

from __future__ import annotations

import copy
import itertools
from typing import Any

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir_helpers import enabled, enabling_answers, fhir_answers, walk
from pydantic import ValidationError

from regain.engine.questionnaire import condition_holds
from regain.fhir_io.enable_when import enable_when
from regain.fhir_io.identifiers import QUESTIONNAIRE_URL
from regain.fhir_io.questionnaire import canonical, questionnaire, version_of, widened
from regain.knowledge import KnowledgeBase, load_knowledge
from regain.knowledge.models import Condition

LANGUAGES = ("en", "de")
#: The questions whose ask_if FHIR cannot say exactly, so they are always shown.
WIDENED = {"cleared_by_doctor": "triage"}


@pytest.fixture(scope="module", params=LANGUAGES)
def lang_kb(request: pytest.FixtureRequest) -> KnowledgeBase:
    return load_knowledge(request.param)


def test_every_questionnaire_is_valid_r4(lang_kb: KnowledgeBase) -> None:
    resource = questionnaire(lang_kb)
    parsed = Questionnaire.model_validate(resource)
    assert parsed.status == "active" and parsed.url == QUESTIONNAIRE_URL
    assert f"{parsed.url}|{parsed.version}" == canonical(lang_kb)
    assert parsed.language == lang_kb.language


def test_a_broken_questionnaire_is_refused_by_the_validator(kb: KnowledgeBase) -> None:
    resource = questionnaire(kb)
    pain_at_rest = next(i for i in resource["item"] if i["linkId"] == "pain_at_rest")
    del pain_at_rest["enableWhen"][0]["answerInteger"]  # near miss: a condition without its value
    with pytest.raises(ValidationError, match="enableWhen"):
        Questionnaire.model_validate(resource)


#: FHIR R4's codes, which the library does not check (its models bind no value sets).
ITEM_TYPES = {
    "group",
    "display",
    "boolean",
    "decimal",
    "integer",
    "date",
    "dateTime",
    "time",
    "string",
    "text",
    "url",
    "choice",
    "open-choice",
    "attachment",
    "reference",
    "quantity",
}
OPERATORS = {"exists", "=", "!=", ">", "<", ">=", "<="}


def test_every_code_is_one_of_fhirs(lang_kb: KnowledgeBase) -> None:
    items = list(walk(questionnaire(lang_kb)["item"]))
    assert {i["type"] for i in items} <= ITEM_TYPES
    assert {c["operator"] for i in items for c in i.get("enableWhen", [])} <= OPERATORS
    assert {i.get("enableBehavior", "any") for i in items} <= {"any", "all"}
    assert "yes-no" not in ITEM_TYPES and "~" not in OPERATORS


def test_both_languages_have_one_version_and_their_own_texts() -> None:
    en, de = (questionnaire(load_knowledge(lang)) for lang in LANGUAGES)
    assert en["version"] == de["version"] == version_of(en["item"]) == version_of(de["item"])
    texts = {lang: [i.get("text") for i in walk(q["item"])] for lang, q in (("en", en), ("de", de))}
    assert [i["linkId"] for i in walk(en["item"])] == [i["linkId"] for i in walk(de["item"])]
    assert texts["en"][0] == load_knowledge("en").questions["red_flags"].text
    assert texts["de"][0] == load_knowledge("de").questions["red_flags"].text != texts["en"][0]


def test_items_follow_regain_ask_with_the_screening_first_and_required(kb: KnowledgeBase) -> None:
    items = questionnaire(kb)["item"]
    assert [i["linkId"] for i in items] == [*kb.questions, "name"]
    first = items[0]
    assert first["linkId"] == "red_flags" and first["type"] == "group" and first["required"] is True
    signs = [i for i in first["item"] if i["type"] == "boolean"]
    assert [s["linkId"] for s in signs] == [f"red_flags.{f}" for f in kb.red_flags]
    assert all(s["required"] for s in signs)
    links = [i["linkId"] for i in walk(items)]
    assert len(links) == len(set(links))


def test_each_question_type_has_its_fhir_type(kb: KnowledgeBase) -> None:
    by_link = {i["linkId"]: i for i in walk(questionnaire(kb)["item"])}
    avoids = by_link["avoids_movement"]
    assert avoids["type"] == "choice"
    assert [o["valueCoding"]["code"] for o in avoids["answerOption"]] == ["yes", "no", "unknown"]
    side = by_link["side"]
    assert [o["valueCoding"]["code"] for o in side["answerOption"]] == [
        o.value for o in kb.questions["side"].options
    ]
    assert by_link["restricted_movements"]["repeats"] is True and by_link["restricted_movements"]["required"]
    pain = {
        e["url"].rsplit("/", 1)[-1]: e.get("valueInteger") for e in by_link["pain_on_movement"]["extension"]
    }
    assert by_link["pain_on_movement"]["type"] == "integer" and pain == {"minValue": 0, "maxValue": 10}
    assert by_link["duration_weeks"]["type"] == "decimal" and by_link["cleared_on"]["type"] == "date"
    assert by_link["range_measured.shoulder_abduction"]["type"] == "decimal"
    assert (
        by_link["side-help"]["type"] == "display"
        and by_link["side-help"]["text"] == kb.questions["side"].help
    )


def _samples(qid: str, kb: KnowledgeBase) -> list[Any]:
    """Every kind of answer a condition can tell apart (None: not answered)."""
    q = kb.questions[qid]
    match q.type:
        case "tri_state":
            return [None, True, False, "unknown"]
        case "choice":
            return [None, *(o.value for o in q.options)]
        case "integer" | "number":
            lo, hi = int(q.min or 0), int(q.max or 10)
            return [None, lo, lo + 1, (lo + hi) // 2, hi - 1, hi]
    raise AssertionError(f"no samples for {q.type}")


def _read(cond: Condition) -> set[str]:
    parts = (*(cond.all_ or ()), *(cond.any_ or ()), *((cond.not_,) if cond.not_ else ()))
    return ({cond.question} if cond.question else set()).union(*(_read(c) for c in parts))


def _agrees(cond: Condition, kb: KnowledgeBase) -> int:
    """Compare FHIR's reading with regain's on every combination; the number of combinations."""
    item: dict[str, Any] = {}
    when = enable_when(cond, kb)
    assert when.widened is None, when.widened
    item["enableWhen"] = list(when.conditions)
    if when.behavior:
        item["enableBehavior"] = when.behavior
    read = sorted(_read(cond))
    count = 0
    for combo in itertools.product(*(_samples(qid, kb) for qid in read)):
        answers = {qid: v for qid, v in zip(read, combo, strict=True) if v is not None}
        assert enabled(item, fhir_answers(answers, kb)) == condition_holds(cond, answers), (cond, answers)
        count += 1
    return count


def test_every_ask_if_is_its_enable_when_or_knowingly_widened(kb: KnowledgeBase) -> None:
    found = widened(kb)
    assert {q: "triage" if "triage" in why else why for q, why in found.items()} == WIDENED
    items = {i["linkId"]: i for i in questionnaire(kb)["item"]}
    checked = 0
    for qid, q in kb.questions.items():
        if q.ask_if is None:
            assert "enableWhen" not in items[qid]
        elif qid in WIDENED:
            assert "enableWhen" not in items[qid]  # shown always: never hidden where it should be asked
        else:
            assert items[qid]["enableWhen"]
            checked += _agrees(q.ask_if, kb)
    assert checked > 100


@pytest.mark.parametrize(
    "cond",
    [
        Condition(not_=Condition(question="pain_on_movement", above=3)),
        Condition(not_=Condition(question="side", is_="left")),
        Condition(question="limit_felt_as", one_of=("pain", "both")),
        Condition(
            all_=(Condition(question="pain_on_movement", below=5), Condition(question="diabetes", is_=True))
        ),
        Condition(
            not_=Condition(
                any_=(Condition(question="side", is_="left"), Condition(question="diabetes", is_=True))
            )
        ),
        Condition(question="night_pain", answered=False),
        Condition(question="duration_weeks", above=12.5),
    ],
)
def test_every_form_of_ask_if_maps_exactly(cond: Condition, kb: KnowledgeBase) -> None:
    assert _agrees(cond, kb) > 1


@pytest.mark.parametrize(
    "cond",
    [
        Condition(triage=("see_doctor",)),
        Condition(
            all_=(
                Condition(
                    any_=(Condition(question="diabetes", is_=True), Condition(question="side", is_="left"))
                ),
                Condition(question="age", above=50),
            )
        ),
        # "no answer, or unknown" and "no answer, or at most 49", both at once
        Condition(
            not_=Condition(
                any_=(Condition(question="feels_weak", answered=True), Condition(question="age", above=49.5))
            )
        ),
        Condition(question="red_flags", answered=True),  # a group, not one question
    ],
)
def test_a_form_fhir_cannot_say_is_widened_never_dropped(cond: Condition, kb: KnowledgeBase) -> None:
    when = enable_when(cond, kb)
    assert when.widened and not when.conditions


def test_every_item_with_enable_when_can_be_reached(lang_kb: KnowledgeBase) -> None:
    items = list(walk(questionnaire(lang_kb)["item"]))
    by_link = {i["linkId"]: i for i in items}
    conditional = [i for i in items if i.get("enableWhen")]
    assert len(conditional) > len(lang_kb.movements)
    for item in conditional:
        for condition in item["enableWhen"]:
            assert condition["question"] in by_link, condition
        answers = enabling_answers(item, by_link)
        assert answers is not None, item["linkId"]
        assert enabled(item, answers)


def test_an_item_no_answer_can_show_is_found() -> None:
    asked = {
        "linkId": "pain",
        "type": "integer",
        "extension": [
            {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 0},
            {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 10},
        ],
    }
    never = {"linkId": "x", "enableWhen": [{"question": "pain", "operator": ">", "answerInteger": 10}]}
    sometimes = {"linkId": "y", "enableWhen": [{"question": "pain", "operator": ">", "answerInteger": 9}]}
    by_link = {"pain": asked, "x": never, "y": sometimes}
    assert enabling_answers(never, by_link) is None
    assert enabling_answers(sometimes, by_link) == {"pain": [10]}


def test_the_version_changes_with_what_an_answer_means_not_with_words() -> None:
    items = questionnaire(load_knowledge("en"))["item"]
    reworded = copy.deepcopy(items)
    reworded[1]["text"] = "How old are you, in years?"
    for item in walk(reworded):
        for option in item.get("answerOption", []):
            option.get("valueCoding", {})["display"] = "reworded"
    assert version_of(reworded) == version_of(items)
    # the near misses: a bound, an option's code, a linkId or a condition changed
    for change in ("bound", "code", "linkId", "enableWhen"):
        changed = copy.deepcopy(items)
        item = next(i for i in walk(changed) if i.get("answerOption") and i.get("enableWhen"))
        if change == "bound":
            age = next(i for i in walk(changed) if i["linkId"] == "age")
            age["extension"] = [
                {**e, "valueInteger": 99} if "valueInteger" in e else e for e in age["extension"]
            ]
        elif change == "code":
            item["answerOption"][0]["valueCoding"]["code"] = "other"
        elif change == "linkId":
            item["linkId"] += "_x"
        else:
            item["enableWhen"] = item["enableWhen"][:-1] or [{"question": "age", "operator": "exists"}]
        assert version_of(changed) != version_of(items), change
