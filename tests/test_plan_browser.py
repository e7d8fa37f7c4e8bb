"""What a person sees first, what prints, and what a screen reader meets, in Chromium.

- "Start today" is on the first screen of a phone (390×844) and a desktop
  (1280×900): the box, its heading and the triage headline, and for a
  typical plan the first session too.
- The folded reasoning (``<details>``) prints open, without JavaScript.
- The exercise sheet and the clinician summary each print on one A4 page.
- axe-core finds no serious or critical accessibility violation in the plan,
  the sheet or the clinician summary.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import AXE, need_for_browser_tests
from test_html_browser import PLANS

from regain.engine.assessment import Assessment
from regain.knowledge import KnowledgeBase
from regain.reports.handouts import render_clinician, render_sheet
from regain.reports.html import render_html

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 900)}
RENDERERS: dict[str, Callable[[Assessment, KnowledgeBase], str]] = {
    "plan": render_html,
    "sheet": render_sheet,
    "clinician": render_clinician,
}


@pytest.fixture
def open_page(browser: Any, tmp_path: Path, assess: Any, kb: KnowledgeBase) -> Iterator[Callable[..., Any]]:
    pages: list[Any] = []

    def run(name: str, kind: str = "plan", size: tuple[int, int] = (1280, 900)) -> Any:
        a = assess(PLANS[name], f"{name}.yaml")
        path = tmp_path / f"{name}-{kind}.html"
        path.write_text(RENDERERS[kind](a, kb), encoding="utf-8")
        page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        pages.append(page)
        page.goto(path.as_uri())
        return page

    yield run
    for page in pages:
        page.close()


def _bottom(page: Any, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return float(box["y"] + box["height"])


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("name", list(PLANS))
def test_start_today_is_on_the_first_screen(name: str, viewport: str, open_page: Any) -> None:
    width, height = VIEWPORTS[viewport]
    page = open_page(name, size=(width, height))
    assert page.locator("main > *").first.get_attribute("id") == "start-today"
    assert _bottom(page, "#start-today-heading") <= height
    assert _bottom(page, "#start-today .headline") <= height


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_typical_plans_first_session_is_on_the_first_screen(viewport: str, open_page: Any) -> None:
    width, height = VIEWPORTS[viewport]
    page = open_page("shoulder", size=(width, height))
    assert _bottom(page, "#start-today .today-list li") <= height


def test_folded_reasoning_is_closed_on_screen_and_printed_open(open_page: Any) -> None:
    page = open_page("shoulder")
    certainty = page.locator("#how-decided .level").first
    assert not certainty.is_visible()  # folded on screen
    page.emulate_media(media="print")
    assert certainty.is_visible()
    assert page.locator("#going-on details .circle").is_visible()


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.mark.parametrize("kind", ["sheet", "clinician"])
@pytest.mark.parametrize("name", list(PLANS))
def test_each_handout_prints_on_one_a4_page(name: str, kind: str, open_page: Any) -> None:
    page = open_page(name, kind)
    assert _pdf_pages(page.pdf(format="A4", print_background=True, prefer_css_page_size=True)) == 1


@pytest.mark.parametrize("kind", list(RENDERERS))
@pytest.mark.parametrize("name", ["shoulder", "see_doctor_caution", "emergency"])
def test_no_serious_accessibility_violation(name: str, kind: str, open_page: Any) -> None:
    need_for_browser_tests(AXE, "npm ci --prefix .ci/axe")
    page = open_page(name, kind)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => JSON.stringify(await axe.run(document))")
    violations = [v for v in json.loads(result)["violations"] if v["impact"] in ("serious", "critical")]
    assert not violations, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
