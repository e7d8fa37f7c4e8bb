"""The questionnaire in the browser walks as ``regain ask`` does, and ends on the same plan.

Through Flask's test client, as a browser would use the app: every golden
``regain ask`` session of ``tests/data/ask/sessions.yaml`` is answered page by
page; the questions asked, the case file downloaded and the plan served are
those of ``regain ask`` and of ``regain assess`` on that case file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from test_ask_cli import GOLDEN, ask, script_for
from web_helpers import Person

from regain.cli import main
from regain.knowledge import KnowledgeBase
from regain.web import create_app
from regain.web.case_files import case_id_of


@pytest.fixture
def app(tmp_path: Path, kb: KnowledgeBase) -> Any:
    return create_app(tmp_path / "web.db", kb=kb)


def in_kb_order(kb: KnowledgeBase, person: dict[str, Any]) -> dict[str, Any]:
    """The person's lists in the order the pages list them (a page has no typing order)."""
    orders = {"red_flags": list(kb.red_flags), "restricted_movements": list(kb.movements)}
    orders["pain_regions"] = list(kb.regions)
    return {k: sorted(v, key=orders[k].index) if k in orders else v for k, v in person.items()}


def created_id(app: Any, token: str) -> str:
    with app.app_context():
        from regain.web.resources import store

        record = store().get_session(token)
    assert record is not None
    return case_id_of(record.created_at)


@pytest.mark.parametrize("name", list(GOLDEN))
def test_each_session_asks_as_regain_ask_and_ends_on_regain_assess_plan(
    name: str, app: Any, kb: KnowledgeBase, runner: CliRunner, tmp_path: Path
) -> None:
    person = in_kb_order(kb, GOLDEN[name]["person"])
    web = Person(app)
    token = web.start()
    asked = web.walk(kb, person)
    lines, cli_asked = script_for(kb, person)
    stopped = GOLDEN[name]["triage"] in ("emergency", "urgent")
    assert asked == cli_asked + ([] if stopped else ["name"])

    case_id = created_id(app, token)
    download = web.client.get(f"/s/{token}/case.yaml")
    assert download.status_code == 200
    suffix = ".partial.yaml" if stopped else ".yaml"
    assert download.headers["Content-Disposition"] == f'attachment; filename="{case_id}{suffix}"'
    result = ask(runner, tmp_path / "cli", lines, "--id", case_id)
    assert result.exit_code == 0, result.output
    cli_case = (tmp_path / "cli" / f"{case_id}{suffix}").read_text(encoding="utf-8")
    assert yaml.safe_load(download.text) == yaml.safe_load(cli_case)

    plan = web.client.get(f"/s/{token}/plan.html")
    assert plan.status_code == 200 and plan.headers["Content-Disposition"].startswith("attachment")
    assert plan.text == (tmp_path / "cli" / f"{case_id}.html").read_text(encoding="utf-8")
    if not stopped:  # the plan matches `regain assess` on the downloaded case file
        case_file = tmp_path / "downloaded.yaml"
        case_file.write_bytes(download.data)
        assessed = runner.invoke(main, ["assess", str(case_file), "--format", "html"])
        assert assessed.exit_code == 0, assessed.output
        assert plan.text == assessed.output
        bundle = web.client.get(f"/s/{token}/plan.fhir.json")  # the same as --format fhir
        assert bundle.headers["Content-Type"] == "application/fhir+json"
        assert bundle.headers["Content-Disposition"] == f'attachment; filename="{case_id}.fhir.json"'
        as_fhir = runner.invoke(main, ["assess", str(case_file), "--format", "fhir"])
        assert as_fhir.exit_code == 0 and bundle.text == as_fhir.output
        shown = web.get(f"/s/{token}/plan")
        start = assessed.output.index("<main>")
        assert assessed.output[start : assessed.output.index("</main>")] in shown.text


def test_a_changed_answer_changes_the_plan_near_miss(app: Any, kb: KnowledgeBase, runner: CliRunner) -> None:
    # the near miss of the test above: a different answer is a different plan, not the same one
    person = in_kb_order(kb, GOLDEN["pain_protective_shoulder"]["person"])
    other = dict(person, restricted_movements=["knee_flexion"], pain_regions=["knee_front"])
    first, second = Person(app), Person(app)
    first.start(), second.start()
    first.walk(kb, person), second.walk(kb, other)
    plans = [p.client.get(f"/s/{p.token}/plan.html").text for p in (first, second)]
    assert plans[0] != plans[1]


def test_the_plan_waits_for_the_end_of_the_questions(app: Any) -> None:
    person = Person(app)
    token = person.start()
    for path in ("plan", "plan.html", "plan.fhir.json"):
        response = person.client.get(f"/s/{token}/{path}")
        assert response.status_code == 302 and response.headers["Location"].endswith(f"/s/{token}/q")
    assert person.client.get(f"/s/{token}/stop").status_code == 302


def test_a_finished_questionnaire_goes_to_its_plan(app: Any, kb: KnowledgeBase) -> None:
    person = Person(app)
    token = person.start()
    person.walk(kb, in_kb_order(kb, GOLDEN["shortening_hip_no_pain"]["person"]), name="Ann")
    response = person.client.get(f"/s/{token}/q")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/s/{token}/plan")
    page = person.get(f"/s/{token}/plan").text
    assert "Ann" in page and f"/s/{token}/case.yaml" in page and f"/s/{token}/delete" in page
