"""The journal in the browser through Flask's test client: start, check in, the decision, the progress page.

Behind the session's private token (another token: 404), CSRF on every form, a
refused check-in stores nothing and comes back with its problems (422), and a
person's own words are escaped wherever they are shown.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from journal_helpers import new_journal
from markupsafe import escape
from web_helpers import Person, csrf_of
from web_journal_helpers import GOOD_CHECKIN, finished, post_checkin, start_journal
from web_journals import TP

from regain.engine.natural_answers import MAX_TEXT  # a typed line: the terminal's limit too
from regain.knowledge import KnowledgeBase
from regain.web import create_app

OTHER_TOKEN = "A" * 43  # well-formed, but no session's


@pytest.fixture
def app(tmp_path: Path, kb: KnowledgeBase) -> Any:
    return create_app(tmp_path / "web.db", kb=kb)


def entries(app: Any, person: Person) -> int:
    with app.app_context():
        from regain.web.resources import store
        from regain.web.sessions import load_session

        record = load_session(person.token)
        assert record is not None
        return -1 if record.journal_id is None else len(store().get(record.journal_id).entries)


def field_block(html: str, name: str) -> str:
    """The markup of one question of the check-in form (up to the next question)."""
    start = html.index(f'id="f-{name.replace(".", "-")}')
    start = html.rindex('class="question checkin"', 0, start)
    end = html.find('class="question checkin"', start + 1)
    return html[start : end if end != -1 else len(html)]


def test_start_check_in_and_see_the_decision_and_the_progress_page(app: Any, kb: KnowledgeBase) -> None:
    person = finished(app, kb)
    offer = person.get(f"/s/{person.token}/journal")
    assert offer.status_code == 200 and kb.wording.progress.web_start_button in offer.text
    assert entries(app, person) == -1
    start_journal(person)
    assert kb.wording.progress.now_heading in person.html and entries(app, person) == 0
    form = person.client.get(f"/s/{person.token}/journal/checkin")
    for q in (
        "date",
        f"sessions.{TP}",
        "pain_at_rest",
        f"felt.{TP}.raised_next_day",
        "new_red_flags",
        "notes",
    ):
        assert f'name="{q}"' in form.text, q
    assert form.text.count('type="checkbox"') == len(kb.red_flags) + 1
    taken = post_checkin(person)
    assert taken.status_code == 303 and taken.headers["Location"].endswith("/journal?saved=1")
    shown = person.get(taken.headers["Location"])
    assert kb.wording.progress.web_saved in shown.text and entries(app, person) == 1
    progress = person.client.get(f"/s/{person.token}/journal/progress")
    assert (
        progress.status_code == 200 and progress.text.count("<svg") >= 2 and "slept better" in progress.text
    )
    assert "'unsafe-inline'" in progress.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in form.headers["Content-Security-Policy"]
    assert "<script" not in form.text and "<script" not in progress.text


def test_the_plan_and_the_progress_page_lead_to_the_journal(app: Any, kb: KnowledgeBase) -> None:
    w = kb.wording.web
    person = finished(app, kb)
    plan = person.client.get(f"/s/{person.token}/plan").text
    assert w["start_journal"] in plan and w["open_journal"] not in plan
    start_journal(person)
    plan = person.client.get(f"/s/{person.token}/plan").text
    assert w["open_journal"] in plan and w["start_journal"] not in plan  # one exists: no second offer
    post_checkin(person)
    progress = person.client.get(f"/s/{person.token}/journal/progress").text
    for path, words in (
        ("journal", kb.wording.progress.web_to_journal),
        ("journal/checkin", kb.wording.progress.web_checkin_link),
        ("plan", kb.wording.progress.web_to_plan),
    ):
        assert f'<a href="/s/{person.token}/{path}">{words}</a>' in progress, path
    with app.app_context():
        from regain.tracking import journey_of, render_journey
        from regain.web.resources import store
        from regain.web.sessions import load_session

        record = load_session(person.token)
        assert record is not None and record.journal_id is not None
        journey = journey_of(kb, store().get(record.journal_id))
        written = render_journey(kb, journey, "html", date=re.findall(r"\d{4}-\d{2}-\d{2}", progress)[-1])
    added = r'<link rel="stylesheet"[^>]*>\n|<nav class="(?:plan-actions|languages)".*?</nav>\n'
    served = re.sub(added, "", progress, flags=re.S)
    assert served == written  # the page `regain track show -o` writes, with the ways back added


def test_a_journal_is_started_once(app: Any, kb: KnowledgeBase) -> None:
    person = finished(app, kb)
    start_journal(person)
    csrf = csrf_of(person.client.get(f"/s/{person.token}/journal/checkin").text)
    again = person.client.post(f"/s/{person.token}/journal/start", data={"csrf_token": csrf})
    assert again.status_code == 303 and entries(app, person) == 0
    with app.app_context():
        from regain.web.resources import store

        assert len(store().list()) == 1


def test_no_journal_before_the_questions_are_done(app: Any, kb: KnowledgeBase) -> None:
    person = Person(app)
    person.start()
    csrf = csrf_of(person.html)  # the first question's page
    offer = person.client.get(f"/s/{person.token}/journal")
    assert offer.status_code == 200 and kb.wording.progress.web_not_ready in offer.text
    assert kb.wording.progress.web_start_button not in offer.text
    tried = person.client.post(f"/s/{person.token}/journal/start", data={"csrf_token": csrf})
    assert tried.status_code == 303 and tried.headers["Location"].endswith(f"/s/{person.token}/q")
    assert person.client.get(f"/s/{person.token}/journal/checkin").status_code == 302
    assert person.client.get(f"/s/{person.token}/journal/progress").status_code == 302


@pytest.mark.parametrize("path", ["journal", "journal/checkin", "journal/progress"])
def test_another_token_gets_404(app: Any, kb: KnowledgeBase, path: str) -> None:
    person = finished(app, kb)
    start_journal(person)
    assert person.client.get(f"/s/{person.token}/{path}").status_code == 200
    for token in (OTHER_TOKEN, person.token[:-1] + ("B" if person.token[-1] != "B" else "C"), "x"):
        assert person.client.get(f"/s/{token}/{path}").status_code == 404
    csrf = csrf_of(person.client.get(f"/s/{person.token}/journal/checkin").text)
    for action in ("journal/start", "journal/checkin"):
        assert person.client.post(f"/s/{OTHER_TOKEN}/{action}", data={"csrf_token": csrf}).status_code == 404


def test_a_post_without_its_csrf_token_is_refused(app: Any, kb: KnowledgeBase) -> None:
    person = finished(app, kb)
    refused = person.client.post(f"/s/{person.token}/journal/start", data={})
    assert refused.status_code == 400 and entries(app, person) == -1
    start_journal(person)
    refused = person.client.post(f"/s/{person.token}/journal/checkin", data={"date": "today", **GOOD_CHECKIN})
    wrong = post_checkin(person, csrf_token="not-the-token")
    assert refused.status_code == wrong.status_code == 400 and entries(app, person) == 0
    assert post_checkin(person).status_code == 303 and entries(app, person) == 1  # the near miss


def test_a_bad_check_in_stores_nothing_and_comes_back_with_its_problems(app: Any, kb: KnowledgeBase) -> None:
    person = finished(app, kb)
    start_journal(person)
    w = kb.wording.progress
    bad = post_checkin(person, pain_at_rest="11", new_red_flags=None, notes="kept")
    assert bad.status_code == 422 and entries(app, person) == 0
    assert w.web_fix in bad.text and 'role="alert"' in bad.text
    pain = field_block(bad.text, "pain_at_rest")
    assert 'class="error"' in pain and "11" in pain and 'aria-invalid="true"' in pain
    assert str(escape(w.web_flags_needed)) in field_block(bad.text, "new_red_flags")
    assert 'class="error"' not in field_block(bad.text, "pain_on_movement")
    assert ">kept</textarea>" in bad.text and 'value="4"' in field_block(bad.text, "pain_on_movement")
    assert csrf_of(bad.text)  # the form can be sent again


def test_the_engines_refusal_is_shown_beside_the_date(app: Any, kb: KnowledgeBase) -> None:
    person = finished(app, kb)
    start_journal(person)
    early = post_checkin(person, date="2001-01-01")
    assert early.status_code == 422 and entries(app, person) == 0
    date = field_block(early.text, "date")
    assert 'class="error"' in date and "2001-01-01 is before" in date and "check-in:" not in date


def test_hostile_notes_are_escaped_everywhere(app: Any, kb: KnowledgeBase) -> None:
    person = finished(app, kb)
    start_journal(person)
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    refused = post_checkin(person, notes=hostile, pain_at_rest="lots")
    assert refused.status_code == 422
    assert hostile not in refused.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in refused.text
    assert post_checkin(person, notes=hostile).status_code == 303
    for path in ("journal", "journal/progress", "journal/checkin"):
        page = person.client.get(f"/s/{person.token}/{path}").text
        assert "<script" not in page and "<img" not in page, path
    assert "&lt;script&gt;" in person.client.get(f"/s/{person.token}/journal/progress").text


def test_the_atlas_is_served_under_knowledge(app: Any, kb: KnowledgeBase) -> None:
    from regain.reports.atlas_site import render_site

    client = app.test_client()
    files = render_site(kb)
    index = client.get("/knowledge/")
    assert index.status_code == 200 and index.text == files["index.html"]
    assert client.get("/knowledge").status_code == 308
    assert re.findall(r"<script\b[^>]*>", index.text) == ['<script src="search.js">']
    csp = index.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert index.headers["X-Content-Type-Options"] == "nosniff"
    for name in ("search.js", "atlas.css", "graph.html", next(n for n in files if n.startswith("muscle-"))):
        served = client.get(f"/knowledge/{name}")
        assert served.status_code == 200 and served.text == files[name], name
    assert client.get("/knowledge/search.js").mimetype == "text/javascript"
    for name in ("nothing.html", ".regain-kb-site-manifest", "..%2fweb.db", "index.htm"):
        assert client.get(f"/knowledge/{name}").status_code == 404, name


def test_deleting_the_answers_deletes_the_journal(app: Any, kb: KnowledgeBase) -> None:
    person = finished(app, kb)
    start_journal(person)
    assert post_checkin(person).status_code == 303
    confirm = person.client.get(f"/s/{person.token}/delete")
    other = finished(app, kb)  # someone else's journal stays
    start_journal(other)
    deleted = person.client.post(f"/s/{person.token}/delete", data={"csrf_token": csrf_of(confirm.text)})
    assert deleted.status_code == 303
    for path in ("journal", "journal/checkin", "journal/progress"):
        assert person.client.get(f"/s/{person.token}/{path}").status_code == 404
    with app.app_context():
        from regain.web.resources import store

        assert len(store().list()) == 1
    assert other.client.get(f"/s/{other.token}/journal").status_code == 200


def test_a_journal_started_by_a_slower_request_is_not_left_behind(app: Any, kb: KnowledgeBase) -> None:
    """Two presses at once: the first journal recorded stays, the other is deleted; so is one whose
    session was deleted meanwhile."""
    from regain.web.journal_pages import claim_journal
    from regain.web.resources import store

    person = finished(app, kb)
    start_journal(person)
    with app.app_context():
        [first] = store().list()
        late = new_journal(store())
        assert not claim_journal(person.token, late)
        assert [j.id for j in store().list()] == [first.id]
        fresh = finished(app, kb)
        mine = new_journal(store())
        assert claim_journal(fresh.token, mine)  # the near miss: nothing there yet
        store().delete_session(fresh.token)
        orphan = new_journal(store())
        assert not claim_journal(fresh.token, orphan)
        assert [j.id for j in store().list()] == [first.id]


@pytest.mark.parametrize("tier", ["emergency", "urgent"])
def test_no_journal_where_a_warning_sign_sends_to_a_doctor_first(
    app: Any, kb: KnowledgeBase, tier: str
) -> None:
    flag = next(i for i, f in kb.red_flags.items() if f.tier == tier)
    person = Person(app)
    person.start()
    csrf = csrf_of(person.html)
    person.walk(kb, {"red_flags": [flag], "age": 70})
    offer = person.client.get(f"/s/{person.token}/journal")
    assert offer.status_code == 200 and kb.wording.progress.web_not_started in offer.text
    assert kb.wording.progress.web_start_button not in offer.text
    refused = person.client.post(f"/s/{person.token}/journal/start", data={"csrf_token": csrf})
    assert refused.status_code == 409 and entries(app, person) == -1
    with app.app_context():
        from regain.web.resources import store

        assert store().list() == []


def test_a_new_warning_sign_stops_the_plan_and_the_next_form_asks_for_clearance(
    app: Any, kb: KnowledgeBase
) -> None:
    person = finished(app, kb)
    start_journal(person)
    first = person.client.get(f"/s/{person.token}/journal/checkin").text
    assert 'name="cleared_by_doctor"' not in first  # the near miss: nothing held yet
    flag = next(i for i, f in kb.red_flags.items() if f.tier == "emergency")
    taken = post_checkin(person, new_red_flags=flag)
    assert taken.status_code == 303
    shown = person.get(taken.headers["Location"]).text
    assert "decision-stop" in shown and str(escape(kb.followup.decisions["stop"].name)) in shown
    assert 'name="cleared_by_doctor"' in person.client.get(f"/s/{person.token}/journal/checkin").text


def test_a_hostile_name_is_escaped_on_the_journals_pages(app: Any, kb: KnowledgeBase) -> None:
    hostile = "<svg onload=alert(1)>Zoë</svg>"
    person = finished(app, kb, name=hostile)
    start_journal(person)
    assert post_checkin(person).status_code == 303
    for path in ("journal", "journal/progress", "journal/checkin"):
        page = person.client.get(f"/s/{person.token}/{path}").text
        assert "<svg onload" not in page, path
    assert "&lt;svg onload=alert(1)&gt;Zoë" in person.client.get(f"/s/{person.token}/journal/progress").text


def test_an_oversized_or_overlong_check_in_stores_nothing(app: Any, kb: KnowledgeBase) -> None:
    person = finished(app, kb)
    start_journal(person)
    assert post_checkin(person, notes="x" * (80 * 1024)).status_code == 413  # over the body limit
    overlong = post_checkin(person, notes="x" * (MAX_TEXT + 1))  # within it, but too long a line
    assert overlong.status_code == 422 and 'class="error"' in field_block(overlong.text, "notes")
    assert entries(app, person) == 0
    assert post_checkin(person, notes="x" * MAX_TEXT).status_code == 303 and entries(app, person) == 1
