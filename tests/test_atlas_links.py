"""The knowledge atlas as written: every link resolves, and every entity has exactly one page.

The whole site is written once (``regain kb site``'s writer) and every page
parsed: each relative ``href``/``src`` must name a file of the folder and,
with a ``#fragment``, an ``id`` on that page; a ``url(#id)`` (an SVG marker)
an ``id`` on the same page. No link may leave the folder (no scheme, no
absolute path). The checker itself is shown to catch each kind of bad link.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from regain.knowledge import KnowledgeBase
from regain.reports import atlas_links
from regain.reports.atlas_folder import MANIFEST
from regain.reports.atlas_site import write_site

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_URL_REF = re.compile(r"url\(#([^)]+)\)")


class ParsedPage(HTMLParser):
    """One page: its ids, its links, the links inside each element with an id, its h1 and graph."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.refs: list[str] = []
        self.url_refs: list[str] = []
        self.inside: dict[str, list[str]] = {}
        self.h1 = ""
        self.nodes: dict[str, list[str]] = {}  # svg class -> data-node values
        self.edges: dict[str, list[tuple[str, str]]] = {}  # svg class -> (data-from, data-to)
        self._open: list[tuple[str, str | None]] = []
        self._svg: str | None = None
        self._in_h1 = False
        self.feed(text)
        self.close()

    def _attrs(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        for name in ("href", "src"):
            if found.get(name) is not None:
                self.refs.append(str(found[name]))
                for _, element_id in self._open:
                    if element_id:
                        self.inside.setdefault(element_id, []).append(str(found[name]))
        for value in found.values():
            self.url_refs += _URL_REF.findall(value or "")
        if tag == "svg" and self._svg is None:
            self._svg = (found.get("class") or "").split()[0] if found.get("class") else ""
        if self._svg is not None and found.get("data-node"):
            self.nodes.setdefault(self._svg, []).append(str(found["data-node"]))
        if self._svg is not None and found.get("data-from"):
            self.edges.setdefault(self._svg, []).append((str(found["data-from"]), str(found["data-to"])))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(tag, attrs)
        if tag == "h1":
            self._in_h1 = True
        if tag not in VOID:
            self._open.append((tag, dict(attrs).get("id")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False
        if tag == "svg" and not any(t == "svg" for t, _ in self._open[:-1]):
            self._svg = None
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1 += data


def parse_site(folder: Path) -> dict[str, ParsedPage]:
    return {p.name: ParsedPage(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.html"))}


def link_problems(pages: dict[str, ParsedPage], files: set[str]) -> list[str]:
    """Every link of ``pages`` that leaves the folder or does not resolve, as 'page: link'."""
    problems = []
    for name, page in pages.items():
        for ref in page.refs:
            if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^/|^\\", ref) or not ref:
                problems.append(f"{name}: {ref}: not a relative link")
                continue
            target, _, fragment = ref.partition("#")
            target = target or name
            if target not in files:
                problems.append(f"{name}: {ref}: no such file")
            elif fragment and (target not in pages or fragment not in pages[target].ids):
                problems.append(f"{name}: {ref}: no such id")
        problems += [f"{name}: url(#{i}): no such id" for i in page.url_refs if i not in page.ids]
        duplicates = {i for i in page.ids if page.ids.count(i) > 1}
        problems += [f"{name}: id {i} twice" for i in sorted(duplicates)]
    return problems


@pytest.fixture(scope="module")
def site(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("atlas") / "site"
    write_site(kb, folder)
    return folder


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, ParsedPage]:
    return parse_site(site)


def test_every_internal_link_resolves(site: Path, pages: dict[str, ParsedPage]) -> None:
    files = {p.name for p in site.iterdir()}
    assert link_problems(pages, files) == []
    assert sum(len(p.refs) for p in pages.values()) > 5000  # the pages do link


def test_the_checker_catches_every_kind_of_bad_link() -> None:
    page = ParsedPage(
        '<p id="a">x</p><a href="https://example.org/">1</a><a href="/etc/passwd">2</a>'
        '<a href="muscle-nope.html">3</a><a href="b.html#nope">4</a>'
        '<a href="#a">5</a><a href="b.html#b">6</a>'
        '<svg><path marker-end="url(#gone)"/></svg><i id="a"></i>'
    )
    other = ParsedPage('<h2 id="b">b</h2>')
    problems = link_problems({"a.html": page, "b.html": other}, {"a.html", "b.html"})
    assert problems == [
        "a.html: https://example.org/: not a relative link",
        "a.html: /etc/passwd: not a relative link",
        "a.html: muscle-nope.html: no such file",
        "a.html: b.html#nope: no such id",
        "a.html: url(#gone): no such id",
        "a.html: id a twice",
    ]


def _names(kb: KnowledgeBase, kind: str) -> Iterator[tuple[str, str]]:
    """(id, the name its page's h1 shows) of every entity of ``kind``."""
    entities = {
        "muscle": ((i, m.name) for i, m in kb.muscles.items()),
        "movement": ((i, m.name) for i, m in kb.movements.items()),
        "region": ((i, r.name) for i, r in kb.regions.items()),
        "red_flag": ((i, f.sign) for i, f in kb.red_flags.items()),
        "combination": ((i, c.name) for i, c in kb.combinations.items()),
        "exercise": ((i, e.name) for i, e in kb.exercises.items()),
    }
    yield from entities[kind]


@pytest.mark.parametrize("kind", atlas_links.PAGE_KINDS)
def test_exactly_one_page_per_entity_and_it_names_it(
    kind: str, kb: KnowledgeBase, site: Path, pages: dict[str, ParsedPage]
) -> None:
    named = dict(_names(kb, kind))
    prefix = kind.replace("_", "-") + "-"
    written = {p[len(prefix) : -len(".html")] for p in pages if p.startswith(prefix)}
    # a red-flag page is not taken for a region page, nor any kind for another
    assert written == set(named)
    for entity_id, name in named.items():
        page = pages[atlas_links.page_name(kind, entity_id)]
        assert page.h1.strip() == name
        assert (
            f'<code class="id">{entity_id}</code>'
            in (site / atlas_links.page_name(kind, entity_id)).read_text()
        )


def test_the_folder_holds_the_pages_the_stylesheet_the_script_and_the_manifest(
    kb: KnowledgeBase, site: Path
) -> None:
    names = {p.name for p in site.iterdir()}
    entities = sum(
        len(d) for d in (kb.muscles, kb.movements, kb.regions, kb.red_flags, kb.combinations, kb.exercises)
    )
    shared = {
        "index.html",
        "graph.html",
        "rules.html",
        "steps.html",
        "sources.html",
        "atlas.css",
        "search.js",
    }
    assert shared | {MANIFEST} <= names
    assert len(names) == entities + len(shared) + 1
    listed = {line.strip('"') for line in (site / MANIFEST).read_text().splitlines()}
    assert listed == names - {MANIFEST}


def _outside(text: str) -> list[str]:
    return [r for r in ParsedPage(text).refs if "//" in r or ":" in r.split("#")[0]]


def test_the_outside_check_sees_a_remote_resource_but_not_a_namespace() -> None:
    assert _outside('<img src="https://cdn.example/x.png"><link href="//cdn.example/a.css">') == [
        "https://cdn.example/x.png",
        "//cdn.example/a.css",
    ]
    assert _outside('<svg xmlns="http://www.w3.org/2000/svg"><a href="muscle-x.html#a">x</a></svg>') == []


def test_pages_load_nothing_from_outside(site: Path) -> None:
    for page in site.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert _outside(text) == [], page.name  # every href and src stays in the folder
        # no inline script anywhere (a strict Content-Security-Policy can forbid them): the
        # index's one script is the folder's search.js
        scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", text, re.S)
        assert scripts == ([""] if page.name == "index.html" else []), page.name
        assert text.count("<script") == len(scripts)
        assert ('<script src="search.js">' in text) == (page.name == "index.html")
        assert "<img" not in text and "@import" not in text
        assert "url(http" not in text and "url(//" not in text
    css = (site / "atlas.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css and "@font-face" not in css
    script = (site / "search.js").read_text(encoding="utf-8")
    assert "fetch(" not in script and "XMLHttpRequest" not in script and "//" + "cdn" not in script
