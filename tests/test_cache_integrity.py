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
from pathlib import Path

import jinja2
import pytest
from cache_helpers import fresh_templates, html_plan

from regain.knowledge import cache as user_cache
from regain.knowledge import loader as kb_loader
from regain.knowledge import snapshot

KINDS = {
    "templates": ("templates", ".template"),
    "knowledge snapshot": ("knowledge", ".snapshot"),
}


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
    good = html_plan()
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
        fresh_templates()
        assert html_plan() == good  # byte for byte
        for entry in entries(cache, kind):
            assert whole(entry), entry  # rewritten whole


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_symbolic_link_in_the_cache_is_never_followed(
    cache: Path, tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = html_plan()
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
    fresh_templates()
    if kind == "templates":  # not loaded through the link, so compiled again
        compiled: list[str] = []
        compile_ = jinja2.Environment.compile
        monkeypatch.setattr(
            jinja2.Environment, "compile", lambda self, *a, **k: compiled.append(1) or compile_(self, *a, **k)
        )
        assert html_plan() == good
        assert compiled
    else:
        assert html_plan() == good
    assert not [p for p in opened if p.startswith(str(elsewhere))]
    for entry, target, before in planted:
        assert not entry.is_symlink() and entry.is_file(), entry  # replaced by a regular file
        assert target.read_bytes() == before  # nothing written through the link


def test_an_entry_others_can_write_or_with_a_second_name_is_not_used(cache: Path, tmp_path: Path) -> None:
    html_plan()
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
