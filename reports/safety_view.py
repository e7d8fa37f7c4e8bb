"""What every rendering leads with: the triage, the headline, the warning signs.

One place decides which headline a plan has (:func:`headline_key`), so the
terminal summary, the HTML plan, the batch overview and the questionnaire's
end all say the same: an unscreened case never says "you can start", an
urgent one never shows an exercise. The words come from ``wording.yaml`` and
``red_flags.yaml``; this module only chooses and arranges them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from regain.engine.assessment import Assessment, CauseFinding, headline_key
from regain.knowledge import KnowledgeBase
from regain.knowledge.grammar import sentence_start

from .formatting import day, whole_percent

#: The checklist's groups of signs, most urgent first.
TIER_GROUPS = ("emergency", "urgent", "see_doctor", "professional_assessment", "caution")


@dataclass(slots=True)
class FlagItem:
    id: str
    sign: str
    advice: str
    tier: str
    reported: bool


@dataclass(slots=True)
class Reason:
    """Why the triage is what it is: a sign, signs together, or a possible other cause."""

    label: str
    advice: str
    tier: str


@dataclass(slots=True)
class TriageBanner:
    tone: str  # the headline key: emergency | urgent | after_doctor | screen_first | limited | start...
    tier: str
    tier_label: str
    heading: str
    message: str
    reasons: list[Reason]
    cautions: list[FlagItem]
    not_screened: list[str] = field(default_factory=list)
    not_screened_note: str = ""
    cleared_on: str | None = None
    age_note: str | None = None


@dataclass(slots=True)
class FlagGroup:
    tier: str
    heading: str
    flags: list[FlagItem]


@dataclass(slots=True)
class Checklist:
    first: bool  # shown before the plan, as something to do first
    note: str
    groups: list[FlagGroup]


@dataclass(slots=True)
class OtherCauseView:
    id: str
    name: str
    summary: str
    think_of: str
    advice: str
    level_words: str
    percent: int
    evidence: list[str]
    percent_text: str = ""  # "40%", as the language writes it


def _flag(kb: KnowledgeBase, flag_id: str, reported: set[str]) -> FlagItem:
    f = kb.red_flags[flag_id]
    return FlagItem(flag_id, f.sign, f.advice, f.tier, flag_id in reported)


def triage_banner(a: Assessment, kb: KnowledgeBase) -> TriageBanner:
    """The banner at the top of a plan (and the lines the terminal leads with)."""
    key = headline_key(a)
    words = kb.wording
    headline = words.headlines[key]
    reported = {f.id for f in a.red_flags}
    reasons = [Reason(kb.red_flags[f.id].sign, f.advice, f.tier) for f in a.red_flags if f.tier != "caution"]
    reasons += [Reason(kb.combinations[c.id].name, c.advice, c.tier) for c in a.combinations]
    if a.self_help != "none":
        reasons += [
            Reason(kb.other_causes[oid].name, kb.other_causes[oid].advice, "professional_assessment")
            for oid in a.other_causes_found()
        ]
    cautions = [_flag(kb, f.id, reported) for f in a.red_flags if f.tier == "caution"]
    cleared = (
        words.phrases["cleared_on"].format(date=day(kb.language, a.cleared_on))
        if a.cleared_by_doctor and a.cleared_on
        else None
    )
    assumed = any(c.age_assumed for c in a.combinations)
    return TriageBanner(
        tone=key,
        tier=a.triage,
        tier_label=words.tiers[a.triage],
        heading=headline.heading,
        message=headline.message,
        reasons=reasons,
        cautions=cautions,
        not_screened=[kb.red_flags[f].sign for f in a.not_screened],
        not_screened_note=words.phrases["not_screened_since"] if a.not_screened else "",
        cleared_on=cleared,
        age_note=words.phrases["unknown_age"] if assumed else None,
    )


def checklist(a: Assessment, kb: KnowledgeBase) -> Checklist:
    """Every warning sign regain screens for, grouped by tier; first when not yet screened."""
    reported = {f.id for f in a.red_flags}
    words = kb.wording.checklist
    groups = []
    for tier in TIER_GROUPS:
        flags = [_flag(kb, fid, reported) for fid, f in kb.red_flags.items() if f.tier == tier]
        if flags:
            groups.append(FlagGroup(tier, words[tier], flags))
    if not a.screening_complete and a.self_help != "none":
        return Checklist(True, words["first"], groups)
    return Checklist(False, words["reported" if a.self_help == "none" else "during"], groups)


def other_causes(a: Assessment, kb: KnowledgeBase) -> list[OtherCauseView]:
    """The possible other causes a plan names (at least possible), most certain first."""
    found = sorted(a.other_causes_found().items(), key=lambda kv: -kv[1].certainty)
    return [_other_cause(kb, oid, f) for oid, f in found]


def _other_cause(kb: KnowledgeBase, oid: str, f: CauseFinding) -> OtherCauseView:
    cause = kb.other_causes[oid]
    percent = round(max(0.0, min(1.0, f.certainty)) * 100)
    return OtherCauseView(
        id=oid,
        name=cause.name,
        summary=cause.summary,
        think_of=cause.think_of,
        advice=cause.advice,
        level_words=sentence_start(kb.wording.levels[f.level]),
        percent=percent,
        evidence=[e.text for e in f.evidence if e.cf > 0],
        percent_text=whole_percent(kb.language, percent),
    )
