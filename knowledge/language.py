"""Which language regain speaks: an explicit choice, else ``REGAIN_LANG``, else the locale, else English.

The languages regain can speak are declared in ``knowledge/data/meta.yaml``
(``languages: [en, de]``): English is the base of the knowledge base, every
other language an overlay of its texts (``knowledge/data/<lang>/``).

* An explicit choice (``--lang de``) or ``REGAIN_LANG`` must name a declared
  language; anything else is refused with one line (:class:`LanguageError`),
  since the person asked for it by name.
* Otherwise the locale (``LC_ALL``, else ``LC_MESSAGES``, else ``LANG``, as
  POSIX orders them; ``de_DE.UTF-8`` means ``de``) is used when regain speaks
  it, and English when it does not (a French desktop still gets a plan).

This module imports nothing but PyYAML, so every face can ask it cheaply.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

import yaml

ENGLISH = "en"
ENV_VAR = "REGAIN_LANG"
#: The locale variables, in the order POSIX gives them precedence.
LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")
META_FILE = "meta.yaml"
#: What a language is written as in meta.yaml and on the command line: ISO 639-1 (``de``).
CODE = re.compile(r"^[a-z]{2}$")


class LanguageError(ValueError):
    """A language was asked for by name that regain does not speak (one line)."""


def declared_languages(data_dir: Path) -> tuple[str, ...]:
    """The languages ``meta.yaml`` in ``data_dir`` declares; English alone if it declares none.

    A broken ``meta.yaml`` is the loader's to report (with its file and key);
    here it only means English.
    """
    try:
        meta = yaml.safe_load((data_dir / META_FILE).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return (ENGLISH,)
    languages = meta.get("languages") if isinstance(meta, dict) else None
    if not isinstance(languages, list) or languages_problems(languages):
        return (ENGLISH,)
    return tuple(str(code) for code in languages)


def languages_problems(languages: object) -> list[str]:
    """What is wrong with ``meta.yaml``'s ``languages`` (empty when nothing is)."""
    where = f"{META_FILE}: languages"
    if not isinstance(languages, list) or not languages:
        return [f"{where}: expected a list of language codes such as [en, de]"]
    problems = [
        f"{where}[{i}]: {code!r} is not a two-letter language code such as 'de'"
        for i, code in enumerate(languages)
        if not isinstance(code, str) or not CODE.match(code)
    ]
    if ENGLISH not in languages:
        problems.append(f"{where}: must list '{ENGLISH}', the language of the base files")
    if len(set(map(str, languages))) != len(languages):
        problems.append(f"{where}: lists a language twice")
    return problems


def locale_language(environ: Mapping[str, str]) -> str | None:
    """The language of the locale the environment sets (``de_DE.UTF-8`` -> ``de``), or ``None``.

    As POSIX does, the first of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set
    and not empty decides; ``C`` and ``POSIX`` name no language.
    """
    for var in LOCALE_VARS:
        value = environ.get(var, "").strip()
        if value:
            code = re.split(r"[_.@-]", value, maxsplit=1)[0].lower()
            return code if CODE.match(code) else None
    return None


def _named(value: str, source: str, declared: tuple[str, ...]) -> str:
    """``value`` as a declared language code, or :class:`LanguageError` naming ``source``."""
    code = value.strip().lower()
    if code not in declared:
        shown = value.strip()[:20]
        raise LanguageError(
            f"{source}: {shown!r} is not a language regain speaks (one of: {', '.join(declared)})"
        )
    return code


def resolve_language(
    explicit: str | None,
    declared: tuple[str, ...],
    environ: Mapping[str, str] | None = None,
    option: str = "--lang",
) -> str:
    """The language to speak: ``explicit``, else ``REGAIN_LANG``, else the locale's, else English.

    Raises :class:`LanguageError` when ``explicit`` (given as ``option``) or
    ``REGAIN_LANG`` names a language not in ``declared``.
    """
    env = os.environ if environ is None else environ
    if explicit is not None and explicit.strip():
        return _named(explicit, option, declared)
    chosen = env.get(ENV_VAR, "")
    if chosen.strip():
        return _named(chosen, ENV_VAR, declared)
    from_locale = locale_language(env)
    return from_locale if from_locale in declared else ENGLISH
