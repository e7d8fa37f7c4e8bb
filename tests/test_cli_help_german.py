"""``--help`` of every command in German, and in English exactly as before (issue 23).

The commands are found by walking Click's command tree (``cli_tree.py``), so
a command added later is checked too: its help needs German then. English is
compared with ``tests/golden/cli_help_en.txt`` (the help as it was before it
could speak German; regenerate with ``REGAIN_REGENERATE_GOLDEN=1`` and review
the diff when a help text changes on purpose).
"""

from __future__ import annotations

import os

import click
import pytest
from cli_tree import command_paths, every_help, help_of, read_prose, run
from conftest import ROOT
from english_words import english_words

from regain.cli import main
from regain.cli_common import language_option
from regain.cli_help import AS_WRITTEN, RegainCommand, translated
from regain.knowledge import messages

GOLDEN = ROOT / "tests" / "golden" / "cli_help_en.txt"
ALL = command_paths()


def sections(text: str) -> dict[str, str]:
    """The golden file's (or :func:`every_help`'s) help of each command, by its ``=== regain ...`` line."""
    parts = text.split("=== ")[1:]
    return {part.partition("\n")[0]: part.partition("\n")[2] for part in parts}


def test_the_walk_finds_every_command_and_group() -> None:
    assert len(ALL) >= 16  # regain, its 5 commands and 2 groups, their 10 commands
    assert {(), ("assess",), ("kb",), ("kb", "site"), ("track", "calendar"), ("serve",)} <= set(ALL)


@pytest.mark.parametrize("path", ALL, ids=lambda p: " ".join(("regain", *p)))
def test_every_help_in_german_has_no_english_word(path: tuple[str, ...]) -> None:
    german = help_of(path, "--lang", "de")
    assert german.startswith(f"Aufruf: {' '.join(('regain', *path))} [OPTIONEN]")
    assert "Optionen:" in german and "Diese Hilfe zeigen und beenden." in german
    assert "Usage:" not in german and "Options:" not in german
    assert english_words(read_prose(german)) == []
    # the near miss: the same help in English is full of English words, and the check sees them
    assert len(english_words(read_prose(help_of(path, "--lang", "en")))) >= 3


def test_a_command_added_without_german_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    @click.command(cls=RegainCommand)
    @click.option("--out", help="Where to write the export, if there is one.")
    @language_option
    def export() -> None:
        """Export the plan of a case for another system to read."""

    monkeypatch.setitem(main.commands, "zz-export", export)
    assert ("zz-export",) in command_paths()
    german = help_of(("zz-export",), "--lang", "de")
    assert german.startswith("Aufruf: regain zz-export [OPTIONEN]")  # Click's words are German...
    assert english_words(read_prose(german))  # ...its own help is not, and the check says so


def test_every_help_in_english_is_as_it_was() -> None:
    now = every_help("--lang", "en")
    if os.environ.get("REGAIN_REGENERATE_GOLDEN") == "1":
        GOLDEN.write_text(now, encoding="utf-8")
    golden = sections(GOLDEN.read_text(encoding="utf-8"))
    assert sorted(sections(now)) == sorted(golden), "a command came or went: regenerate the golden file"
    assert sections(now) == golden
    assert every_help() == now  # REGAIN_LANG=en (the suite's) is the same English


def test_a_changed_english_help_is_noticed(monkeypatch: pytest.MonkeyPatch) -> None:
    serve = main.commands["serve"]  # its first sentence is regain's short help of it too
    monkeypatch.setattr(serve, "help", serve.help.replace("in a browser", "in the browser"))
    changed = sections(every_help("--lang", "en"))
    golden = sections(GOLDEN.read_text(encoding="utf-8"))
    assert [name for name in golden if changed[name] != golden[name]] == ["regain", "regain serve"]


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["assess", "--lang", "de", "--help"], {}),
        (["assess", "--help", "--lang", "de"], {}),  # --lang after --help, which stops the command
        (["assess", "--help", "--lang=de"], {}),
        (["--lang", "de", "assess", "--help"], {}),  # a group's --lang, for the command after it
        (["assess", "--help"], {"REGAIN_LANG": "de"}),
        (
            ["assess", "--help"],
            {"REGAIN_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "de_DE.UTF-8"},
        ),
    ],
)
def test_the_help_speaks_the_language_the_command_would(args: list[str], env: dict[str, str | None]) -> None:
    result = run(args, env)
    assert result.exit_code == 0
    assert result.output.startswith("Aufruf: regain assess [OPTIONEN] CASE\n")
    assert "Eine Falldatei auswerten" in result.output


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["assess", "--lang", "de", "--lang", "en", "--help"], {}),  # the last --lang, as Click reads it
        (["assess", "--help", "--lang", "fr"], {}),  # no language regain speaks: the environment's
        (
            ["assess", "--help"],
            {"REGAIN_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "fr_FR.UTF-8"},
        ),
        (["assess", "--help"], {"REGAIN_LANG": "en", "LANG": "de_DE.UTF-8"}),  # REGAIN_LANG before the locale
    ],
)
def test_the_help_stays_english_otherwise(args: list[str], env: dict[str, str | None]) -> None:
    result = run(args, env)
    assert result.exit_code == 0
    assert result.output == sections(GOLDEN.read_text(encoding="utf-8"))["regain assess"]


def test_a_paragraph_kept_as_written_is_translated_apart() -> None:
    help_text = main.commands["kb"].commands["list"].help  # type: ignore[attr-defined]
    assert help_text.count(AS_WRITTEN) == 1 and "\b" not in help_text.replace(AS_WRITTEN, "")
    messages.use("de")
    try:
        german = translated(help_text)
    finally:
        messages.use("en")
    assert german == (
        "Die Kennungen und Namen eines Teils der Wissensbasis auflisten."
        + AS_WRITTEN
        + "Beispiel:\n  regain kb list movements"
    )
    assert translated(help_text) == help_text  # English: as written
    assert (
        translated("Not in the catalog." + AS_WRITTEN + "Beispiel:")
        == "Not in the catalog." + AS_WRITTEN + "Beispiel:"
    )


def test_the_golden_file_is_today_english() -> None:
    """The golden file holds no German (it was written before the help could speak it)."""
    text = GOLDEN.read_text(encoding="utf-8")
    assert "Usage: regain [OPTIONS] COMMAND [ARGS]..." in text and "Aufruf" not in text
    assert text.count("=== regain") == len(ALL)
