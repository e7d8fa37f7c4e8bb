"""A translation that falls behind its English: the lock file, `regain kb check`, `regain kb translations`.

Each test works on a copy of the bundled knowledge base (its German overlays
and their lock file) standing in for the bundled one, and edits it as a
physiotherapist or a translator would.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from knowledge_copy import copy_of_the_data, edit_once

from regain.cli import main
from regain.knowledge import load_knowledge
from regain.knowledge.translation_lock import LOCK_NAME, digest, matches

STOP_IF = (
    "Sharp pain, pain or tingling spreading into an arm, dizziness, or the pain stays worse for "
    "more than an hour afterwards."
)
PLACE = "de/exercises.yaml:exercises.neck_flexion_range.stop_if"


@pytest.fixture()
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield from copy_of_the_data(tmp_path, monkeypatch)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_the_bundled_translations_are_recorded_against_todays_english(data: Path) -> None:
    result = run("kb", "check")
    assert result.exit_code == 0, result.output
    lock = (data / "de" / LOCK_NAME).read_text(encoding="utf-8")
    assert f"{digest(STOP_IF)}  {PLACE}\n" in lock


def test_an_english_text_edited_after_its_translation_fails_the_check_naming_it(data: Path) -> None:
    changed = STOP_IF.replace("dizziness,", "dizziness, blurred vision,")
    edit_once(data / "exercises.yaml", STOP_IF, changed)
    result = run("kb", "check")
    assert result.exit_code == 1, result.output
    stale = [line for line in result.stderr.splitlines() if "changed since" in line]
    assert stale == [
        "  de/exercises.yaml: exercises.neck_flexion_range.stop_if: the English changed since it was "
        f"translated; English now: '{changed}' (check the translation, then: "
        f"regain kb translations --lang de --accept {PLACE})"
    ]


def test_formatting_the_english_file_leaves_the_translation_up_to_date(data: Path) -> None:
    english = data / "exercises.yaml"
    # a comment, the keys of an entry in another order, the text folded over two lines
    edit_once(english, "  neck_flexion_range:\n", "  # the chin to the chest\n  neck_flexion_range:\n")
    edit_once(
        english,
        '    feel: "A gentle stretch at the back of the neck at the end of the movement."\n'
        f'    stop_if: "{STOP_IF}"\n',
        f"    stop_if: >-\n      {STOP_IF.replace(' dizziness,', chr(10) + '      dizziness,')}\n"
        '    feel: "A gentle stretch at the back of the neck at the end of the movement."\n',
    )
    assert load_knowledge().exercises["neck_flexion_range"].stop_if == STOP_IF  # the same text
    result = run("kb", "check")
    assert result.exit_code == 0, result.output


def test_accepting_the_english_clears_it_and_records_that_text_only(data: Path) -> None:
    edit_once(data / "exercises.yaml", STOP_IF, STOP_IF.replace("Sharp pain", "Sharp or burning pain"))
    lock = data / "de" / LOCK_NAME
    before = lock.read_text(encoding="utf-8").splitlines()
    listed = run("kb", "translations", "--lang", "de")
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.splitlines()[-1] == "de: 0 fehlen, 1 im Englischen geändert, 0 nicht vermerkt"

    accepted = run("kb", "translations", "--lang", "de", "--accept", PLACE)
    assert accepted.exit_code == 0, accepted.output
    after = lock.read_text(encoding="utf-8").splitlines()
    assert [line for line in after if line not in before] == [
        f"{digest(STOP_IF.replace('Sharp pain', 'Sharp or burning pain'))}  {PLACE}"
    ]
    assert len(after) == len(before)
    assert run("kb", "check").exit_code == 0


def test_accepting_a_place_that_holds_no_translated_text_is_refused(data: Path) -> None:
    lock = data / "de" / LOCK_NAME
    before = lock.read_bytes()
    result = run("kb", "translations", "--lang", "de", "--accept", "de/exercises.yaml:exercises.no_such")
    assert result.exit_code == 2
    assert result.stderr == (
        "regain kb translations: kein übersetzter Text unter 'de/exercises.yaml:exercises.no_such'\n"
    )
    assert lock.read_bytes() == before


def test_a_text_added_in_english_is_missing_not_stale_until_translated_and_recorded(data: Path) -> None:
    how_far = "Only as far as your chin can go without your shoulders lifting."
    edit_once(
        data / "exercises.yaml",
        f'    stop_if: "{STOP_IF}"\n',
        f'    stop_if: "{STOP_IF}"\n    how_far: "{how_far}"\n',
    )
    lines = run("kb", "check").stderr.splitlines()
    mine = [line for line in lines if "neck_flexion_range.how_far" in line]
    assert mine == [
        "  de/exercises.yaml: exercises.neck_flexion_range.how_far: no translation "
        f"(English: '{how_far[:47]}...')"
    ]
    assert not any("changed since" in line or "not recorded" in line for line in lines)

    german = "Nur so weit, wie das Kinn sinken kann, ohne dass sich die Schultern heben."
    stop = '    stop_if: "Stechender Schmerz, Schmerzen oder Kribbeln, die in einen Arm'
    edit_once(data / "de" / "exercises.yaml", stop, f'    how_far: "{german}"\n{stop}')
    result = run("kb", "check")
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if "Error" not in line] == [
        "  de/exercises.yaml: exercises.neck_flexion_range.how_far: translated, but not recorded against "
        f"its English; English now: '{how_far}' (check the translation, then: regain kb translations "
        "--lang de --accept de/exercises.yaml:exercises.neck_flexion_range.how_far)"
    ]
    assert (
        run(
            "kb", "translations", "--lang", "de", "--accept", "exercises.yaml:exercises.neck_flexion_range"
        ).exit_code
        == 0
    )
    assert run("kb", "check").exit_code == 0


def test_a_damaged_lock_line_is_named(data: Path) -> None:
    lock = data / "de" / LOCK_NAME
    lock.write_text(
        lock.read_text(encoding="utf-8") + "not a digest  de/meta.yaml:areas.head\n", encoding="utf-8"
    )
    result = run("kb", "check")
    assert result.exit_code == 1
    assert any(
        line.startswith(f"  de/{LOCK_NAME}: line ") and "expected a digest and a place" in line
        for line in result.stderr.splitlines()
    )


@pytest.mark.parametrize(
    ("wanted", "found"),
    [
        ("de/muscles.yaml", True),
        ("muscles.yaml", True),
        ("de/muscles.yaml:muscles.masseter", True),
        ("de/muscles.yaml:muscles.masseter.stretches", True),
        ("de/muscles.yaml:muscles.masseter.stretches[0].feel", True),
        # near misses: another entry whose id starts alike, another file, another language
        ("de/muscles.yaml:muscles.mass", False),
        ("de/muscles.yaml:muscles.masseter.stretches[0].fee", False),
        ("de/exercises.yaml", False),
        ("fr/muscles.yaml", False),
    ],
)
def test_a_place_names_a_text_an_entry_or_a_file(wanted: str, found: bool) -> None:
    assert matches("de/muscles.yaml:muscles.masseter.stretches[0].feel", wanted) is found
