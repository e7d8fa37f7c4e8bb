"""A FHIR reader's view of regain's Questionnaire, written apart from regain's own code.

``enabled`` evaluates ``enableWhen`` / ``enableBehavior`` as the FHIR R4
specification defines the operators (``!=`` is true when no answer equals the
value, so also without an answer), so the tests can compare it with
regain's ``ask_if`` reading. ``fhir_answers`` turns case answers into the
values a form would hold; ``enabling_answers`` finds answers that show an item.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from regain.fhir_io.identifiers import ANSWERS, MOVEMENTS, REGIONS, choice_system
from regain.knowledge import KnowledgeBase

Values = dict[str, list[Any]]


def walk(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every item, depth first."""
    for item in items:
        yield item
        yield from walk(item.get("item", []))


def _value(answer: Mapping[str, Any]) -> Any:
    (key,) = [k for k in answer if k.startswith(("answer", "value"))]
    value = answer[key]
    return (value["system"], value["code"]) if key.endswith("Coding") else value


def holds(condition: Mapping[str, Any], values: list[Any]) -> bool:
    """One ``enableWhen`` entry, by the specification's table of operators."""
    target = _value(condition)
    match condition["operator"]:
        case "exists":
            return bool(values) == target
        case "=":
            return any(v == target for v in values)
        case "!=":
            return not any(v == target for v in values)
        case ">":
            return any(v > target for v in values)
        case "<":
            return any(v < target for v in values)
        case ">=":
            return any(v >= target for v in values)
        case "<=":
            return any(v <= target for v in values)
    raise AssertionError(condition["operator"])


def enabled(item: Mapping[str, Any], values: Values) -> bool:
    conditions = item.get("enableWhen")
    if not conditions:
        return True
    results = [holds(c, values.get(c["question"], [])) for c in conditions]
    if len(results) > 1:
        assert item["enableBehavior"] in ("all", "any")  # que-12: required with several
    return all(results) if item.get("enableBehavior") == "all" else any(results)


def fhir_answers(answers: Mapping[str, Any], kb: KnowledgeBase) -> Values:
    """The answer values a filled form holds for case answers (top-level questions)."""
    out: Values = {}
    for qid, value in answers.items():
        q = kb.questions[qid]
        if q.type == "tri_state":
            code = "yes" if value is True else "no" if value is False else "unknown"
            out[qid] = [(ANSWERS, code)]
        elif q.type == "choice":
            out[qid] = [(choice_system(qid), value)]
        elif q.type == "movements":
            out[qid] = [(MOVEMENTS, m) for m in value]
        elif q.type == "regions":
            out[qid] = [(REGIONS, r) for r in value]
        else:
            out[qid] = [value]
    return out


def _satisfying(condition: Mapping[str, Any], item: Mapping[str, Any]) -> list[Any] | None:
    """Answers to ``item`` that make ``condition`` true and are valid for it, or None."""
    options = [_value(o) for o in item.get("answerOption", [])]
    bounds = {e["url"].rsplit("/", 1)[-1]: _value(e) for e in item.get("extension", [])}
    target = _value(condition)
    op = condition["operator"]
    if op == "exists":
        first = options[0] if options else bounds.get("minValue", 1)
        return [first] if target else []
    candidates = options or [target, target + 1, target - 1]
    for value in candidates:
        low, high = bounds.get("minValue"), bounds.get("maxValue")
        if (low is not None and value < low) or (high is not None and value > high):
            continue
        if holds(condition, [value]):
            return [value]
    return [] if op == "!=" else None


def enabling_answers(
    item: Mapping[str, Any], by_link: Mapping[str, dict[str, Any]], depth: int = 0
) -> Values | None:
    """Answers, each valid and each to an item itself shown, under which ``item`` is shown."""
    assert depth < 20, "enableWhen goes round in a circle"
    conditions = item.get("enableWhen") or []
    if not conditions:
        return {}
    groups = [conditions] if item.get("enableBehavior") == "all" else [[c] for c in conditions]
    for group in groups:
        values: Values = {}
        for condition in group:
            asked = by_link[condition["question"]]
            before = enabling_answers(asked, by_link, depth + 1)
            answer = _satisfying(condition, asked)
            if before is None or answer is None:
                break
            if any(values.get(k, v) != v for k, v in before.items()):
                break
            values.update(before)
            if values.get(asked["linkId"], answer) != answer:
                break
            values[asked["linkId"]] = answer
        else:
            shown = all(enabled(by_link[link], values) for link in values if values[link])
            if enabled(item, values) and shown:
                return values
    return None
