"""A malformed QuestionnaireResponse: exit status 2, one line per problem naming the linkId, fast.

Each bad response is a near miss of a good one (``_good``), which is assessed.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_cli_assess import run
from test_cli_bad_input import _assert_bad

from regain.fhir_io.identifiers import QUESTIONNAIRE_URL
from regain.fhir_io.response import response_from_case
from regain.knowledge import KnowledgeBase

CASE = {
    "restricted_movements": ["shoulder_abduction"],
    "pain_on_movement": 4,
    "avoids_movement": True,
    "side": "left",
    "range_measured": {"shoulder_abduction": 120},
    "red_flags": [],
}
Change = Callable[[dict[str, Any]], Any]


def _good(kb: KnowledgeBase) -> dict[str, Any]:
    return response_from_case(CASE, kb)


def _item(resource: dict[str, Any], link: str) -> dict[str, Any]:
    return next(i for i in resource["item"] if i["linkId"] == link)


def _set(link: str, answer: list[dict[str, Any]]) -> Change:
    return lambda r: _item(r, link).__setitem__("answer", answer)


def _unanswer_signs(count: int) -> Change:
    def change(r: dict[str, Any]) -> None:
        group = _item(r, "red_flags")
        group["item"] = group["item"][count:]

    return change


BAD: dict[str, tuple[Change, list[tuple[str, ...]]]] = {
    "an authored time without its zone": (
        lambda r: r.__setitem__("authored", "2026-11-30T09:15"),
        [("authored", "2026-11-30T09:15", "dateTime")],
    ),
    "wrong resource type": (
        lambda r: r.__setitem__("resourceType", "Observation"),
        [("resourceType", "Observation")],
    ),
    "no linkId": (lambda r: r["item"][1].pop("linkId"), [("item[1]", "not an item")]),
    "unknown linkId": (
        lambda r: _item(r, "side").__setitem__("linkId", "sides"),
        [("sides", "unknown linkId", "side")],
    ),
    "wrong answer type": (
        _set("pain_on_movement", [{"valueString": "4"}]),
        [("pain_on_movement", "valueString", "valueInteger")],
    ),
    "a decimal for an integer": (
        _set("pain_on_movement", [{"valueInteger": 4.5}]),
        [("pain_on_movement", "4.5")],
    ),
    "out of range": (
        _set("pain_on_movement", [{"valueInteger": 11}]),
        [("pain_on_movement", "11", "0 to 10")],
    ),
    "unknown code": (
        lambda r: _item(r, "avoids_movement")["answer"][0]["valueCoding"].__setitem__("code", "maybe"),
        [("avoids_movement", "maybe", "yes, no, unknown")],
    ),
    "another code system": (
        lambda r: _item(r, "side")["answer"][0]["valueCoding"].__setitem__(
            "system", "http://snomed.info/sct"
        ),
        [("side", "snomed")],
    ),
    "unknown movement": (
        lambda r: _item(r, "restricted_movements")["answer"][0]["valueCoding"].__setitem__(
            "code", "shoulder_abdution"
        ),
        [("restricted_movements[0]", "shoulder_abdution", "shoulder_abduction")],
    ),
    "two answers to one question": (
        lambda r: _item(r, "side")["answer"].append(copy.deepcopy(_item(r, "side")["answer"][0])),
        [("side", "2 answers")],
    ),
    "another questionnaire": (
        lambda r: r.__setitem__("questionnaire", "http://example.com/Questionnaire/phq9|1"),
        [("questionnaire", "another questionnaire")],
    ),
    "another version": (
        lambda r: r.__setitem__("questionnaire", QUESTIONNAIRE_URL + "|2025.01+000000000000"),
        [("questionnaire", "2025.01+000000000000")],
    ),
    "not finished": (
        lambda r: r.__setitem__("status", "in-progress"),
        [("status", "in-progress", "completed")],
    ),
    "a modifier": (
        lambda r: r.__setitem__("modifierExtension", [{"url": "x"}]),
        [("modifierExtension", "refused")],
    ),
    "a sign as text": (
        lambda r: _item(r, "red_flags")["item"][0].__setitem__("answer", [{"valueString": "no"}]),
        [("red_flags.chest_pain_or_breathlessness", "valueString", "valueBoolean")],
    ),
    "a degree as text": (
        lambda r: _item(r, "range_measured")["item"][0].__setitem__("answer", [{"valueDecimal": "120"}]),
        [("range_measured.shoulder_abduction", "'120'")],
    ),
    "an answer inside an answer": (
        lambda r: _item(r, "side")["answer"][0].__setitem__("item", [{"linkId": "x"}]),
        [("side", "inside an answer")],
    ),
    "the required movements missing": (
        lambda r: r.__setitem__("item", [i for i in r["item"] if i["linkId"] != "restricted_movements"]),
        [("restricted_movements", "missing")],
    ),
    "several problems at once": (
        lambda r: (_set("pain_on_movement", [{"valueBoolean": True}])(r), r.__setitem__("status", "stopped")),
        [("pain_on_movement", "valueBoolean"), ("status", "stopped")],
    ),
}


@pytest.mark.parametrize("name", list(BAD))
def test_a_bad_response_is_one_line_per_problem(
    name: str, kb: KnowledgeBase, runner: CliRunner, tmp_path: Path
) -> None:
    change, expected = BAD[name]
    resource = _good(kb)
    change(resource)
    path = tmp_path / "response.json"
    path.write_text(json.dumps(resource), encoding="utf-8")
    _assert_bad(run(runner, "assess", str(path)), str(path), expected)


def test_the_good_response_is_assessed(kb: KnowledgeBase, runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "response.json"
    path.write_text(json.dumps({**_good(kb), "authored": "2026-11-30T09:15:00+01:00"}), encoding="utf-8")
    result = run(runner, "assess", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["screening_complete"] is True


def test_a_partly_answered_screening_names_every_unanswered_sign(
    kb: KnowledgeBase, runner: CliRunner, tmp_path: Path
) -> None:
    resource = _good(kb)
    _unanswer_signs(3)(resource)
    path = tmp_path / "response.json"
    path.write_text(json.dumps(resource), encoding="utf-8")
    missing = list(kb.red_flags)[:3]
    expected = [(f"red_flags.{fid}", "not answered") for fid in missing]
    _assert_bad(run(runner, "assess", str(path)), str(path), expected)


def test_no_sign_answered_is_not_screened_never_none_present(
    kb: KnowledgeBase, runner: CliRunner, tmp_path: Path
) -> None:
    resource = _good(kb)
    _unanswer_signs(len(kb.red_flags))(resource)
    path = tmp_path / "response.json"
    path.write_text(json.dumps(resource), encoding="utf-8")
    result = run(runner, "assess", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["screening_complete"] is False


@pytest.mark.parametrize("count", [0, 2])
def test_assess_takes_a_bundle_with_exactly_one_response(
    count: int, kb: KnowledgeBase, runner: CliRunner, tmp_path: Path
) -> None:
    entries = [{"resource": {"resourceType": "Patient"}}] + [{"resource": _good(kb)}] * count
    path = tmp_path / "bundle.json"
    path.write_text(
        json.dumps({"resourceType": "Bundle", "type": "collection", "entry": entries}), encoding="utf-8"
    )
    _assert_bad(
        run(runner, "assess", str(path)), str(path), [("(file)", f"holds {count} QuestionnaireResponses")]
    )
    entries = [entries[0], {"resource": _good(kb)}]  # near miss: one response beside a Patient
    path.write_text(
        json.dumps({"resourceType": "Bundle", "type": "collection", "entry": entries}), encoding="utf-8"
    )
    assert run(runner, "assess", str(path)).exit_code == 0


def _timed(runner: CliRunner, path: Path) -> tuple[Any, float]:
    start = time.perf_counter()
    result = run(runner, "assess", str(path))
    return result, time.perf_counter() - start


def test_thousands_of_items_are_one_line_quickly(
    kb: KnowledgeBase, runner: CliRunner, tmp_path: Path
) -> None:
    resource = _good(kb)
    resource["item"] += [{"linkId": f"q{i}", "answer": [{"valueInteger": i}]} for i in range(5000)]
    path = tmp_path / "many.json"
    path.write_text(json.dumps(resource), encoding="utf-8")
    result, seconds = _timed(runner, path)
    _assert_bad(result, str(path), [("item", "5", "entries")])
    assert seconds < 5


def test_a_deeply_nested_response_is_one_line(kb: KnowledgeBase, runner: CliRunner, tmp_path: Path) -> None:
    resource = _good(kb)
    deep: dict[str, Any] = {"linkId": "deep"}
    for _ in range(400):  # deep enough to hurt a recursive reader, shallow enough for the JSON parser
        deep = {"linkId": "deep", "item": [deep]}
    _item(resource, "range_measured")["item"].append(deep)
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(resource), encoding="utf-8")
    result, seconds = _timed(runner, path)
    _assert_bad(result, str(path), [("deep", "unknown linkId")])
    nested = tmp_path / "nested.json"
    nested.write_text(
        '{"resourceType": "QuestionnaireResponse", "item": ' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    _assert_bad(run(runner, "assess", str(nested)), str(nested), [("(file)", "nested too deeply")])
    assert seconds < 5


def test_a_huge_response_is_refused_by_the_case_file_limit(
    kb: KnowledgeBase, runner: CliRunner, tmp_path: Path
) -> None:
    resource = _good(kb)
    resource["text"] = {"status": "generated", "div": "<div>" + "x" * 2_000_000 + "</div>"}
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(resource), encoding="utf-8")
    _assert_bad(run(runner, "assess", str(path)), str(path), [("(file)", "larger than")])


def test_a_broken_entry_beside_the_response_is_named(
    kb: KnowledgeBase, runner: CliRunner, tmp_path: Path
) -> None:
    entries = [{"resource": _good(kb)}, {"fullUrl": "urn:uuid:0"}]
    path = tmp_path / "bundle.json"
    path.write_text(
        json.dumps({"resourceType": "Bundle", "type": "collection", "entry": entries}), encoding="utf-8"
    )
    _assert_bad(run(runner, "assess", str(path)), f"{path}#entry[1]", [("(file)", "no resource")])
