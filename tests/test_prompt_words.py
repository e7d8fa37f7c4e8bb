"""The prompts' command words and German answers: data in ``answers.yaml``, per language.

``?``/``hilfe``, ``warum``, ``zurück`` and ``bereiche`` work in a German session,
and the English ``why``, ``back`` and ``areas`` keep working there (the overlay
keeps the English command words); in English the German words are no commands.
German answers ("ja", "nein", "weiß nicht", "keine", "2 Jahre", "3 Monate",
"etwa 5", "ein halbes Jahr", "14.03.2026") are read as what they mean, and read
back with the language's numbers and dates.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from regain.cli import main
from regain.engine.natural_answers import AnswerReader, NotUnderstood, Understood
from regain.knowledge import KnowledgeBase, load_knowledge
from regain.knowledge.answer_checks import answer_problems


@pytest.fixture(scope="module")
def de() -> KnowledgeBase:
    return load_knowledge("de")


def ask(tmp_path: Path, lines: list[str], *lang: str) -> str:
    typed = "".join(f"{line}\n" for line in lines)
    result = CliRunner().invoke(main, ["ask", "--out", str(tmp_path), "--id", "w", *lang], input=typed)
    assert result.exit_code == 1, result.output  # the end of input: the answers so far are kept
    return result.output


def test_the_german_command_words_and_the_english_ones_work_in_german(
    de: KnowledgeBase, tmp_path: Path
) -> None:
    red_flags = de.questions["red_flags"]
    movements = de.questions["restricted_movements"]
    said = ask(
        tmp_path,
        ["hilfe", "warum", "why", "keine", "3", "bereiche", "3", "areas", "3", "1", "zurück", "", "back"],
        "--lang",
        "de",
    )
    assert said.count(red_flags.help[:30]) == 1  # "hilfe"
    assert said.count(red_flags.why[:30]) == 2  # "warum", and "why"
    assert said.count("Zuerst der Körperbereich") == 3  # the areas, again after "bereiche" and "areas"
    assert said.count(f"{movements.text}") == 3  # asked, and again after "zurück" and "back"
    shoulder = [a for a in de.areas if any(m.area == a for m in de.movements.values())][2]
    first = next(m for m in de.movements.values() if m.area == shoulder)
    assert f"Ihre Antwort war: {first.name}." in said
    assert "ist hier keine Antwort" not in said
    assert "?, warum, zurück]" in said and "'bereiche' für andere Körperbereiche" in said
    saved = yaml.safe_load((tmp_path / "w.partial.yaml").read_text(encoding="utf-8"))
    assert saved["red_flags"] == [] and "restricted_movements" not in saved  # taken back by "back"


def test_in_english_the_german_words_are_no_commands(kb: KnowledgeBase, tmp_path: Path) -> None:
    said = ask(tmp_path, ["warum", "zurück", "why", "none"])
    assert "'warum' is not an answer here" in said and "'zurück' is not an answer here" in said
    assert said.count(kb.questions["red_flags"].why[:30]) == 1
    assert "?, why, back]" in said


def test_the_overlay_keeps_the_english_command_words_but_not_the_english_answers(de: KnowledgeBase) -> None:
    english = load_knowledge("en").answers
    commands = de.answers.commands
    for name in ("help", "why", "back", "areas"):
        words = getattr(commands, name)
        assert set(getattr(english.commands, name)) <= set(words), name
        assert words[0] != "why" or name == "help"  # the German word comes first (it is shown)
    assert commands.why[0] == "warum" and commands.back[0] == "zurück" and commands.areas[0] == "bereiche"
    assert "yes" not in de.answers.words.yes and "ja" in de.answers.words.yes  # answers: the language's own


def test_a_command_word_that_is_also_an_answer_is_a_problem(de: KnowledgeBase) -> None:
    assert not [p for p in answer_problems(de) if "command" in p]
    commands = dataclasses.replace(de.answers.commands, back=("zurück", "nein"))
    broken = dataclasses.replace(de, answers=dataclasses.replace(de.answers, commands=commands))
    problems = answer_problems(broken)
    assert (
        "answers.yaml: words.no: 'nein' is also the command back, so it could not be typed as an answer"
        in (problems)
    )
    twice = dataclasses.replace(de.answers.commands, areas=("bereiche", "warum"))
    broken = dataclasses.replace(de, answers=dataclasses.replace(de.answers, commands=twice))
    assert "answers.yaml: commands.areas: 'warum' is also a word of why" in answer_problems(broken)


@pytest.mark.parametrize(
    ("qid", "typed", "value"),
    [
        ("avoids_movement", "ja", True),
        ("avoids_movement", "Nein", False),
        ("avoids_movement", "weiß nicht", "unknown"),
        ("avoids_movement", "WEISS NICHT", "unknown"),
        ("pain_at_rest", "keine", 0),
        ("pain_at_rest", "etwa 5", 5),
        ("pain_at_rest", "5 von 10", 5),
        ("duration_weeks", "2 Jahre", 104),
        ("duration_weeks", "3 Monate", 13),
        ("duration_weeks", "ein halbes Jahr", 26),
        ("duration_weeks", "2 Jahre und 3 Monate", 117),
        ("duration_weeks", "2,5 Jahre", 130),
        ("cleared_on", "14.03.2026", "2026-03-14"),
        ("cleared_on", "2026-03-14", "2026-03-14"),
    ],
)
def test_german_answers_mean_what_they_say(de: KnowledgeBase, qid: str, typed: str, value: object) -> None:
    reading = AnswerReader(de).read(qid, typed)
    assert isinstance(reading, Understood) and reading.value == value


def test_german_words_are_no_answers_in_english(kb: KnowledgeBase) -> None:
    reader = AnswerReader(kb)
    for qid, typed in (("avoids_movement", "ja"), ("duration_weeks", "2 Jahre"), ("pain_at_rest", "keine")):
        assert isinstance(reader.read(qid, typed), NotUnderstood), typed
    assert reader.read("duration_weeks", "half a year") == Understood(26, "Recorded: 26 weeks (0.5 years).")


def test_answers_are_read_back_with_the_languages_numbers_and_dates(
    de: KnowledgeBase, kb: KnowledgeBase
) -> None:
    german, english = AnswerReader(de), AnswerReader(kb)
    weeks, cleared = de.questions["duration_weeks"], de.questions["cleared_on"]
    assert german.describe(weeks, 30.3) == "30,3 Wochen" and english.describe(weeks, 30.3) == "30.3 weeks"
    assert german.describe(cleared, "2026-03-14") == "14.03.2026"
    assert english.describe(cleared, "2026-03-14") == "2026-03-14"
    assert german.read("duration_weeks", "7 Monate") == Understood(
        30.3, "Erfasst: 30,3 Wochen (7 Monate, gerundet)."
    )
    assert "5200 Wochen" in german.accepted(weeks)  # no grouping: "5.200" would read back as 5.2
    assert german.read("duration_weeks", "5200 Wochen") == Understood(5200, None)
