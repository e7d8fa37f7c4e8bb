"""The questionnaire in German in Chromium: a German browser gets German pages, and the switch works.

Chromium's locale (de-DE) sends the Accept-Language a German browser sends. The
person answers by the German labels, no page holds an English function word
(tests/english_words.py), axe-core finds no serious problem on a German page,
and the switch turns the same page English.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from english_words import english_words, page_text
from test_web_browser import axe_violations, question
from web_server import live_app

from regain.knowledge import KnowledgeBase, load_knowledge

pytestmark = pytest.mark.browser


@pytest.fixture
def base(tmp_path: Path, kb: KnowledgeBase) -> Iterator[str]:
    with live_app(tmp_path / "web.db", kb) as url:
        yield url


def german(page: Any) -> None:
    assert page.locator("html").get_attribute("lang") == "de", page.url
    assert english_words(page_text(page.content(), "de")) == [], page.url


def test_a_german_browser_answers_in_german_to_the_plan(browser: Any, base: str) -> None:
    de = load_knowledge("de")
    w = de.wording.web
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE", bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(base + "/")
        german(page)
        page.get_by_role("button", name=w["start_button"]).click()
        assert question(page) == "red_flags"
        german(page)
        assert axe_violations(page) == []
        page.get_by_role("checkbox", name=w["none_of_these"]).check()
        page.get_by_role("button", name=w["next"]).click()
        name = de.movements["shoulder_abduction"].name
        page.locator("fieldset.group").get_by_role("checkbox", name=name, exact=True).check()
        page.get_by_role("button", name=w["next"]).click()
        for _ in range(40):
            if page.url.endswith("/plan"):
                break
            german(page)
            unsure = page.locator('input[type="radio"][value="unknown"]')  # yes / no / don't know
            unknown = page.get_by_role("button", name=w["unknown"])
            if unsure.count():
                unsure.check()
                page.get_by_role("button", name=w["next"]).click()
            else:  # "I don't know"; or the name, which may be left out
                (unknown if unknown.count() else page.get_by_role("button", name=w["next"])).click()
        assert page.url.endswith("/plan")
        assert page.locator("html").get_attribute("lang") == "de"
        assert page.get_by_role("link", name=w["download_case"]).is_visible()
        page.get_by_role("link", name="English", exact=True).click()  # the switch, on the plan too
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.get_by_role("link", name="Download your answers (case file)").is_visible()
    finally:
        context.close()
