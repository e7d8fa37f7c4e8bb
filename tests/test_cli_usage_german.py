"""Click's own words in German: a usage error is one German line after the usage and the hint, exit 2.

Click marks its words with the standard library's gettext; regain's catalog
carries them (``cli_click_words.py``) and a command's run has the standard
library speak its language (``--lang`` anywhere on the line, else
``REGAIN_LANG``, else the locale; read before Click parses, so an error found
before ``--lang`` is read speaks it too). English stays as Click writes it.
"""

from __future__ import annotations

import ast
import gettext
import os
import string
from pathlib import Path

import click
import pytest
from babel.messages.pofile import read_po
from cli_tree import read_prose, run
from conftest import ROOT
from english_words import english_words

from regain import cli_click_words
from regain.cli_common import FORMATS
from regain.knowledge import messages

CASE = str(ROOT / "examples" / "shoulder.yaml")
CHOICES = ", ".join(repr(f) for f in FORMATS)

#: A usage error each: the command line, then its error line in German and as Click says it in English.
USAGE_ERRORS = [
    (
        ["assess", CASE, "--x"],
        "Fehler: Unbekannte Option '--x'.",
        "Error: No such option '--x'.",
    ),
    (
        ["assess"],
        "Fehler: Es fehlt das Argument 'CASE'.",
        "Error: Missing argument 'CASE'.",
    ),
    (
        ["assess", CASE, "--format", "x"],
        f"Fehler: Ungültiger Wert für '-f' / '--format': 'x' ist nicht möglich (möglich: {CHOICES}).",
        f"Error: Invalid value for '-f' / '--format': 'x' is not one of {CHOICES}.",
    ),
]


def usage_error(command: str, error: str, german: bool) -> str:
    """What Click writes for a usage error: the usage line, the hint, a blank line, the error."""
    if german:
        hint = f"Hilfe erhalten Sie mit 'regain {command} --help'."
        return f"Aufruf: regain {command} [OPTIONEN] CASE\n{hint}\n\n{error}\n"
    return f"Usage: regain {command} [OPTIONS] CASE\nTry 'regain {command} --help' for help.\n\n{error}\n"


@pytest.mark.parametrize(("args", "german", "english"), USAGE_ERRORS)
def test_a_usage_error_in_german(args: list[str], german: str, english: str) -> None:
    result = run([*args, "--lang", "de"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == usage_error("assess", german, german=True)
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert english_words(read_prose(result.stderr)) == []


@pytest.mark.parametrize(("args", "german", "english"), USAGE_ERRORS)
def test_the_same_usage_error_in_english_is_as_click_writes_it(
    args: list[str], german: str, english: str
) -> None:
    for env in ({}, {"REGAIN_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "fr_FR.UTF-8"}):
        result = run([*args, "--lang", "en"] if not env else args, env=env)
        assert result.exit_code == 2
        assert result.stderr == usage_error("assess", english, german=False)
        assert english_words(read_prose(result.stderr))  # the near miss: English, and the check sees it


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["assess", "--x"], {"REGAIN_LANG": "de"}),
        (["assess", "--x", "--lang", "de"], {}),  # the error stops Click before it reads --lang
        (["--lang", "de", "assess", "--x"], {}),
        (
            ["assess", "--x"],
            {"REGAIN_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "de_DE.UTF-8"},
        ),
    ],
)
def test_an_error_before_lang_is_read_speaks_the_command_lines_language(
    args: list[str], env: dict[str, str | None]
) -> None:
    result = run(args, env=env)
    assert result.exit_code == 2
    assert result.stderr == usage_error("assess", "Fehler: Unbekannte Option '--x'.", german=True)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["assess", "--lang"], "Fehler: Die Option '--lang' braucht 1 Wert.\n"),
        (["--lang", "de", "nosuch"], "Fehler: Unbekannter Befehl 'nosuch'.\n"),
        (
            ["batch", CASE, "--out", "plans", "--jobs", "0"],
            "'-j' / '--jobs': 0 liegt nicht im Bereich x>=1.\n",
        ),
        (["ask", "--answers", "a.yaml", "--resume", "b.yaml"], "Fehler: "),  # regain's own usage error
        (["kb", "list"], "Möglich sind:\n\tmovements,\n"),
    ],
)
def test_other_click_errors_in_german(args: list[str], said: str) -> None:
    result = run(args, env={"REGAIN_LANG": "de"})
    assert result.exit_code == 2
    assert said in result.stderr
    assert "Error" not in result.stderr and "Usage" not in result.stderr
    error = [line for line in result.stderr.splitlines() if line.startswith("Fehler:")]
    assert len(error) == 1
    assert english_words(read_prose(result.stderr)) == []


def test_a_german_run_leaves_the_standard_library_as_it_was() -> None:
    domain = gettext.textdomain()
    language = os.environ.get("LANGUAGE")
    assert run(["assess", "--x", "--lang", "de"]).stderr.endswith("Fehler: Unbekannte Option '--x'.\n")
    assert gettext.textdomain() == domain and os.environ.get("LANGUAGE") == language
    assert messages.current() == "en"
    assert click.UsageError("x").format_message() == "x"
    assert gettext.gettext("Usage:") == "Usage:"  # the next run, in English, is English
    assert run(["assess", "--x"]).stderr.endswith("Error: No such option '--x'.\n")


def test_within_the_block_the_standard_library_speaks_german_and_english_is_untouched() -> None:
    with messages.stdlib_speaks("de"):
        assert gettext.gettext("Usage:") == "Aufruf:"
        plural = ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.")
        assert gettext.ngettext(*plural, 2) == "Die Option {name!r} braucht {nargs} Werte."
    before = dict(os.environ)
    with messages.stdlib_speaks("en"):
        assert gettext.gettext("Usage:") == "Usage:"
        assert dict(os.environ) == before


def _click_strings() -> set[str]:
    """Every string constant in the installed Click's modules."""
    found: set[str] = set()
    for module in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def _plurals() -> list[tuple[str, str]]:
    """The singular and plural of each of Click's plural messages regain carries."""
    with messages.stdlib_speaks("en"):
        return [(say(1), say(2)) for say in cli_click_words.PLURALS]


def test_click_still_says_every_word_regain_carries() -> None:
    click_says = _click_strings()
    placeholders = {"TEXT", "INTEGER", "INTEGER RANGE", "FLOAT", "BOOLEAN", "FILE", "DIRECTORY", "PATH"}
    words = [w for w in cli_click_words.MESSAGES if w not in placeholders]
    assert [w for w in words if w not in click_says] == []
    assert [p for pair in _plurals() for p in pair if p not in click_says] == []
    shown = {t.name.upper() for t in (click.STRING, click.INT, click.FLOAT, click.BOOL, click.IntRange(0))}
    shown |= {click.Path(**kw).name.upper() for kw in ({}, {"file_okay": False}, {"dir_okay": False})}
    assert placeholders <= shown
    # the near miss: a word Click does not say (any more) is found
    assert "No such option: {name}" not in click_says


def test_click_words_keep_every_field_in_german() -> None:
    """Each field as Click fills it, ``!r`` too (a plural's forms may use either form's fields)."""
    with (ROOT / "locale" / "de" / "LC_MESSAGES" / "regain.po").open("rb") as f:
        catalog = read_po(f, locale="de")

    def fields(text: str) -> list[tuple[str | None, str | None]]:
        return sorted((name, conversion) for _, name, _, conversion in string.Formatter().parse(text) if name)

    carried = [*cli_click_words.MESSAGES, *(pair[0] for pair in _plurals())]
    for msgid in carried:
        message = catalog.get(msgid)
        assert message is not None and message.string, msgid
        if isinstance(message.id, str):
            assert fields(message.string) == fields(msgid), msgid
            continue
        given = set(fields(message.id[0])) | set(fields(message.id[1]))  # Click fills both forms' fields
        for german in message.string:
            assert set(fields(german)) <= given and fields(german), msgid
    assert fields("{value!r} ist nicht möglich") != fields("{value} ist nicht möglich")  # !r is checked
