"""The knowledge atlas in German: no English left on any page, every link resolves, German numbers.

The whole German atlas (``regain kb site --lang de``) is written once and
every page read as a person reads it (tests/english_words.py): what is left
after the parts marked ``lang="en"`` (a source cited as published, the
data's ids) must hold no English function word. The atlas's own link checks
(tests/test_atlas_links.py) run on it too, and each entity's page is named
by its German name. Each check has its near miss.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from english_words import english_words, page_text
from test_atlas_links import ParsedPage, link_problems, parse_site

from regain.cli import main
from regain.knowledge import KnowledgeBase, load_knowledge
from regain.reports import atlas_links
from regain.reports.atlas_site import render_site, write_site

#: German words that are English function words too, as written in the German texts: "um den
#: After" (red_flags.yaml, de) is the German noun, capitalised inside a sentence.
GERMAN_NOUNS = re.compile(r"(?<=[a-zäöüß,] )After\b")


def english_left(html: str) -> list[str]:
    """The English function words a German reader meets on the page (none, when all is German)."""
    return english_words(GERMAN_NOUNS.sub("", page_text(html, "de")))


@pytest.fixture(scope="module")
def german() -> KnowledgeBase:
    return load_knowledge("de")


@pytest.fixture(scope="module")
def site(german: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("atlas-de") / "site"
    write_site(german, folder)
    return folder


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, ParsedPage]:
    return parse_site(site)


def test_no_page_of_the_german_atlas_has_english_left(site: Path) -> None:
    left = {}
    for page in sorted(site.glob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="de">' in html, page.name
        found = english_left(html)
        if found:
            left[page.name] = found[:5]
    assert left == {}
    assert len(list(site.glob("*.html"))) > 200  # every page was read


def test_near_miss_a_source_not_marked_english_is_english_left(site: Path) -> None:
    html = (site / "sources.html").read_text(encoding="utf-8")
    assert english_left(html) == []
    unmarked = html.replace('<p lang="en">', "<p>")
    assert "Travell" in page_text(unmarked, "de") and english_left(unmarked) != []


def test_near_miss_an_english_label_left_in_a_german_page_is_found(site: Path) -> None:
    html = (site / "muscle-upper_trapezius.html").read_text(encoding="utf-8")
    assert "Zum Inhalt springen" in html
    assert english_left(html.replace("Zum Inhalt springen", "Skip to the content")) == [
        "Skip to the content regain",  # "to", then "the"
        "Skip to the content regain Wissensatlas",
    ]


def test_a_german_noun_is_not_taken_for_english_but_the_english_word_is() -> None:
    assert english_left("<p>Taubheit um den After, oder neue Probleme</p>") == []
    assert english_left("<p>Dehnen Sie after dem Aufwärmen</p>") != []  # lower case: English
    assert english_left("<p>After dem Aufwärmen dehnen</p>") != []  # a sentence's first word


def test_every_link_of_the_german_atlas_resolves(site: Path, pages: dict[str, ParsedPage]) -> None:
    files = {p.name for p in site.iterdir()}
    assert link_problems(pages, files) == []
    assert sum(len(p.refs) for p in pages.values()) > 5000


@pytest.mark.parametrize("kind", atlas_links.PAGE_KINDS)
def test_each_entity_page_is_named_in_german(
    kind: str, german: KnowledgeBase, kb: KnowledgeBase, pages: dict[str, ParsedPage]
) -> None:
    entities = {
        "muscle": (german.muscles, kb.muscles, "name"),
        "movement": (german.movements, kb.movements, "name"),
        "region": (german.regions, kb.regions, "name"),
        "red_flag": (german.red_flags, kb.red_flags, "sign"),
        "combination": (german.combinations, kb.combinations, "name"),
        "exercise": (german.exercises, kb.exercises, "name"),
    }
    in_german, in_english, field = entities[kind]
    assert set(in_german) == set(in_english)
    renamed = 0
    for entity_id, entity in in_german.items():
        h1 = pages[atlas_links.page_name(kind, entity_id)].h1.strip()
        assert h1 == getattr(entity, field), entity_id
        renamed += h1 != getattr(in_english[entity_id], field)
    assert renamed > len(in_german) // 2  # near miss: the English name is not what the page shows


def test_the_ids_stay_and_are_marked_english(site: Path) -> None:
    html = (site / "muscle-masseter.html").read_text(encoding="utf-8")
    assert '<code class="id" lang="en">masseter</code>' in html
    english = render_site(load_knowledge("en"))["muscle-masseter.html"]
    assert '<code class="id">masseter</code>' in english and 'lang="en"' not in english.split("<body", 1)[1]


def test_numbers_are_written_as_german_writes_them(site: Path) -> None:
    rules = (site / "rules.html").read_text(encoding="utf-8")
    weights = re.findall(r'<span class="cf(?: against)?">([^<]+)</span>', rules)
    assert weights and all(re.fullmatch(r"[+-]\d+(,\d+)?", w) for w in weights)
    assert any("," in w for w in weights)
    english = render_site(load_knowledge("en"))["rules.html"]
    english_weights = re.findall(r'<span class="cf(?: against)?">([^<]+)</span>', english)
    assert [w.replace(".", ",") for w in english_weights] == weights  # the same numbers, a comma apart
    assert any("." in w for w in english_weights)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("de", "ist nicht leer und wurde nicht von regain kb site geschrieben (notiz.txt): wählen Sie"),
        ("en", "is not empty and was not written by regain kb site (notiz.txt): choose"),
    ],
)
def test_a_folder_refused_is_said_in_the_language_asked_for(tmp_path: Path, language: str, said: str) -> None:
    (tmp_path / "notiz.txt").write_text("meins", encoding="utf-8")
    result = CliRunner().invoke(main, ["kb", "site", str(tmp_path), "--lang", language])
    assert result.exit_code == 2
    assert said in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notiz.txt"]  # nothing written
