"""A case file keeps the language it was answered in (``language``), and is assessed in it by default.

``--lang`` and ``REGAIN_LANG`` still decide when given; the file's language
comes before the locale. A language regain does not speak is one line, exit 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from web_helpers import Person

from regain.cli import main
from regain.engine.case import CaseError
from regain.engine.case_reader import RawCase
from regain.engine.case_validation import validate_case
from regain.knowledge import KnowledgeBase, load_knowledge
from regain.web import create_app

CASE = {"format": "regain-case/2", "restricted_movements": ["shoulder_abduction"], "red_flags": []}


def write(tmp_path: Path, **fields: Any) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump({**CASE, **fields}), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("value", "problem"), [("de", None), ("fr", "'fr' is not a language"), (7, "7 is not a language")]
)
def test_the_language_must_be_one_regain_speaks(kb: KnowledgeBase, value: Any, problem: str | None) -> None:
    raw = RawCase("case.yaml", "case", {**CASE, "language": value})
    if problem is None:
        assert validate_case(raw, kb).language == "de"
        return
    with pytest.raises(CaseError) as info:
        validate_case(raw, kb)
    (line,) = [str(p) for p in info.value.problems]
    assert line.startswith("case.yaml: language: " + problem) and line.endswith("(allowed: en, de)")


def test_a_german_case_is_assessed_in_german_unless_a_language_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REGAIN_LANG")
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    german = write(tmp_path, language="de")
    heading = load_knowledge("de").wording.start_today.heading.upper()  # the terminal's heading
    runner = CliRunner()
    assert heading in runner.invoke(main, ["assess", str(german)]).output  # the file's, over the locale
    assert heading not in runner.invoke(main, ["assess", "--lang", "en", str(german)]).output
    monkeypatch.setenv("REGAIN_LANG", "en")
    assert heading not in runner.invoke(main, ["assess", str(german)]).output
    english = write(tmp_path)  # the near miss: no language recorded, the locale's English
    monkeypatch.delenv("REGAIN_LANG")
    assert heading not in runner.invoke(main, ["assess", str(english)]).output


def test_a_case_downloaded_from_german_pages_records_german(tmp_path: Path, kb: KnowledgeBase) -> None:
    app = create_app(tmp_path / "web.db", kb=kb)
    person = Person(app)
    person.client.set_cookie("regain_lang", "de")
    person.start()
    assert "language: de" in person.client.get(f"/s/{person.token}/case.yaml").text
    person.client.set_cookie("regain_lang", "en")
    assert "language:" not in person.client.get(f"/s/{person.token}/case.yaml").text  # English: none


def test_a_journal_keeps_the_language_of_its_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REGAIN_LANG")
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    db = str(tmp_path / "journal.db")
    german = write(tmp_path, language="de", pain_on_movement=5, duration_weeks=8)
    runner = CliRunner()
    started = runner.invoke(main, ["track", "start", str(german), "--db", db])
    assert started.exit_code == 0, started.output
    journal_id = runner.invoke(main, ["track", "list", "--db", db]).output.split()[0]
    heading = load_knowledge("de").wording.progress.now_heading.upper()  # the terminal's heading
    assert heading in runner.invoke(main, ["track", "show", journal_id, "--db", db]).output
    english = runner.invoke(main, ["track", "show", journal_id, "--db", db, "--lang", "en"]).output
    assert heading not in english and load_knowledge("en").wording.progress.now_heading.upper() in english
