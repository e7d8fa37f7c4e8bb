"""``regain serve`` is safe by default: tokens, CSRF, escaping, body size, headers, cookies, no 500.

The list of issue 22: another session's or a guessed token gives 404; a POST
without a valid CSRF token is refused and changes nothing; hostile text never
appears unescaped; an oversized body is refused; the headers are on every
response; and no answer, however odd, gets a 500.
"""

from __future__ import annotations

import base64
import secrets
from pathlib import Path
from typing import Any

import pytest
from web_helpers import Person, csrf_of

from regain.knowledge import KnowledgeBase
from regain.web import create_app
from regain.web.app import MAX_BODY
from regain.web.sessions import load_session

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


@pytest.fixture
def app(tmp_path: Path, kb: KnowledgeBase) -> Any:
    return create_app(tmp_path / "web.db", kb=kb)


@pytest.fixture
def person(app: Any) -> Person:
    p = Person(app)
    p.start()
    return p


def stored(app: Any, token: str) -> Any:
    with app.app_context():
        return load_session(token)


def test_a_guessed_or_other_token_gets_the_same_404(app: Any, person: Person) -> None:
    client = app.test_client()
    bodies = set()
    for token in (secrets.token_urlsafe(32), person.token[:-2] + "xx", "1", "..%2f..%2fetc", "a" * 500):
        for path in ("q", "plan", "plan.html", "case.yaml", "delete", "stop"):
            response = client.get(f"/s/{token}/{path}")
            assert response.status_code == 404, (token, path)
            bodies.add(response.text)
    assert len(bodies) == 1  # nothing tells a malformed token from a well-formed unknown one
    assert client.get(f"/s/{person.token}/q").status_code == 200  # the near miss: the real link works


def test_one_persons_link_never_shows_anothers_answers(app: Any) -> None:
    ann, bob = Person(app), Person(app)
    ann.start(), bob.start()
    ann.post({"pick": ["history_of_cancer"]})
    assert stored(app, bob.token).answers == {}
    assert "history_of_cancer" not in bob.client.get(f"/s/{bob.token}/case.yaml").text
    assert "history_of_cancer" in ann.client.get(f"/s/{ann.token}/case.yaml").text


def test_a_post_without_a_csrf_token_is_refused_and_changes_nothing(app: Any, person: Person) -> None:
    response = person.client.post(f"/s/{person.token}/q", data={"page": "red_flags", "none": "1"})
    assert response.status_code == 400 and "This form has expired" in response.text
    assert stored(app, person.token).answers == {}
    wrong = person.client.post(
        f"/s/{person.token}/q", data={"page": "red_flags", "none": "1", "csrf_token": "forged"}
    )
    assert wrong.status_code == 400 and stored(app, person.token).answers == {}
    person.post({"none": "1"})  # the near miss: with the page's token it is saved
    assert stored(app, person.token).answers == {"red_flags": []}


def test_a_csrf_token_from_another_browser_is_refused(app: Any, person: Person) -> None:
    other = Person(app)
    other.start()
    stolen = csrf_of(other.html)  # valid for the other browser's cookie only
    response = person.client.post(
        f"/s/{person.token}/q", data={"page": "red_flags", "none": "1", "csrf_token": stolen}
    )
    assert response.status_code == 400 and stored(app, person.token).answers == {}


def test_start_and_delete_need_the_csrf_token(app: Any, person: Person) -> None:
    client = app.test_client()
    assert client.post("/start").status_code == 400
    assert client.post(f"/s/{person.token}/delete").status_code == 400
    assert stored(app, person.token) is not None


def test_hostile_text_is_never_shown_unescaped(app: Any, kb: KnowledgeBase, person: Person) -> None:
    person.post({"none": "1"})
    person.post({"pick": ["knee_flexion"]})
    response = person.post({"answer": HOSTILE})
    assert response.status_code == 422
    assert "<script" not in person.html and "<img src=x" not in person.html
    assert "&lt;script&gt;alert(&#34;x&#34;)" in person.html  # shown back, as text
    from test_web_questionnaire import GOLDEN, in_kb_order

    answers = in_kb_order(kb, GOLDEN["pain_protective_shoulder"]["person"])
    answers.pop("red_flags"), answers.pop("restricted_movements")
    person.walk(kb, answers, name=HOSTILE[:100])
    plan = person.get(f"/s/{person.token}/plan").text
    assert stored(app, person.token).state.meta["name"] == HOSTILE[:100]
    assert "<script" not in plan and "<img src=x" not in plan and "&lt;script&gt;" in plan


def test_an_oversized_body_is_refused(app: Any, person: Person) -> None:
    data = {"csrf_token": csrf_of(person.html), "page": "red_flags", "none": "1", "pad": "x" * MAX_BODY}
    response = person.client.post(f"/s/{person.token}/q", data=data)
    assert response.status_code == 413 and "Too much text" in response.text
    assert stored(app, person.token).answers == {}
    for name, value in HEADERS.items():
        assert response.headers[name] == value


@pytest.mark.parametrize("path", ["/", "/static/web.css", "/nowhere", "/deleted"])
def test_the_headers_are_on_every_response(app: Any, path: str) -> None:
    response = app.test_client().get(path)
    for name, value in HEADERS.items():
        assert response.headers[name] == value, (path, name)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp and "unsafe-eval" not in csp


def test_the_plan_alone_allows_inline_styles_never_scripts(
    app: Any, kb: KnowledgeBase, person: Person
) -> None:
    person.post({"pick": ["chest_pain_or_breathlessness"]})
    for path in ("plan", "plan.html"):
        response = person.client.get(f"/s/{person.token}/{path}")
        csp = response.headers["Content-Security-Policy"]
        assert "style-src 'self' 'unsafe-inline'" in csp and "script-src 'self';" in csp, path
        assert response.headers["Cache-Control"] == "no-store"
    stop = person.client.get(f"/s/{person.token}/stop")
    assert "'unsafe-inline'" not in stop.headers["Content-Security-Policy"]


def test_the_cookie_is_httponly_and_samesite(app: Any, tmp_path: Path, kb: KnowledgeBase) -> None:
    cookie = app.test_client().get("/").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    behind_https = create_app(tmp_path / "web.db", kb=kb, config={"HTTPS": True})
    cookie = behind_https.test_client().get("/", base_url="https://localhost").headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_no_person_data_in_the_cookie(app: Any, person: Person) -> None:
    person.post({"pick": ["history_of_cancer"]})
    cookie = person.client.get_cookie("regain_csrf")
    assert cookie is not None
    decoded = base64.urlsafe_b64decode(cookie.value.split(".")[0] + "==").decode("utf-8", "replace")
    assert "csrf_token" in decoded  # the near miss: the cookie is read, and holds the CSRF token only
    assert "history_of_cancer" not in decoded and person.token not in cookie.value


ODD = ["", " ", "0", "-1", "1e9", "NaN", "∞", "\x00", "\x1b[2J", "a" * 150, "¹²³", "12/0", HOSTILE, "%s%n"]


def test_no_answer_gets_a_500(app: Any, kb: KnowledgeBase, person: Person) -> None:
    person.post({"none": "1"})
    person.post({"pick": ["shoulder_abduction", "shoulder_flexion"]})
    seen: set[str] = set()
    for _ in range(40):
        key = person.key
        if key is None or key in seen:
            break
        seen.add(key)
        for odd in ODD:
            for field in ("answer", "choice", "pick", "range.shoulder_abduction", "name"):
                for action in ("next", "unknown", "sideways"):
                    response = person.client.post(
                        f"/s/{person.token}/q",
                        data={"csrf_token": csrf_of(person.html), "page": key, "action": action, field: odd},
                    )
                    assert response.status_code in (303, 422), (key, field, odd, response.status_code)
                    if response.status_code == 303:
                        person.get(response.headers["Location"])
                        if person.key != key:
                            break
                if person.key != key:
                    break
            if person.key != key:
                break
        if person.key == key:
            person.post({}, action="unknown")
    assert len(seen) > 5
