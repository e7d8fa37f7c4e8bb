"""Which English each translated text was translated from: ``knowledge/data/<lang>/translated-from.lock``.

A translation falls behind when its English is edited afterwards; nothing
in the overlay shows it. So each language keeps one lock file, written only
by ``regain kb translations --accept`` (never by hand): one line per
translated text, a short digest of the English it was translated from and
the text's place (``de/muscles.yaml:muscles.masseter.name``), sorted. The
digest is of the text as read, its spaces collapsed, so a YAML comment, the
order of keys, quoting or line breaks change nothing; a word does.

``regain kb check`` fails on a translated text whose English is no longer
the one recorded (*stale*: a dose, a stop sign or a warning out of date is
unsafe), and on one never recorded. A text with no translation at all is
*missing* (:mod:`.overlays`), not stale. The lock is not a ``*.yaml`` file,
so the loader and the cache never read it: accepting changes no rendering.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

LOCK_NAME = "translated-from.lock"
HEADER = (
    "# The English each {language} text was translated from: a digest of it, then the text's place.",
    "# Written by `regain kb translations --lang {language} --accept`; do not edit it by hand.",
)


def digest(english: str) -> str:
    """A short digest of an English text, its runs of spaces and line breaks made one space."""
    return hashlib.sha256(" ".join(english.split()).encode("utf-8")).hexdigest()[:12]


def lock_path(data_dir: Path, language: str) -> Path:
    return data_dir / language / LOCK_NAME


def place(where: str, path: str) -> str:
    """A text's place as the lock and ``--accept`` write it: ``de/muscles.yaml:muscles.masseter.name``."""
    return f"{where}:{path}"


def read_lock(data_dir: Path, language: str, problems: list[str]) -> dict[str, str]:
    """place -> digest, as recorded; a line that cannot be read is a problem (an absent file is empty)."""
    path = lock_path(data_dir, language)
    name = f"{language}/{LOCK_NAME}"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        problems.append(f"{name}: cannot read: {exc.strerror or exc}")
        return {}
    recorded: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split(None, 1)
        if len(parts) != 2 or len(parts[0]) != 12 or any(c not in "0123456789abcdef" for c in parts[0]):
            problems.append(
                f"{name}: line {number}: expected a digest and a place, as "
                f"`regain kb translations --lang {language} --accept` writes them (got {line.strip()!r})"
            )
            continue
        recorded[parts[1].strip()] = parts[0]
    return recorded


@dataclass(frozen=True)
class Behind:
    """A translated text whose English is not the one it was recorded as translated from."""

    place: str  # de/muscles.yaml:muscles.masseter.name
    english: str  # the English as it is now
    recorded: bool  # False: it was never recorded (translated since the last --accept)

    def line(self, language: str) -> str:
        where, path = self.place.split(":", 1)
        english = " ".join(self.english.split())
        what = (
            "the English changed since it was translated"
            if self.recorded
            else "translated, but not recorded against its English"
        )
        return (
            f"{where}: {path}: {what}; English now: '{english}' (check the translation, then: "
            f"regain kb translations --lang {language} --accept {self.place})"
        )


def behind(translated: Mapping[str, str], recorded: Mapping[str, str]) -> list[Behind]:
    """Every translated text (place -> its English now) not recorded with this English, in order."""
    return [
        Behind(p, english, p in recorded)
        for p, english in translated.items()
        if recorded.get(p) != digest(english)
    ]


def matches(place_: str, wanted: str) -> bool:
    """Whether ``place_`` is ``wanted`` or lies under it (a file, an entry, a list item).

    ``wanted`` may leave out the language folder: ``muscles.yaml:muscles.masseter``.
    """
    where, _, path = place_.partition(":")
    w_where, _, w_path = wanted.partition(":")
    if w_where not in (where, where.split("/", 1)[-1]):
        return False
    return not w_path or path == w_path or path.startswith((w_path + ".", w_path + "["))


def write_lock(
    data_dir: Path,
    language: str,
    translated: Mapping[str, str],
    recorded: Mapping[str, str],
    accept: Iterable[str],
) -> None:
    """Record the English of the ``accept`` places now; keep the other places as recorded.

    A recorded place that is no longer a translated text is dropped.
    """
    lines = dict(recorded)
    for p in accept:
        lines[p] = digest(translated[p])
    body = [f"{lines[p]}  {p}" for p in sorted(lines) if p in translated]
    header = [h.format(language=language) for h in HEADER]
    lock_path(data_dir, language).write_text("\n".join(header + body) + "\n", encoding="utf-8")
