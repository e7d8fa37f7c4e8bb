"""``regain serve`` in Chromium, as a person uses it, at a phone's size (390×844) and a desktop's.

The whole path: the warning signs, adaptive questions with "Why am I asked
this?" and Back, closing the page and coming back by the private link (in a
new browser, no cookie), the plan, deleting everything; an emergency path;
and axe-core on each kind of page, with no serious or critical violation.
Every page fits the screen's width. Screenshots go to ``$REGAIN_SCREENSHOTS``
when it is set.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import AXE, need_for_browser_tests
from test_web_questionnaire import GOLDEN, in_kb_order
from web_server import live_app

from regain.knowledge import KnowledgeBase

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 900)}
SHOTS = os.environ.get("REGAIN_SCREENSHOTS")


@pytest.fixture
def base(tmp_path: Path, kb: KnowledgeBase) -> Iterator[str]:
    with live_app(tmp_path / "web.db", kb) as url:
        yield url


def new_page(browser: Any, size: tuple[int, int], *, bypass_csp: bool = False) -> Any:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, bypass_csp=bypass_csp)
    return context.new_page()


def fits(page: Any, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def question(page: Any) -> str:
    return str(page.locator('input[name="page"]').get_attribute("value"))


def answer_as(page: Any, kb: KnowledgeBase, person: dict[str, Any]) -> None:
    """Answer the question shown as ``person`` would, clicking and typing; "I don't know" if no answer."""
    qid = question(page)
    if qid == "name":
        page.get_by_label("Name (optional)").fill("Alex")
        page.get_by_role("button", name="Next").click()
        return
    value = person.get(qid)
    q = kb.questions[qid]
    if value is None:
        page.get_by_role("button", name="I don't know").click()
        return
    if q.type == "tri_state":
        label = {True: "yes", False: "no"}.get(value, "don't know")
        page.get_by_role("radio", name=label, exact=True).check()
    elif q.type == "choice":
        page.get_by_role(
            "radio", name=next(o.label for o in q.options if o.value == value), exact=True
        ).check()
    elif q.type in ("movements", "regions"):
        items = kb.movements if q.type == "movements" else kb.regions
        for item in value:  # the list's box (a place is also on the body map, by the same name)
            page.locator("fieldset.group").get_by_role("checkbox", name=items[item].name, exact=True).check()
    elif q.type == "range_map":
        for mv, v in value.items():
            page.get_by_label(kb.movements[mv].name, exact=True).fill(str(v))
    else:
        page.locator("#answer").fill(str(value))
    page.get_by_role("button", name="Next").click()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_whole_path_as_a_person_walks_it(
    viewport: str, browser: Any, base: str, kb: KnowledgeBase
) -> None:
    width, height = VIEWPORTS[viewport]
    person = in_kb_order(kb, GOLDEN["pain_protective_shoulder"]["person"])
    page = new_page(browser, (width, height))
    page.goto(base + "/")
    fits(page, width)
    shot(page, f"{viewport}-start")
    page.get_by_role("button", name="Start the questions").click()
    assert question(page) == "red_flags"
    assert page.get_by_text("Bookmark it").is_visible()
    fits(page, width)
    shot(page, f"{viewport}-red-flags")
    page.get_by_role("checkbox", name="None of these").check()
    page.get_by_role("button", name="Next").click()
    answer_as(page, kb, person)  # the movements, by body area
    assert question(page) == "pain_on_movement"
    why = page.get_by_text("Why am I asked this?")
    why.click()
    assert page.get_by_text("This answer is evidence about").is_visible()
    fits(page, width)
    shot(page, f"{viewport}-question-why")
    page.locator("#answer").fill("about six")
    page.get_by_role("button", name="Next").click()
    assert page.get_by_text("Recorded").is_visible()
    after = question(page)
    page.get_by_role("button", name="Back").click()  # Back shows the earlier answer, kept by Next
    assert question(page) == "pain_on_movement"
    assert page.locator("#answer").input_value() == "6"
    page.get_by_role("button", name="Next").click()
    assert question(page) == after

    link = page.url  # close the page; come back by the link in a new browser (no cookie)
    page.context.close()
    page = new_page(browser, (width, height))
    page.goto(link)
    assert question(page) == after
    for _ in range(30):
        if "/plan" in page.url:
            break
        answer_as(page, kb, person)
    assert page.url.endswith("/plan")
    assert page.get_by_role("heading", level=1).first.is_visible()
    assert page.get_by_role("link", name="Download your answers (case file)").is_visible()
    fits(page, width)
    shot(page, f"{viewport}-plan")

    page.get_by_role("link", name="Delete everything").click()
    shot(page, f"{viewport}-delete")
    page.get_by_role("button", name="Yes, delete everything").click()
    assert page.url.endswith("/deleted")
    assert page.goto(link).status == 404
    page.context.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_an_emergency_sign_ends_at_once(viewport: str, browser: Any, base: str, kb: KnowledgeBase) -> None:
    width, height = VIEWPORTS[viewport]
    page = new_page(browser, (width, height))
    page.goto(base + "/")
    page.get_by_role("button", name="Start the questions").click()
    sign = kb.red_flags["chest_pain_or_breathlessness"].sign
    page.get_by_role("checkbox", name=sign).check()
    page.get_by_role("button", name="Next").click()
    assert page.url.endswith("/stop")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == kb.wording.headlines["emergency"].heading
    fits(page, width)
    shot(page, f"{viewport}-emergency")
    page.context.close()


def axe_violations(page: Any) -> list[Any]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => JSON.stringify(await axe.run(document))")
    found = [v for v in json.loads(result)["violations"] if v["impact"] in ("serious", "critical")]
    return [
        (page.url.rsplit("/", 1)[-1], v["id"], v["help"], [n["target"] for n in v["nodes"][:3]])
        for v in found
    ]


def test_no_serious_accessibility_violation_on_any_kind_of_page(
    browser: Any, base: str, kb: KnowledgeBase
) -> None:
    need_for_browser_tests(AXE, "npm ci --prefix .ci/axe")
    page = new_page(browser, VIEWPORTS["phone"], bypass_csp=True)  # to add axe's script
    person = in_kb_order(kb, GOLDEN["pain_protective_shoulder"]["person"])
    problems: list[Any] = []
    page.goto(base + "/")
    problems += axe_violations(page)
    page.get_by_role("button", name="Start the questions").click()
    kinds: set[str] = set()
    for _ in range(30):
        if "/plan" in page.url:
            break
        qid = question(page)
        kind = "name" if qid == "name" else kb.questions[qid].type
        if kind not in kinds:
            kinds.add(kind)
            problems += axe_violations(page)
            if kind != "name":  # (an empty name is a name left out)
                page.locator('button[value="next"]').click()  # an answer refused: the error shown
                assert page.locator('[role="alert"]').count() == 1, qid
                problems += axe_violations(page)
                page.goto(page.url)
        if qid == "red_flags":
            page.get_by_role("checkbox", name="None of these").check()
            page.get_by_role("button", name="Next").click()
        else:
            answer_as(page, kb, person)
    assert {"red_flags", "movements", "integer", "tri_state", "choice", "name"} <= kinds
    problems += axe_violations(page)  # the plan
    link = page.url.rsplit("/", 1)[0]
    for path in ("/delete", "/nowhere"):
        page.goto(link + path)
        problems += axe_violations(page)
    page.goto(base + "/")
    page.get_by_role("button", name="Start the questions").click()
    page.get_by_role("checkbox", name=kb.red_flags["chest_pain_or_breathlessness"].sign).check()
    page.get_by_role("button", name="Next").click()
    problems += axe_violations(page)  # the emergency page
    page.goto(base + "/deleted")
    problems += axe_violations(page)
    assert not problems, problems
    page.context.close()
