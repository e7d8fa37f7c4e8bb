"""Every cache entry is checked before use: a flipped bit or a planted link changes nothing.

Compiled templates once had no check: one flipped bit crashed every later
run or silently changed the page, and an entry that was a symbolic link was
followed and loaded. Now each kind of entry (compiled templates, the
knowledge snapshot) must be a private regular file with its key and a whole
payload; anything else is ignored and written afresh.
"""

from __future__ import annotations

import hashlib
import os
import random
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest

from regain.engine.assess import Assessor
from regain.engine.case_reader import read_case_path
from regain.knowledge import cache as user_cache
from regain.knowledge import load_knowledge_from, snapshot
from regain.knowledge import loader as kb_loader
from regain.reports import environment as env_module
from regain.reports import html as html_module
from regain.reports.html import render_html

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "shoulder.yaml"
KINDS = {
    "templates": ("templates", ".template"),
    "knowledge snapshot": ("knowledge", ".snapshot"),
}


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("REGAIN_CACHE_DIR", str(folder))
    fresh()
    yield folder
    fresh()


def fresh() -> None:
    """Forget what this process holds, as a new process would."""
    html_module._template.cache_clear()
    env_module.environment.cache_clear()


def plan() -> str:
    assessor = Assessor(load_knowledge_from(kb_loader.DATA_DIR))
    return render_html(assessor.assess_raw(next(iter(read_case_path(str(EXAMPLE))))), assessor.kb)


def entries(cache: Path, kind: str) -> list[Path]:
    folder, suffix = KINDS[kind]
    return sorted(p for p in (cache / folder).rglob(f"*{suffix}") if p.is_file() and not p.is_symlink())


def whole(entry: Path) -> bool:
    """Whether the entry is named after the key it holds and its payload matches its check."""
    blob = entry.read_bytes()
    key, check, payload = blob[:32], blob[32:48], blob[48:]
    return entry.name.startswith(key.hex()) and hashlib.blake2b(payload, digest_size=16).digest() == check


@pytest.mark.parametrize("kind", list(KINDS))
def test_flipped_bits_in_every_entry_kind_change_nothing_and_are_mended(cache: Path, kind: str) -> None:
    good = plan()
    found = entries(cache, kind)
    assert found, kind
    rng = random.Random(18)
    for _ in range(6):
        for entry in found:
            blob = bytearray(entry.read_bytes())
            bit = rng.randrange(len(blob) * 8)
            blob[bit // 8] ^= 1 << (bit % 8)
            entry.write_bytes(bytes(blob))
            os.chmod(entry, 0o600)
        fresh()
        assert plan() == good  # byte for byte
        for entry in entries(cache, kind):
            assert whole(entry), entry  # rewritten whole


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_symbolic_link_in_the_cache_is_never_followed(
    cache: Path, tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = plan()
    elsewhere = tmp_path / "world-writable"
    elsewhere.mkdir(mode=0o777)
    elsewhere.chmod(0o777)
    planted = []
    for entry in entries(cache, kind):
        target = elsewhere / entry.name
        target.write_bytes(entry.read_bytes())  # a whole, valid entry: only the link is wrong
        target.chmod(0o666)
        entry.unlink()
        entry.symlink_to(target)
        planted.append((entry, target, target.read_bytes()))
    opened: list[str] = []
    real_open = os.open

    def spy(path: os.PathLike[str] | str, flags: int, *args: object, **kwargs: object) -> int:
        fd = real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]
        opened.append(os.path.realpath(f"/proc/self/fd/{fd}"))
        return fd

    monkeypatch.setattr(user_cache.os, "open", spy)
    fresh()
    if kind == "templates":  # not loaded through the link, so compiled again
        compiled: list[str] = []
        compile_ = jinja2.Environment.compile
        monkeypatch.setattr(
            jinja2.Environment, "compile", lambda self, *a, **k: compiled.append(1) or compile_(self, *a, **k)
        )
        assert plan() == good
        assert compiled
    else:
        assert plan() == good
    assert not [p for p in opened if p.startswith(str(elsewhere))]
    for entry, target, before in planted:
        assert not entry.is_symlink() and entry.is_file(), entry  # replaced by a regular file
        assert target.read_bytes() == before  # nothing written through the link


def test_an_entry_others_can_write_or_with_a_second_name_is_not_used(cache: Path, tmp_path: Path) -> None:
    plan()
    folder, key = cache / "knowledge", snapshot.fingerprint(kb_loader.DATA_DIR)
    entry = user_cache.entry_path(folder, key, snapshot.SUFFIX)
    assert entries(cache, "knowledge snapshot") == [entry]
    assert user_cache.read_entry(folder, key, snapshot.SUFFIX) is not None
    entry.chmod(0o666)
    assert user_cache.read_entry(folder, key, snapshot.SUFFIX) is None
    entry.chmod(0o600)
    os.link(entry, tmp_path / "second-name")
    assert user_cache.read_entry(folder, key, snapshot.SUFFIX) is None
    (tmp_path / "second-name").unlink()
    assert user_cache.read_entry(folder, key, snapshot.SUFFIX) is not None
