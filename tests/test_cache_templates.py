"""The compiled-template cache: byte-identical pages, no recompiling, damage mended, keys by version."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from cache_helpers import (
    entries,
    forbid,
    fresh_templates,
    html_plan,
)

from regain.reports import environment as env_module

# -- compiled templates ---------------------------------------------------------------------------


def test_cold_warm_and_uncached_plans_are_byte_identical(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = html_plan()
    assert entries(cache, "templates")
    fresh_templates()
    warm = html_plan()
    monkeypatch.setenv("REGAIN_CACHE_DIR", "off")
    fresh_templates()
    off = html_plan()
    assert cold == warm == off


def test_warm_templates_are_not_compiled_again(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    html_plan()
    fresh_templates()
    forbid(monkeypatch, jinja2.Environment, "compile", "compiled a template the cache holds")
    assert "</html>" in html_plan()


def test_damaged_template_entries_are_compiled_again(cache: Path) -> None:
    good = html_plan()
    for entry in entries(cache, "templates"):
        entry.write_bytes(entry.read_bytes()[:20])
    fresh_templates()
    assert html_plan() == good


def test_an_edited_template_is_compiled_again(cache: Path, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "t.html").write_text("before {{ x }}")

    def render() -> str:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(folder),
            bytecode_cache=env_module._bytecode_cache(),
            **env_module.OPTIONS,
        )
        return env.get_template("t.html").render(x="<b>")

    assert render() == "before &lt;b&gt;"
    (folder / "t.html").write_text("after {{ x }}")
    assert render() == "after &lt;b&gt;"


def test_other_template_options_or_libraries_use_other_entries(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = env_module._bytecode_cache()
    monkeypatch.setitem(env_module.OPTIONS, "autoescape", False)
    second = env_module._bytecode_cache()
    monkeypatch.setitem(env_module.OPTIONS, "autoescape", True)
    monkeypatch.setattr(env_module, "versions", lambda *names: b"Jinja2 another")
    third = env_module._bytecode_cache()
    assert first is not None and second is not None and third is not None
    assert len({first.environment, second.environment, third.environment}) == 3
    assert first.directory == second.directory == third.directory
