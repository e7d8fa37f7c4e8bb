"""A German name's form inside a sentence: given beside the name, used everywhere, checked by `kb check`.

German nouns keep their capitals mid-sentence, but a name that starts with an
article or an adjective does not ("Ihre Antwort könnte … machen: eine
schmerzbedingte Schonhaltung"). The overlays give those names their form
(``{text: ..., in_sentence: ...}``); a name starting with an article without
one is listed by ``regain kb check``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from knowledge_copy import copy_of_the_data, edit_once

from regain.cli import main
from regain.engine.questionnaire import Questionnaire
from regain.knowledge import KnowledgeBase, KnowledgeError, load_knowledge, load_knowledge_from
from regain.knowledge.grammar import Grammar
from regain.reports.why_text import why_lines

BLOCK = '    name:\n      text: "Eine Blockade im Gelenk"\n      in_sentence: "eine Blockade im Gelenk"\n'


@pytest.fixture(scope="module")
def german() -> KnowledgeBase:
    return load_knowledge("de")


@pytest.fixture()
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield from copy_of_the_data(tmp_path, monkeypatch)


def test_a_form_given_for_a_name_is_how_it_is_written_inside_a_sentence() -> None:
    grammar = Grammar(names_in_sentence="as_written").with_forms({"Eine Blockade": "eine Blockade"})
    assert grammar.in_sentence("Eine Blockade") == "eine Blockade"
    assert grammar.in_sentence("Blockade") == "Blockade"  # the near miss: a name without one
    assert Grammar(names_in_sentence="as_written").in_sentence("Eine Blockade") == "Eine Blockade"


@pytest.mark.parametrize(
    ("name", "form"),
    [
        (lambda kb: kb.wording.causes["pain_protective"].name, "eine schmerzbedingte Schonhaltung"),
        (lambda kb: kb.wording.causes["active_trigger_points"].name, "aktive Triggerpunkte"),
        (lambda kb: kb.other_causes["hip_capsular_pattern"].name, "ein steifes Hüftgelenk"),
        (lambda kb: kb.red_flags["pregnancy"].sign, "eine Schwangerschaft"),
        (lambda kb: kb.regions["low_back"].name, "unterer Rücken"),
        (lambda kb: kb.wording.tiers["see_doctor"], "zuerst ärztlich abklären"),
        (lambda kb: kb.wording.held_until["doctor_clearance"], "erst nach ärztlicher Freigabe"),
        (
            lambda kb: kb.steps["check_tender_spots"].title,
            "tasten Sie die Muskeln auf druckempfindliche Stellen ab",
        ),
        # the near misses: a noun keeps its capital, a name at the start of a line is as written
        (lambda kb: kb.regions["neck_back"].name, "Nacken"),
        (lambda kb: kb.red_flags["anticoagulants_or_bleeding_disorder"].sign[:8], "Einnahme"),
    ],
)
def test_the_german_names_that_start_with_no_noun_are_written_small_inside_a_sentence(
    german: KnowledgeBase, name: object, form: str
) -> None:
    written = name(german)  # type: ignore[operator]
    assert german.wording.grammar.in_sentence(written) == form
    assert written[:1].isupper()  # as written, at the start of a line


def test_english_names_are_unchanged_by_the_german_forms() -> None:
    english = load_knowledge()
    assert english.wording.grammar.forms == {}
    name = english.wording.causes["pain_protective"].name
    assert english.wording.grammar.in_sentence(name) == "a pain-protective pattern"


def test_the_german_why_text_names_a_cause_as_inside_a_sentence_without_quotes(german: KnowledgeBase) -> None:
    questionnaire = Questionnaire(german)
    lines = [line.text for line in why_lines(questionnaire, "pain_on_movement", {})]
    text = " ".join(lines)
    assert "eine schmerzbedingte Schonhaltung" in text
    assert "„eine schmerzbedingte Schonhaltung“" not in text and "Eine schmerzbedingte" not in text
    assert any(line.startswith("Derzeitige Einschätzung für ") for line in lines)


def test_kb_check_names_a_german_name_starting_with_an_article_without_its_form(data: Path) -> None:
    edit_once(data / "de" / "other_causes.yaml", BLOCK, '    name: "Eine Blockade im Gelenk"\n')
    result = CliRunner().invoke(main, ["kb", "check"])
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if "article" in line] == [
        "  de/other_causes.yaml: other_causes.joint_block.name: 'Eine Blockade im Gelenk' starts with an "
        "article ('Eine'): give its form inside a sentence, as {text: 'Eine Blockade im Gelenk', "
        "in_sentence: 'eine Blockade im Gelenk'}"
    ]
    # still usable meanwhile: the name is as written
    assert load_knowledge("de").other_causes["joint_block"].name == "Eine Blockade im Gelenk"


def test_kb_check_leaves_a_name_that_only_starts_like_an_article_alone(data: Path) -> None:
    # "Einnahme von ..." starts with the letters of "Ein", a noun all the same
    edit_once(data / "de" / "other_causes.yaml", BLOCK, '    name: "Einklemmung im Gelenk"\n')
    result = CliRunner().invoke(main, ["kb", "check"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        (
            '      text: "Eine Blockade im Gelenk"\n      in_sentence: "eine Blockade am Gelenk"\n',
            "de/other_causes.yaml: other_causes.joint_block.name.in_sentence: 'eine Blockade am Gelenk' is "
            "not 'Eine Blockade im Gelenk' with other capitals: the same words, as written inside a sentence",
        ),
        (
            '      text: "Eine Blockade im Gelenk"\n      form: "eine Blockade im Gelenk"\n',
            "de/other_causes.yaml: other_causes.joint_block.name: expected a text, or {text: ..., "
            "in_sentence: ...} (its form in a sentence)",
        ),
    ],
)
def test_a_form_in_other_words_or_under_another_key_is_refused(
    data: Path, written: str, problem: str
) -> None:
    edit_once(data / "de" / "other_causes.yaml", BLOCK, "    name:\n" + written)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge_from(data, "de")
    assert problem in caught.value.problems
