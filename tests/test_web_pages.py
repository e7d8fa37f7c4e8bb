"""The questionnaire's pages one by one: Back, "I don't know", typed answers, errors, resume, delete.

Each behaviour has its passing case and a near miss, through Flask's test client.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_web_questionnaire import GOLDEN, in_kb_order
from web_helpers import Person, csrf_of

from regain.journal import JournalError, open_store
from regain.knowledge import KnowledgeBase
from regain.web import create_app
from regain.web.sessions import load_session, set_journal

NO_FLAGS = {"none": "1"}
SHOULDER = {"pick": ["shoulder_abduction"]}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "web.db"


@pytest.fixture
def app(db: Path, kb: KnowledgeBase) -> Any:
    return create_app(db, kb=kb)


@pytest.fixture
def person(app: Any) -> Person:
    p = Person(app)
    p.start()
    return p


def stored(app: Any, token: str) -> Any:
    with app.app_context():
        return load_session(token)


def test_the_first_page_is_the_warning_signs_with_the_private_link(person: Person) -> None:
    assert person.key == "red_flags"
    assert "Bookmark it" in person.html and "Question 1" in person.html
    again = person.get(f"/s/{person.token}/q")  # the link is said once, on the first page
    assert "Bookmark it" not in again.text and person.key == "red_flags"


def test_answers_are_saved_after_every_page(app: Any, person: Person) -> None:
    person.post(NO_FLAGS)
    assert person.key == "restricted_movements" and "Question 2" in person.html
    person.post(SHOULDER)
    record = stored(app, person.token)
    assert record.answers == {"red_flags": [], "restricted_movements": ["shoulder_abduction"]}
    assert record.state.history == ["red_flags", "restricted_movements"]


def test_back_takes_the_last_answer_back_and_shows_it(app: Any, person: Person) -> None:
    person.post(NO_FLAGS)
    person.post(SHOULDER)
    after = person.key
    person.post({}, action="back")
    assert person.key == "restricted_movements"
    assert 'value="shoulder_abduction" checked' in person.html
    assert "Your earlier answer is filled in" in person.html
    assert "restricted_movements" not in stored(app, person.token).answers
    person.post(SHOULDER)  # Next keeps it
    assert person.key == after
    assert stored(app, person.token).answers["restricted_movements"] == ["shoulder_abduction"]


def test_back_on_the_first_question_stays_there(person: Person) -> None:
    assert 'value="back"' not in person.html  # the near miss: no Back button to press
    response = person.post({}, action="back")
    assert response.status_code == 200 and person.key == "red_flags"


def test_i_dont_know_on_a_yes_no_question_is_unknown(app: Any, kb: KnowledgeBase, person: Person) -> None:
    person.post(NO_FLAGS)
    person.post(SHOULDER)
    while kb.questions[person.key or ""].type != "tri_state":
        person.post({}, action="unknown")
    qid = person.key
    assert qid is not None
    person.post({}, action="unknown")
    assert stored(app, person.token).answers[qid] == "unknown"


def test_i_dont_know_on_an_optional_number_leaves_it_unanswered(app: Any, person: Person) -> None:
    person.post(NO_FLAGS)
    person.post(SHOULDER)
    assert person.key == "pain_on_movement"
    person.post({}, action="unknown")
    record = stored(app, person.token)
    assert "pain_on_movement" not in record.answers and record.state.unanswered == ["pain_on_movement"]
    partial = person.client.get(f"/s/{person.token}/case.yaml")
    assert yaml.safe_load(partial.text)["x_unanswered"] == ["pain_on_movement"]


def test_a_required_question_has_no_i_dont_know(person: Person) -> None:
    person.post(NO_FLAGS)
    assert person.key == "restricted_movements" and 'value="unknown"' not in person.html
    response = person.post({}, action="unknown")  # forged: refused, not skipped
    assert response.status_code == 422 and person.key == "restricted_movements"


def test_a_typed_answer_is_read_as_regain_ask_reads_it(app: Any, person: Person) -> None:
    person.post(NO_FLAGS)
    person.post(SHOULDER)
    person.post({"answer": "about 6 out of 10"})
    assert stored(app, person.token).answers["pain_on_movement"] == 6
    assert "Recorded" in person.html  # the line that says how it was read


def test_an_answer_that_cannot_be_used_shows_the_page_again(app: Any, person: Person) -> None:
    person.post(NO_FLAGS)
    person.post(SHOULDER)
    response = person.post({"answer": "lots and lots"})
    assert response.status_code == 422
    assert person.key == "pain_on_movement" and 'role="alert"' in person.html
    assert "a whole number from 0 to 10" in person.html and 'value="lots and lots"' in person.html
    assert "pain_on_movement" not in stored(app, person.token).answers
    assert person.post({"answer": "11"}).status_code == 422  # out of range
    assert person.post({"answer": "7"}).status_code == 200  # the near miss


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Tick each sign you have"),
        ({"none": "1", "pick": ["fever_or_unwell"]}, "untick one of them"),
        ({"pick": ["no_such_sign"]}, "not on this page"),
    ],
)
def test_the_warning_signs_need_a_clear_answer(person: Person, data: dict[str, Any], error: str) -> None:
    response = person.post(data)
    assert response.status_code == 422 and error in person.html and person.key == "red_flags"


def test_no_movement_ticked_is_refused(person: Person) -> None:
    person.post(NO_FLAGS)
    assert person.post({}).status_code == 422
    assert person.post({"pick": ["elbow_of_nobody"]}).status_code == 422
    assert person.post(SHOULDER).status_code == 200


def test_a_page_answered_already_changes_nothing(app: Any, person: Person) -> None:
    person.post(NO_FLAGS)
    old_page = {"page": "red_flags", "pick": ["fever_or_unwell"]}
    response = person.post(old_page, key="red_flags")
    assert response.status_code == 200 and "answered already" in person.html
    assert stored(app, person.token).answers == {"red_flags": []}


def test_an_emergency_sign_ends_on_the_emergency_page(app: Any, kb: KnowledgeBase, person: Person) -> None:
    response = person.post({"pick": ["chest_pain_or_breathlessness"]})
    assert response.status_code == 200 and response.request.path == f"/s/{person.token}/stop"
    assert kb.wording.headlines["emergency"].heading in person.html
    assert kb.red_flags["chest_pain_or_breathlessness"].sign in person.html
    plan = person.get(f"/s/{person.token}/plan")
    assert plan.status_code == 200 and kb.wording.headlines["emergency"].heading in plan.text
    assert "/journal" not in plan.text  # no journal for an emergency


def test_a_sign_that_is_not_an_emergency_goes_on(person: Person) -> None:
    person.post({"pick": ["history_of_cancer"]})  # the near miss: see a doctor, but not now
    assert person.key not in (None, "red_flags")


def test_closing_the_page_and_coming_back_by_the_link_resumes(app: Any, person: Person) -> None:
    person.post(NO_FLAGS)
    person.post(SHOULDER)
    key = person.key
    later = Person(app)  # another browser: no cookie, only the link
    later.token = person.token
    later.get(f"/s/{person.token}/q")
    assert later.key == key
    later.post({"answer": "4"})
    assert stored(app, person.token).answers["pain_on_movement"] == 4


def test_delete_removes_the_answers_and_the_journal(app: Any, db: Path, person: Person) -> None:
    person.post(NO_FLAGS)
    with open_store(db) as store:
        journal_id = store.create(
            case_id="c",
            name=None,
            case={},
            assessment={},
            start={},
            started=datetime.date.today(),
            knowledge_version="k",
        )
    with app.app_context():
        set_journal(person.token, journal_id)
    confirm = person.get(f"/s/{person.token}/delete")
    assert confirm.status_code == 200 and "cannot be undone" in confirm.text
    assert stored(app, person.token) is not None  # asking is not deleting
    response = person.client.post(f"/s/{person.token}/delete", data={"csrf_token": _csrf(confirm.text)})
    assert response.status_code == 303 and response.headers["Location"].endswith("/deleted")
    assert person.client.get(f"/s/{person.token}/q").status_code == 404
    with open_store(db) as store:
        assert store.get_session(person.token) is None
        with pytest.raises(JournalError):
            store.get(journal_id)


def _csrf(html: str) -> str:
    return csrf_of(html)


def test_start_a_journal_is_offered_on_the_plan(tmp_path: Path, kb: KnowledgeBase) -> None:
    """The journal's pages (web/journal_pages.py) are registered: the plan links to them
    (an emergency's plan does not: see above)."""
    person = in_kb_order(kb, GOLDEN["pain_protective_shoulder"]["person"])
    p = Person(create_app(tmp_path / "a.db", kb=kb))
    p.start()
    p.walk(kb, person)
    assert f"/s/{p.token}/journal" in p.get(f"/s/{p.token}/plan").text
