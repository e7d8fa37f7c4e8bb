"""Reading the data files in one language: YAML, safely; English with the language's overlay over it.

Only YAML's *safe* loader is used (``yaml.safe_load``'s semantics, in its C
implementation ``CSafeLoader`` where PyYAML has it): no arbitrary tags or
objects. For a language other than English each file is read as English
and the overlay ``<lang>/<file>`` is laid over it (:mod:`.overlays`) before
anything is validated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .language import ENGLISH
from .overlays import Record, merge_overlay, missing_file
from .translation_lock import place

try:
    _SafeLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _SafeLoader = yaml.SafeLoader


def read_yaml(path: Path, problems: list[str], name: str | None = None) -> Any:
    """The data of one YAML file, or ``None`` with a problem (named ``name``, else the file's name)."""
    name = name or path.name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        problems.append(f"{name}: cannot read: {exc.strerror or exc}")
        return None
    try:
        return yaml.load(text, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problems.append(f"{name}: YAML syntax error{where}: {getattr(exc, 'problem', exc)}")
        return None


def data_files(data_dir: Path, language: str) -> list[Path]:
    """Every file the knowledge base in ``language`` is read from: English, then the overlays."""
    files = sorted(data_dir.glob("*.yaml"))
    if language != ENGLISH:
        files += sorted((data_dir / language).glob("*.yaml"))
    return files


class LanguageFiles:
    """Reads the data files in one language, collecting the problems and the missing texts."""

    def __init__(self, data_dir: Path, language: str, problems: list[str]) -> None:
        self.data_dir = data_dir
        self.language = language
        self.problems = problems
        #: English texts the overlays do not translate (the English stays); ``kb check`` lists them.
        self.missing: list[str] = []
        #: place (``de/muscles.yaml:muscles.masseter.name``) -> the English of each translated text
        self.translated: dict[str, str] = {}
        #: a name -> its form inside a sentence, from every overlay (``grammar.in_sentence``)
        self.forms: dict[str, str] = {}
        #: (``where: path``, text) of every translated name, for the check of their articles
        self.names: list[tuple[str, str]] = []
        self.read_files: set[str] = set()
        #: file name -> its ``source`` (where the facts come from)
        self.sources: dict[str, str] = {}

    def read(self, file_name: str, record: Record) -> Any:
        """``file_name``'s data in this language; ``record`` is its top level (keys and their types)."""
        english = read_yaml(self.data_dir / file_name, self.problems)
        self.read_files.add(file_name)
        if self.language == ENGLISH or english is None:
            return english
        where = f"{self.language}/{file_name}"
        path = self.data_dir / self.language / file_name
        if not path.exists():
            merged = missing_file(where, record, english)
        else:
            overlay = read_yaml(path, self.problems, where)
            if overlay is None:
                if path.exists() and not self.problems:
                    self.problems.append(f"{where}: the file is empty")
                return english
            merged = merge_overlay(where, record, english, overlay, self.language)
        self.problems += merged.problems
        self.missing += merged.missing
        self.translated.update({place(where, path): en for path, en in merged.translated.items()})
        self.names += merged.names
        for text, form in merged.forms.items():
            if self.forms.setdefault(text, form) != form:
                self.problems.append(f"{where}: '{text}' has another form inside a sentence elsewhere")
        return merged.data

    def stale_files(self) -> None:
        """An overlay whose English file regain does not read is a problem (a typo in its name)."""
        if self.language == ENGLISH:
            return
        for path in sorted((self.data_dir / self.language).glob("*.yaml")):
            if path.name not in self.read_files:
                self.problems.append(
                    f"{self.language}/{path.name}: no English file {path.name} to translate "
                    f"(the files: {', '.join(sorted(self.read_files))})"
                )

    def overlaid(self, file_name: str) -> bool:
        return self.language != ENGLISH and (self.data_dir / self.language / file_name).exists()
