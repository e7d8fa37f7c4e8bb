"""Golden tests for the progress page: three journals, byte for byte, plots aside.

Each journal of tests/data/progress/ is rendered with
:func:`regain.reports.progress_html.render_progress_html`; the result, with
the knowledge-base version, the stylesheet and the inside of each plot's SVG
replaced by placeholders, must equal ``tests/golden/progress_<name>.html``.
The plots' drawing depends on matplotlib's release, so it is checked by
test_progress_plots.py (what is drawn, stable bytes) and in Chromium
(test_progress_browser.py), not here.

When a change to the page is intended, regenerate the files and review the diff::

    REGAIN_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_progress_golden.py
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest
from progress_journals import load_journal

from regain.engine.assess import Assessor
from regain.knowledge import KnowledgeBase
from regain.reports.progress_html import render_progress_html

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("REGAIN_REGENERATE_GOLDEN") == "1"
#: name -> (journal file, how many of its entries; None: all)
JOURNALS: dict[str, tuple[str, int | None]] = {
    "classic": ("classic", None),
    "no_checkins": ("classic", 0),
    "stopped": ("red_flag", None),
}
STYLE = re.compile(r"<style>.*?</style>", re.S)
SVG = re.compile(r"(<svg [^>]*>).*?</svg>", re.S)


def scrub(html: str, version: str) -> str:
    page = html.replace(version, "KNOWLEDGE-VERSION")
    page = STYLE.sub("<style>/* plan.css, progress.css */</style>", page, count=1)
    return SVG.sub(lambda m: re.sub(r'viewBox="[^"]*"', 'viewBox="…"', m.group(1)) + "…</svg>", page)


@pytest.mark.parametrize("name", list(JOURNALS))
def test_progress_page_matches_golden(name: str, assessor: Assessor, kb: KnowledgeBase) -> None:
    file, entries = JOURNALS[name]
    j = load_journal(file, assessor, entries)
    html = render_progress_html(kb, j.journal_id, j.baseline, j.start, j.entries, j.assessment)
    page = scrub(html, j.assessment.knowledge_version)
    path = GOLDEN / f"progress_{name}.html"
    if REGENERATE:
        path.write_text(page, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing: run REGAIN_REGENERATE_GOLDEN=1 pytest {__file__}"
    expected = path.read_text(encoding="utf-8")
    if page != expected:
        diff = "".join(
            difflib.unified_diff(expected.splitlines(True), page.splitlines(True), str(path), "now")
        )
        pytest.fail(f"{name}: the progress page differs from its golden file:\n{diff[:6000]}")


def test_a_date_is_shown_only_when_given(assessor: Assessor, kb: KnowledgeBase) -> None:
    j = load_journal("classic", assessor)
    plain = render_progress_html(kb, j.journal_id, j.baseline, j.start, j.entries, j.assessment)
    dated = render_progress_html(
        kb, j.journal_id, j.baseline, j.start, j.entries, j.assessment, date="2031-05-06"
    )
    assert "2031-05-06" in dated and "2031-05-06" not in plain
