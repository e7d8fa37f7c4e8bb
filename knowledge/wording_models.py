"""The words regain uses around the clinical content, kept as data (``wording.yaml``).

Headlines, tier and level names, cause names, why a step waits, the groups
of the warning-sign checklist, the sentences that say why a muscle is a
candidate, the labels of an instruction's numbered steps and the words of
the body figures: every
rendering (terminal, HTML, the batch overview, the questionnaire) takes
them from here, so one edit changes them all.
:data:`REQUIRED` lists the keys the code looks up; the consistency checks
fail on a missing one.
"""

from __future__ import annotations

from .entries import Id, Name, Text, entry
from .grammar import Grammar


@entry
class Headline:
    """What a plan leads with: a heading and a sentence or two."""

    heading: Text
    message: Text


@entry
class CauseWords:
    name: Name
    summary: Text


@entry
class Explanation:
    """A short explanation a plan shows: an optional heading, steps of a cycle, paragraphs."""

    paragraphs: tuple[Text, ...]
    heading: Text | None = None
    steps: tuple[Text, ...] = ()


@entry
class StartToday:
    """The box a plan opens with: what to do this week, and when to stop."""

    heading: Text
    first: Text  # heading of what must come before any self-help
    this_week: Text
    held: Text  # the self-help steps wait: said with the held_until words
    screen_first: Text  # the warning signs have not all been asked
    nothing_yet: Text  # no self-help may start yet
    see_step: Text  # "{number}": where the details are
    stop_heading: Text
    #: Signs to stop the exercises and see a doctor, whatever the plan: the box's short list.
    stop_if: tuple[Text, ...]
    stop_more: Text  # points to the full checklist
    sheet_title: Text  # the printed exercise sheet ("{person}")
    sheet_ticks: Text  # how to tick the days


@entry
class Progress:
    """The treatment journal's page, terminal view and calendar: labels, titles, axes."""

    title: Text  # "{person}"
    brand: Text
    person: Text
    case: Text
    journal: Text
    started: Text
    date: Text
    now_heading: Text
    latest: Text  # "{date}" of the check-in whose decision holds
    at_start: Text  # "{date}": no check-in yet, the start decision holds
    why: Text
    until_next: Text
    do_now: Text  # instead of until_next, when the decision stops the plan or sends to a doctor
    phase: Text  # "{number}"
    no_phase: Text
    plots_heading: Text
    pain_title: Text
    pain_desc: Text  # "{rest}", "{movement}": each a from_to
    from_to: Text  # "{start}", "{now}", "{date}"
    range_title: Text  # "{movement}"
    range_desc: Text  # "{movement}", "{values}", "{normal}"
    sessions_title: Text
    sessions_desc: Text  # "{values}": sessions_span, joined
    sessions_span: Text  # "{start}", "{end}", "{count}"
    phases_desc: Text  # "{phases}": phase_from / paused_from, joined
    phase_from: Text  # "{number}", "{date}"
    paused_from: Text  # "{date}"
    done_from: Text  # "{date}": the plan is finished
    axis_date: Text
    axis_pain: Text
    axis_degrees: Text
    axis_sessions: Text
    at_rest: Text
    on_movement: Text
    baseline: Text
    normal: Text
    measured: Text  # a measured range, in a plot's legend
    band: Text  # the label before the phase numbers on a plot's time axis
    band_paused: Text  # a band without self-help (a stop, a doctor first)
    band_done: Text  # the band after the plan is finished
    numbers: Text
    history_heading: Text
    col_week: Text
    col_pain_rest: Text
    col_pain_movement: Text
    col_range: Text  # "{movement}"
    col_sessions: Text
    col_decision: Text
    col_from: Text
    col_to: Text
    start_row: Text
    not_recorded: Text
    no_checkins: Text
    # the journal in the browser (regain serve): its pages and the check-in form
    web_journal: Text  # the journal's page in the browser (regain serve)
    web_start_heading: Text
    web_start_button: Text
    web_not_started: Text  # before the advice that sends to a doctor first
    web_not_ready: Text
    web_to_questions: Text
    web_to_plan: Text
    web_to_journal: Text
    web_checkin_link: Text
    web_progress_link: Text
    web_saved: Text
    web_checkin_heading: Text
    web_checkin_intro: Text  # {since}
    web_checkin_button: Text
    web_fix: Text
    web_answer_needed: Text
    web_not_listed: Text
    web_yes: Text
    web_no: Text
    web_unknown: Text
    web_only_if_worse: Text  # before the next-day question of each kind of work
    web_none_new: Text
    web_flags_needed: Text
    web_flags_and_none: Text
    web_show_help: Text
    baseline_heading: Text
    movement: Text  # the heading of the column of movement names
    normal_range: Text
    latest_value: Text
    degrees: Text  # "{value}"
    calendar_name: Text  # "{number}"
    calendar_summary: Text  # "{what}"
    calendar_for: Text
    calendar_dose: Text
    calendar_alarm: Text  # "{what}"


@entry
class Wording:
    """Every section of ``wording.yaml``."""

    #: How names are written inside a sentence in this language (:mod:`.grammar`).
    grammar: Grammar
    tiers: dict[Id, Name]
    headlines: dict[Id, Headline]
    self_help: dict[Id, Text]
    causes: dict[Id, CauseWords]
    levels: dict[Id, Text]
    #: The batch overview: how certain a cause is, as its table says it, and its last sentence.
    overview: dict[Id, Text]
    held_until: dict[Id, Name]
    flag_groups: dict[Id, Name]
    checklist: dict[Id, Text]
    muscle_reasons: dict[Id, Text]
    explanations: dict[Id, Explanation]
    #: The label of each numbered step of an instruction ("Position", "Stop if"...) and
    #: of the instructions on a muscle card ("Treat it", "Stretch it").
    instruction_labels: dict[Id, Text]
    phrases: dict[Id, Text]
    start_today: StartToday
    #: The body figures' words: view names, captions, legends, descriptions.
    figures: dict[Id, Text]
    #: The treatment journal: its page, its terminal view and its calendar file.
    progress: Progress
    #: The pages of ``regain serve``: the questionnaire's buttons and messages, the error pages.
    web: dict[Id, Text]


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
    "overview": ("likely", "possible", "unlikely", "disclaimer"),
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
    "explanations": ("vicious_circle", "going_on", "how_decided", "referred_pain", "find_the_spots"),
    "instruction_labels": (
        "where",
        "with",
        "how",
        "how_hard",
        "position",
        "movement",
        "how_far",
        "how_long",
        "how_many",
        "feel",
        "stop_if",
        "harder",
        "trains",
        "treat_it",
        "find_and_treat_it",
        "stretch_it",
    ),
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
        "see_step",
        "dose_lowered",
        "dose_not_in_plan",
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
    "web": (
        "title",
        "languages",
        "start_heading",
        "start_intro",
        "not_a_diagnosis",
        "start_button",
        "stays_here",
        "private_link",
        "question_number",
        "why",
        "help",
        "how_to_test",
        "body_map_caption",
        "body_map_instructions",
        "earlier",
        "next",
        "back",
        "unknown",
        "leave_out",
        "none_of_these",
        "typed_hint",
        "choose_one",
        "choose_one_required",
        "tick_some",
        "tick_some_or_unknown",
        "tick_flags",
        "flags_and_none",
        "not_listed",
        "type_answer",
        "type_answer_required",
        "measure_some",
        "moved_on",
        "name_label",
        "stop_intro",
        "stop_signs",
        "see_advice",
        "plan_actions",
        "download_case",
        "download_fhir",
        "download_plan",
        "start_journal",
        "open_journal",
        "delete",
        "delete_heading",
        "delete_text",
        "delete_button",
        "keep",
        "deleted_heading",
        "deleted_text",
        "start_again",
        "not_found_heading",
        "not_found_text",
        "too_large_heading",
        "too_large_text",
        "csrf_heading",
        "csrf_text",
        "error_heading",
        "error_text",
    ),
}

#: ``section.key`` -> the ``{placeholders}`` the code fills in that text. Any other
#: placeholder in wording.yaml would fail only when a plan is rendered, so the
#: consistency checks refuse it; texts not listed here take none.
PLACEHOLDERS: dict[str, frozenset[str]] = {
    "phrases.left_out": frozenset({"what", "precaution"}),
    "phrases.left_out_target": frozenset({"target", "what", "precaution"}),
    "phrases.cleared_on": frozenset({"date"}),
    "phrases.alongside": frozenset({"number"}),
    "phrases.pressure": frozenset({"value"}),
    "phrases.strengthening_waits": frozenset({"target"}),
    "phrases.see_step": frozenset({"number"}),
    "phrases.dose_lowered": frozenset({"dose"}),
    "muscle_reasons.primary_referral": frozenset({"region"}),
    "muscle_reasons.spillover_referral": frozenset({"region"}),
    "muscle_reasons.restricts": frozenset({"movement"}),
    "muscle_reasons.painful": frozenset({"movement"}),
    "muscle_reasons.compensating": frozenset({"movement", "how"}),
    "start_today.held": frozenset({"held"}),
    "start_today.see_step": frozenset({"number"}),
    "start_today.sheet_title": frozenset({"person"}),
    "figures.muscle_title": frozenset({"muscle"}),
    "figures.muscle_points": frozenset({"where"}),
    "figures.muscle_primary": frozenset({"regions"}),
    "figures.muscle_spillover": frozenset({"regions"}),
    "figures.map_description": frozenset({"pain", "referral"}),
    "figures.pain_label": frozenset({"region"}),
    "figures.referral_label": frozenset({"region", "muscles"}),
    "progress.title": frozenset({"person"}),
    "progress.latest": frozenset({"date"}),
    "progress.at_start": frozenset({"date"}),
    "progress.web_checkin_intro": frozenset({"since"}),
    "progress.phase": frozenset({"number"}),
    "progress.pain_desc": frozenset({"rest", "movement"}),
    "progress.from_to": frozenset({"start", "now", "date"}),
    "progress.range_title": frozenset({"movement"}),
    "progress.range_desc": frozenset({"movement", "values", "normal"}),
    "progress.sessions_desc": frozenset({"values"}),
    "progress.sessions_span": frozenset({"start", "end", "count"}),
    "progress.phases_desc": frozenset({"phases"}),
    "progress.phase_from": frozenset({"number", "date"}),
    "progress.paused_from": frozenset({"date"}),
    "progress.done_from": frozenset({"date"}),
    "progress.col_range": frozenset({"movement"}),
    "progress.degrees": frozenset({"value"}),
    "progress.calendar_name": frozenset({"number"}),
    "progress.calendar_summary": frozenset({"what"}),
    "progress.calendar_alarm": frozenset({"what"}),
    "web.question_number": frozenset({"number"}),
    "web.typed_hint": frozenset({"example"}),
}
