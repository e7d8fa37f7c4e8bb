"""Golden tests for the German renderings: three cases, four renderings each, byte for byte.

Each case is assessed with the bundled knowledge base in German and rendered as
the terminal summary, the HTML plan, the exercise sheet and the clinician page;
the result, with the knowledge-base version and the stylesheets scrubbed as for
the English golden pages (``test_html_golden.py``), must equal
``tests/golden/de/<case>.<rendering>``.

The cases: the bundled shoulder example (its notes are the person's own words,
in English), an emergency (chest pain, with German notes) and a see-a-doctor
case with caution signs (cancer history, blood thinners) that lower the plan's
doses. When a change is intended, regenerate the files and review the diff::

    REGAIN_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_german_golden.py
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_html_golden import CASES, SHOULDER

from regain.engine.assess import Assessor
from regain.engine.assessment import Assessment
from regain.engine.case_reader import RawCase
from regain.knowledge import KnowledgeBase, load_knowledge
from regain.reports.handouts import render_clinician, render_sheet
from regain.reports.html import render_html
from regain.reports.text import render_text

GOLDEN = Path(__file__).parent / "golden" / "de"
REGENERATE = os.environ.get("REGAIN_REGENERATE_GOLDEN") == "1"
STYLE = re.compile(r"<style>.*?</style>", re.S)

#: name -> the case, as a case file holds it.
GERMAN_CASES: dict[str, dict[str, Any]] = {
    "shoulder": SHOULDER,
    "emergency": {**CASES["emergency"], "notes": "Der Schmerz zieht in den linken Arm und in den Kiefer."},
    "see_doctor_caution": CASES["see_doctor_caution"],
}
Render = Callable[[Assessment, KnowledgeBase], str]
#: file suffix -> the rendering
RENDERINGS: dict[str, Render] = {
    "txt": render_text,
    "html": render_html,
    "sheet.html": render_sheet,
    "clinician.html": render_clinician,
}


@pytest.fixture(scope="module")
def german() -> KnowledgeBase:
    return load_knowledge("de")


def assessed(kb: KnowledgeBase, name: str) -> Assessment:
    return Assessor(kb).assess_raw(RawCase(f"{name}.yaml", name, GERMAN_CASES[name]))


def scrub(page: str, a: Assessment) -> str:
    """The rendering with the knowledge version and the stylesheet (one file, inlined) as placeholders."""
    return STYLE.sub(
        "<style>/* stylesheet */</style>", page.replace(a.knowledge_version, "KNOWLEDGE-VERSION")
    )


def differences(expected: str, rendered: str, name: str) -> str:
    """What differs, as a unified diff (empty when nothing does)."""
    lines = difflib.unified_diff(expected.splitlines(True), rendered.splitlines(True), name, "rendered", n=2)
    return "".join(lines)


@pytest.mark.parametrize("suffix", list(RENDERINGS))
@pytest.mark.parametrize("name", list(GERMAN_CASES))
def test_german_rendering_matches_golden(name: str, suffix: str, german: KnowledgeBase) -> None:
    a = assessed(german, name)
    page = scrub(RENDERINGS[suffix](a, german), a)
    path = GOLDEN / f"{name}.{suffix}"
    if REGENERATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(page, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing: run REGAIN_REGENERATE_GOLDEN=1 pytest {__file__}"
    diff = differences(path.read_text(encoding="utf-8"), page, str(path))
    assert not diff, f"{name}.{suffix} differs from its golden file (if intended, regenerate):\n{diff[:6000]}"


def test_one_label_left_in_english_differs_from_the_golden(german: KnowledgeBase) -> None:
    a = assessed(german, "shoulder")
    page = scrub(render_text(a, german), a)
    expected = (GOLDEN / "shoulder.txt").read_text(encoding="utf-8")
    assert "     Dosis: " in page and not differences(expected, page, "shoulder.txt")
    diff = differences(expected, page.replace("     Dosis: ", "     Dose: ", 1), "shoulder.txt")
    assert "+     Dose: " in diff and "-     Dosis: " in diff  # the near miss: caught, and shown


def test_the_cases_cover_self_care_an_emergency_and_cautions(german: KnowledgeBase) -> None:
    cases = {name: assessed(german, name) for name in GERMAN_CASES}
    assert cases["shoulder"].triage == "self_care"
    assert cases["emergency"].triage == "emergency"
    assert any(step.cautions for step in cases["see_doctor_caution"].plan)


@pytest.mark.parametrize("name", list(GERMAN_CASES))
def test_the_golden_pages_are_german_pages(name: str) -> None:
    for suffix in ("html", "sheet.html", "clinician.html"):
        assert '<html lang="de"' in (GOLDEN / f"{name}.{suffix}").read_text(encoding="utf-8")
