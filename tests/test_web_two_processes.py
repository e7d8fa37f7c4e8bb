"""Two ``regain serve`` processes on one PostgreSQL serve the same people.

The app keeps nothing in process memory: a session started on one process
continues on the other (the answers are in the database, and the key that
signs the CSRF cookie is shared through it), and a page served by one knows
the answer saved through the other.
"""

from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from test_serve_cli import ADDRESS, serve
from web_helpers import csrf_of, page_key


class Browser:
    """One person's browser: a cookie jar (cookies are per host, so both processes see it)."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[int, str, str]:
        with self.opener.open(url, timeout=30) as response:
            return response.status, response.geturl(), response.read().decode("utf-8")

    def post(self, url: str, data: dict[str, Any]) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        with self.opener.open(urllib.request.Request(url, data=body), timeout=30) as response:
            return response.status, response.geturl(), response.read().decode("utf-8")


@pytest.fixture
def two_servers(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    url = request.getfixturevalue("postgres").new_database()
    with ExitStack() as stack:
        addresses = []
        for _ in range(2):
            process = serve("--port", "0", "--db", url)
            stack.callback(_stop, process)
            assert process.stdout is not None
            found = ADDRESS.fullmatch(process.stdout.readline().strip())
            assert found, process.stderr.read() if process.stderr else ""
            addresses.append(found.group(1).rstrip("/"))
        yield addresses[0], addresses[1]


def _stop(process: Any) -> None:
    process.terminate()
    process.wait(timeout=30)


def test_a_session_started_on_one_process_continues_on_the_other(two_servers: tuple[str, str]) -> None:
    a, b = two_servers
    assert a != b
    browser = Browser()
    _, _, home = browser.get(a + "/")
    status, first_url, page = browser.post(a + "/start", {"csrf_token": csrf_of(home)})
    token = re.search(r"/s/([A-Za-z0-9_-]{43})/q", first_url)
    assert status == 200 and token and page_key(page) == "red_flags"
    path = f"/s/{token.group(1)}/q"
    # the red-flag page came from A; its form goes to B, with A's CSRF token and cookie
    status, _, page = browser.post(b + path, {"csrf_token": csrf_of(page), "page": "red_flags", "none": "1"})
    assert status == 200 and page_key(page) == "restricted_movements"
    data = {"csrf_token": csrf_of(page), "page": "restricted_movements", "pick": ["knee_flexion"]}
    status, _, page = browser.post(a + path, data)
    assert status == 200 and page_key(page) not in ("red_flags", "restricted_movements")
    _, _, on_b = browser.get(b + path)
    assert page_key(on_b) == page_key(page)  # B shows the page A moved on to
    _, _, case = browser.get(b + f"/s/{token.group(1)}/case.yaml")
    assert "knee_flexion" in case and "red_flags: []" in case
