"""A language's texts laid over the English knowledge base: ``knowledge/data/<lang>/<file>``.

English is the base: every id, number, list of ids and source is there. An
overlay has the same shape as its English file and holds only what a person
reads in that language, as the models declare it (:mod:`.entries`):

* a :class:`~.entries.Translatable` text is translated in place; where its
  form inside a sentence differs, it is written ``{text: ..., in_sentence: ...}``
  (:mod:`.grammar`: "Eine Blockade" / "eine Blockade");
* a list is a list of the same length and order (an item with nothing to
  translate is ``{}``), a mapping has the English keys;
* an :class:`~.entries.InputWords` list (words a person types) is the
  language's own list, of any length (read with the English words where the
  model says ``keep_english``: the commands of a prompt);
* a :class:`~.entries.WordKeys` mapping gives each English key its word
  (``five: fünf``), the value staying the English one;
* a :class:`~.entries.PerLanguage` setting is the language's own value
  (``names_in_sentence: as_written``), also where English leaves it at its default;
* ``{placeholders}`` stay as in English: the same names, as many times.

It starts with ``language: <lang>`` and ``translation:`` (who translated it, and
whether a physiotherapist reviewed it). :func:`merge_overlay` lays it over the
English data *before* validation, so the merged data is checked like English.
What is wrong with the overlay (a key the English has not, or one that is not
translated; a list of another length; other placeholders) is a problem; an
English text with no translation is only *missing*: the English one stays,
and ``regain kb check`` reports it.
"""

from __future__ import annotations

import dataclasses
import functools
import string
import types
import typing
from collections import Counter
from collections.abc import Mapping
from typing import Annotated, Any, get_args, get_origin, get_type_hints

from .entries import InputWords, InSentence, PerLanguage, Translatable, WordKeys
from .grammar import form_problem

#: A file's top level for the overlay: its keys and their types (``{"muscles": dict[str, Muscle]}``),
#: or the model the whole file is (``Wording``).
Record = Mapping[str, Any] | type

TEXT, WORDS, WORD_KEYS, SETTING = "text", "words", "word_keys", "setting"
LIST, MAP, RECORD, FIXED = "list", "map", "record", "fixed"
#: What an overlay says about itself, besides its texts.
HEADER = ("language", "translation")
_ABSENT: Any = object()


def _unwrap(tp: Any) -> tuple[Any, tuple[Any, ...]]:
    """``tp`` without ``Annotated`` and ``| None``, and the metadata found on the way."""
    markers: tuple[Any, ...] = ()
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            markers += tp.__metadata__
            tp = get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp, markers  # a union of scalars (``is: yes | 3``): nothing to translate
            tp = args[0]
        else:
            return tp, markers


@functools.cache
def _fields(cls: type) -> dict[str, Any]:
    """A model's fields by their key in the data files (``is_`` is written ``is``)."""
    hints = get_type_hints(cls, include_extras=True)
    return {f.name.rstrip("_"): hints[f.name] for f in dataclasses.fields(cls) if f.init}


def _kind(tp: Any) -> tuple[str, Any]:
    """What ``tp`` is to an overlay, and its item, value or field types."""
    if isinstance(tp, Mapping):
        return RECORD, tp
    base, markers = _unwrap(tp)
    markers_kinds = ((InputWords, WORDS), (WordKeys, WORD_KEYS), (PerLanguage, SETTING), (Translatable, TEXT))
    for marker, kind in markers_kinds:
        found = [m for m in markers if isinstance(m, marker)]
        if found:
            if kind == TEXT:  # and whether it is a name, put inside sentences too
                return kind, any(isinstance(m, InSentence) for m in markers)
            return kind, found[0] if kind == WORDS else None
    origin = get_origin(base)
    if origin is tuple:
        return LIST, get_args(base)[0]
    if origin is dict:
        return MAP, get_args(base)[1]
    if dataclasses.is_dataclass(base) and isinstance(base, type):
        return RECORD, _fields(base)
    return FIXED, None


@functools.cache
def _translated(tp: Any) -> bool:
    """Whether anything of ``tp`` is translated (cached: asked at every key of every file)."""
    return _has_texts(tp)


def _has_texts(tp: Any, seen: frozenset[int] = frozenset()) -> bool:
    """Whether anything of ``tp`` is translated (models may contain themselves: a condition)."""
    kind, inner = _kind(tp)
    if kind in (TEXT, WORDS, WORD_KEYS, SETTING):
        return True
    if kind in (LIST, MAP):
        return _has_texts(inner, seen)
    if kind == RECORD:
        key = id(inner)
        return key not in seen and any(_has_texts(t, seen | {key}) for t in inner.values())
    return False


def translated_fields(model: type) -> list[str]:
    """The keys of ``model`` (as in the data files) that hold something translated."""
    return [key for key, tp in _fields(model).items() if _translated(tp)]


def _placeholders(text: str) -> Counter[str] | None:
    try:
        return Counter(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)
    except ValueError:
        return None


def _shown(names: Counter[str]) -> str:
    return ", ".join("{" + n + "}" for n in sorted(names.elements())) or "none"


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 50 else flat[:47] + "..."


@dataclasses.dataclass
class Merged:
    """The English data with the overlay laid over it, and what the overlay got wrong or left out."""

    data: Any
    #: The overlay is wrong (a stale key, a list of another length, other placeholders...).
    problems: list[str] = dataclasses.field(default_factory=list)
    #: English texts with no translation (the English stays): one line each, for ``kb check``.
    missing: list[str] = dataclasses.field(default_factory=list)
    #: path -> the English of each text (and list of words) the overlay translates, as it is now;
    #: :mod:`.translation_lock` compares it with the English it was translated from.
    translated: dict[str, str] = dataclasses.field(default_factory=dict)
    #: a text -> its form inside a sentence, where the overlay gives one (``grammar.in_sentence``)
    forms: dict[str, str] = dataclasses.field(default_factory=dict)
    #: (``where: path``, text) of every translated name (``Name``): one starting with an article
    #: needs its form (:func:`.grammar.article_problems`)
    names: list[tuple[str, str]] = dataclasses.field(default_factory=list)


class _Merger:
    def __init__(self, where: str) -> None:
        self.where = where  # "de/muscles.yaml"
        self.out = Merged(None)

    def problem(self, path: str, message: str) -> None:
        self.out.problems.append(f"{self.where}: {path or '(top level)'}: {message}")

    def missing(self, path: str, message: str) -> None:
        self.out.missing.append(f"{self.where}: {path}: {message}")

    def count(self, tp: Any, en: Any) -> int:
        """How many texts (and lists of words) of the English value ``en`` are translated."""
        kind, inner = _kind(tp)
        if kind == SETTING:
            return int(en is not None)
        if kind == TEXT:
            return int(isinstance(en, str))
        if kind == WORDS:
            return int(isinstance(en, list) and bool(en))
        if kind == WORD_KEYS:
            return len(en) if isinstance(en, dict) else 0
        if kind == LIST and isinstance(en, list):
            return sum(self.count(inner, item) for item in en)
        if kind == MAP and isinstance(en, dict):
            return sum(self.count(inner, value) for value in en.values())
        if kind == RECORD and isinstance(en, dict):
            return sum(self.count(inner[k], v) for k, v in en.items() if k in inner)
        return 0

    def merge(self, tp: Any, en: Any, ov: Any, path: str) -> Any:
        kind, inner = _kind(tp)
        if ov is _ABSENT:
            texts = self.count(tp, en)
            if kind == TEXT and texts:
                self.missing(path, f"no translation (English: '{_excerpt(en)}')")
            elif kind == SETTING and texts:
                self.missing(path, f"no translation: not set for this language (English: {en!r})")
            elif texts:
                self.missing(path, f"no translation ({texts} text{'s' * (texts != 1)} in English)")
            return en
        if en is None or not _translated(tp):
            self.problem(
                path, "not in the English file" if en is None else "not translated: it stays as in English"
            )
            return en
        if kind == TEXT:
            text = self.form(ov, path)
            return en if text is None else self.text(en, text, path, is_name=inner)
        if kind == SETTING:
            return ov  # validated with the English data, as the English value is
        if kind == WORDS:
            if isinstance(ov, list) and ov and all(isinstance(w, str) and w.strip() for w in ov):
                if isinstance(en, list):
                    self.out.translated[path] = ", ".join(map(str, en))
                if inner.keep_english and isinstance(en, list):  # the English words work too
                    return [*ov, *(w for w in en if w not in ov)]
                return ov
            self.problem(path, "expected a list of the words a person types in this language")
            return en
        if kind == WORD_KEYS:
            return self.word_keys(en, ov, path)
        if kind == LIST:
            return self.items(inner, en, ov, path)
        return self.mapping(kind, inner, en, ov, path)

    def form(self, ov: Any, path: str) -> Any:
        """The text of ``ov``; written ``{text: ..., in_sentence: ...}``, its form is kept too."""
        if not isinstance(ov, dict):
            return ov
        text, form = ov.get("text"), ov.get("in_sentence")
        if set(ov) != {"text", "in_sentence"} or not isinstance(text, str) or not isinstance(form, str):
            self.problem(path, "expected a text, or {text: ..., in_sentence: ...} (its form in a sentence)")
            return None
        text, form = text.strip(), form.strip()
        wrong = form_problem(text, form) if text and form else "expected a text"
        if wrong:
            self.problem(f"{path}.in_sentence", wrong)
        elif self.out.forms.setdefault(text, form) != form:
            self.problem(f"{path}.in_sentence", f"'{text}' has another form too: '{self.out.forms[text]}'")
        return text

    def text(self, en: Any, ov: Any, path: str, is_name: bool = False) -> Any:
        if not isinstance(ov, str) or not ov.strip():
            self.problem(path, f"expected a text (got {ov!r})")
            return en
        if isinstance(en, str):
            self.out.translated[path] = en
        if is_name:
            self.out.names.append((f"{self.where}: {path}", ov.strip()))
        wanted, found = _placeholders(en), _placeholders(ov)
        if found is None:
            self.problem(path, "a brace that is not a placeholder ({{ for a brace)")
        elif wanted is not None and found != wanted:
            self.problem(path, f"placeholders {_shown(found)}; the English has {_shown(wanted)}")
        return ov

    def word_keys(self, en: Any, ov: Any, path: str) -> Any:
        if not isinstance(en, dict):
            return en
        if not isinstance(ov, dict):
            self.problem(path, "expected each English key with its word in this language")
            return en
        merged: dict[Any, Any] = {}
        for key in ov:
            if key not in en:
                self.problem(f"{path}.{key}", "not in the English file")
        for key, value in en.items():
            word = ov.get(key, _ABSENT)
            if word is _ABSENT:
                self.missing(f"{path}.{key}", f"no translation (the word for '{key}')")
                word = key
            elif not isinstance(word, str) or not word.strip():
                self.problem(f"{path}.{key}", f"expected a word (got {word!r})")
                word = key
            if word in merged:
                self.problem(f"{path}.{key}", f"'{word}' is the word of another key too")
            merged[word] = value
        return merged

    def items(self, item: Any, en: Any, ov: Any, path: str) -> Any:
        if not isinstance(en, list):
            return en  # the English is broken: its own validation says so
        if not isinstance(ov, list) or len(ov) != len(en):
            got = f"{len(ov)} items" if isinstance(ov, list) else repr(type(ov).__name__)
            self.problem(
                path,
                f"{got}; the English has {len(en)} (the same length and order, "
                "{} for an item with nothing to translate)",
            )
            return en
        if _kind(item)[0] == RECORD:
            ov = [o if o is not None else {} for o in ov]
        return [self.merge(item, e, o, f"{path}[{i}]") for i, (e, o) in enumerate(zip(en, ov, strict=True))]

    def mapping(self, kind: str, inner: Any, en: Any, ov: Any, path: str) -> Any:
        if not isinstance(en, dict):
            return en
        if not isinstance(ov, dict):
            self.problem(path, f"expected a mapping (got {type(ov).__name__})")
            return en
        merged = dict(en)
        for key in ov:
            if key in en:
                continue
            if kind == RECORD and key in inner and _kind(inner[key])[0] == SETTING:
                merged[key] = ov[key]  # a setting of this language's own, left at its default in English
            else:
                self.problem(f"{path}.{key}" if path else str(key), "not in the English file")
        for key, value in en.items():
            tp = inner if kind == MAP else inner.get(key)
            if tp is not None:
                merged[key] = self.merge(tp, value, ov.get(key, _ABSENT), f"{path}.{key}" if path else key)
            elif key in ov:
                self.problem(f"{path}.{key}" if path else key, "not translated: it stays as in English")
        return merged


def merge_overlay(where: str, record: Record, english: Any, overlay: Any, language: str) -> Merged:
    """``english`` (a file's data) with ``overlay`` (``where``: ``de/muscles.yaml``) laid over it.

    ``record`` is the file's top level: its keys and their types.
    """
    merger = _Merger(where)
    if not isinstance(overlay, dict):
        merger.problem("", "expected a mapping (language, translation and the texts)")
        merger.out.data = english
        return merger.out
    if overlay.get("language") != language:
        merger.problem(
            "language", f"expected '{language}', the folder it is in (got {overlay.get('language')!r})"
        )
    note = overlay.get("translation")
    if not isinstance(note, str) or not note.strip():
        merger.problem("translation", "say who translated it and whether a physiotherapist reviewed it")
    texts = {k: v for k, v in overlay.items() if k not in HEADER}
    merger.out.data = merger.mapping(RECORD, _kind(record)[1], english, texts, "")
    return merger.out


def missing_file(where: str, record: Record, english: Any) -> Merged:
    """The English data of a file that has no overlay; missing if it has anything to translate."""
    merger = _Merger(where)
    merger.out.data = english
    texts = merger.count(record, english)
    if texts:
        merger.out.missing.append(f"{where}: missing ({texts} texts to translate)")
    return merger.out
