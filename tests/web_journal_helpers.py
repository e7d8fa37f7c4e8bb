"""A person with a finished plan in the web app, ready to start a journal (web/journal_pages.py tests)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from web_helpers import Person, csrf_of
from web_journals import TP, shoulder_case

from regain.knowledge import KnowledgeBase

#: A check-in as a person fills the form for the shoulder plan's first phase.
GOOD_CHECKIN: dict[str, Any] = {
    f"sessions.{TP}": "12",
    "pain_at_rest": "1",
    "pain_on_movement": "4",
    f"felt.{TP}.felt": "better",
    "tender_spots_reproduce_pain": "yes",
    "new_red_flags": "none",
    "notes": "slept better",
}


def finished(app: Flask, kb: KnowledgeBase, name: str = "Alex") -> Person:
    """A person who answered the shoulder example's questions to the end (their plan is shown)."""
    person = Person(app)
    person.start()
    answers = {k: v for k, v in shoulder_case().items() if k in kb.questions}
    person.walk(kb, answers, name=name)
    return person


def start_journal(person: Person) -> None:
    """Press "Start a journal" on the journal's page."""
    offer = person.get(f"/s/{person.token}/journal")
    response = person.client.post(
        f"/s/{person.token}/journal/start", data={"csrf_token": csrf_of(offer.text)}
    )
    assert response.status_code == 303, response.status_code
    person.get(response.headers["Location"])


def post_checkin(person: Person, **changes: Any) -> Any:
    """Fill the check-in form (shown fresh) with the good answers and ``changes``; post it, unfollowed."""
    shown = person.client.get(f"/s/{person.token}/journal/checkin")
    assert shown.status_code == 200
    data = {"csrf_token": csrf_of(shown.text), "date": _date_of(shown.text), **GOOD_CHECKIN}
    data.update(changes)
    return person.client.post(
        f"/s/{person.token}/journal/checkin", data={k: v for k, v in data.items() if v is not None}
    )


def _date_of(html: str) -> str:
    marker = 'name="date" id="f-date" value="'
    at = html.index(marker) + len(marker)
    return html[at : html.index('"', at)]
