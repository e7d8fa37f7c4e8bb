"""Bad input in German: one line naming the file, the field and the value, exit status 2.

With ``--lang de`` (or ``REGAIN_LANG=de``, or a German locale) a case file, a
check-in file, a journal database or an option that cannot be used is said
in German, with no English function word besides the file's own ids and
values; the same input in English gives the English line it always gave.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from english_words import english_words

from regain.cli import main
from regain.journal import JournalError
from regain.knowledge.messages import translations

CASE = "format: regain-case/2\nred_flags: []\nrestricted_movements: [shoulder_abduction]\n"

#: One wrong answer each: the German line and the English one (the file is fall.yaml).
WRONG = [
    (
        "side: lnks\n",
        "fall.yaml: side: 'lnks' ist keine der Auswahlmöglichkeiten (möglich: left, right, both)",
        "fall.yaml: side: 'lnks' is not one of the choices (allowed: left, right, both)",
    ),
    (
        "pain_at_rest: elf\n",
        "fall.yaml: pain_at_rest: 'elf' ist keine ganze Zahl (möglich: eine ganze Zahl von 0 bis 10)",
        "fall.yaml: pain_at_rest: 'elf' is not an integer (allowed: an integer from 0 to 10)",
    ),
    (
        "pain_at_rest: 11\n",
        "fall.yaml: pain_at_rest: 11 liegt außerhalb des Bereichs (möglich: eine ganze Zahl von 0 bis 10)",
        "fall.yaml: pain_at_rest: 11 is out of range (allowed: an integer from 0 to 10)",
    ),
    (
        "feels_weak: vielleicht\n",
        "fall.yaml: feels_weak: 'vielleicht' ist keine Ja-Nein-Antwort "
        "(möglich: true, false, unknown (auch yes/no))",
        "fall.yaml: feels_weak: 'vielleicht' is not a yes/no answer "
        "(allowed: true, false, unknown (yes/no accepted))",
    ),
    (
        "pain_regions: [schulter]\n",
        "fall.yaml: pain_regions[0]: unbekannte Region 'schulter' "
        "(am ähnlichsten: shoulder_top, shoulder_side, shoulder_back) "
        "(möglich: siehe 'regain kb list regions')",
        "fall.yaml: pain_regions[0]: unknown region 'schulter' "
        "(closest: shoulder_top, shoulder_side, shoulder_back) (allowed: see 'regain kb list regions')",
    ),
    (
        "schmerz: 3\n",
        "fall.yaml: schmerz: unbekanntes Feld 'schmerz' "
        "(möglich: die Felder von regain-case/2, oder x_* für eigene)",
        "fall.yaml: schmerz: unknown field 'schmerz' "
        "(allowed: the fields of regain-case/2, or x_* for your own)",
    ),
]


def message(line: str) -> str:
    """What a problem line says after ``file: field:`` (a field is an id of the case format: pain_at_rest)."""
    return line.split(": ", 2)[2]


def assess(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, *lang: str, env: dict | None = None):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fall.yaml").write_text(text, encoding="utf-8")
    return CliRunner().invoke(main, ["assess", "fall.yaml", *lang], env=env)


@pytest.mark.parametrize(("wrong", "german", "english"), WRONG, ids=[w[0].split(":")[0] for w in WRONG])
def test_a_wrong_answer_is_one_german_line_and_the_same_english_line_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wrong: str, german: str, english: str
) -> None:
    result = assess(tmp_path, monkeypatch, CASE + wrong, "--lang", "de")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == german + "\n"
    assert english_words(message(german)) == []
    result = assess(tmp_path, monkeypatch, CASE + wrong)
    assert result.exit_code == 2 and result.stderr == english + "\n"


@pytest.mark.parametrize(
    "env",
    [
        {"REGAIN_LANG": "de"},
        {"REGAIN_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "de_DE.UTF-8"},
    ],
    ids=["REGAIN_LANG", "LANG"],
)
def test_the_language_may_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env: dict
) -> None:
    result = assess(tmp_path, monkeypatch, CASE + WRONG[0][0], env=env)
    assert result.exit_code == 2 and result.stderr == WRONG[0][1] + "\n"


@pytest.mark.parametrize(
    ("path", "text", "german"),
    [
        ("fehlt.yaml", None, "fehlt.yaml: (Datei): Datei nicht gefunden (möglich: ein regain-case-Fall"),
        ("leer.yaml", "  \n", "leer.yaml: (Datei): die Datei ist leer (möglich: ein regain-case-Fall"),
        ("fall.txt", "side: left\n", "fall.txt: (Datei): '.txt' ist keine Art von Falldatei (möglich:"),
        (
            "zwei.yaml",
            CASE + "side: left\nside: right\n",
            "zwei.yaml: side: doppelter Schlüssel 'side', in Zeile 4",
        ),
        ("kaputt.yaml", "side: [left\n", "kaputt.yaml: (Datei): YAML-Syntaxfehler (Zeile 2, Spalte 1): "),
    ],
)
def test_a_file_that_cannot_be_read_is_said_in_german(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, text: str | None, german: str
) -> None:
    monkeypatch.chdir(tmp_path)
    if text is not None:
        (tmp_path / path).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["assess", path, "--lang", "de"])
    assert result.exit_code == 2 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(german)
    if "YAML" not in german:  # the YAML parser's own words after the colon stay English
        assert english_words(message(line)) == []


def test_a_csv_row_names_its_row_in_german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "faelle.csv").write_text(
        "red_flags,restricted_movements,side\n,shoulder_abduction,links\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["assess", "faelle.csv", "--lang", "de"])
    assert result.exit_code == 2
    assert result.stderr == (
        "faelle.csv:2: side: 'links' ist keine der Auswahlmöglichkeiten (möglich: left, right, both)\n"
    )


def test_a_bad_checkin_file_is_said_in_german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    db = str(tmp_path / "journal.db")
    shoulder = str(Path(__file__).resolve().parent.parent / "examples" / "shoulder.yaml")
    runner = CliRunner()
    assert (
        runner.invoke(main, ["track", "--db", db, "start", shoulder, "--date", "2026-01-05"]).exit_code == 0
    )
    journal_id = runner.invoke(main, ["track", "--db", db, "list"]).output.split()[0]
    Path("zs.yaml").write_text(
        "format: regain-checkin/1\ndate: 2026-01-19\npain_at_rest: 12\nnew_red_flags: []\n", encoding="utf-8"
    )
    args = ["track", "--db", db, "checkin", journal_id, "--file", "zs.yaml"]
    german = runner.invoke(main, [*args, "--lang", "de"])
    assert german.exit_code == 2
    assert german.stderr == (
        "zs.yaml: pain_at_rest: 12 liegt außerhalb des Bereichs (möglich: eine ganze Zahl von 0 bis 10)\n"
    )
    english = runner.invoke(main, args)
    assert english.stderr == "zs.yaml: pain_at_rest: 12 is out of range (allowed: an integer from 0 to 10)\n"
    before = runner.invoke(
        main, ["track", "--db", db, "checkin", journal_id, "--file", "nein.yaml", "--lang", "de"]
    )
    assert before.stderr.startswith("nein.yaml: (Datei): Datei nicht gefunden (möglich: ein Zwischenstand")


def test_journal_problems_are_said_in_german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    missing = runner.invoke(main, ["track", "--db", "fehlt/j.db", "list", "--lang", "de"])
    assert missing.exit_code == 2
    folder = str(tmp_path / "fehlt")
    assert missing.stderr == (
        f"{tmp_path / 'fehlt' / 'j.db'}: Der Ordner {folder} existiert nicht "
        "(legen Sie ihn zuerst an, oder wählen Sie einen anderen Ort)\n"
    )
    unknown = runner.invoke(main, ["track", "--db", "j.db", "show", "nix", "--lang", "de"])
    assert unknown.exit_code == 2
    assert unknown.stderr == f"{tmp_path / 'j.db'}: kein Tagebuch mit der Nummer 'nix'\n"
    english = runner.invoke(main, ["track", "--db", "j.db", "show", "nix"])
    assert english.stderr == f"{tmp_path / 'j.db'}: no journal with id 'nix'\n"
    day = runner.invoke(
        main, ["track", "--db", "j.db", "start", "x.yaml", "--date", "14.03.2026", "--lang", "de"]
    )
    assert day.exit_code == 2
    assert (
        day.stderr == "--date: '14.03.2026': erwartet wird ein Datum als Jahr-Monat-Tag, z. B. 2026-12-14\n"
    )


def test_a_journal_error_is_english_until_a_face_says_it() -> None:
    error = JournalError("{where}: no journal with id '{id}'", where="j.db", id="nix")
    assert str(error) == "j.db: no journal with id 'nix'" == error.said(str)
    assert error.said(translations("de").gettext) == "j.db: kein Tagebuch mit der Nummer 'nix'"
    plain = JournalError("j.db: something no catalog knows")
    assert plain.said(translations("de").gettext) == "j.db: something no catalog knows"


def test_an_id_that_cannot_be_a_file_name_is_said_in_german(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["ask", "--out", str(tmp_path), "--id", "a/b", "--lang", "de"])
    assert result.exit_code == 2
    assert result.stderr == (
        "--id: 'a/b' kann kein Dateiname sein (möglich: Buchstaben, Ziffern, '-' und '_', höchstens 80)\n"
    )
