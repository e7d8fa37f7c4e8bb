"""The body map of the pain places in Chromium, at a phone's size (390×844).

Clicking a region's patch ticks its checkbox, and Next records that region;
ticking a box by hand shades its patch. A tap that just misses a small place
(the eye, a thumb) ticks it; one farther off ticks nothing. The map is for pointing only: the
keyboard and screen readers meet each place once, as its checkbox. The page's
script runs under the strict CSP with no violation, and axe-core finds no
serious or critical problem. With JavaScript off the map is
not shown and the checkboxes answer the question as before.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import AXE, need_for_browser_tests
from playwright.sync_api import expect
from test_web_browser import VIEWPORTS, axe_violations, question
from web_server import live_app

from regain.knowledge import KnowledgeBase
from regain.web import create_app
from regain.web.sessions import load_session

pytestmark = pytest.mark.browser

PHONE = VIEWPORTS["phone"]
#: A place drawn on the front only, and one drawn on both views.
FRONT_ONLY, BOTH_VIEWS = "chest", "shoulder_top"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "web.db"


@pytest.fixture
def base(db: Path, kb: KnowledgeBase) -> Iterator[str]:
    with live_app(db, kb) as url:
        yield url


def recorded(db: Path, kb: KnowledgeBase, url: str) -> dict[str, Any]:
    token = url.split("/s/", 1)[1].split("/", 1)[0]
    with create_app(db, kb=kb).app_context():
        return dict(load_session(token).answers)


def open_page(browser: Any, *, script: bool = True, bypass_csp: bool = False) -> tuple[Any, list[str]]:
    """A phone-sized page; the console's errors and warnings and the page's errors, as they come."""
    context = browser.new_context(
        viewport={"width": PHONE[0], "height": PHONE[1]}, java_script_enabled=script, bypass_csp=bypass_csp
    )
    page = context.new_page()
    problems: list[str] = []

    def heard(m: Any) -> None:
        if m.type in ("error", "warning") and not m.location.get("url", "").endswith("/favicon.ico"):
            problems.append(m.text)  # a CSP violation is "Refused to ..." here

    page.on("console", heard)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return page, problems


def to_pain_places(page: Any, base: str) -> None:
    """Start, no warning sign, a stiff shoulder abduction that hurts 6/10; "I don't know" to the rest."""
    page.goto(base + "/")
    page.get_by_role("button", name="Start the questions").click()
    page.get_by_role("checkbox", name="None of these").check()
    page.get_by_role("button", name="Next").click()
    for _ in range(30):
        qid = question(page)
        if qid == "pain_regions":
            return
        if qid == "restricted_movements":
            page.locator('input[name="pick"][value="shoulder_abduction"]').check()
            page.get_by_role("button", name="Next").click()
        elif qid == "pain_on_movement":
            page.locator("#answer").fill("6")
            page.get_by_role("button", name="Next").click()
        else:
            page.get_by_role("button", name="I don't know").click()
    raise AssertionError("the pain places were never asked")


def box(page: Any, rid: str) -> Any:
    return page.locator(f'input[name="pick"][value="{rid}"]')


def patches(page: Any, rid: str) -> Any:
    return page.locator(f'#bodymap [data-region="{rid}"]')


def click_patch(page: Any, rid: str) -> None:
    """Tap, with the mouse, the centre of the first circle of ``rid``'s first patch."""
    at = patches(page, rid).first.evaluate(
        """p => {
            const m = /^M(-?[\\d.]+) (-?[\\d.]+)a(-?[\\d.]+)/.exec(p.getAttribute("d"));
            const pt = p.ownerSVGElement.createSVGPoint();
            pt.x = parseFloat(m[1]) + parseFloat(m[3]);
            pt.y = parseFloat(m[2]);
            const s = pt.matrixTransform(p.getScreenCTM());
            return {x: s.x, y: s.y, hit: document.elementFromPoint(s.x, s.y) === p};
        }"""
    )
    assert at["hit"], f"{rid}'s patch is not what a tap at its centre reaches"
    page.mouse.click(at["x"], at["y"])


def test_tapping_a_place_ticks_it_and_next_records_it(
    browser: Any, base: str, db: Path, kb: KnowledgeBase
) -> None:
    page, problems = open_page(browser)
    to_pain_places(page, base)
    expect(page.locator("#bodymap")).to_be_visible()  # once its script has run
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    both = patches(page, BOTH_VIEWS)
    assert both.count() == 2  # front and back
    patches(page, BOTH_VIEWS).first.scroll_into_view_if_needed()
    click_patch(page, BOTH_VIEWS)
    assert box(page, BOTH_VIEWS).is_checked()
    assert [both.nth(i).get_attribute("data-checked") for i in range(2)] == ["true", "true"]
    click_patch(page, FRONT_ONLY)
    click_patch(page, FRONT_ONLY)  # a second tap unticks (the near miss)
    assert not box(page, FRONT_ONLY).is_checked()
    assert patches(page, FRONT_ONLY).get_attribute("data-checked") == "false"
    box(page, "calf").check()  # a box ticked by hand shades its place
    assert patches(page, "calf").first.get_attribute("data-checked") == "true"
    box(page, "calf").uncheck()
    assert patches(page, "calf").first.get_attribute("data-checked") == "false"
    url = page.url
    page.get_by_role("button", name="Next").click()
    assert question(page) != "pain_regions"
    assert recorded(db, kb, url)["pain_regions"] == [BOTH_VIEWS]
    assert not problems, problems  # no CSP violation, no script error
    page.context.close()


def test_the_keyboard_and_screen_readers_use_the_checkboxes_not_the_map(
    browser: Any, base: str, db: Path, kb: KnowledgeBase
) -> None:
    """The map is for pointing: no tab stop and no second name per place; Tab reaches the boxes."""
    page, problems = open_page(browser)
    to_pain_places(page, base)
    assert page.locator("#bodymap svg.bodymap-art").get_attribute("aria-hidden") == "true"
    assert page.locator("#bodymap [tabindex], #bodymap [role]").count() == 0
    name = kb.regions[FRONT_ONLY].name
    assert page.get_by_role("checkbox", name=name, exact=True).count() == 1  # the box alone
    for _ in range(60):  # the near miss: were the patches focusable, Tab would stop on them
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.closest('#bodymap') !== null")
        assert not focused
        if page.evaluate("document.activeElement.type") == "checkbox":
            break
    assert page.evaluate("document.activeElement.type") == "checkbox"
    page.keyboard.press("Space")  # the first box of the list, by keyboard
    url = page.url
    page.get_by_role("button", name="Next").click()
    assert len(recorded(db, kb, url)["pain_regions"]) == 1
    assert not problems, problems
    page.context.close()


def test_the_pain_places_page_with_its_map_passes_axe(browser: Any, base: str) -> None:
    need_for_browser_tests(AXE, "npm ci --prefix .ci/axe")
    page, _ = open_page(browser, bypass_csp=True)  # to add axe's script
    to_pain_places(page, base)
    expect(page.locator("#bodymap")).to_be_visible()  # once its script has run
    click_patch(page, FRONT_ONLY)
    assert axe_violations(page) == []
    page.context.close()


def test_without_javascript_the_map_is_not_shown_and_the_boxes_answer(
    browser: Any, base: str, db: Path, kb: KnowledgeBase
) -> None:
    page, problems = open_page(browser, script=False)
    to_pain_places(page, base)
    assert page.locator("#bodymap").count() == 1 and not page.locator("#bodymap").is_visible()
    name = kb.regions[FRONT_ONLY].name
    assert page.get_by_role("checkbox", name=name, exact=True).count() == 1  # the box alone
    page.get_by_role("checkbox", name=name, exact=True).check()
    url = page.url
    page.get_by_role("button", name="Next").click()
    assert recorded(db, kb, url)["pain_regions"] == [FRONT_ONLY]
    assert json.dumps(problems) == "[]"
    page.context.close()


#: How far outside a small place's patch a finger may land and still tick it (screen pixels).
NEAR_MISS = 10


def tap_beside(page: Any, rid: str, off: float) -> bool:
    """Tap ``off`` screen pixels outside ``rid``'s first circle, on a side where no other patch is
    nearer or under the finger; False if the place has no such side."""
    at = patches(page, rid).first.evaluate(
        """(p, off) => {
            const ctm = p.getScreenCTM();
            const circle = q => q.getAttribute("data-at").split(";").map(c => c.split(" ").map(Number));
            const others = [...p.ownerSVGElement.querySelectorAll("[data-at]")].filter(q => q !== p);
            const [x, y, r] = circle(p)[0];
            for (let a = 0; a < 360; a += 15) {
                const d = r + off / Math.abs(ctm.a);
                const u = {x: x + d * Math.cos(a * Math.PI / 180), y: y + d * Math.sin(a * Math.PI / 180)};
                const gap = c => Math.hypot(u.x - c[0], u.y - c[1]) - c[2];
                if (others.some(q => circle(q).some(c => gap(c) <= off / Math.abs(ctm.a) + 1))) continue;
                const s = new DOMPoint(u.x, u.y).matrixTransform(ctm);
                const under = document.elementFromPoint(s.x, s.y);
                if (under && !under.hasAttribute("data-region")) return {x: s.x, y: s.y};
            }
            return null;
        }""",
        off,
    )
    if at is None:
        return False
    page.mouse.click(at["x"], at["y"])
    return True


def test_a_tap_that_just_misses_a_small_place_ticks_it(browser: Any, base: str, kb: KnowledgeBase) -> None:
    page, problems = open_page(browser)
    to_pain_places(page, base)
    expect(page.locator("#bodymap")).to_be_visible()
    small = sorted(
        {rid for rid, region in kb.regions.items() if region.map and min(p.r or 8 for p in region.map) <= 5}
    )
    reached, too_far = [], []
    for rid in small:
        if not patches(page, rid).count():
            continue
        patches(page, rid).first.scroll_into_view_if_needed()
        if tap_beside(page, rid, NEAR_MISS):
            assert box(page, rid).is_checked(), rid
            reached.append(rid)
            if tap_beside(page, rid, 2.5 * NEAR_MISS):  # beyond the reach: nothing changes
                assert box(page, rid).is_checked(), rid
                too_far.append(rid)
            box(page, rid).uncheck()
    assert len(reached) >= len(small) // 2 and too_far, (small, reached, too_far)
    corner = page.locator("#bodymap .panel-ground").first.bounding_box()
    page.mouse.click(corner["x"] + 2, corner["y"] + 2)  # far from every place
    assert page.locator('input[name="pick"]:checked').count() == 0
    assert not problems, problems
    page.context.close()
