"""The body map on the page that asks where the pain is, through Flask's test client.

The regions page carries the map (hidden, for its script to reveal) with a
patch per listed region, and loads ``/static/bodymap.js``; no other kind of
question does. The script is served from this site, as the CSP allows.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from web_helpers import Person, form_for

from regain.knowledge import KnowledgeBase
from regain.reports.figure_view import REGION_R
from regain.web import create_app

#: Answers that lead to the pain places soon; every other question is "I don't know".
TO_PAIN = {"red_flags": [], "restricted_movements": ["shoulder_abduction"], "pain_on_movement": 6}
PATCH = re.compile(r'<path class="bodymap-patch"[^>]*data-region="([^"]+)"[^>]*>')


@pytest.fixture
def app(tmp_path: Path, kb: KnowledgeBase) -> Any:
    return create_app(tmp_path / "web.db", kb=kb)


def walk_to(person: Person, kb: KnowledgeBase, qid: str) -> list[str]:
    """Answer until the page of ``qid`` is shown; the keys of the pages passed on the way."""
    passed: list[str] = []
    for _ in range(40):
        key = person.key
        if key == qid:
            return passed
        assert key is not None, passed
        passed.append(key)
        if key in TO_PAIN:
            person.post(form_for(kb, key, TO_PAIN[key]))
        else:
            person.post({}, "unknown")
    raise AssertionError(f"{qid} was never asked: {passed}")


def listed_regions(html: str) -> list[str]:
    return re.findall(r'<input type="checkbox" name="pick" value="([^"]+)"', html)


def test_the_pain_places_page_carries_the_map_and_its_script(app: Any, kb: KnowledgeBase) -> None:
    person = Person(app)
    person.start()
    walk_to(person, kb, "pain_regions")
    html = person.html
    listed = listed_regions(html)
    assert listed and set(listed) <= set(kb.regions)
    assert '<div class="bodymap" id="bodymap" hidden>' in html
    assert '<script src="/static/bodymap.js" defer></script>' in html
    patched = PATCH.findall(html)
    assert set(patched) == {r for r in listed if kb.regions[r].map}
    assert all(kb.regions[r].map for r in listed)  # every listed place is on the map
    # one patch per region on each view it is drawn on
    drawn_on = sum(len({p.view for p in kb.regions[r].map}) for r in listed)
    assert len(patched) == drawn_on
    for rid in listed[:3]:
        region = kb.regions[rid]
        at = ";".join(
            f"{p.x:g} {p.y:g} {p.r or REGION_R:g}" for p in region.map if p.view == region.map[0].view
        )
        assert f'data-region="{rid}" data-checked="false" data-at="{at}"><title>{region.name}</title>' in html
    assert kb.wording.web["body_map_instructions"] in html
    assert "onclick" not in html and "<script>" not in html  # no inline script


def test_a_ticked_place_is_shaded_when_the_page_is_shown_again(app: Any, kb: KnowledgeBase) -> None:
    person = Person(app)
    person.start()
    walk_to(person, kb, "pain_regions")
    rid = listed_regions(person.html)[0]
    response = person.post({"pick": [rid, "nowhere"]})  # refused: the ticks are shown again
    assert response.status_code == 422
    assert f'data-region="{rid}" data-checked="true"' in person.html
    other = listed_regions(person.html)[1]
    assert f'data-region="{other}" data-checked="false"' in person.html


def test_other_questions_have_no_map_and_no_script(app: Any, kb: KnowledgeBase) -> None:
    person = Person(app)
    person.start()
    passed = walk_to(person, kb, "pain_regions")
    assert "restricted_movements" in passed  # a checkbox question by body area, without a map
    person = Person(app)
    person.start()
    for key in passed:
        assert person.key == key
        assert "bodymap" not in person.html, key
        assert "<script" not in person.html, key
        if key in TO_PAIN:
            person.post(form_for(kb, key, TO_PAIN[key]))
        else:
            person.post({}, "unknown")


def test_the_script_is_served_from_this_site_under_the_csp(app: Any) -> None:
    response = app.test_client().get("/static/bodymap.js")
    assert response.status_code == 200
    assert "javascript" in response.headers["Content-Type"]
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp
    assert app.test_client().get("/static/nomap.js").status_code == 404
