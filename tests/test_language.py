"""Choosing the language: an explicit one, else REGAIN_LANG, else the locale, else English.

The languages regain speaks are declared in meta.yaml; one asked for by name that
is not declared is refused in one line, one the locale implies falls back to English.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from regain.knowledge import KnowledgeError, load_knowledge_from
from regain.knowledge.language import (
    LanguageError,
    declared_languages,
    languages_problems,
    locale_language,
    resolve_language,
)
from regain.knowledge.loader import DATA_DIR

BOTH = ("en", "de")


def test_the_bundled_knowledge_declares_english() -> None:
    assert declared_languages(DATA_DIR)[0] == "en"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LC_ALL": "de_AT@euro", "LANG": "en_GB.UTF-8"}, "de"),  # LC_ALL first
        ({"LC_MESSAGES": "de", "LANG": "en_US"}, "de"),  # then LC_MESSAGES
        ({"LC_ALL": "", "LANG": "de_CH.UTF-8"}, "de"),  # an empty one does not count
        ({"LANG": "C.UTF-8"}, None),  # C names no language
        ({"LANG": "POSIX"}, None),
        ({}, None),
    ],
)
def test_the_locale_names_a_language(environ: dict[str, str], expected: str | None) -> None:
    assert locale_language(environ) == expected


def test_an_explicit_language_comes_first() -> None:
    env = {"REGAIN_LANG": "en", "LANG": "en_GB.UTF-8"}
    assert resolve_language("de", BOTH, env) == "de"
    assert resolve_language(" DE ", BOTH, env) == "de"
    assert resolve_language(None, BOTH, env) == "en"  # the near miss: nothing explicit


def test_regain_lang_comes_before_the_locale() -> None:
    assert resolve_language(None, BOTH, {"REGAIN_LANG": "de", "LANG": "en_GB.UTF-8"}) == "de"
    assert resolve_language(None, BOTH, {"REGAIN_LANG": "", "LANG": "en_GB.UTF-8"}) == "en"


def test_the_locale_is_used_when_regain_speaks_it() -> None:
    assert resolve_language(None, BOTH, {"LANG": "de_DE.UTF-8"}) == "de"
    # the near miss: a language not declared falls back to English, silently
    assert resolve_language(None, ("en",), {"LANG": "de_DE.UTF-8"}) == "en"
    assert resolve_language(None, BOTH, {"LANG": "fr_FR.UTF-8"}) == "en"
    assert resolve_language(None, BOTH, {}) == "en"


@pytest.mark.parametrize(
    ("explicit", "environ", "message"),
    [
        ("fr", {}, "--lang: 'fr' is not a language regain speaks (one of: en, de)"),
        ("deutsch", {"REGAIN_LANG": "de"}, "--lang: 'deutsch' is not a language"),
        (None, {"REGAIN_LANG": "fr"}, "REGAIN_LANG: 'fr' is not a language regain speaks"),
    ],
)
def test_a_language_asked_for_by_name_must_be_declared(
    explicit: str | None, environ: dict[str, str], message: str
) -> None:
    with pytest.raises(LanguageError) as caught:
        resolve_language(explicit, BOTH, environ)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_german_is_refused_by_name_until_it_is_declared() -> None:
    with pytest.raises(LanguageError, match="one of: en\\)"):
        resolve_language("de", ("en",), {})


# -- meta.yaml's languages ------------------------------------------------------------------------


def _meta_with(tmp_path: Path, languages: object) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    meta = yaml.safe_load((data / "meta.yaml").read_text(encoding="utf-8"))
    meta["languages"] = languages
    (data / "meta.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    return data


def test_declared_languages_are_read_from_meta(tmp_path: Path) -> None:
    assert declared_languages(_meta_with(tmp_path, ["en", "de"])) == ("en", "de")


@pytest.mark.parametrize(
    ("languages", "fragment"),
    [
        (["de"], "must list 'en'"),
        (["en", "german"], "languages[1]: 'german' is not a two-letter language code"),
        (["en", "de", "de"], "lists a language twice"),
        ("en", "expected a list of language codes"),
        (None, "expected a list of language codes"),
    ],
)
def test_bad_languages_are_reported_by_the_loader(tmp_path: Path, languages: object, fragment: str) -> None:
    data = _meta_with(tmp_path, languages)
    assert declared_languages(data) == ("en",)  # a broken declaration means English only
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge_from(data)
    assert any(p.startswith("meta.yaml: languages") and fragment in p for p in caught.value.problems), (
        caught.value.problems
    )


def test_good_languages_pass() -> None:
    assert languages_problems(["en", "de"]) == []
    assert languages_problems(["en"]) == []
