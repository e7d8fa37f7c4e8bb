"""What is translated (the models say so), `regain kb check` per language, the cache per language."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cache_helpers import count_validations
from click.testing import CliRunner
from conftest import declare
from test_overlays import FIXTURES

from regain.cli import main
from regain.knowledge import load_knowledge_from
from regain.knowledge import loader as kb_loader
from regain.knowledge.answer_models import AnswerWords, Unit
from regain.knowledge.models import Movement, Muscle, Question
from regain.knowledge.overlays import translated_fields
from regain.knowledge.plan_models import EvidenceRule, Exercise, StepTemplate
from regain.knowledge.safety_models import RedFlag

# -- the models declare what is translated ----------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "translated"),
    [
        (Question, ["text", "help", "options", "why", "example"]),  # not unit, section, ask_if, min...
        (Muscle, ["name", "self_massage", "stretches"]),  # not ids, trigger points, source
        (Movement, ["name", "joint", "how_to_test", "compensation"]),
        (Exercise, ["name", "position", "how", "feel", "stop_if", "progression", "how_far"]),
        (
            StepTemplate,
            [
                "title",
                "why",
                "expect",
                "move_on_when",
                "today",
                "dose_units",
                "why_before",
                "how_far",
                "stop_if",
            ],
        ),
        (RedFlag, ["sign", "advice", "softens"]),  # the notes of what a caution softens
        (EvidenceRule, ["text"]),  # not its conclusion, weight, the questions it reads, source
        (Unit, ["one", "many", "words"]),
        (
            AnswerWords,
            [
                "words",
                "numbers",
                "units",
                "shown",
                "accepted",
                "examples",
                "enter",
                "commands",
                "test_command",
                "other_areas",
                "messages",
                "name",
            ],
        ),
    ],
)
def test_the_models_declare_what_is_translated(model: type, translated: list[str]) -> None:
    assert translated_fields(model) == translated


# -- regain kb check, per declared language -------------------------------------------------------


def test_kb_check_lists_every_missing_german_text_once_german_is_declared(bundled: Path) -> None:
    declare(bundled, "[en, de]")
    assert CliRunner().invoke(main, ["kb", "translations", "--lang", "de", "--accept-all"]).exit_code == 0
    result = CliRunner().invoke(main, ["kb", "check"])
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == "Error: the knowledge base is invalid:"
    assert "  de/muscles.yaml: missing (" in "\n".join(lines)
    assert any(line.startswith("  de/wording.yaml: phrases.alongside: no translation") for line in lines)
    assert not any("de/involves.yaml" in line for line in lines)  # complete
    assert "Traceback" not in result.output


def test_kb_check_leaves_a_language_alone_until_it_is_declared(bundled: Path) -> None:
    result = CliRunner().invoke(main, ["kb", "check"])  # languages: [en], the same overlays
    assert result.exit_code == 0, result.output
    assert "  languages          en\n" in result.stdout


def test_kb_check_names_a_wrong_overlay(bundled: Path) -> None:
    declare(bundled, "[en, de]")
    path = bundled / "de" / "wording.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("{number}", "{nummer}"), encoding="utf-8")
    result = CliRunner().invoke(main, ["kb", "check"])
    assert result.exit_code == 1
    assert "  de/wording.yaml: phrases.see_step: placeholders {nummer}; the English has {number}" in (
        result.stderr.splitlines()
    )


# -- the cache keeps each language apart --------------------------------------------------------------


def test_each_language_is_validated_once_and_then_served_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REGAIN_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "data"
    shutil.copytree(kb_loader.DATA_DIR, data)
    shutil.rmtree(data / "de", ignore_errors=True)
    shutil.copytree(FIXTURES, data / "de")
    declare(data, "[en, de]")
    validations = count_validations(monkeypatch)
    english, german = load_knowledge_from(data), load_knowledge_from(data, "de")
    assert validations == [data, data]
    assert load_knowledge_from(data) == english and load_knowledge_from(data, "de") == german
    assert validations == [data, data]  # both served from the cache
    assert english.involves != german.involves and english.version != german.version

    overlay = data / "de" / "involves.yaml"
    overlay.write_text(overlay.read_text(encoding="utf-8").replace("Bauchlage", "auf dem Bauch liegen"))
    assert load_knowledge_from(data, "de").involves["lying_face_down"].text == "auf dem Bauch liegen"
    assert load_knowledge_from(data) == english
    assert validations == [data, data, data]  # German again, English not: its files did not change
