"""The muscle cards and the body map of the HTML plan.

A card per candidate muscle: where its trigger points send pain, why it is a
candidate, and the self-massage and stretch the plan would use, or, where a
precaution rules them out, that they are left out and why, under the
muscle's picture. The body map shades where the person feels pain and where
the cards' muscles refer it. Both figures are built by :mod:`.figure_view`.
"""

from __future__ import annotations

from dataclasses import dataclass

from regain.engine.assessment import Assessment
from regain.knowledge import KnowledgeBase

from .figure_view import FigureView, body_map_figure, muscle_figure
from .formatting import translator
from .instruction_view import InstructionView, as_sentence, dose_in_plan, instruction_view, left_out_lines

#: How many candidate muscles get a card of their own (and their referral zones on the map).
MAX_MUSCLE_CARDS = 6
#: A card shows at most this many reasons (the strongest come first); the rest are counted.
MAX_CARD_REASONS = 4


@dataclass(slots=True)
class ReferralZone:
    region: str
    muscles: list[str]
    also_pain: bool


@dataclass(slots=True)
class BodyMap:
    #: The picture; its description and caption (which side is marked) are also its words.
    figure: FigureView
    pain_regions: list[str]
    referral_zones: list[ReferralZone]


@dataclass(slots=True)
class MuscleCard:
    id: str
    name: str
    refers_primary: list[str]
    refers_spillover: list[str]
    find_where: str
    massage: InstructionView | None
    stretch: InstructionView | None
    left_out: list[str]
    reasons: list[str]
    in_steps: list[int]
    #: The muscle's picture: its trigger points and referral zones, on the person's side.
    figure: FigureView
    #: The plan step that already shows where to press / how to stretch it (0: none).
    press_step: int = 0
    stretch_step: int = 0
    #: Said instead of the massage / the stretch when a plan step shows it: (label, "see step N").
    massage_ref: tuple[str, str] | None = None
    stretch_ref: tuple[str, str] | None = None


def _card_reasons(kb: KnowledgeBase, reasons: list[str]) -> list[str]:
    _ = translator(kb.language)
    shown = [as_sentence(r) for r in reasons[:MAX_CARD_REASONS]]
    rest = len(reasons) - len(shown)
    if rest > 0:
        shown.append(_("And {count} more.").format(count=rest))
    return shown


def _step_with(a: Assessment, kind: str, muscle: str) -> int:
    return next((i for i, s in enumerate(a.plan, 1) if s.kind == kind and muscle in s.targets), 0)


def _ref(kb: KnowledgeBase, label: str, step: int) -> tuple[str, str] | None:
    words = kb.wording
    return (words.instruction_labels[label], words.phrases["see_step"].format(number=step)) if step else None


def muscle_cards(a: Assessment, kb: KnowledgeBase) -> list[MuscleCard]:
    """A card per candidate muscle; its massage and stretch as numbered steps with the plan's dose."""
    cards = []
    labels = kb.wording.instruction_labels
    for finding in a.muscles[:MAX_MUSCLE_CARDS]:
        m = kb.muscles.get(finding.id)
        if m is None:
            continue
        left: list[str] = []
        views: list[InstructionView | None] = []
        for choice, label in ((finding.self_massage, "treat_it"), (finding.stretch, "stretch_it")):
            if choice is None or choice.instruction is None:
                views.append(None)
                if choice is not None:  # every method ruled out: say which precaution
                    left += [line for line in left_out_lines(kb, choice) if line not in left]
            else:
                dose = dose_in_plan(kb, a.plan, choice.instruction)
                views.append(instruction_view(kb, choice, dose, heading=labels[label]))
        press_step = _step_with(a, "trigger_point_self_treatment", finding.id)
        stretch_step = _step_with(a, "long_hold_stretching", finding.id)
        cards.append(
            MuscleCard(
                id=finding.id,
                name=m.name,
                refers_primary=[
                    kb.wording.grammar.in_sentence(kb.regions[r].name) for r in m.refers_to.primary
                ],
                refers_spillover=[
                    kb.wording.grammar.in_sentence(kb.regions[r].name) for r in m.refers_to.spillover
                ],
                find_where=m.self_massage.where,
                massage=views[0],
                stretch=views[1],
                left_out=left,
                reasons=_card_reasons(kb, finding.reasons),
                in_steps=[i for i, s in enumerate(a.plan, 1) if finding.id in s.targets],
                press_step=press_step,
                stretch_step=stretch_step,
                massage_ref=_ref(kb, "find_and_treat_it", press_step),
                stretch_ref=_ref(kb, "stretch_it", stretch_step),
                figure=muscle_figure(kb, finding.id, a.side),
            )
        )
    return cards


def body_map(a: Assessment, kb: KnowledgeBase, cards: list[MuscleCard]) -> BodyMap:
    pain = [r for r in a.pain_regions if r in kb.regions]
    zones: dict[str, list[str]] = {}
    for card in cards:
        for region in kb.muscles[card.id].refers_to.primary:
            zones.setdefault(region, []).append(card.name)
    return BodyMap(
        figure=body_map_figure(kb, pain, zones, a.side),
        pain_regions=[kb.regions[r].name for r in pain],
        referral_zones=[ReferralZone(kb.regions[r].name, m, r in pain) for r, m in zones.items()],
    )
