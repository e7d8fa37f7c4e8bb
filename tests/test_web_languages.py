"""The web app in the person's language: the browser's, the switch on every page, a kept choice.

Concurrent requests in two languages do not mix (the language is the request's,
not the process's), and a language regain does not speak is never chosen.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from english_words import english_words, page_text
from web_helpers import Person

from regain.knowledge import KnowledgeBase, load_knowledge
from regain.web import create_app

GERMAN = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}


@pytest.fixture
def app(tmp_path: Path, kb: KnowledgeBase) -> Any:
    return create_app(tmp_path / "web.db", kb=kb)


def heading(html: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert found, html[:300]
    return found.group(1)


def test_the_browsers_language_is_spoken(app: Any) -> None:
    de, en = load_knowledge("de").wording.web, load_knowledge("en").wording.web
    page = app.test_client().get("/", headers=GERMAN).text
    assert '<html lang="de">' in page and heading(page) == de["start_heading"]
    french = app.test_client().get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9"}).text
    assert '<html lang="en">' in french and heading(french) == en["start_heading"]  # not spoken: the server's


def test_the_switch_chooses_and_the_choice_is_kept(app: Any) -> None:
    client = app.test_client()
    first = client.get("/", headers=GERMAN)
    assert 'href="?lang=en" lang="en" hreflang="en">English</a>' in first.text
    assert '<span aria-current="page" lang="de">Deutsch</span>' in first.text
    switched = client.get("/?lang=en", headers=GERMAN)
    assert '<html lang="en">' in switched.text
    assert "regain_lang=en" in switched.headers["Set-Cookie"] and "HttpOnly" in switched.headers["Set-Cookie"]
    assert '<html lang="en">' in client.get("/", headers=GERMAN).text  # kept over the browser's
    assert '<html lang="de">' in app.test_client().get("/?lang=xx", headers=GERMAN).text  # unknown: ignored


def test_a_whole_questionnaire_in_german_ends_on_a_german_plan(app: Any, kb: KnowledgeBase) -> None:
    person = Person(app)
    person.client.set_cookie("regain_lang", "de")
    person.start()
    assert '<html lang="de">' in person.html
    person.post({"none": "1"})
    for _ in range(40):
        if person.key is None:
            break
        if person.key == "restricted_movements":
            person.post({"pick": ["shoulder_abduction"]})
        else:
            person.post({}, action="unknown")
    plan = person.client.get(f"/s/{person.token}/plan").text
    assert '<html lang="de"' in plan and load_knowledge("de").wording.web["download_case"] in plan


def test_requests_in_two_languages_at_once_do_not_mix(app: Any) -> None:
    def page(headers: dict[str, str]) -> str:
        return str(app.test_client().get("/", headers=headers).text)

    with ThreadPoolExecutor(8) as pool:
        pages = list(pool.map(page, [GERMAN, {"Accept-Language": "en"}] * 20))
    for i, html in enumerate(pages):
        assert f'<html lang="{"de" if i % 2 == 0 else "en"}">' in html
        if i % 2 == 0:
            assert english_words(page_text(html, "de")) == [], english_words(page_text(html, "de"))
