"""The user cache (the validated knowledge base, compiled templates) changes speed, never results.

Each test gets its own cache folder (``REGAIN_CACHE_DIR``), so "cold" means empty.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import networkx
import platformdirs
import pytest
from cache_helpers import (
    count_validations,
    entries,
    fresh_templates,
    html_plan,
    no_yaml_parsing,
)

from regain.knowledge import cache as user_cache
from regain.knowledge import load_knowledge_from, snapshot
from regain.knowledge import loader as kb_loader

# -- where the cache is ---------------------------------------------------------------------------


def test_location_is_regain_cache_dir_else_the_platforms_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("REGAIN_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert user_cache.cache_root() == Path(platformdirs.user_cache_dir("regain", appauthor=False))
    if sys.platform.startswith("linux"):
        assert user_cache.cache_root() == tmp_path / "home" / ".cache" / "regain"
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
        assert user_cache.cache_root() == tmp_path / "xdg" / "regain"
    monkeypatch.setenv("REGAIN_CACHE_DIR", str(tmp_path / "mine"))
    assert user_cache.cache_root() == tmp_path / "mine"


def test_no_home_folder_means_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REGAIN_CACHE_DIR")
    # What platformdirs returns when no home folder can be found: "~" is left as it is.
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda *a, **k: "~/.cache/regain")
    assert user_cache.cache_root() is None


@pytest.mark.parametrize("value", ["off", "OFF", ""])
def test_off_turns_it_off_and_nothing_is_written(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("REGAIN_CACHE_DIR", value)
    fresh_templates()
    try:
        assert user_cache.cache_dir("knowledge") is None
        assert "</html>" in html_plan()
    finally:
        fresh_templates()
    assert list(tmp_path.iterdir()) == []


def test_a_folder_others_may_write_to_is_not_used(cache: Path) -> None:
    cache.mkdir(mode=0o700)
    assert user_cache.cache_dir("knowledge") == cache / "knowledge"
    cache.chmod(0o777)
    assert user_cache.cache_dir("knowledge") is None
    assert user_cache.cache_dir("templates") is None
    assert not (cache / "templates").exists()  # nothing is made inside it
    cache.chmod(0o700)
    (cache / "knowledge").chmod(0o775)
    assert user_cache.cache_dir("knowledge") is None


def test_a_folder_that_cannot_be_made_means_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setenv("REGAIN_CACHE_DIR", str(tmp_path / "a-file" / "cache"))
    assert user_cache.cache_dir("knowledge") is None
    kb = load_knowledge_from(kb_loader.DATA_DIR)  # loads all the same
    assert kb.muscles


def test_entries_are_written_whole_and_unwritable_ones_are_skipped(tmp_path: Path) -> None:
    user_cache.write_entry(tmp_path, b"key", ".bin", b"payload")
    assert user_cache.read_entry(tmp_path, b"key", ".bin") == b"payload"
    assert user_cache.read_entry(tmp_path, b"other key", ".bin") is None
    assert [p.name for p in tmp_path.iterdir()] == [user_cache.entry_path(tmp_path, b"key", ".bin").name]
    user_cache.write_entry(tmp_path / "missing", b"key", ".bin", b"payload")  # no error
    assert user_cache.read_entry(tmp_path / "missing", b"key", ".bin") is None


def test_an_entry_under_another_keys_name_is_not_used(tmp_path: Path) -> None:
    user_cache.write_entry(tmp_path, b"key", ".bin", b"payload")
    path = user_cache.entry_path(tmp_path, b"key", ".bin")
    path.rename(user_cache.entry_path(tmp_path, b"other", ".bin"))
    assert user_cache.read_entry(tmp_path, b"other", ".bin") is None


def test_stale_and_surplus_entries_are_removed_when_one_is_written(tmp_path: Path) -> None:
    now = time.time()
    for i in range(user_cache.MAX_ENTRIES + 5):
        user_cache.write_entry(tmp_path, b"key %d" % i, ".bin", b"payload")
        os.utime(user_cache.entry_path(tmp_path, b"key %d" % i, ".bin"), (now - 1000 + i, now - 1000 + i))
    user_cache.write_entry(tmp_path, b"old", ".bin", b"payload")
    old = now - user_cache.STALE_AFTER - 10
    os.utime(user_cache.entry_path(tmp_path, b"old", ".bin"), (old, old))
    (tmp_path / "other kind.txt").write_text("kept")
    (tmp_path / ".x.bin.1-wdead.regain-tmp").write_text("a killed write")
    os.utime(tmp_path / ".x.bin.1-wdead.regain-tmp", (now - 7200, now - 7200))
    (tmp_path / ".y.bin.1-wlive.regain-tmp").write_text("a write under way")
    user_cache.write_entry(tmp_path, b"new", ".bin", b"payload")
    kept = {p.name for p in tmp_path.iterdir()}
    assert len([n for n in kept if n.endswith(".bin")]) == user_cache.MAX_ENTRIES
    newest = [
        user_cache.entry_path(tmp_path, b"key %d" % i, ".bin").name
        for i in range(user_cache.MAX_ENTRIES + 4, 5, -1)
    ]
    assert {user_cache.entry_path(tmp_path, b"new", ".bin").name, *newest} <= kept
    assert user_cache.entry_path(tmp_path, b"old", ".bin").name not in kept
    assert {"other kind.txt", ".y.bin.1-wlive.regain-tmp"} <= kept
    assert ".x.bin.1-wdead.regain-tmp" not in kept


def test_versions_are_the_installed_distributions(monkeypatch: pytest.MonkeyPatch) -> None:
    found = user_cache.versions("networkx", "no-such-distribution-of-regain").decode()
    assert f"python {sys.version}" in found
    assert f"networkx {networkx.__version__}" in found
    assert "no-such-distribution-of-regain missing" in found


# -- the knowledge base ---------------------------------------------------------------------------


def test_warm_load_reads_no_yaml_and_gives_the_same_knowledge_base(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    validations = count_validations(monkeypatch)
    cold = load_knowledge_from(kb_loader.DATA_DIR)
    assert len(entries(cache, "knowledge", ".snapshot")) == 1
    no_yaml_parsing(monkeypatch)
    warm = load_knowledge_from(kb_loader.DATA_DIR)
    assert validations == [kb_loader.DATA_DIR]  # the cold load only
    assert warm == cold
    assert warm.tables == cold.tables
    assert warm.version == cold.version
    assert list(warm.areas) == list(cold.areas)  # order kept: it is the order people see


def test_an_edited_data_file_is_validated_again(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(kb_loader.DATA_DIR, data)
    validations = count_validations(monkeypatch)
    before = load_knowledge_from(data)
    path = data / "muscles.yaml"
    text = path.read_text(encoding="utf-8")
    name = before.muscles["upper_trapezius"].name
    path.write_text(text.replace(f"name: {name}", "name: Edited trapezius", 1), encoding="utf-8")
    after = load_knowledge_from(data)
    assert after.muscles["upper_trapezius"].name == "Edited trapezius"
    assert after.version != before.version
    assert len(validations) == 2
    assert len(entries(cache, "knowledge")) == 2  # one per content
    path.write_text(text, encoding="utf-8")  # and back again: the first entry serves
    assert load_knowledge_from(data) == before
    assert len(validations) == 2


def test_the_key_is_the_content_not_paths_or_times(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    validations = count_validations(monkeypatch)
    good = load_knowledge_from(kb_loader.DATA_DIR)
    data = tmp_path / "elsewhere"
    shutil.copytree(kb_loader.DATA_DIR, data)
    for path in data.iterdir():
        os.utime(path, (1, 1))
    assert load_knowledge_from(data) == good  # the same files in another place, with other times
    assert validations == [kb_loader.DATA_DIR]
    assert len(entries(cache, "knowledge")) == 1


def test_a_knowledge_base_edited_while_it_was_validated_is_not_kept(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(kb_loader.DATA_DIR, data)
    validated = kb_loader._validated

    def edited_meanwhile(data_dir: Path, language: str) -> kb_loader.KnowledgeBase:
        kb = validated(data_dir, language)
        with (data_dir / "muscles.yaml").open("a", encoding="utf-8") as f:
            f.write("# edited while regain was validating\n")
        return kb

    with monkeypatch.context() as patch:
        patch.setattr(kb_loader, "_validated", edited_meanwhile)
        load_knowledge_from(data)
    assert entries(cache, "knowledge", ".snapshot") == []  # it may hold the file before the edit
    validations = count_validations(monkeypatch)
    load_knowledge_from(data)
    assert validations == [data]
    assert len(entries(cache, "knowledge", ".snapshot")) == 1


def test_an_invalid_edit_is_reported_even_with_a_warm_cache(cache: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(kb_loader.DATA_DIR, data)
    load_knowledge_from(data)
    path = data / "muscles.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("primary: [jaw, ear]", "primary: [jaw, earlobe]", 1),
        encoding="utf-8",
    )
    with pytest.raises(kb_loader.KnowledgeError, match="earlobe"):
        load_knowledge_from(data)


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "altered text"])
def test_damaged_entries_are_validated_again_and_mended(
    damage: str, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = load_knowledge_from(kb_loader.DATA_DIR)
    altered = 0
    for entry in entries(cache, "knowledge"):
        blob = entry.read_bytes()
        if damage == "altered text":  # still loads, as different data: only the checksum tells
            altered += b"Upper trapezius" in blob
            entry.write_bytes(blob.replace(b"Upper trapezius", b"Upper trapeziuz"))
            continue
        entry.write_bytes(
            {"truncate": blob[: len(blob) // 2], "flip": blob[:-1] + bytes([blob[-1] ^ 0xFF]), "empty": b""}[
                damage
            ]
        )
    assert altered or damage != "altered text"
    assert load_knowledge_from(kb_loader.DATA_DIR) == good
    no_yaml_parsing(monkeypatch)  # the entries were rewritten whole
    assert load_knowledge_from(kb_loader.DATA_DIR) == good


def test_a_warm_run_imports_neither_pydantic_nor_networkx(cache: Path) -> None:
    probe = (
        "import sys; from regain.engine.assess import Assessor; Assessor(); "
        "print(sorted({'pydantic', 'networkx'} & set(sys.modules)))"
    )
    env = {**os.environ, "REGAIN_CACHE_DIR": str(cache)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    ]
    assert runs == ["['networkx', 'pydantic']", "[]"]  # cold: validated; warm: the snapshot


@pytest.mark.parametrize("change", ["a library", "the code"])
def test_a_snapshot_of_other_code_or_libraries_is_not_used(
    change: str, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = load_knowledge_from(kb_loader.DATA_DIR)
    validations = count_validations(monkeypatch)
    with monkeypatch.context() as patch:
        if change == "a library":  # as if another environment had another networkx
            installed = snapshot.versions
            patch.setattr(
                snapshot,
                "versions",
                lambda *names: installed(*names).replace(b"networkx ", b"networkx other "),
            )
        else:  # as if a module of regain.knowledge had been edited
            code = tmp_path / "code"
            shutil.copytree(snapshot.CODE_DIR, code, ignore=shutil.ignore_patterns("data", "__pycache__"))
            with (code / "consistency.py").open("a", encoding="utf-8") as f:
                f.write("# a new check\n")
            patch.setattr(snapshot, "CODE_DIR", code)
        assert load_knowledge_from(kb_loader.DATA_DIR) == good
        assert load_knowledge_from(kb_loader.DATA_DIR) == good
    assert validations == [kb_loader.DATA_DIR]  # validated once, then the new snapshot served
    assert len(entries(cache, "knowledge", ".snapshot")) == 2  # each keeps its own
    load_knowledge_from(kb_loader.DATA_DIR)  # back in the first environment, or code
    assert validations == [kb_loader.DATA_DIR]


def test_a_knowledge_base_that_fails_is_not_kept(cache: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(kb_loader.DATA_DIR, data)
    (data / "regions.yaml").unlink()
    for _ in range(2):
        with pytest.raises(kb_loader.KnowledgeError, match=r"regions\.yaml"):
            load_knowledge_from(data)
    assert entries(cache, "knowledge", ".snapshot") == []
