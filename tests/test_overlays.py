"""A language's overlay laid over the English knowledge base, and what ``kb check`` says of it.

The overlays here are the small fixtures of ``tests/data/overlays/de/``, laid over a
copy of the real English data that declares ``languages: [en, de]``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import declare
from knowledge_copy import put_at

from regain.knowledge import KnowledgeError, load_knowledge_from
from regain.knowledge.loader import DATA_DIR, translation_problems

FIXTURES = Path(__file__).parent / "data" / "overlays" / "de"


@pytest.fixture()
def german(tmp_path: Path) -> Path:
    """A copy of the knowledge base that speaks German, with the fixture overlays."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    shutil.rmtree(data / "de", ignore_errors=True)  # only the fixtures, whatever the tree holds
    declare(data, "[en, de]")
    shutil.copytree(FIXTURES, data / "de")
    return data


def edit(data: Path, name: str, change: Callable[[Any], None]) -> None:
    path = data / "de" / name
    overlay = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(overlay)
    path.write_text(yaml.safe_dump(overlay, allow_unicode=True, sort_keys=False), encoding="utf-8")


def overlay_lines(data: Path) -> list[str]:
    """What ``kb check`` says of the overlays in ``data``, without the lock's lines.

    The fixtures have no lock file (which English each text translates:
    ``tests/test_translation_lock.py``), so every text would be "not recorded".
    """
    return [p for p in translation_problems(data, "de") if "against its English" not in p]


def problems_of(data: Path) -> list[str]:
    return [p for p in overlay_lines(data) if "no translation" not in p and "missing (" not in p]


# -- the merge ------------------------------------------------------------------------------------


def test_german_texts_replace_the_english_ones(german: Path) -> None:
    kb = load_knowledge_from(german, "de")
    assert kb.language == "de"
    assert kb.involves["lying_face_down"].text == "Bauchlage"
    assert kb.areas["neck"] == "Hals und Nacken"
    assert kb.wording.phrases["see_step"] == "siehe Schritt {number}."
    assert kb.questions["side"].text == "Welche Seite ist betroffen?"
    # what is not translated comes from English: ids, numbers, conditions, sources
    assert [o.value for o in kb.questions["side"].options] == ["left", "right", "both"]
    assert kb.questions["side"].section == "movement"
    english = load_knowledge_from(german)
    assert kb.inference == english.inference and kb.sources == english.sources


def test_an_english_text_without_a_translation_stays_english(german: Path) -> None:
    kb = load_knowledge_from(german, "de")
    english = load_knowledge_from(german)
    assert english.language == "en"
    assert kb.muscles["masseter"].name == english.muscles["masseter"].name  # no de/muscles.yaml
    assert kb.wording.phrases["alongside"] == english.wording.phrases["alongside"]  # not in the overlay
    assert kb.wording.phrases["see_step"] != english.wording.phrases["see_step"]  # the near miss


def test_a_list_of_texts_is_translated_item_by_item(german: Path) -> None:
    steps = load_knowledge_from(german, "de").wording.explanations["vicious_circle"].steps
    assert steps == ("Schmerz", "Schonhaltung", "Überlastete Muskeln", "Triggerpunkte", "Mehr Schmerz")


def test_words_a_person_types_are_the_languages_own_list(german: Path) -> None:
    kb = load_knowledge_from(german, "de")
    assert kb.answers.words.yes == ("ja", "j", "jawohl")  # three, where English has more
    also = [o.also for o in kb.questions["side"].options]
    assert also[0] == ("l", "linke seite") and len(also[1]) == 5  # any length, per option
    assert "yes" not in kb.answers.words.yes


def test_numbers_as_words_get_the_languages_word_and_keep_their_value(german: Path) -> None:
    numbers = load_knowledge_from(german, "de").answers.numbers
    assert numbers["fünf"] == 5 and numbers["zwölf"] == 12
    assert "five" not in numbers
    assert numbers["six"] == 6  # not translated: the English word stays


def test_a_setting_of_the_language_is_its_own(german: Path) -> None:
    assert load_knowledge_from(german, "de").wording.grammar.names_in_sentence == "as_written"
    assert load_knowledge_from(german).wording.grammar.names_in_sentence == "lower_first"
    edit(german, "wording.yaml", lambda o: o.pop("grammar"))
    assert load_knowledge_from(german, "de").wording.grammar.names_in_sentence == "lower_first"
    assert "de/wording.yaml: grammar: no translation (1 text in English)" in translation_problems(
        german, "de"
    )
    edit(german, "wording.yaml", put_at("grammar", {}))
    assert (
        "de/wording.yaml: grammar.names_in_sentence: no translation: not set for this language "
        "(English: 'lower_first')"
    ) in overlay_lines(german)
    edit(german, "wording.yaml", put_at("grammar", {"names_in_sentence": "capitalised"}))
    with pytest.raises(KnowledgeError) as caught:  # validated as the English value is
        load_knowledge_from(german, "de")
    assert any("wording.yaml:" in p and "grammar.names_in_sentence" in p for p in caught.value.problems)


# -- what kb check reports: missing texts ---------------------------------------------------------


def test_every_missing_text_is_listed_with_file_and_path(german: Path) -> None:
    problems = overlay_lines(german)
    assert any(p.startswith("de/muscles.yaml: missing (") and "texts to translate" in p for p in problems)
    assert any(
        p.startswith("de/wording.yaml: phrases.alongside: no translation (English: ") for p in problems
    )
    assert "de/answers.yaml: numbers.six: no translation (the word for 'six')" in problems
    # a whole entry left out is one line, not one per text
    assert any(p.startswith("de/questions.yaml: questions.age: no translation (") for p in problems)
    assert not any(p.startswith("de/questions.yaml: questions.age.") for p in problems)
    # the near miss: what the overlays do translate is not listed
    assert not any(p.startswith(("de/involves.yaml", "de/meta.yaml")) for p in problems)
    assert not any("questions.side" in p for p in problems)


def test_a_complete_overlay_has_no_missing_text(german: Path) -> None:
    assert problems_of(german) == []  # the fixtures are right, only incomplete
    problems = overlay_lines(german)
    assert not [p for p in problems if p.startswith("de/involves.yaml")]


# -- what kb check reports: a wrong overlay -------------------------------------------------------


WRONG: dict[str, tuple[str, Callable[[Any], None], str]] = {
    "a key the English has not": (
        "involves.yaml",
        put_at("involves", "lying_face_down", "colour", "rot"),
        "de/involves.yaml: involves.lying_face_down.colour: not in the English file",
    ),
    "an id the English has not": (
        "involves.yaml",
        put_at("involves", "lying_face_dwon", {"text": "Bauchlage"}),
        "de/involves.yaml: involves.lying_face_dwon: not in the English file",
    ),
    "a field that is not translated": (
        "questions.yaml",
        put_at("questions", "side", "section", "bewegung"),
        "de/questions.yaml: questions.side.section: not translated: it stays as in English",
    ),
    "a source": (
        "involves.yaml",
        put_at("source", "Eine Quelle, übersetzt"),
        "de/involves.yaml: source: not translated: it stays as in English",
    ),
    "an optional text the English has not": (
        "involves.yaml",
        put_at("involves", "lying_face_down", "warning", "Achtung"),
        "de/involves.yaml: involves.lying_face_down.warning: not in the English file",
    ),
    "a list of another length": (
        "wording.yaml",
        put_at("explanations", "vicious_circle", "steps", ["Schmerz", "Schonhaltung"]),
        "de/wording.yaml: explanations.vicious_circle.steps: 2 items; the English has 5",
    ),
    "a list of options of another length": (
        "questions.yaml",
        lambda o: o["questions"]["side"]["options"].pop(),
        "de/questions.yaml: questions.side.options: 2 items; the English has 3",
    ),
    "another placeholder": (
        "wording.yaml",
        put_at("phrases", "see_step", "siehe Schritt {nummer}."),
        "de/wording.yaml: phrases.see_step: placeholders {nummer}; the English has {number}",
    ),
    "a placeholder left out": (
        "wording.yaml",
        put_at("phrases", "see_step", "siehe den Schritt."),
        "de/wording.yaml: phrases.see_step: placeholders none; the English has {number}",
    ),
    "a number for a text": (
        "involves.yaml",
        put_at("involves", "lying_face_down", "text", 3),
        "de/involves.yaml: involves.lying_face_down.text: expected a text (got 3)",
    ),
    "an empty text": (
        "meta.yaml",
        put_at("areas", "neck", " "),
        "de/meta.yaml: areas.neck: expected a text (got ' ')",
    ),
    "a word for a list of words": (
        "answers.yaml",
        put_at("words", "yes", "ja"),
        "de/answers.yaml: words.yes: expected a list of the words a person types",
    ),
    "a number word of another key": (
        "answers.yaml",
        put_at("numbers", "twelve", "fünf"),
        "de/answers.yaml: numbers.twelve: 'fünf' is the word of another key too",
    ),
    "the wrong language": (
        "meta.yaml",
        put_at("language", "fr"),
        "de/meta.yaml: language: expected 'de', the folder it is in (got 'fr')",
    ),
    "no note of the translation": (
        "meta.yaml",
        lambda o: o.pop("translation"),
        "de/meta.yaml: translation: say who translated it",
    ),
}


@pytest.mark.parametrize("name", list(WRONG))
def test_a_wrong_overlay_is_one_line_naming_file_and_path(german: Path, name: str) -> None:
    file_name, change, expected = WRONG[name]
    edit(german, file_name, change)
    problems = problems_of(german)
    assert any(p.startswith(expected) for p in problems), problems
    assert all("\n" not in p for p in problems)
    with pytest.raises(KnowledgeError) as caught:  # and German is not loaded with it
        load_knowledge_from(german, "de")
    assert any(p.startswith(expected) for p in caught.value.problems)
    assert load_knowledge_from(german).language == "en"  # English is not touched


def test_an_overlay_for_a_file_that_does_not_exist_is_a_problem(german: Path) -> None:
    shutil.copy(german / "de" / "involves.yaml", german / "de" / "involve.yaml")
    assert any(p.startswith("de/involve.yaml: no English file involve.yaml") for p in problems_of(german))


def test_a_broken_overlay_names_its_file(german: Path) -> None:
    (german / "de" / "meta.yaml").write_text("areas: [unclosed\n", encoding="utf-8")
    assert any(p.startswith("de/meta.yaml: YAML syntax error") for p in problems_of(german))


def test_a_german_text_carrying_a_dose_is_refused_like_an_english_one(german: Path) -> None:
    (german / "de" / "muscles.yaml").write_text(
        "language: de\ntranslation: Test\nmuscles:\n  masseter:\n    self_massage:\n"
        "      where: Die Wange\n      methods:\n"
        "        - how: Streichen Sie 3 Minuten lang bis 7 von 10.\n",
        encoding="utf-8",
    )
    problems = problems_of(german)
    assert any(
        p.startswith("de: muscles.yaml: muscles.masseter.self_massage.methods[0].how: '3 Minuten' is a dose")
        for p in problems
    ), problems
    (german / "de" / "muscles.yaml").write_text(
        "language: de\ntranslation: Test\nmuscles:\n  masseter:\n    self_massage:\n"
        "      methods:\n        - how: Streichen Sie langsam, nie bis zu einem scharfen Schmerz.\n",
        encoding="utf-8",
    )
    assert problems_of(german) == []  # the near miss: no number, no dose


def test_a_german_word_that_means_two_things_is_refused(german: Path) -> None:
    edit(german, "answers.yaml", put_at("words", "yes", ["ja", "no"]))  # "no" is also English "no"
    problems = problems_of(german)
    assert any(p.startswith("de: answers.yaml: words.no: 'no' is also in words.yes") for p in problems), (
        problems
    )
