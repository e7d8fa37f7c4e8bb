"""Load the knowledge base from its YAML files, once, and validate it strictly.

Every problem is reported with the file and the key path where it was found
(``muscles.yaml: muscles.supraspinatus.refers_to.primary[0]: …``), all of them
at once, so a physiotherapist editing the data sees everything to fix in one
run. The files are read by :mod:`.reading` (safe YAML only); in a language
other than English, each with that language's overlay laid over it
(``data/<lang>/<file>``, :mod:`.overlays`) before it is validated.

A successful load is kept in the user cache (:mod:`regain.knowledge.snapshot`)
under a key of the data files, this package's code and the libraries that
validate it, for each language; a later load with the same key uses it and
imports neither pydantic nor networkx. Any change is validated again in full.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from . import snapshot
from .answer_models import AnswerWords
from .consistency import check_consistency
from .entries import Name
from .followup_models import FollowUp
from .grammar import article_problems
from .language import ENGLISH, languages_problems
from .models import Movement, Muscle, Question, Region
from .overlays import Record
from .plan_models import Exercise, Inference, StepTemplate, TrainedMuscle
from .reading import LanguageFiles, data_files
from .safety_models import Combination, InvolvesTag, OtherCause, RedFlag
from .tables import GraphTables
from .translation_lock import Behind, behind, read_lock
from .wording_models import Wording

DATA_DIR = Path(__file__).parent / "data"

#: file name -> its collections: (key, model, required); ``inference.yaml`` is a single object.
COLLECTIONS: dict[str, tuple[tuple[str, type[Any], bool], ...]] = {
    "movements.yaml": (("movements", Movement, True),),
    "regions.yaml": (("regions", Region, True),),
    "muscles.yaml": (("muscles", Muscle, True),),
    "red_flags.yaml": (("red_flags", RedFlag, True), ("combinations", Combination, False)),
    "involves.yaml": (("involves", InvolvesTag, True),),
    "other_causes.yaml": (("other_causes", OtherCause, True),),
    "exercises.yaml": (("exercises", Exercise, True), ("trained_muscles", TrainedMuscle, False)),
    "questions.yaml": (("questions", Question, True),),
    "checkin_questions.yaml": (("checkin_questions", Question, True),),
    "plan_steps.yaml": (("steps", StepTemplate, True),),
}
INFERENCE_FILE = "inference.yaml"
WORDING_FILE = "wording.yaml"
ANSWERS_FILE = "answers.yaml"
FOLLOWUP_FILE = "followup.yaml"
META_FILE = "meta.yaml"
#: meta.yaml's texts, for its overlay (its version and languages are not translated).
META_TEXTS: Record = {"areas": dict[str, Name]}

M = TypeVar("M")


class KnowledgeError(Exception):
    """The knowledge base is unreadable or inconsistent; ``problems`` says where."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything regain knows, as plain immutable objects keyed by id.

    Dicts keep the order of the data files, which is the order questions are
    asked and entries are listed.
    """

    version: str
    areas: dict[str, str]
    #: the language of its texts (``en``, or a language of meta.yaml with its overlays)
    language: str
    #: every language regain speaks with these files (meta.yaml's ``languages``)
    languages: tuple[str, ...]
    movements: dict[str, Movement]
    regions: dict[str, Region]
    muscles: dict[str, Muscle]
    red_flags: dict[str, RedFlag]
    questions: dict[str, Question]
    #: the questions of a journal check-in (checkin_questions.yaml)
    checkin_questions: dict[str, Question]
    steps: dict[str, StepTemplate]
    inference: Inference
    wording: Wording
    #: how ``regain ask`` reads typed answers (answers.yaml)
    answers: AnswerWords
    #: how the treatment journal follows a plan (followup.yaml)
    followup: FollowUp
    combinations: dict[str, Combination] = field(default_factory=dict)
    involves: dict[str, InvolvesTag] = field(default_factory=dict)
    other_causes: dict[str, OtherCause] = field(default_factory=dict)
    exercises: dict[str, Exercise] = field(default_factory=dict)
    trained_muscles: dict[str, TrainedMuscle] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    #: derived from the entries by networkx when the knowledge base is loaded
    tables: GraphTables = field(default_factory=GraphTables)

    def informs(self, question_id: str) -> list[str]:
        """The conclusions a question's answer can move (from the evidence rules)."""
        seen: dict[str, None] = {}
        for rule in self.inference.evidence.values():
            if question_id in rule.reads:
                seen[rule.conclusion] = None
        return list(seen)

    def counts(self) -> dict[str, int]:
        return {
            "movements": len(self.movements),
            "regions": len(self.regions),
            "muscles": len(self.muscles),
            "exercises": len(self.exercises),
            "evidence rules": len(self.inference.evidence),
            "questions": len(self.questions),
            "red flags": len(self.red_flags),
            "flag combinations": len(self.combinations),
            "other causes": len(self.other_causes),
            "plan steps": len(self.steps),
        }

    def muscle_name(self, muscle_id: str) -> str:
        """The name of a muscle of muscles.yaml or of exercises.yaml's trained_muscles."""
        if muscle_id in self.muscles:
            return self.muscles[muscle_id].name
        return self.trained_muscles[muscle_id].name


def _collections(files: LanguageFiles, file_name: str) -> dict[str, dict[str, Any]]:
    """Every collection of one file, by key; each entry validated into its model."""
    from .validation import validate  # pydantic: only when the snapshot cannot be used

    specs = COLLECTIONS[file_name]
    problems = files.problems
    raw = files.read(file_name, {key: dict[str, model] for key, model, _ in specs})  # type: ignore[valid-type]
    keys = [key for key, _, _ in specs]
    if raw is None:
        if (files.data_dir / file_name).exists() and not problems:
            problems.append(f"{file_name}: the file is empty")
        return {}
    if not isinstance(raw, dict):
        problems.append(f"{file_name}: expected a mapping with {', '.join(map(repr, keys))} and 'source'")
        return {}
    unknown = sorted(set(raw) - {*keys, "source"})
    if unknown:
        problems.append(f"{file_name}: unknown top-level key(s): {', '.join(unknown)}")
    if not isinstance(raw.get("source"), str) or not raw["source"].strip():
        problems.append(f"{file_name}: source: a short note of where the facts come from")
    else:
        files.sources[file_name] = raw["source"].strip()
    out: dict[str, dict[str, Any]] = {}
    for key, model, required in specs:
        entries = raw.get(key)
        if entries is None and not required:
            out[key] = {}
            continue
        if not isinstance(entries, dict) or not entries:
            problems.append(f"{file_name}: {key}: expected a non-empty mapping of id -> entry")
            continue
        items: dict[str, Any] = {}
        for entry_id, entry in entries.items():
            where = f"{file_name}: {key}.{entry_id}"
            if not isinstance(entry_id, str) or not entry_id.replace("_", "").isalnum():
                problems.append(f"{where}: ids are lower-case words joined by '_'")
                continue
            item = validate(model, entry, where, problems)
            if item is not None:
                items[entry_id] = item
        out[key] = items
    return out


def _single(files: LanguageFiles, file_name: str, model: type[M]) -> M | None:
    """A file that is one object (and its ``source``), validated into ``model``."""
    from .validation import validate

    raw = files.read(file_name, model)
    if not isinstance(raw, dict):
        if raw is not None:
            files.problems.append(f"{file_name}: expected a mapping")
        return None
    raw = dict(raw)
    source = raw.pop("source", None)
    if isinstance(source, str) and source.strip():
        files.sources[file_name] = source.strip()
    else:
        files.problems.append(f"{file_name}: source: a short note of where the facts come from")
    return validate(model, raw, file_name + ":", files.problems)


#: The numbers of inference.yaml an evidence rule's text may name, as ``{high_pain}``.
TEXT_NUMBERS = (
    "high_pain",
    "long_duration_weeks",
    "short_duration_weeks",
    "immobilized_weeks",
    "frozen_shoulder_age",
    "hip_osteoarthritis_age",
)


def _with_numbers(inference: Inference, problems: list[str]) -> Inference:
    """Evidence texts with the thresholds they name filled in, so one edit changes both."""
    numbers = {n: f"{getattr(inference, n):g}" for n in TEXT_NUMBERS}
    evidence = {}
    for rule_id, rule in inference.evidence.items():
        try:
            text = rule.text.format(**numbers)
        except (KeyError, IndexError, ValueError) as exc:
            problems.append(
                f"{INFERENCE_FILE}: evidence.{rule_id}.text: {{{exc}}} is not one of "
                f"the numbers it may name ({', '.join(TEXT_NUMBERS)})"
            )
            text = rule.text
        evidence[rule_id] = replace(rule, text=text)
    return replace(inference, evidence=evidence)


def _digest(data_dir: Path, language: str) -> str:
    sha = hashlib.sha256()
    for path in data_files(data_dir, language):
        sha.update(path.relative_to(data_dir).as_posix().encode())  # de/muscles.yaml
        sha.update(path.read_bytes())
    return sha.hexdigest()[:12]


def load_knowledge_from(data_dir: Path, language: str = ENGLISH) -> KnowledgeBase:
    """Load and validate the knowledge base in ``data_dir`` in ``language``; raise :class:`KnowledgeError`.

    ``language`` is English or a language with overlays in ``data_dir/<language>/``;
    an English text an overlay leaves out stays English (``regain kb check`` lists them).
    """
    kb, key = snapshot.load(data_dir, language)
    if kb is None:
        kb = _validated(data_dir, language)
        snapshot.store(data_dir, kb, key, language)  # if the files did not change meanwhile
    return kb


@dataclass
class TranslationStatus:
    """A language's overlays against the English: what is wrong, missing, translated and recorded."""

    #: the knowledge base's problems in this language (the overlays' among them)
    problems: list[str] = field(default_factory=list)
    #: one line per English text with no translation
    missing: list[str] = field(default_factory=list)
    #: place -> the English of each translated text, as it is now
    translated: dict[str, str] = field(default_factory=dict)
    #: place -> the digest of the English it was translated from (the language's lock file)
    recorded: dict[str, str] = field(default_factory=dict)

    def behind(self) -> list[Behind]:
        """The translated texts whose English changed since, or was never recorded."""
        return behind(self.translated, self.recorded)


def translation_status(data_dir: Path, language: str) -> TranslationStatus:
    """The knowledge base in ``language`` read and checked, with what its overlays translate."""
    status = TranslationStatus()
    files = LanguageFiles(data_dir, language, [])
    try:
        _validated(data_dir, language, files)
    except KnowledgeError as exc:
        status.problems = exc.problems
    status.missing, status.translated = files.missing, files.translated
    status.recorded = read_lock(data_dir, language, status.problems)
    return status


def translation_problems(data_dir: Path, language: str) -> list[str]:
    """Every problem of the knowledge base in ``language``, every English text it leaves out, and
    every translated text whose English changed since it was translated (or was never recorded)."""
    status = translation_status(data_dir, language)
    return status.problems + status.missing + [b.line(language) for b in status.behind()]


def _validated(data_dir: Path, language: str, files: LanguageFiles | None = None) -> KnowledgeBase:
    """Read, validate and check the data files, and compute the graph tables.

    ``files`` collects what the overlays translate and leave out (``regain kb check``).
    """
    from .graphs import graph_tables  # networkx, as above

    files = files or LanguageFiles(data_dir, language, [])
    problems = files.problems
    loaded: dict[str, Any] = {}  # collection name -> entries by id, the fields of KnowledgeBase
    for file_name in COLLECTIONS:
        loaded.update(_collections(files, file_name))

    inference = _single(files, INFERENCE_FILE, Inference)
    wording = _single(files, WORDING_FILE, Wording)
    answers = _single(files, ANSWERS_FILE, AnswerWords)
    followup = _single(files, FOLLOWUP_FILE, FollowUp)

    meta = files.read(META_FILE, META_TEXTS)
    version = "unknown"
    areas: dict[str, str] = {}
    if isinstance(meta, dict) and isinstance(meta.get("version"), str):
        version = meta["version"]
    else:
        problems.append(f"{META_FILE}: version: expected a string such as '2026.11'")
    if (
        isinstance(meta, dict)
        and isinstance(meta.get("areas"), dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in meta["areas"].items())
    ):
        areas = dict(meta["areas"])
    else:
        problems.append(f"{META_FILE}: areas: expected a mapping of area id -> display name")
    problems += languages_problems(meta.get("languages") if isinstance(meta, dict) else None)
    files.stale_files()

    if problems or inference is None or wording is None or answers is None or followup is None:
        raise _error(
            language,
            problems or [f"{INFERENCE_FILE}, {WORDING_FILE}, {ANSWERS_FILE} or {FOLLOWUP_FILE}: missing"],
        )

    grammar = wording.grammar.with_forms(files.forms)
    wording = replace(wording, grammar=grammar)
    files.missing += article_problems(files.names, grammar)
    inference = _with_numbers(inference, problems)
    if problems:
        raise _error(language, problems)
    kb = KnowledgeBase(
        version=f"{version}+{_digest(data_dir, language)}",
        areas=areas,
        language=language,
        languages=tuple(meta["languages"]) if isinstance(meta.get("languages"), list) else (ENGLISH,),
        inference=inference,
        wording=wording,
        answers=answers,
        followup=followup,
        sources=files.sources,
        **loaded,
    )
    problems = check_consistency(kb)
    if problems:
        raise _error(language, problems)
    return replace(kb, tables=graph_tables(kb))


def _error(language: str, problems: list[str]) -> KnowledgeError:
    """The problems, each said to be in ``language`` unless it names the overlay file already."""
    if language == ENGLISH:
        return KnowledgeError(problems)
    return KnowledgeError([p if p.startswith(f"{language}/") else f"{language}: {p}" for p in problems])


@functools.cache
def load_knowledge(language: str = ENGLISH) -> KnowledgeBase:
    """The bundled knowledge base in ``language``, loaded and validated once per process."""
    return load_knowledge_from(DATA_DIR, language)
