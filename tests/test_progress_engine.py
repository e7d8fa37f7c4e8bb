"""The progress reports on a journal decided by regain's own follow-up rules.

The classic course of test_followup_journeys.py (massage, advance, a flare,
step back, advance again, strengthen, done), each check-in parsed and
decided by the engine, the start decision too: the page, the terminal text,
the JSON and the calendar show the engine's decisions with the knowledge
base's names, reasons and advice, at every point of the course.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import icalendar
import pytest
from journey_helpers import baseline, run

from regain.engine.journey import Baseline, Entry, assessment_at, start_decision
from regain.knowledge import KnowledgeBase
from regain.reports.calendar_export import phase_calendar
from regain.reports.progress_html import render_progress_view
from regain.reports.progress_text import render_progress_text
from regain.reports.progress_view import ProgressView, progress_dict, progress_view

TP = "trigger_point_self_treatment"
PHASE2 = {"full_range_movement": 21, "long_hold_stretching": 5}


def _c(day: int, mv: int, rest: int = 1, spots: str = "no", **extra: Any) -> dict[str, Any]:
    return {
        "day": day,
        "pain_on_movement": mv,
        "pain_at_rest": rest,
        "tender_spots_reproduce_pain": spots,
        **extra,
    }


COURSE = [
    _c(7, 5, 2, "yes", sessions={TP: 21}),
    _c(14, 3, sessions={TP: 21}),
    _c(
        21,
        4,
        spots="yes",
        sessions=PHASE2,
        felt={"long_hold_stretching": {"felt": "worse", "raised_next_day": "yes"}},
    ),
    _c(28, 4, spots="yes", sessions={TP: 21}),
    _c(35, 2, sessions={TP: 21}),
    _c(42, 2, sessions=PHASE2, felt={"long_hold_stretching": {"felt": "better", "raised_next_day": "no"}}),
    _c(98, 1, 0, sessions={"full_range_movement": 168, "long_hold_stretching": 40}),
    _c(119, 1, 0, sessions={"strengthening": 9}),
    _c(
        140,
        1,
        0,
        sessions={"strengthening": 9},
        felt={"strengthening": {"felt": "better", "raised_next_day": "no"}},
    ),
]


@pytest.fixture(scope="module")
def journal(kb: KnowledgeBase) -> tuple[Baseline, list[Entry]]:
    base = baseline(kb, "examples/shoulder.yaml")
    return base, run(kb, base, COURSE)


def _view(kb: KnowledgeBase, base: Baseline, entries: list[Entry]) -> ProgressView:
    start = start_decision(kb, base, assessment_at(kb, base, []))
    return progress_view(kb, "j1", base, start, entries, assessment_at(kb, base, entries))


@pytest.mark.parametrize("upto", range(len(COURSE) + 1))
def test_every_point_of_the_course_shows_the_engines_decision(
    kb: KnowledgeBase, journal: tuple[Baseline, list[Entry]], upto: int
) -> None:
    base, entries = journal
    v = _view(kb, base, entries[:upto])
    shown = entries[upto - 1].decision if upto else start_decision(kb, base, assessment_at(kb, base, []))
    assert v.decision.label == kb.followup.decisions[shown.kind].name
    assert v.decision.reasons == list(shown.reasons) and v.decision.advice == shown.advice
    assert [s.kind for s in v.steps] == list(shown.steps if shown.phase else [])
    assert [r.decision for r in v.history[1:]] == [
        kb.followup.decisions[e.decision.kind].name for e in entries[:upto]
    ]
    text = render_progress_text(kb, v)
    assert text.index(v.decision.label.upper()) < text.index(kb.wording.progress.history_heading.upper())
    json.dumps(progress_dict(v))


def test_the_finished_course_has_a_page_with_its_bands_and_a_done_band(
    kb: KnowledgeBase, journal: tuple[Baseline, list[Entry]]
) -> None:
    base, entries = journal
    v = _view(kb, base, entries)
    assert v.decision.kind == "finish" and v.steps == [] and v.nothing_now is None
    assert [(s.number, s.done) for s in v.spans] == [
        (1, False),
        (2, False),
        (1, False),
        (2, False),
        (3, False),
        (0, True),
    ]
    page = render_progress_view(kb, v)
    for reason in v.decision.reasons:
        assert reason.replace("'", "&#39;").replace('"', "&#34;") in page
    assert kb.wording.progress.done_from.format(date=v.spans[-1].start) in page
    assert kb.wording.progress.band_paused not in page


def test_the_calendar_of_the_flare_is_the_massage_again(
    kb: KnowledgeBase, journal: tuple[Baseline, list[Entry]]
) -> None:
    base, entries = journal
    flare = entries[2]
    assert flare.decision.kind == "step_back"
    data = phase_calendar(
        kb,
        "j1",
        flare.decision,
        assessment_at(kb, base, entries[:3]),
        first_day=flare.checkin.date,
        dtstamp=datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC),
    )
    uids = [str(e["uid"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]
    assert uids == [f"j1-phase1-{TP}@regain"]
