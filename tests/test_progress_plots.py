"""The progress page's plots: what they draw, their text alternatives and numbers, stable bytes.

Their look at a phone's width is checked in Chromium (test_progress_browser.py).
"""

from __future__ import annotations

import re

import pytest
from progress_journals import Journal, load_journal

from regain.engine.assess import Assessor
from regain.knowledge import KnowledgeBase
from regain.reports.progress_html import render_progress_html
from regain.reports.progress_plots import Plot, progress_plots
from regain.reports.progress_view import progress_view

SVG_TEXT_SIZE = re.compile(r"<text[^>]*font-size: ([0-9.]+)px")


def plots_of(kb: KnowledgeBase, j: Journal) -> list[Plot]:
    return progress_plots(kb, progress_view(kb, j.journal_id, j.baseline, j.start, j.entries, j.assessment))


def page_of(kb: KnowledgeBase, j: Journal) -> str:
    return render_progress_html(kb, j.journal_id, j.baseline, j.start, j.entries, j.assessment)


@pytest.fixture(scope="module")
def classic(assessor: Assessor) -> Journal:
    return load_journal("classic", assessor)


def test_one_plot_for_pain_each_measured_range_and_sessions(kb: KnowledgeBase, classic: Journal) -> None:
    ids = [p.id for p in plots_of(kb, classic)]
    assert ids == [
        "plot-pain",
        "plot-range-shoulder-abduction",
        "plot-range-shoulder-flexion",
        "plot-sessions",
    ]


def test_without_check_ins_there_is_no_sessions_plot(kb: KnowledgeBase, assessor: Assessor) -> None:
    assert "plot-sessions" not in [p.id for p in plots_of(kb, load_journal("classic", assessor, 0))]
    assert "plot-sessions" in [p.id for p in plots_of(kb, load_journal("classic", assessor, 1))]


def test_a_case_without_measured_ranges_has_no_range_plot(kb: KnowledgeBase, assessor: Assessor) -> None:
    assert [p.id for p in plots_of(kb, load_journal("red_flag", assessor))] == ["plot-pain", "plot-sessions"]


def test_the_svg_scales_to_the_page(kb: KnowledgeBase, classic: Journal) -> None:
    for p in plots_of(kb, classic):
        root = p.svg[: p.svg.index(">") + 1]
        assert p.svg.startswith("<svg ") and p.svg.endswith("</svg>"), p.id
        assert 'width="100%"' in root and "height=" not in root and "viewBox=" in root, root
        assert "<script" not in p.svg and "<?xml" not in p.svg and "<style" not in p.svg
        sizes = [float(s) for s in SVG_TEXT_SIZE.findall(p.svg)]
        assert sizes and min(sizes) >= 12, (p.id, sorted(set(sizes)))


def test_ids_are_unique_on_the_page_and_every_reference_resolves(kb: KnowledgeBase, classic: Journal) -> None:
    page = page_of(kb, classic)
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1][:5]
    refs = set(re.findall(r"url\(#([^)]+)\)", page)) | set(re.findall(r'href="#([^"]+)"', page))
    assert refs and refs <= set(ids), refs - set(ids)


def test_the_phases_are_labelled_bands_in_every_plot(kb: KnowledgeBase, classic: Journal) -> None:
    words = kb.wording.progress
    for p in plots_of(kb, classic):
        labels = re.findall(r"<text[^>]*>([^<]*)</text>", p.svg)
        assert f"{words.band} 1" in labels and f"{words.band} 2" in labels, (p.id, labels)
        assert words.band_paused not in labels
        assert words.phase_from.format(number=3, date="2027-01-26") in p.description


def test_a_paused_stretch_is_labelled_as_such(kb: KnowledgeBase, assessor: Assessor) -> None:
    words = kb.wording.progress
    [pain, _] = plots_of(kb, load_journal("red_flag", assessor))
    assert words.band_paused in re.findall(r"<text[^>]*>([^<]*)</text>", pain.svg)
    assert words.paused_from.format(date="2026-12-24") in pain.description


def test_the_numbers_beneath_match_the_history(kb: KnowledgeBase, classic: Journal) -> None:
    words = kb.wording.progress
    pain, abduction, flexion, sessions = plots_of(kb, classic)
    assert pain.columns == [words.col_week, words.date, words.at_rest, words.on_movement]
    assert pain.rows[0] == ["1", "2026-12-01", "2", "6"]
    assert pain.rows[-1] == ["9", "2027-01-26", "0", "1"]
    assert [r[2] for r in abduction.rows] == ["95", "100", "110", "112", "115", "140", "165"]
    assert flexion.rows[3] == ["4", "2026-12-22", words.not_recorded]
    assert sessions.rows[4] == ["2026-12-29", "2027-01-12", "0", "40", "10", "25"]
    assert "180" in abduction.description and "165" in abduction.description


def test_the_descriptions_say_where_pain_started_and_is_now(kb: KnowledgeBase, classic: Journal) -> None:
    words = kb.wording.progress
    pain = plots_of(kb, classic)[0]
    rest = words.from_to.format(start=2, now=0, date="2027-01-26")
    moving = words.from_to.format(start=6, now=1, date="2027-01-26")
    assert words.pain_desc.format(rest=rest, movement=moving) in pain.description


def test_a_persons_own_words_are_never_drawn(kb: KnowledgeBase, classic: Journal) -> None:
    page = page_of(kb, classic)
    assert all("top shelf" not in p.svg for p in plots_of(kb, classic))
    assert "Can reach the top shelf &lt;again&gt; &amp; smile." in page  # in the table, escaped


def test_the_same_journal_gives_the_same_bytes(kb: KnowledgeBase, classic: Journal) -> None:
    first = page_of(kb, classic)
    assert first == page_of(kb, classic)
    assert not re.search(r"\b20\d\d-\d\d-\d\dT", first), "no time stamp of the drawing"
