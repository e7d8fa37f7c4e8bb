"""No English left in any German rendering: every example case, and the demo journal.

Each case of ``examples/`` (its YAML and JSON files) is assessed with the bundled
knowledge base in German and rendered every way ``regain assess`` renders it
(the terminal summary, the short summary of ``regain ask``, the HTML plan, the
exercise sheet and the clinician page), and every question is explained as
``why`` explains it. The demo journal is made as ``make demo`` makes it
(``examples/shoulder.yaml``, and two weeks later the check-in of
``examples/checkins/two-weeks.yaml``) and shown as its progress page, as
``track show`` and as its calendar. The check of ``tests/english_words.py``
must find no English function word in any of them.

A person's own words are not regain's to translate: the examples' notes are in
English, so these tests give each case and the check-in German notes, and the
near misses show that the check finds the English ones, and any English label
put back on a German page.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path
from typing import Any

import icalendar
import pytest
import yaml
from conftest import ROOT
from english_words import english_words, page_text

from regain.engine.assess import Assessor
from regain.engine.assessment import Assessment
from regain.engine.case_reader import RawCase, read_case_path
from regain.engine.case_validation import validate_case
from regain.engine.questionnaire import Questionnaire
from regain.journal import Store, open_store
from regain.knowledge import KnowledgeBase, load_knowledge
from regain.knowledge.messages import translations
from regain.reports.handouts import render_clinician, render_sheet
from regain.reports.html import render_html
from regain.reports.summary import render_summary
from regain.reports.text import render_text
from regain.reports.why_text import why_lines
from regain.tracking import calendar, check_in, journey_of, render_journey, start_journal

EXAMPLES = sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("examples/*.json")])
CHECKIN = ROOT / "examples" / "checkins" / "two-weeks.yaml"
#: The person's own words, in German (the examples' are English).
GERMAN_NOTES = "Schlimmer nach langen Tagen am Laptop."
GERMAN_CHECKIN_NOTES = "Der ausstrahlende Schmerz im Arm ist fast weg."
STARTED = datetime.date(2026, 11, 16)
CHECKED_IN = STARTED + datetime.timedelta(days=14)

#: What a screen reader or a browser's tab says that is not the page's text.
SAID_ASIDE = re.compile(r'aria-label="([^"]*)"|<title[^>]*>([^<]*)</title>')


def said_aside(html: str) -> str:
    """A page's labels and titles (page_text reads neither), one a line, unescaped."""
    return "\n".join(unescape(a or b) for a, b in SAID_ASIDE.findall(html))


Rendering = Callable[[Assessment, KnowledgeBase], str]
#: name -> the rendering's text as a person reads it (a page without its styles and marked parts).
RENDERINGS: dict[str, Rendering] = {
    "text": render_text,
    "summary": render_summary,
    "plan": lambda a, kb: page_text(render_html(a, kb, date="2026-11-30"), "de"),
    "plan's labels": lambda a, kb: said_aside(render_html(a, kb)),
    "sheet": lambda a, kb: page_text(render_sheet(a, kb), "de"),
    "sheet's labels": lambda a, kb: said_aside(render_sheet(a, kb)),
    "clinician": lambda a, kb: page_text(render_clinician(a, kb, date="2026-11-30"), "de"),
}


@pytest.fixture(scope="module")
def german() -> KnowledgeBase:
    return load_knowledge("de")


def example_cases(notes: str | None = GERMAN_NOTES) -> list[RawCase]:
    """Every case of examples/*.yaml and *.json; their notes replaced by ``notes`` unless it is None."""
    raws = [raw for path in EXAMPLES for raw in read_case_path(str(path))]
    if notes is None:
        return raws
    return [
        RawCase(raw.source, raw.default_id, {**raw.data, "notes": notes} if "notes" in raw.data else raw.data)
        for raw in raws
    ]


def english_left(texts: dict[str, str], but: str = "") -> list[str]:
    """Each English word found, as "rendering: the words around it"; ``but`` (the person's words) left out."""
    found = []
    for name, text in texts.items():
        flowing = " ".join(text.split())  # as a terminal wraps it, or a page
        if but:
            flowing = flowing.replace(" ".join(but.split()), " ")
        found += [f"{name}: {words}" for words in english_words(flowing)]
    return found


def renderings(kb: KnowledgeBase, raw: RawCase) -> dict[str, str]:
    a = Assessor(kb).assess_raw(raw)
    return {f"{raw.source} {name}": render(a, kb) for name, render in RENDERINGS.items()}


def why_texts(kb: KnowledgeBase, raw: RawCase) -> dict[str, str]:
    """Why each question is asked, with the case's answers as those given so far."""
    questionnaire = Questionnaire(kb)
    answers = validate_case(raw, kb).answers
    return {
        f"{raw.source} why {qid}": " ".join(line.text for line in why_lines(questionnaire, qid, answers))
        for qid in kb.questions
    }


def test_the_examples_are_yaml_and_json_cases() -> None:
    assert {p.suffix for p in EXAMPLES} == {".yaml", ".json"}
    assert len(example_cases()) == len(EXAMPLES)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_no_english_in_any_german_rendering_of_an_example(path: Path, german: KnowledgeBase) -> None:
    texts: dict[str, str] = {}
    for raw in example_cases():
        if raw.source == str(path):
            texts |= renderings(german, raw)
    assert len(texts) == len(RENDERINGS)
    assert english_left(texts) == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_no_english_in_why_a_question_is_asked(path: Path, german: KnowledgeBase) -> None:
    [raw] = [r for r in example_cases() if r.source == str(path)]
    texts = why_texts(german, raw)
    assert len(texts) == len(german.questions)
    assert english_left(texts) == []


def test_the_persons_own_english_notes_are_found(german: KnowledgeBase) -> None:
    [raw] = [r for r in example_cases(notes=None) if "notes" in r.data]
    texts = renderings(german, raw)
    assert english_left(texts), "the example's English notes are on the plan: the check must see them"
    assert english_left(texts, but=raw.data["notes"]) == []  # and nothing but them


@pytest.fixture
def demo(german: KnowledgeBase, tmp_path: Path) -> Iterator[tuple[Store, str]]:
    """The journal of ``make demo`` at its start: examples/shoulder.yaml, started two weeks ago."""
    store = open_store(tmp_path / "demo-journal.db")
    try:
        [raw] = [r for r in example_cases() if r.source.endswith("shoulder.yaml")]
        journal_id, _, _ = start_journal(store, german, validate_case(raw, german), STARTED)
        yield store, journal_id
    finally:
        store.close()


def demo_texts(kb: KnowledgeBase, store: Store, journal_id: str) -> dict[str, str]:
    """The journal's progress page, ``track show`` and calendar, as a person reads them."""
    journey = journey_of(kb, store.get(journal_id))
    page = render_journey(kb, journey, "html", date=CHECKED_IN.isoformat())
    ics = icalendar.Calendar.from_ical(calendar(kb, journey, CHECKED_IN, datetime.datetime(2026, 11, 30, 18)))
    said = [str(c.get(k)) for c in ics.walk() for k in ("x-wr-calname", "summary", "description") if c.get(k)]
    return {
        "progress page": page_text(page, "de"),
        "progress page's labels": said_aside(page),
        "track show": render_journey(kb, journey, "text", date=CHECKED_IN.isoformat()),
        "calendar": "\n".join(said),  # what a calendar shows of it (not BYDAY=MO,WE...)
    }


def check_in_two_weeks(kb: KnowledgeBase, store: Store, journal_id: str, notes: str | None) -> None:
    """The check-in of examples/checkins/two-weeks.yaml, its notes replaced unless ``notes`` is None."""
    raw: dict[str, Any] = yaml.safe_load(CHECKIN.read_text(encoding="utf-8"))
    if notes is not None:
        raw["notes"] = notes
    check_in(store, kb, journal_id, raw, CHECKIN.name, today=CHECKED_IN)


def test_no_english_on_the_demo_journals_pages(german: KnowledgeBase, demo: tuple[Store, str]) -> None:
    store, journal_id = demo
    before = demo_texts(german, store, journal_id)
    check_in_two_weeks(german, store, journal_id, GERMAN_CHECKIN_NOTES)
    after = demo_texts(german, store, journal_id)
    assert GERMAN_CHECKIN_NOTES in after["progress page"] and "30.11.2026" in after["progress page"]
    assert after["calendar"].count("\n") >= 2  # its name, and an event's summary and description
    assert english_left({f"{name} at the start": text for name, text in before.items()}) == []
    assert english_left(after) == []


def test_the_check_ins_english_notes_are_found(german: KnowledgeBase, demo: tuple[Store, str]) -> None:
    store, journal_id = demo
    check_in_two_weeks(german, store, journal_id, None)
    texts = demo_texts(german, store, journal_id)
    notes = yaml.safe_load(CHECKIN.read_text(encoding="utf-8"))["notes"]
    assert english_left(texts) and english_left(texts, but=notes) == []


#: A label of each kind of rendering, as regain writes it in English (the catalog has its German).
LABELS = {
    "text": "Your plan, in order",
    "summary": "What is probably going on:",
    "plan": "Why at this point",
    "plan's labels": "Timeline of the plan in weeks",
    "clinician": "Not answered (could change the conclusions)",
}


@pytest.mark.parametrize(("rendering", "label"), list(LABELS.items()))
def test_an_english_label_put_back_is_found(rendering: str, label: str, german: KnowledgeBase) -> None:
    [raw] = [r for r in example_cases() if r.source.endswith("shoulder.yaml")]
    text = RENDERINGS[rendering](Assessor(german).assess_raw(raw), german)
    translated = translations("de").gettext(label)
    assert translated != label and translated in text and english_words(text) == []
    found = english_words(text.replace(translated, label, 1))
    assert found and any(label.split()[0] in line for line in found)
