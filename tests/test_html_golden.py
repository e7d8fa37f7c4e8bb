"""Golden tests for the HTML plan: four representative cases, byte for byte.

Each case below is assessed and rendered with :func:`regain.reports.html.render_html`;
the result, with the knowledge-base version scrubbed (it carries a digest of the
data files, which changes with every edit of them), must equal
``tests/golden/<name>.html``.

When a change to the plan's look or wording is intended, regenerate the files and
review the diff before committing::

    REGAIN_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_html_golden.py

The cases: the bundled shoulder example (self-care, both causes likely), an
emergency (chest pain), a see-a-doctor case with a caution flag (cancer history
and blood thinners), and a case that was never screened for red flags.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

from regain.engine.assessment import Assessment
from regain.knowledge import KnowledgeBase
from regain.reports.html import render_html

TESTS = Path(__file__).parent
GOLDEN = TESTS / "golden"
SHOULDER: dict[str, Any] = yaml.safe_load((TESTS.parent / "examples" / "shoulder.yaml").read_text())

#: name -> case data (as a case file would hold it).
CASES: dict[str, dict[str, Any]] = {
    "shoulder": SHOULDER,
    "emergency": {
        **SHOULDER,
        "id": "emergency-chest",
        "name": "Sam",
        "red_flags": ["chest_pain_or_breathlessness", "anticoagulants_or_bleeding_disorder"],
        "notes": "Pain spreads into the left arm and jaw.",
    },
    "see_doctor_caution": {
        "format": "regain-case/2",
        "id": "hip-cancer-history",
        "name": "Maria",
        "restricted_movements": ["hip_flexion", "hip_internal_rotation"],
        "side": "left",
        "duration_weeks": 10,
        "pain_on_movement": 5,
        "pain_at_rest": 2,
        "pain_regions": ["buttock", "hip_side", "thigh_side"],
        "limit_felt_as": "both",
        "tender_spots_reproduce_pain": "yes",
        "referred_pain": "yes",
        "restricted_without_pain": "yes",
        "sustained_postures": "yes",
        "red_flags": ["history_of_cancer", "anticoagulants_or_bleeding_disorder"],
    },
    "not_screened": {
        "format": "regain-case/2",
        "id": "neck-unscreened",
        "restricted_movements": ["neck_rotation", "neck_lateral_flexion"],
        "side": "both",
        "pain_on_movement": 6,
        "pain_regions": ["neck_side", "temple", "back_of_head"],
        "limit_felt_as": "pain",
    },
}
REGENERATE = os.environ.get("REGAIN_REGENERATE_GOLDEN") == "1"


STYLE = re.compile(r"<style>.*?</style>", re.S)


def scrub(html: str, a: Assessment) -> str:
    """The page with the knowledge version and the stylesheet replaced by placeholders.

    The stylesheet (reports/templates/plan.css) is one file inlined in every page: a
    CSS edit is checked in a real browser (test_html_browser.py), not by rewriting
    every golden page.
    """
    page = html.replace(a.knowledge_version, "KNOWLEDGE-VERSION")
    return STYLE.sub("<style>/* plan.css */</style>", page, count=1)


@pytest.mark.parametrize("name", list(CASES))
def test_html_matches_golden(name: str, assess: Any, kb: KnowledgeBase) -> None:
    a = assess(CASES[name], f"{name}.yaml")
    html = scrub(render_html(a, kb), a)
    path = GOLDEN / f"{name}.html"
    if REGENERATE:
        path.write_text(html, encoding="utf-8")
        return
    assert path.exists(), (
        f"{path} is missing: run REGAIN_REGENERATE_GOLDEN=1 pytest tests/test_html_golden.py"
    )
    expected = path.read_text(encoding="utf-8")
    if html != expected:
        diff = "".join(
            difflib.unified_diff(expected.splitlines(True), html.splitlines(True), str(path), "rendered", n=2)
        )
        pytest.fail(
            f"{name}: the HTML plan differs from its golden file (if intended, "
            f"regenerate with REGAIN_REGENERATE_GOLDEN=1):\n{diff[:6000]}"
        )


@pytest.mark.parametrize("name", list(CASES))
def test_the_page_holds_the_stylesheet_and_no_date(name: str, assess: Any, kb: KnowledgeBase) -> None:
    a = assess(CASES[name], f"{name}.yaml")
    page = render_html(a, kb)
    css = (ROOT / "reports" / "templates" / "plan.css").read_text(encoding="utf-8")
    assert css.strip()[:200] in page, "the stylesheet is inlined"
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", page), "no date unless asked"


def test_cases_cover_the_four_situations(assess: Any) -> None:
    triage = {n: assess(c, f"{n}.yaml") for n, c in CASES.items()}
    assert triage["shoulder"].triage == "self_care"
    assert triage["emergency"].triage == "emergency"
    assert triage["see_doctor_caution"].triage == "see_doctor"
    assert any(s.cautions for s in triage["see_doctor_caution"].plan)
    assert not triage["not_screened"].screening_complete
