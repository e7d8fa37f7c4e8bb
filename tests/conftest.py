"""Shared fixtures: the knowledge base, one assessor for the session, case helpers.

The suite never touches the user's cache (``~/.cache/regain``): it starts with an
empty cache folder of its own, shared with every ``regain`` it spawns.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cache_helpers import fresh_templates
from click.testing import CliRunner
from postgres_server import postgres  # noqa: F401  (a session fixture: a throwaway PostgreSQL server)

from regain.engine.assess import Assessor
from regain.engine.assessment import Assessment
from regain.engine.case_reader import RawCase
from regain.knowledge import KnowledgeBase, load_knowledge

TESTS = Path(__file__).parent
ROOT = TESTS.parent
CHROMIUM = Path("/usr/bin/chromium")  # Debian's; Playwright's own browser download fails here
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: axe-core's browser script, installed by `npm ci --prefix .ci/axe` (.ci/run does it).
AXE = Path(os.environ.get("REGAIN_AXE_JS", ROOT / ".ci" / "axe" / "node_modules" / "axe-core" / "axe.min.js"))


def need_for_browser_tests(what: Path, install: str) -> None:
    """Skip when ``what`` is missing, or fail under ``REGAIN_REQUIRE_BROWSER=1`` (CI)."""
    if what.exists():
        return
    reason = f"{what} is not installed ({install})"
    if os.environ.get("REGAIN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"REGAIN_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


_SUITE_CACHE: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    # Before anything loads the knowledge base or compiles a template; the
    # cache folder is looked up at first use, not at import.
    _SUITE_CACHE.append(tempfile.mkdtemp(prefix="regain-test-cache-"))
    os.environ["REGAIN_CACHE_DIR"] = _SUITE_CACHE[-1]
    # Nor the user's journal: the default journal database (platformdirs' user data
    # folder) is in a folder of the suite's own, unless a test gives another.
    _SUITE_CACHE.append(tempfile.mkdtemp(prefix="regain-test-data-"))
    os.environ["XDG_DATA_HOME"] = _SUITE_CACHE[-1]
    os.environ.pop("REGAIN_DB", None)
    # English whatever the locale of the machine: the tests of another language ask for it.
    os.environ["REGAIN_LANG"] = "en"


def pytest_unconfigure(config: pytest.Config) -> None:
    for folder in _SUITE_CACHE:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Chromium through Playwright, for the tests of what is rendered."""
    need_for_browser_tests(CHROMIUM, "apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def runner() -> CliRunner:
    """Click's test runner, for the command line."""
    return CliRunner()


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder of this test's own; the template environment rebuilt around it."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("REGAIN_CACHE_DIR", str(folder))
    fresh_templates()
    yield folder
    fresh_templates()


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="session")
def assessor(kb: KnowledgeBase) -> Assessor:
    return Assessor(kb)


@pytest.fixture(scope="session")
def assess(assessor: Assessor):
    """Assess a case given as a plain mapping (as a YAML file would hold it)."""

    def run(data: dict[str, Any], source: str = "test.yaml") -> Assessment:
        return assessor.assess_raw(RawCase(source, Path(source).stem, data))

    return run


# -- another language: the fixture overlays of tests/data/overlays/ as if they were bundled -------


def declare(data: Path, languages: str) -> None:
    """Make meta.yaml in ``data`` declare ``languages`` (``"[en, de]"``), whatever it declared."""
    meta = data / "meta.yaml"
    text, count = re.subn(r"(?m)^languages:.*$", f"languages: {languages}", meta.read_text(encoding="utf-8"))
    assert count == 1, "meta.yaml declares its languages on one line: languages: [...]"
    meta.write_text(text, encoding="utf-8")


@pytest.fixture()
def bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the knowledge base with the German fixture overlays, standing in for the bundled one.

    It declares English only; ``declare(bundled, "[en, de]")`` makes it speak German.
    """
    from regain.knowledge import loader as kb_loader

    data = tmp_path / "data"
    shutil.copytree(kb_loader.DATA_DIR, data)
    shutil.rmtree(data / "de", ignore_errors=True)
    shutil.copytree(TESTS / "data" / "overlays" / "de", data / "de")
    declare(data, "[en]")
    monkeypatch.setattr(kb_loader, "DATA_DIR", data)
    load_knowledge.cache_clear()
    yield data
    monkeypatch.undo()
    load_knowledge.cache_clear()
