"""The journal in Chromium (Playwright, Debian's browser), served by the app on a free loopback port.

At phone and desktop sizes a person starts a journal from their plan, checks in on the one-page
form and sees the decision and the progress page with its plots, under the app's
strict Content-Security-Policy (no console error, nothing fetched from elsewhere).
axe-core finds no serious or critical violation on the check-in form (fresh and
refused), the journal's page and the atlas index served under /knowledge.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import AXE, need_for_browser_tests
from web_journal_helpers import finished
from web_server import live_app

from regain.knowledge import KnowledgeBase
from regain.web import create_app

pytestmark = pytest.mark.browser

PHONE = (390, 844)
DESKTOP = (1280, 900)


@pytest.fixture
def served(tmp_path: Path, kb: KnowledgeBase) -> Iterator[tuple[str, str]]:
    """The app on a free port, and the token of a person whose plan is finished (answered beforehand
    through another app on the same database: the pages keep nothing in memory)."""
    database = tmp_path / "web.db"
    token = finished(create_app(database, kb=kb), kb).token
    with live_app(database, kb) as base:
        yield base, token


def _page(browser: Any, size: tuple[int, int], *, bypass_csp: bool = False) -> Any:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, bypass_csp=bypass_csp)
    return context.new_page()


def _start_and_open_the_form(page: Any, base: str, token: str) -> None:
    page.goto(f"{base}/s/{token}/journal")
    page.get_by_role("button", name="Start a journal").click()
    page.wait_for_url(f"{base}/s/{token}/journal")
    page.get_by_role("link", name="Check in").click()
    page.wait_for_url(f"{base}/s/{token}/journal/checkin")


def _fill(page: Any, pain_at_rest: str = "1") -> None:
    page.get_by_label(re.compile("how many sessions did you do")).fill("12")
    page.get_by_label(re.compile("hurt at rest")).fill(pain_at_rest)
    page.get_by_label(re.compile("hurt when you do the movement")).fill("4")
    page.get_by_label("It made the pain better").check()
    page.get_by_role("group", name=re.compile("press the tender spots")).get_by_label("Yes").check()
    page.get_by_label("None of these is new").check()
    page.get_by_label(re.compile("Anything else to note")).fill("slept <b>better</b>")


@pytest.mark.parametrize("size", [PHONE, DESKTOP])
def test_start_check_in_and_see_the_progress_page(
    browser: Any, served: tuple[str, str], size: tuple[int, int]
) -> None:
    base, token = served
    page = _page(browser, size)
    errors: list[str] = []
    requests: list[str] = []
    statuses: list[int] = []
    _watch(page, errors)
    page.on("request", lambda r: requests.append(r.url))
    page.on("response", lambda r: r.url.endswith("/favicon.ico") or statuses.append(r.status))
    try:
        _start_and_open_the_form(page, base, token)
        _fill(page, pain_at_rest="11")
        page.get_by_role("button", name="Save the check-in").click()
        page.wait_for_load_state("load")
        assert page.locator("#form-errors").is_visible()  # refused: 422, shown beside the pain at rest
        assert page.locator("#f-pain_at_rest-error").is_visible()
        assert page.get_by_label(re.compile("hurt at rest")).input_value() == "11"
        page.get_by_label(re.compile("hurt at rest")).fill("1")
        page.get_by_role("button", name="Save the check-in").click()
        page.wait_for_url(re.compile(r"/journal\?saved=1$"))
        assert page.get_by_role("status").first.is_visible()
        assert page.locator("#now .decision").is_visible()
        page.get_by_role("link", name=re.compile("progress page")).click()
        page.wait_for_url(f"{base}/s/{token}/journal/progress")
        plots = page.locator("svg")
        assert plots.count() >= 2 and plots.first.is_visible()
        box = plots.first.bounding_box()
        assert box is not None and box["width"] > 200 and box["x"] + box["width"] <= size[0] + 1
        assert "slept <b>better</b>" in page.locator("body").inner_text()  # the notes, as text
        width = page.evaluate("document.documentElement.scrollWidth")
    finally:
        page.context.close()
    assert errors == [] and [u for u in requests if not u.startswith(base)] == []
    assert 422 in statuses and set(statuses) <= {200, 303, 304, 422} and width <= size[0]


def _watch(page: Any, errors: list[str]) -> None:
    """Console errors and script errors (a CSP violation is one), but not a failed load: the
    tests look at statuses, and a refused form's 422 and Chromium's own /favicon.ico are expected."""
    page.on(
        "console",
        lambda m: m.type == "error" and "Failed to load resource" not in m.text and errors.append(m.text),
    )
    page.on("pageerror", lambda e: errors.append(str(e)))


def _axe(page: Any) -> list[Any]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => JSON.stringify(await axe.run(document))")
    violations = [v for v in json.loads(result)["violations"] if v["impact"] in ("serious", "critical")]
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


@pytest.mark.parametrize("size", [PHONE, DESKTOP])
def test_no_serious_accessibility_violation(
    browser: Any, served: tuple[str, str], size: tuple[int, int]
) -> None:
    need_for_browser_tests(AXE, "npm ci --prefix .ci/axe")
    base, token = served
    page = _page(browser, size, bypass_csp=True)  # axe is injected as a script: only for this check
    try:
        _start_and_open_the_form(page, base, token)
        assert _axe(page) == [], "the check-in form"
        _fill(page, pain_at_rest="11")
        page.get_by_role("button", name="Save the check-in").click()
        page.wait_for_load_state("load")
        assert page.locator("#form-errors").is_visible()
        assert _axe(page) == [], "the refused check-in form"
        page.goto(f"{base}/s/{token}/journal")
        assert _axe(page) == [], "the journal's page"
        page.goto(f"{base}/knowledge/")
        assert page.get_by_label("Search by name, id or text").is_visible()  # search.js ran
        assert _axe(page) == [], "the atlas index"
    finally:
        page.context.close()


def test_the_served_atlas_search_runs_under_the_csp(browser: Any, served: tuple[str, str]) -> None:
    base, _ = served
    page = _page(browser, PHONE)
    errors: list[str] = []
    _watch(page, errors)
    try:
        page.goto(f"{base}/knowledge/")
        page.get_by_label("Search by name, id or text").fill("deltoid")
        status = page.locator("#search-status").inner_text()
        shown = page.locator("#entries li:visible").count()
    finally:
        page.context.close()
    assert errors == [] and shown > 0 and status.endswith(("entry matches.", "entries match."))
