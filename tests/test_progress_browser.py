"""The progress page in Chromium, at a phone's width (390×844) and a desktop's (1280×900).

- Each plot is visible, has a size, fits the width of the screen, and its
  text is rendered at least 11 px high; the page never scrolls sideways.
- Each plot's text alternative is its title and description (role="img").
- The numbers beneath each plot print open.
- axe-core finds no serious or critical accessibility violation.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import AXE, need_for_browser_tests
from progress_journals import load_journal

from regain.engine.assess import Assessor
from regain.knowledge import KnowledgeBase
from regain.reports.progress_html import render_progress_html

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 900)}
#: The smallest rendered size of any text inside a plot, in CSS pixels.
SMALLEST_TEXT = """(svg) => Math.min(...[...svg.querySelectorAll('text')].map(
    t => parseFloat(getComputedStyle(t).fontSize) * Math.hypot(t.getScreenCTM().a, t.getScreenCTM().b)))"""


@pytest.fixture
def open_page(
    browser: Any, tmp_path: Path, assessor: Assessor, kb: KnowledgeBase
) -> Iterator[Callable[..., Any]]:
    pages: list[Any] = []

    def run(name: str, size: tuple[int, int], entries: int | None = None) -> Any:
        j = load_journal(name, assessor, entries)
        path = tmp_path / f"{name}-{entries}.html"
        path.write_text(
            render_progress_html(kb, j.journal_id, j.baseline, j.start, j.entries, j.assessment),
            encoding="utf-8",
        )
        page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        pages.append(page)
        page.goto(path.as_uri())
        return page

    yield run
    for page in pages:
        page.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_each_plot_is_visible_fits_and_is_readable(viewport: str, open_page: Any) -> None:
    width, height = VIEWPORTS[viewport]
    page = open_page("classic", (width, height))
    plots = page.locator(".plot-image svg")
    assert plots.count() == 4
    for i in range(plots.count()):
        svg = plots.nth(i)
        svg.scroll_into_view_if_needed()
        assert svg.is_visible()
        box = svg.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 50, box
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (i, box)
        assert svg.evaluate(SMALLEST_TEXT) >= 11, (viewport, i, svg.evaluate(SMALLEST_TEXT))
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_text_check_would_catch_a_plot_drawn_too_small(open_page: Any) -> None:
    # the near miss: the same plot squeezed to a third of a phone's width reads below 11 px
    page = open_page("classic", VIEWPORTS["phone"])
    svg = page.locator(".plot-image svg").first
    assert svg.evaluate(SMALLEST_TEXT) >= 11
    page.add_style_tag(content=".plot-image { width: 33%; }")
    assert svg.evaluate(SMALLEST_TEXT) < 11


def test_each_plot_is_an_image_named_by_its_title_and_description(open_page: Any) -> None:
    page = open_page("classic", VIEWPORTS["phone"])
    images = page.get_by_role("img")
    assert images.count() == 4
    pain = page.get_by_role("img", name="Pain over time")
    assert pain.count() == 1
    described = pain.evaluate("e => document.getElementById(e.getAttribute('aria-describedby')).textContent")
    assert described.startswith("Pain at rest: 2 at the start")


def test_the_decision_is_on_the_first_screen_of_a_phone(open_page: Any) -> None:
    page = open_page("classic", VIEWPORTS["phone"])
    assert page.locator("main > *").first.get_attribute("id") == "now"
    box = page.locator("#now .decision").bounding_box()
    assert box is not None and box["y"] + box["height"] <= VIEWPORTS["phone"][1]


def test_the_numbers_are_folded_on_screen_and_printed_open(open_page: Any) -> None:
    page = open_page("classic", VIEWPORTS["desktop"])
    table = page.locator("#plot-pain table")
    assert not table.is_visible()
    page.emulate_media(media="print")
    assert table.is_visible()


@pytest.mark.parametrize(("name", "entries"), [("classic", None), ("classic", 0), ("red_flag", None)])
def test_no_serious_accessibility_violation(name: str, entries: int | None, open_page: Any) -> None:
    need_for_browser_tests(AXE, "npm ci --prefix .ci/axe")
    page = open_page(name, VIEWPORTS["phone"], entries)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => JSON.stringify(await axe.run(document))")
    violations = [v for v in json.loads(result)["violations"] if v["impact"] in ("serious", "critical")]
    assert not violations, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
