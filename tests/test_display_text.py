"""Free text is shown on one line, with control characters visible or removed, everywhere.

A newline in a case's ``name`` once forged a line of the terminal summary
("FAKE LINE: triage emergency"), and ESC and NUL passed into the HTML plan and
``summary.csv``. Whatever a case's ``name``, ``notes``, ``id`` or file name
holds, no rendering may hold a raw control character (other than its own line
breaks) or a line the case wrote.
"""

from __future__ import annotations

import csv
import io
import os
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regain.cli import main
from regain.engine.assess import Assessor
from regain.engine.case import CaseError
from regain.engine.case_reader import RawCase
from regain.engine.display_text import one_line
from regain.reports.html import render_html
from regain.reports.summary import render_summary
from regain.reports.text import render_text

BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
HOSTILE = "\n\r\t\x00\x1b\x07\x7f\x85\x9b\u2028\u2029\u202e\u2066\ud800\udcff\x0b\x0c"


def forbidden(text: str, allowed: str = "") -> list[str]:
    """The characters of ``text`` no display should show raw."""
    return sorted(
        {
            c
            for c in text
            if c not in allowed and (unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") or c in BIDI)
        }
    )


def test_one_line_makes_every_control_visible() -> None:
    assert one_line("Bob\nFAKE LINE: triage emergency") == "Bob\\nFAKE LINE: triage emergency"
    assert one_line("a\tb\rc\x1b[31md\x00e\u202ef\udcff") == "a b\\rc\\x1b[31md\\x00e\\u202ef\\udcff"
    assert one_line("Zoë <b>&</b> 日本") == "Zoë <b>&</b> 日本"  # printable text is left as it is
    assert forbidden(one_line(HOSTILE)) == []


@given(st.text())
def test_one_line_never_leaves_a_control_or_a_line_break(text: str) -> None:
    shown = one_line(text)
    assert forbidden(shown) == []
    assert len(shown.splitlines()) <= 1
    if text.isprintable():
        assert shown == text


_hostile_text = st.text(alphabet=st.sampled_from(list(HOSTILE) + list("abc FAKE:<>&'\"")), max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_hostile_text, notes=_hostile_text, case_id=_hostile_text)
def test_no_rendering_shows_a_raw_control_or_a_forged_line(
    assessor: Assessor, name: str, notes: str, case_id: str
) -> None:
    data = {
        "restricted_movements": ["knee_flexion"],
        "red_flags": [],
        "name": name,
        "notes": notes,
        "id": case_id or "x",
    }
    raw = RawCase(f"cases/{case_id}.yaml", "default", data)
    try:
        case = assessor.validate(raw)
    except CaseError as exc:  # a lone surrogate, a blank id: reported, on one line each
        for problem in exc.problems:
            assert forbidden(str(problem)) == [] and len(str(problem).splitlines()) == 1
        return
    plain = assessor.assess(
        assessor.validate(
            RawCase(
                "cases/x.yaml",
                "x",
                {  # the same, harmless
                    **data,
                    "name": "x" if name else "",
                    "notes": "x" if notes else "",
                    "id": "x",
                },
            )
        )
    )
    a = assessor.assess(case)
    for render in (render_text, render_summary):
        text, baseline = render(a, assessor.kb), render(plain, assessor.kb)
        assert forbidden(text, "\n") == []
        assert len(text.splitlines()) == len(baseline.splitlines())
        assert not [line for line in text.splitlines() if line.startswith("FAKE")]
    html = render_html(a, assessor.kb)
    assert forbidden(html, "\n") == []
    assert html.count("\n") == render_html(plain, assessor.kb).count("\n")


def test_a_batch_of_hostile_names_and_ids_shows_every_problem_on_one_line(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    files = {
        b"nl\nFAKE LINE: triage emergency.yaml": b"restricted_movements: [knee_flexoin]\n",
        b"esc\x1b[2J.yaml": b'restricted_movements: [knee_flexion]\nname: "A\\e[31mB\\nFAKE LINE"\n',
        b"not-utf8-\xff.yaml": b"restricted_movements: [knee_flexion]\n",
        b"rtl\xe2\x80\xae.json": b'{"id": "x\\u202ey\\u0000z\\nFAKE", '
        b'"restricted_movements": ["knee_flexion"], "notes": "a\\tb\\rc"}',
        b"rows.csv": b'id,restricted_movements,name\n"r\x01\nFAKE",knee_flexion,"n\x1b"\nr2,knee_flexoin,x\n',
    }
    for name, data in files.items():
        with open(os.path.join(os.fsencode(cases), name), "wb") as fh:
            fh.write(data)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(cases), "--out", str(out), "-j", "1"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 3  # two unknown movements, one summary line
    assert all(line.startswith(str(cases)) for line in lines[:-1])
    assert forbidden(result.stderr, "\n") == []
    summary = (out / "summary.csv").read_text(encoding="utf-8")
    assert forbidden(summary, "\n") == []
    rows = list(csv.DictReader(io.StringIO(summary)))
    assert len(rows) == 6 and len(summary.splitlines()) == 7  # one line per case: nothing forged
    assert [r["status"] for r in rows].count("ok") == 4
    errors = (out / "errors.txt").read_text(encoding="utf-8")
    assert len(errors.splitlines()) == 2 and forbidden(errors, "\n") == []
    for page in [out / "index.html", *(out / "sorted").iterdir(), *out.glob("*.html")]:
        assert forbidden(page.read_text(encoding="utf-8"), "\n") == [], page


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_assess_shows_the_name_on_one_line(tmp_path: Path, fmt: str) -> None:
    case = tmp_path / "d.yaml"
    case.write_text('restricted_movements: [knee_flexion]\nname: "Bob\\nFAKE LINE: triage emergency\\e"\n')
    result = CliRunner().invoke(main, ["assess", str(case), "-f", fmt])
    assert result.exit_code == 0, result.output
    assert not [line for line in result.stdout.splitlines() if line.startswith("FAKE")]
    assert "Bob\\nFAKE LINE: triage emergency\\x1b" in result.stdout
    assert forbidden(result.stdout, "\n") == []
