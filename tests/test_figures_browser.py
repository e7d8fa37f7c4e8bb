"""The body figures in a real browser: every muscle card's picture and the body map, phone and desktop.

Marked ``browser``, with the Chromium fixture of ``test_html_browser.py``. The
cases: the bundled shoulder example and a few seeded generated cases
(``benchmarks/generate.py``) that have muscle cards.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import benchmark_scripts
import pytest
import yaml
from conftest import ROOT

from regain.knowledge import KnowledgeBase
from regain.reports.html import render_html

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 900)}
#: How many generated cases to look at, and the seed they come from.
GENERATED, SEED = 4, 20

#: Per muscle card: its figure's box, and the boxes of its X marks and shaded zones.
_CARDS = """
() => [...document.querySelectorAll('article.card')].map(card => {
  const svg = card.querySelector('svg.figure-art');
  const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; };
  const shown = el => getComputedStyle(el).visibility !== 'hidden' && getComputedStyle(el).display !== 'none';
  return {
    id: card.id,
    svg: svg ? box(svg) : null,
    svgShown: svg ? shown(svg) : false,
    marks: svg ? [...svg.querySelectorAll('.tp')].map(box) : [],
    zones: svg ? [...svg.querySelectorAll('path.zone')].filter(shown).map(box) : [],
  };
})
"""


#: How wide the body map is drawn: the <svg> element may be wider than its drawing, which
#: keeps its aspect ratio and is centred in it.
_DRAWN_WIDTH = """
() => {
  const svg = document.querySelector('#body-map svg.figure-art');
  const box = svg.getBoundingClientRect(), vb = svg.viewBox.baseVal;
  return Math.min(box.width, box.height * vb.width / vb.height);
}
"""


def _cases(assess: Any, kb: KnowledgeBase) -> dict[str, Any]:
    shoulder = yaml.safe_load((ROOT / "examples" / "shoulder.yaml").read_text(encoding="utf-8"))
    cases = {"shoulder": assess(shoulder, "shoulder.yaml")}
    generate = benchmark_scripts.load("generate")
    for data in generate.generate_cases(kb, 60, SEED):
        a = assess(data, f"{data['id']}.yaml")
        if a.muscles and a.triage not in ("emergency", "urgent") and len(cases) <= GENERATED:
            cases[data["id"]] = a
    assert len(cases) == GENERATED + 1
    return cases


@pytest.fixture(scope="module")
def pages(browser: Any, tmp_path_factory: pytest.TempPathFactory, assess: Any, kb: KnowledgeBase):
    """Each case's plan, written once; opened on demand at a viewport."""
    folder: Path = tmp_path_factory.mktemp("figures")
    paths = {}
    for name, a in _cases(assess, kb).items():
        path = folder / f"{name}.html"
        path.write_text(render_html(a, kb), encoding="utf-8")
        paths[name] = (path, a)
    opened: list[Any] = []

    def open_page(name: str, viewport: str) -> tuple[Any, Any]:
        width, height = VIEWPORTS[viewport]
        page = browser.new_page(viewport={"width": width, "height": height})
        opened.append(page)
        path, a = paths[name]
        page.goto(path.as_uri())
        return page, a

    yield paths, open_page
    for page in opened:
        page.close()


def _inside(inner: list[float], outer: list[float]) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return ox - 1 <= x and oy - 1 <= y and x + w <= ox + ow + 1 and y + h <= oy + oh + 1


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_muscle_card_shows_its_figure(pages: Any, viewport: str) -> None:
    paths, open_page = pages
    for name in paths:
        page, a = open_page(name, viewport)
        cards = page.evaluate(_CARDS)
        assert len(cards) == min(len(a.muscles), 6), name
        for card in cards:
            where = f"{name} {viewport} {card['id']}"
            assert card["svg"] and card["svgShown"], where
            assert card["svg"][2] > 100 and card["svg"][3] > 80, f"{where}: figure {card['svg']}"
            assert card["marks"], f"{where}: no trigger-point mark"
            assert card["zones"], f"{where}: no shaded zone"
            for box in card["marks"] + card["zones"]:
                assert box[2] > 0 and box[3] > 0, f"{where}: an empty mark or zone {box}"
            for box in card["marks"]:
                assert _inside(box, card["svg"]), f"{where}: an X outside its figure {box}"


def test_body_map_is_large_on_a_phone(pages: Any) -> None:
    paths, open_page = pages
    for name in paths:
        page, _ = open_page(name, "phone")
        assert page.evaluate(_DRAWN_WIDTH) >= 340, name
        zones = page.locator("#body-map path.zone")
        assert zones.count() >= 1 and zones.first.is_visible(), name
        # The text list is still there, for a screen reader and for print.
        assert page.locator("#body-map h3").count() == 2


def test_a_too_narrow_body_map_would_be_caught(pages: Any) -> None:
    """Near miss of the test above: the same page squeezed to 300 px is below the mark."""
    _, open_page = pages
    page, _ = open_page("shoulder", "phone")
    page.set_viewport_size({"width": 300, "height": 844})
    assert page.evaluate(_DRAWN_WIDTH) < 340
