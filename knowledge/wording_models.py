"""The words regain uses around the clinical content, kept as data (``wording.yaml``).

Headlines, tier and level names, cause names, why a step waits, the groups
of the warning-sign checklist, the sentences that say why a muscle is a
candidate and the words of the body figures: every rendering (terminal, HTML,
the batch overview, the questionnaire) takes them from here, so one edit
changes them all.
:data:`REQUIRED` lists the keys the code looks up; the consistency checks
fail on a missing one.
"""

from __future__ import annotations

from .entries import Id, Text, entry


@entry
class Headline:
    """What a plan leads with: a heading and a sentence or two."""

    heading: Text
    message: Text


@entry
class CauseWords:
    name: Text
    summary: Text


@entry
class Explanation:
    """A short explanation a plan shows: an optional heading, steps of a cycle, paragraphs."""

    paragraphs: tuple[Text, ...]
    heading: Text | None = None
    steps: tuple[Text, ...] = ()


@entry
class Wording:
    """Every section of ``wording.yaml``."""

    tiers: dict[Id, Text]
    headlines: dict[Id, Headline]
    self_help: dict[Id, Text]
    causes: dict[Id, CauseWords]
    levels: dict[Id, Text]
    held_until: dict[Id, Text]
    flag_groups: dict[Id, Text]
    checklist: dict[Id, Text]
    muscle_reasons: dict[Id, Text]
    explanations: dict[Id, Explanation]
    phrases: dict[Id, Text]
    #: The body figures' words: view names, captions, legends, descriptions.
    figures: dict[Id, Text]


#: section -> the keys the code looks up in it.
REQUIRED: dict[str, tuple[str, ...]] = {
    "tiers": ("emergency", "urgent", "see_doctor", "professional_assessment", "self_care"),
    "headlines": (
        "emergency",
        "urgent",
        "after_doctor",
        "screen_first",
        "limited",
        "start",
        "start_cleared",
        "start_with_cautions",
    ),
    "self_help": ("none", "after_doctor", "screen_first", "limited", "start"),
    "causes": ("pain_protective", "shortening_adhesion", "active_trigger_points"),
    "levels": ("likely", "possible", "unlikely"),
    "held_until": ("doctor_clearance", "professional_assessment"),
    "flag_groups": ("general", "joint", "head_neck", "back", "caution"),
    "checklist": (
        "emergency",
        "urgent",
        "see_doctor",
        "professional_assessment",
        "caution",
        "first",
        "reported",
        "during",
    ),
    "muscle_reasons": ("primary_referral", "spillover_referral", "restricts", "painful", "compensating"),
    "explanations": ("vicious_circle", "referred_pain", "find_the_spots"),
    "phrases": (
        "left_out",
        "left_out_target",
        "not_screened_since",
        "cleared_on",
        "alongside",
        "pressure",
        "other_causes",
        "unknown_age",
        "strengthening_waits",
        "doctor_decides",
    ),
    "figures": (
        "front",
        "back",
        "right",
        "left",
        "muscle_title",
        "muscle_points",
        "muscle_primary",
        "muscle_spillover",
        "drawn_right",
        "drawn_left",
        "drawn_either",
        "legend_mark",
        "legend_primary",
        "legend_spillover",
        "map_title",
        "map_description",
        "map_no_pain",
        "map_no_referral",
        "pain_label",
        "referral_label",
        "only_left",
        "only_right",
        "both_sides",
        "legend_pain",
        "legend_referral",
    ),
}
