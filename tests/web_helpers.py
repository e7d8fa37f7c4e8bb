"""Helpers for the web app's tests: an app on a database of the test's own, a person answering.

:class:`Person` uses the app as a browser would: it reads the CSRF token and
the page's key from the page it was shown, posts what a person would tick,
choose or type (:func:`form_for`, written here from the question types, not
from the app's own code), and follows the redirects.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from regain.knowledge import KnowledgeBase

TOKEN_PATH = re.compile(r"/s/([A-Za-z0-9_-]{43})/")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PAGE = re.compile(r'name="page" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def page_key(html: str) -> str | None:
    found = PAGE.search(html)
    return found.group(1) if found else None


def form_for(kb: KnowledgeBase, qid: str, value: Any) -> dict[str, Any]:
    """What a person enters on the page of ``qid`` to answer ``value`` (a case file's value)."""
    q = kb.questions[qid]
    if q.type == "tri_state":
        return {"choice": {True: "yes", False: "no"}.get(value, "unknown")}
    if q.type == "choice":
        return {"choice": value}
    if q.type == "red_flags":
        return {"pick": list(value)} if value else {"none": "1"}
    if q.type in ("movements", "regions"):
        return {"pick": list(value)}
    if q.type == "range_map":
        return {f"range.{mv}": str(v) for mv, v in value.items()}
    return {"answer": str(value)}


class Person:
    """One person's browser: a test client of its own (its own cookie)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.client: FlaskClient = app.test_client()
        self.token = ""
        self.html = ""

    def start(self) -> str:
        home = self.client.get("/")
        response = self.client.post("/start", data={"csrf_token": csrf_of(home.text)})
        assert response.status_code == 303, response.status_code
        found = TOKEN_PATH.search(response.headers["Location"])
        assert found
        self.token = found.group(1)
        self.get(response.headers["Location"])
        return self.token

    def get(self, path: str) -> TestResponse:
        response = self.client.get(path, follow_redirects=True)
        self.html = response.text
        return response

    @property
    def key(self) -> str | None:
        return page_key(self.html)

    def post(self, data: Mapping[str, Any], action: str = "next", key: str | None = None) -> TestResponse:
        """Post the page shown now (its key and CSRF token) with ``data``; follow to the next page."""
        form = {"csrf_token": csrf_of(self.html), "page": key or self.key or "", "action": action, **data}
        response = self.client.post(f"/s/{self.token}/q", data=form)
        if response.status_code == 303:
            return self.get(response.headers["Location"])
        self.html = response.text
        return response

    def walk(self, kb: KnowledgeBase, case: Mapping[str, Any], name: str | None = None) -> list[str]:
        """Answer every question asked from ``case`` ("I don't know" where it has none); the keys asked."""
        asked: list[str] = []
        for _ in range(60):
            key = self.key
            if key is None:
                return asked
            asked.append(key)
            if key == "name":
                response = self.post({"name": name} if name else {}, "next" if name else "unknown")
            elif key in case:
                response = self.post(form_for(kb, key, case[key]))
            else:
                response = self.post({}, "unknown")
            assert response.status_code == 200, (key, response.status_code, self.html[:2000])
        raise AssertionError("the questionnaire did not end")
