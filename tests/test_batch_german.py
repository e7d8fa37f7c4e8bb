"""The batch overview in German (``regain batch --lang de``): no English left, the batch's own words.

A few example cases (the bundled examples; the CSV's case ids, a person's own
words, given German ones) are run through the command line in German and in
English, and every overview page (``index.html`` and ``sorted/*.html``) is
read as a person reads it (tests/english_words.py). The English overview of
the same cases is the near miss: the check finds its English.
"""

from __future__ import annotations

import contextlib
import csv
import shutil

import pytest
from click.testing import CliRunner
from conftest import ROOT
from english_words import english_words, page_text

from regain.batch.summary import BatchSummary, CaseRow
from regain.cli import main
from regain.knowledge import load_knowledge
from regain.reports.batch_index import SORTS, render_index

#: The CSV's case ids, as a German-speaking person might name them.
GERMAN_IDS = {"knee-after-cast": "knie-nach-gips", "hip-block": "huefte-blockiert", "calf-warning": "wade"}


@pytest.fixture(scope="module")
def overviews(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """language -> overview page (relative path) -> its HTML, for the same cases."""
    cases = tmp_path_factory.mktemp("faelle")
    shutil.copy(ROOT / "examples" / "shoulder.yaml", cases / "schulter.yaml")
    shutil.copy(ROOT / "examples" / "neck.json", cases / "nacken.json")
    with (ROOT / "examples" / "cases.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    for row in rows[1:]:
        row[0] = GERMAN_IDS[row[0]]
    with (cases / "liste.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    pages: dict[str, dict[str, str]] = {}
    for language in ("de", "en"):
        out = cases.parent / f"ergebnis-{language}"
        with contextlib.chdir(cases.parent):  # the source column shows the path as given: faelle/...
            result = CliRunner().invoke(
                main, ["batch", cases.name, "--out", out.name, "--jobs", "1", "--lang", language]
            )
        assert result.exit_code == 0, result.output
        pages[language] = {
            str(p.relative_to(out)): p.read_text(encoding="utf-8")
            for p in [out / "index.html", *sorted((out / "sorted").glob("*.html"))]
        }
    return pages


def test_no_english_is_left_on_any_german_overview_page(overviews: dict[str, dict[str, str]]) -> None:
    german = overviews["de"]
    assert len(german) == len(SORTS)
    for path, html in german.items():
        assert '<html lang="de">' in html, path
        assert "5 Fälle: 5 ausgewertet, 0 ungültig." in html, path
        assert english_words(page_text(html, "de")) == [], path


def test_near_miss_the_english_overview_of_the_same_cases_is_english(
    overviews: dict[str, dict[str, str]],
) -> None:
    for path, html in overviews["en"].items():
        found = english_words(page_text(html, "en"))  # its text, read in its own language
        assert any("Sorted by" in w for w in found), (path, found)


def test_the_overview_says_its_words_in_german(overviews: dict[str, dict[str, str]]) -> None:
    german, english = overviews["de"], overviews["en"]
    words = load_knowledge("de").wording
    by_self_help = german["sorted/by-self_help.html"]
    # a German noun keeps its capital inside a sentence (grammar.in_sentence), an English one not
    assert "<p>Sortiert nach Selbsthilfe. Wählen Sie" in by_self_help
    assert "<p>Sorted by self-help. Choose" in english["sorted/by-self_help.html"]
    assert '<th scope="col" aria-sort="ascending">Selbsthilfe</th>' in by_self_help
    assert f"<td>{words.overview['likely']}</td>" in german["index.html"]
    assert f"<p>{words.overview['disclaimer']}</p>" in german["index.html"]
    assert ">plan</a>" in english["index.html"] and ">Plan</a>" in german["index.html"]


def _one_case(language: str) -> str:
    row = CaseRow(
        source="eins.yaml",
        status="ok",
        case_id="eins",
        stem="eins",
        triage="self_care",
        self_help="start",
        pain_protective="likely",
        shortening_adhesion="possible",
    )
    bad = CaseRow(source="zwei.yaml", status="invalid", case_id="zwei", errors=["zwei.yaml: kaputt"])
    return "".join(dict(render_index(BatchSummary([row, bad], ("html",)), language))["sorted/by-case.html"])


def test_a_count_takes_the_form_its_number_needs() -> None:
    german = _one_case("de")
    assert "<title>regain-Stapelverarbeitung: 2 Fälle</title>" in german
    assert ">1 ungültiger Fall</a> ist auf der Hauptübersicht aufgeführt." in german  # singular
    assert "<td>wahrscheinlich</td><td>möglich</td>" in german
    english = _one_case("en")  # near miss: English keeps its one form
    assert "<title>regain batch: 2 cases</title>" in english
    assert ">1 invalid case(s)</a> are listed on the main overview." in english
    assert "<td>likely</td><td>possible</td>" in english
