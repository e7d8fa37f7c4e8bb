"""The web app reached through HTTPS, as docs/serve.md deploys it behind a reverse proxy.

Over HTTPS the CSRF check also demands that a form was posted from this site
(its ``Referer``), so the referrer policy must let this site's own forms send
one, and nothing else. Chromium walks the whole path over real TLS (a
throwaway certificate authority of ``trustme``): the questions, the plan, a
journal check-in and deleting everything; with the cookie marked Secure and
HSTS on every response. gunicorn, started as docs/serve.md starts it, takes
requests as a reverse proxy forwards them. The test client checks the same
rules one by one.
"""

from __future__ import annotations

import os
import re
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import trustme
from test_web_browser import answer_as, question
from test_web_questionnaire import GOLDEN, in_kb_order
from web_helpers import csrf_of
from web_server import live_app

from regain.knowledge import KnowledgeBase
from regain.web import create_app
from regain.web.security import HSTS

SITE = "https://localhost"


@pytest.fixture
def app(tmp_path: Path, kb: KnowledgeBase) -> Any:
    return create_app(tmp_path / "web.db", kb=kb, config={"HTTPS": True})


def _start(app: Any, referer: str | None) -> int:
    client = app.test_client()
    home = client.get("/", base_url=SITE)
    headers = {} if referer is None else {"Referer": referer}
    response = client.post("/start", data={"csrf_token": csrf_of(home.text)}, base_url=SITE, headers=headers)
    return int(response.status_code)


def test_a_form_posted_from_this_site_over_https_is_taken(app: Any) -> None:
    assert _start(app, f"{SITE}/") == 303
    assert _start(app, "https://elsewhere.example/") == 400  # the near miss: another site's form
    assert _start(app, None) == 400  # no referrer at all: why the policy must not be no-referrer


def test_the_referrer_policy_sends_addresses_to_this_site_only(app: Any) -> None:
    response = app.test_client().get("/", base_url=SITE)
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert '<meta name="referrer" content="same-origin">' in response.text


def test_hsts_only_where_the_app_is_reached_through_https(
    app: Any, tmp_path: Path, kb: KnowledgeBase
) -> None:
    assert app.test_client().get("/", base_url=SITE).headers["Strict-Transport-Security"] == HSTS
    plain = create_app(tmp_path / "plain.db", kb=kb)
    assert "Strict-Transport-Security" not in plain.test_client().get("/").headers  # the near miss


@pytest.fixture
def tls_base(tmp_path: Path, kb: KnowledgeBase) -> Iterator[str]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    trustme.CA().issue_cert("127.0.0.1").configure_cert(context)
    with live_app(tmp_path / "web.db", kb, tls=context, config={"HTTPS": True}) as base:
        yield base


@pytest.mark.browser
def test_the_whole_path_over_https_in_chromium(browser: Any, tls_base: str, kb: KnowledgeBase) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, ignore_https_errors=True)
    page = context.new_page()
    statuses: list[int] = []
    page.on("response", lambda r: r.url.endswith("/favicon.ico") or statuses.append(r.status))
    try:
        first = page.goto(tls_base + "/")
        assert first is not None and first.headers["strict-transport-security"] == HSTS
        page.get_by_role("button", name="Start the questions").click()
        assert question(page) == "red_flags"
        page.get_by_role("checkbox", name="None of these").check()
        page.get_by_role("button", name="Next").click()
        person = in_kb_order(kb, GOLDEN["pain_protective_shoulder"]["person"])
        for _ in range(30):
            if page.url.endswith("/plan"):
                break
            answer_as(page, kb, person)
        assert page.url.endswith("/plan")
        token = re.search(r"/s/([^/]+)/plan$", page.url)
        assert token is not None
        journal = f"{tls_base}/s/{token.group(1)}/journal"
        page.goto(journal)
        page.get_by_role("button", name="Start a journal").click()
        page.wait_for_url(journal)
        page.get_by_role("link", name="Check in").click()
        page.get_by_label(re.compile("how many sessions did you do")).fill("12")
        page.get_by_label(re.compile("hurt at rest")).fill("1")
        page.get_by_label(re.compile("hurt when you do the movement")).fill("4")
        page.get_by_label("It made the pain better").check()
        page.get_by_role("group", name=re.compile("press the tender spots")).get_by_label("Yes").check()
        page.get_by_label("None of these is new").check()
        page.get_by_role("button", name="Save the check-in").click()
        page.wait_for_url(re.compile(r"/journal\?saved=1$"))
        page.goto(f"{tls_base}/s/{token.group(1)}/plan")
        page.get_by_role("link", name="Delete everything").click()
        page.get_by_role("button", name="Yes, delete everything").click()
        assert page.url.endswith("/deleted")
        cookies = context.cookies()
    finally:
        context.close()
    assert cookies and all(c["secure"] and c["httpOnly"] for c in cookies)
    assert 400 not in statuses and set(statuses) <= {200, 302, 303, 304}


@pytest.fixture
def gunicorn_behind_proxy(tmp_path: Path, kb: KnowledgeBase) -> Iterator[str]:
    """The command of docs/serve.md: gunicorn, two workers, on loopback where the proxy reaches it."""
    database = tmp_path / "web.db"
    create_app(database, kb=kb)  # made first, so the two workers do not race to create it
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        *("-w", "2", "-b", "127.0.0.1:0", "--log-level", "info"),
        "regain.web:create_app(config={'HTTPS': True})",
    ]
    process = subprocess.Popen(
        command, env={**os.environ, "REGAIN_DATABASE_URL": str(database)}, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stderr is not None
        for line in process.stderr:
            found = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", line)
            if found:
                yield found.group(1)
                break
        else:
            pytest.fail("gunicorn did not start")
    finally:
        process.terminate()
        process.wait(timeout=30)


def _through_the_proxy(base: str, path: str, cookie: str, data: dict[str, str] | None = None) -> Any:
    """A request as nginx forwards it (docs/serve.md): the site's host, the scheme the person used."""
    headers = {"Host": "regain.example", "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    if cookie:
        headers["Cookie"] = cookie
    if data is None:
        return requests.get(base + path, headers=headers, allow_redirects=False, timeout=30)
    headers["Referer"] = "https://regain.example/"  # a same-origin form, under the referrer policy
    return requests.post(base + path, data=data, headers=headers, allow_redirects=False, timeout=30)


def test_gunicorn_behind_a_reverse_proxy_with_https(gunicorn_behind_proxy: str) -> None:
    base = gunicorn_behind_proxy
    home = _through_the_proxy(base, "/", "")
    set_cookie = home.headers["Set-Cookie"]
    assert "Secure" in set_cookie and "HttpOnly" in set_cookie
    assert home.headers["Strict-Transport-Security"] == HSTS
    cookie = set_cookie.split(";", 1)[0]
    started = _through_the_proxy(base, "/start", cookie, {"csrf_token": csrf_of(home.text)})
    assert started.status_code == 303
    location = started.headers["Location"]
    assert location.startswith("/s/")  # relative: the person stays on https://regain.example
    page = _through_the_proxy(base, location, cookie)
    assert page.status_code == 200 and 'name="page" value="red_flags"' in page.text
    answered = _through_the_proxy(
        base, location, cookie, {"csrf_token": csrf_of(page.text), "page": "red_flags", "none": "1"}
    )
    assert answered.status_code == 303
    assert _through_the_proxy(base, location, "").status_code == 200  # the private link alone resumes
    forged = _through_the_proxy(base, location, "", {"page": "red_flags", "none": "1"})
    assert forged.status_code == 400  # the near miss: no cookie, no CSRF token
