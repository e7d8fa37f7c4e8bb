"""The assessment's conclusions as one FHIR ``RiskAssessment``.

The triage comes first, as a prediction of its own: its outcome is the tier
(regain's ``/triage`` codes), its rationale the signs, combinations and
possible other causes that set it, and ``mitigation`` says what to do, with
the advice of every sign, in the knowledge base's words: the words a person
reads first in every rendering. Then each cause (the two causes, active
trigger points and every possible other cause, as the JSON lists them) is a
prediction with its certainty as ``probabilityDecimal``, its level as
``qualitativeRisk`` and its evidence, for and against, as ``rationale``.
``basis`` points at the answers and the findings the conclusions came from.
"""

from __future__ import annotations

from typing import Any

from regain.engine.assessment import Assessment, CauseFinding, headline_key
from regain.knowledge import KnowledgeBase
from regain.knowledge.messages import translations

from .bundle_common import EXT_MISSING, EXT_NOT_SCREENED, coding, concept


def headline_text(a: Assessment, kb: KnowledgeBase) -> tuple[str, str]:
    """The headline's heading and message: what the person may do now."""
    headline = kb.wording.headlines[headline_key(a)]
    return headline.heading, headline.message


def triage_reasons(a: Assessment, kb: KnowledgeBase) -> list[tuple[str, str]]:
    """``(what, advice)`` for each sign, combination and other cause that set the triage."""
    reasons = [(kb.red_flags[f.id].sign, f.advice) for f in a.red_flags if f.tier != "caution"]
    reasons += [(kb.combinations[c.id].name, c.advice) for c in a.combinations]
    if a.self_help != "none":
        reasons += [(kb.other_causes[k].name, kb.other_causes[k].advice) for k in a.other_causes_found()]
    return reasons


def _triage_prediction(a: Assessment, kb: KnowledgeBase) -> dict[str, Any]:
    prediction: dict[str, Any] = {"outcome": concept("triage", a.triage, kb.wording.tiers[a.triage])}
    reasons = triage_reasons(a, kb)
    if reasons:
        prediction["rationale"] = "; ".join(what for what, _advice in reasons)
    return prediction


def _mitigation(a: Assessment, kb: KnowledgeBase) -> str:
    """What to do now, then each sign's advice (cautions too), one per line."""
    heading, message = headline_text(a, kb)
    lines = [f"{heading}. {message}"]
    lines += [f"{what}: {advice}" for what, advice in triage_reasons(a, kb)]
    lines += [f"{kb.red_flags[f.id].sign}: {f.advice}" for f in a.red_flags if f.tier == "caution"]
    return "\n".join(lines)


def _rationale(kb: KnowledgeBase, finding: CauseFinding) -> str | None:
    _ = translations(kb.language).gettext
    signs_for = [e.text for e in finding.evidence if e.cf >= 0]
    signs_against = [e.text for e in finding.evidence if e.cf < 0]
    lines = []
    if signs_for:
        lines.append(_("Signs for: {signs}").format(signs=" ".join(signs_for)))
    if signs_against:
        lines.append(_("Signs against: {signs}").format(signs=" ".join(signs_against)))
    return "\n".join(lines) or None


def _cause_prediction(kb: KnowledgeBase, cause: str, name: str, finding: CauseFinding) -> dict[str, Any]:
    prediction: dict[str, Any] = {
        "outcome": concept("causes", cause, name),
        "probabilityDecimal": finding.certainty,
        "qualitativeRisk": concept("levels", finding.level, kb.wording.levels[finding.level]),
    }
    rationale = _rationale(kb, finding)
    if rationale:
        prediction["rationale"] = rationale
    return prediction


def cause_findings(a: Assessment, kb: KnowledgeBase) -> list[tuple[str, str, CauseFinding]]:
    """``(id, name, finding)`` of every cause the JSON lists, in its order."""
    found = [(k, kb.wording.causes[k].name, f) for k, f in a.causes.items()]
    found.append(
        ("active_trigger_points", kb.wording.causes["active_trigger_points"].name, a.active_trigger_points)
    )
    found += [(k, kb.other_causes[k].name, f) for k, f in a.other_causes.items()]
    return found


def _notes(a: Assessment, kb: KnowledgeBase) -> list[dict[str, str]]:
    _ = translations(kb.language).gettext
    notes = []
    if a.not_screened:
        signs = "; ".join(kb.red_flags[f].sign for f in a.not_screened)
        notes.append({"text": f"{kb.wording.phrases['not_screened_since']} {signs}"})
    if a.missing:
        questions = " ".join(kb.questions[q].text for q in a.missing if q in kb.questions)
        notes.append(
            {
                "text": _("Unanswered questions that could change a conclusion: {questions}").format(
                    questions=questions
                )
            }
        )
    notes.append({"text": a.disclaimer})
    return notes


def risk_assessment(
    a: Assessment, kb: KnowledgeBase, rid: str, subject: dict[str, str], basis: list[dict[str, str]]
) -> dict[str, Any]:
    """The ``RiskAssessment`` of ``a``: the triage, then every cause, with their basis."""
    extensions: list[dict[str, Any]] = [{"url": EXT_MISSING, "valueString": q} for q in a.missing]
    extensions += [
        {"url": EXT_NOT_SCREENED, "valueCoding": coding("red-flags", f, kb.red_flags[f].sign)}
        for f in a.not_screened
    ]
    resource: dict[str, Any] = {"resourceType": "RiskAssessment", "id": rid, "language": kb.language}
    if extensions:
        resource["extension"] = extensions
    resource.update(
        {
            "status": "final",
            "subject": subject,
            "basis": basis,
            "prediction": [
                _triage_prediction(a, kb),
                *(_cause_prediction(kb, k, name, f) for k, name, f in cause_findings(a, kb)),
            ],
            "mitigation": _mitigation(a, kb),
            "note": _notes(a, kb),
        }
    )
    return resource
