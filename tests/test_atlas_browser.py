"""The knowledge atlas in Chromium: the search filters, nothing leaves the folder, axe finds nothing serious.

- Typing a muscle's name leaves only the entries that match visible (and
  hides groups left empty); nonsense leaves none, with a status line that
  says so; clearing shows all again. Without JavaScript the full list is
  there and the search box is not shown.
- No page logs a console error or asks for anything outside its folder,
  opened from disk (file://) or served over HTTP.
- axe-core reports no serious or critical violation on the index, a muscle
  page and the graph page.

Every test runs on the atlas in English and in German: the search's label
and status lines are the page's own words (the German ones from the
catalog), so the script works in any language the page is written in.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import AXE, need_for_browser_tests

from regain.knowledge import KnowledgeBase, load_knowledge
from regain.knowledge.messages import translations
from regain.reports.atlas_site import write_site

pytestmark = pytest.mark.browser

PAGES = [
    "index.html",
    "muscle-upper_trapezius.html",
    "graph.html",
    "rules.html",
    "steps.html",
    "region-jaw.html",
]


@dataclass(frozen=True)
class Atlas:
    """The atlas written in one language, with its knowledge base and its catalog's words."""

    folder: Path
    kb: KnowledgeBase
    say: Callable[[str], str]

    def name(self, muscle_id: str) -> str:
        return self.kb.muscles[muscle_id].name


@pytest.fixture(scope="module", params=["en", "de"])
def atlas(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Atlas:
    kb = load_knowledge(request.param)
    folder = tmp_path_factory.mktemp(f"atlas-{request.param}") / "site"
    write_site(kb, folder)
    return Atlas(folder, kb, translations(kb.language).gettext)


@pytest.fixture(scope="module")
def site(atlas: Atlas) -> Path:
    return atlas.folder


@pytest.fixture
def open_page(browser: Any, site: Path) -> Iterator[Callable[..., Any]]:
    contexts: list[Any] = []

    def run(name: str, *, javascript: bool = True, size: tuple[int, int] = (1280, 900)) -> Any:
        context = browser.new_context(
            java_script_enabled=javascript, viewport={"width": size[0], "height": size[1]}
        )
        contexts.append(context)
        page = context.new_page()
        page.goto((site / name).as_uri())
        return page

    yield run
    for context in contexts:
        context.close()


def _visible_names(page: Any, group: str) -> list[str]:
    return page.locator(f"#group-{group} li:visible a").all_inner_texts()


def test_typing_a_muscle_name_filters_the_list(open_page: Any, atlas: Atlas) -> None:
    page = open_page("index.html")
    box = page.get_by_label(atlas.say("Search by name, id or text"))
    assert box.is_visible()
    total = page.locator("#entries li").count()
    assert page.locator("#search-status").inner_text() == atlas.say("All {n} entries.").format(n=total)
    box.fill("trapezius")
    shown = page.locator("#entries li:visible")
    assert 0 < shown.count() < total
    for text in page.locator("#entries li:visible").evaluate_all("els => els.map(e => e.dataset.search)"):
        assert "trapezius" in text
    assert atlas.name("upper_trapezius") in _visible_names(page, "muscle")
    assert atlas.name("masseter") not in _visible_names(page, "muscle")
    assert not page.locator("#group-combination").is_visible()  # no combination mentions it
    said = atlas.say("{n} entries match.").format(n=shown.count())
    assert page.locator("#search-status").inner_text() == said


def test_several_words_must_all_match_and_accents_do_not_matter(open_page: Any, atlas: Atlas) -> None:
    page = open_page("index.html")
    box = page.get_by_label(atlas.say("Search by name, id or text"))
    box.fill("UPPER   Trapézius")
    assert _visible_names(page, "muscle") == [atlas.name("upper_trapezius")]
    box.fill("upper trapezius zzzz")  # near miss: one word that matches nothing
    assert page.locator("#entries li:visible").count() == 0
    assert page.locator("#search-status").inner_text() == atlas.say("Nothing matches.")
    box.fill("")
    assert page.locator("#entries li:visible").count() == page.locator("#entries li").count()


def test_the_search_finds_an_entry_by_the_words_its_page_shows(open_page: Any, atlas: Atlas) -> None:
    """A name typed without its accents finds it; the kind shown beside an exercise is searchable."""
    page = open_page("index.html")
    box = page.get_by_label(atlas.say("Search by name, id or text"))
    name = atlas.name("temporalis")  # "Schläfenmuskel (M. temporalis)" in German
    box.fill(name.split(" ")[0].upper().replace("Ä", "A"))
    assert name in _visible_names(page, "muscle")
    box.fill(atlas.say("full_range"))  # an exercise's kind, as the index writes it
    shown = page.locator("#group-exercise li:visible").count()
    assert 0 < shown < page.locator("#group-exercise li").count()
    assert page.locator("#search-status").inner_text() != atlas.say("Nothing matches.")


def test_without_javascript_the_whole_list_is_there(open_page: Any, atlas: Atlas) -> None:
    page = open_page("index.html", javascript=False)
    assert not page.locator("#search").is_visible()
    total = page.locator("#entries li").count()
    assert total > 300 and page.locator("#entries li:visible").count() == total
    page.locator("#group-muscle a", has_text=atlas.name("upper_trapezius")).click()
    assert page.locator("h1").inner_text() == atlas.name("upper_trapezius")


def _watch(page: Any, errors: list[str], requests: list[str]) -> None:
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))


def test_no_console_errors_and_no_requests_outside_the_folder(browser: Any, site: Path) -> None:
    page = browser.new_page()
    errors: list[str] = []
    requests: list[str] = []
    _watch(page, errors, requests)
    try:
        for name in PAGES:
            page.goto((site / name).as_uri())
            page.wait_for_load_state("load")
        page.goto((site / "index.html").as_uri())
        page.locator("#search-box").fill("shoulder")
    finally:
        page.close()
    assert errors == []
    folder = site.as_uri() + "/"
    assert [u for u in requests if not u.startswith(folder)] == []
    assert folder + "atlas.css" in requests and folder + "search.js" in requests


@pytest.fixture
def served(site: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_it_works_when_the_folder_is_served(browser: Any, served: str, atlas: Atlas) -> None:
    page = browser.new_page()
    errors: list[str] = []
    requests: list[str] = []
    _watch(page, errors, requests)
    responses: list[int] = []
    # Chromium asks a server for /favicon.ico on its own; the pages ask for nothing missing.
    page.on("response", lambda r: r.url.endswith("/favicon.ico") or responses.append(r.status))
    try:
        page.goto(served + "index.html")
        page.get_by_role("link", name=atlas.say("Graph"), exact=True).click()
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text() == atlas.say("The knowledge graph")
        page.locator('svg.graph a[data-node="muscle:masseter"]').click()
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text() == atlas.name("masseter")
        color = page.evaluate("getComputedStyle(document.querySelector('h2')).color")
    finally:
        page.close()
    assert color == "rgb(29, 79, 145)"  # the stylesheet loaded
    assert [e for e in errors if "404" not in e] == [] and set(responses) <= {200, 304}
    assert len(errors) <= 1  # at most the favicon's 404
    assert [u for u in requests if not u.startswith(served)] == []


@pytest.mark.parametrize("name", ["index.html", "muscle-upper_trapezius.html", "graph.html"])
@pytest.mark.parametrize("size", [(1280, 900), (390, 844)])
def test_no_serious_accessibility_violation(name: str, size: tuple[int, int], open_page: Any) -> None:
    need_for_browser_tests(AXE, "npm ci --prefix .ci/axe")
    page = open_page(name, size=size)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => JSON.stringify(await axe.run(document))")
    violations = [v for v in json.loads(result)["violations"] if v["impact"] in ("serious", "critical")]
    assert not violations, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


def test_every_muscle_page_draws_its_picture(open_page: Any, site: Path, atlas: Atlas) -> None:
    """Each muscle's figure is on screen at phone width with an X and a shaded zone."""
    page = open_page("index.html", size=(390, 844))
    for muscle_id in atlas.kb.muscles:
        page.goto((site / f"muscle-{muscle_id}.html").as_uri())
        art = page.locator("#trigger-points svg.figure-art")
        box = art.bounding_box()
        assert box is not None and box["width"] > 150 and box["height"] > 80, muscle_id
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, muscle_id
        drawn = art.evaluate(
            "svg => ({tp: [...svg.querySelectorAll('.marks .tp')].filter(p => p.getBBox().width > 0).length,"
            " zone: [...svg.querySelectorAll('path.zone')].filter(p => p.getBBox().width > 0).length})"
        )
        assert drawn["tp"] >= 1 and drawn["zone"] >= 1, (muscle_id, drawn)
