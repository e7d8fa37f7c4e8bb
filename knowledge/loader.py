"""Load the knowledge base from its YAML files, once, and validate it strictly.

Every problem is reported with the file and the key path where it was found
(``muscles.yaml: muscles.supraspinatus.refers_to.primary[0]: …``), all of them
at once, so a physiotherapist editing the data sees everything to fix in one
run. Only YAML's *safe* loader is used (``yaml.safe_load``'s semantics, in its
C implementation ``CSafeLoader`` where PyYAML has it): no arbitrary tags or
objects.

A successful load is kept in the user cache (:mod:`regain.knowledge.snapshot`)
under a key of the data files, this package's code and the libraries that
validate it; a later load with the same key uses it and imports neither
pydantic nor networkx. Any change is validated again in full.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import yaml

from . import snapshot
from .answer_models import AnswerWords
from .consistency import check_consistency
from .followup_models import FollowUp
from .language import languages_problems
from .models import Movement, Muscle, Question, Region
from .plan_models import Exercise, Inference, StepTemplate, TrainedMuscle
from .safety_models import Combination, InvolvesTag, OtherCause, RedFlag
from .tables import GraphTables
from .wording_models import Wording

DATA_DIR = Path(__file__).parent / "data"

try:
    _SafeLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _SafeLoader = yaml.SafeLoader

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


def _read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        problems.append(f"{path.name}: cannot read: {exc.strerror or exc}")
        return None
    try:
        return yaml.load(text, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problems.append(f"{path.name}: YAML syntax error{where}: {getattr(exc, 'problem', exc)}")
        return None


def _load_collections(
    path: Path,
    specs: tuple[tuple[str, type[Any], bool], ...],
    problems: list[str],
    sources: dict[str, str],
) -> dict[str, dict[str, Any]]:
    """Every collection of one file, by key; each entry validated into its model."""
    from .validation import validate  # pydantic: only when the snapshot cannot be used

    raw = _read_yaml(path, problems)
    keys = [key for key, _, _ in specs]
    if raw is None:
        if path.exists() and not problems:
            problems.append(f"{path.name}: the file is empty")
        return {}
    if not isinstance(raw, dict):
        problems.append(f"{path.name}: expected a mapping with {', '.join(map(repr, keys))} and 'source'")
        return {}
    unknown = sorted(set(raw) - {*keys, "source"})
    if unknown:
        problems.append(f"{path.name}: unknown top-level key(s): {', '.join(unknown)}")
    if not isinstance(raw.get("source"), str) or not raw["source"].strip():
        problems.append(f"{path.name}: source: a short note of where the facts come from")
    else:
        sources[path.name] = raw["source"].strip()
    out: dict[str, dict[str, Any]] = {}
    for key, model, required in specs:
        entries = raw.get(key)
        if entries is None and not required:
            out[key] = {}
            continue
        if not isinstance(entries, dict) or not entries:
            problems.append(f"{path.name}: {key}: expected a non-empty mapping of id -> entry")
            continue
        items: dict[str, Any] = {}
        for entry_id, entry in entries.items():
            where = f"{path.name}: {key}.{entry_id}"
            if not isinstance(entry_id, str) or not entry_id.replace("_", "").isalnum():
                problems.append(f"{where}: ids are lower-case words joined by '_'")
                continue
            item = validate(model, entry, where, problems)
            if item is not None:
                items[entry_id] = item
        out[key] = items
    return out


def _load_single(path: Path, model: type[M], problems: list[str], sources: dict[str, str]) -> M | None:
    """A file that is one object (and its ``source``), validated into ``model``."""
    from .validation import validate

    raw = _read_yaml(path, problems)
    if not isinstance(raw, dict):
        if raw is not None:
            problems.append(f"{path.name}: expected a mapping")
        return None
    raw = dict(raw)
    source = raw.pop("source", None)
    if isinstance(source, str) and source.strip():
        sources[path.name] = source.strip()
    else:
        problems.append(f"{path.name}: source: a short note of where the facts come from")
    return validate(model, raw, path.name + ":", problems)


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


def _digest(data_dir: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(data_dir.glob("*.yaml")):
        sha.update(path.name.encode())
        sha.update(path.read_bytes())
    return sha.hexdigest()[:12]


def load_knowledge_from(data_dir: Path) -> KnowledgeBase:
    """Load and validate the knowledge base in ``data_dir``; raise :class:`KnowledgeError`."""
    kb, key = snapshot.load(data_dir)
    if kb is None:
        kb = _validated(data_dir)
        snapshot.store(data_dir, kb, key)  # if the files did not change meanwhile
    return kb


def _validated(data_dir: Path) -> KnowledgeBase:
    """Read, validate and check the data files, and compute the graph tables."""
    from .graphs import graph_tables  # networkx, as above

    problems: list[str] = []
    sources: dict[str, str] = {}
    loaded: dict[str, Any] = {}  # collection name -> entries by id, the fields of KnowledgeBase
    for file_name, specs in COLLECTIONS.items():
        loaded.update(_load_collections(data_dir / file_name, specs, problems, sources))

    inference = _load_single(data_dir / INFERENCE_FILE, Inference, problems, sources)
    wording = _load_single(data_dir / WORDING_FILE, Wording, problems, sources)
    answers = _load_single(data_dir / ANSWERS_FILE, AnswerWords, problems, sources)
    followup = _load_single(data_dir / FOLLOWUP_FILE, FollowUp, problems, sources)

    meta = _read_yaml(data_dir / META_FILE, problems)
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

    if problems or inference is None or wording is None or answers is None or followup is None:
        raise KnowledgeError(
            problems or [f"{INFERENCE_FILE}, {WORDING_FILE}, {ANSWERS_FILE} or {FOLLOWUP_FILE}: missing"]
        )

    inference = _with_numbers(inference, problems)
    if problems:
        raise KnowledgeError(problems)
    kb = KnowledgeBase(
        version=f"{version}+{_digest(data_dir)}",
        areas=areas,
        inference=inference,
        wording=wording,
        answers=answers,
        followup=followup,
        sources=sources,
        **loaded,
    )
    problems = check_consistency(kb)
    if problems:
        raise KnowledgeError(problems)
    return replace(kb, tables=graph_tables(kb))


@functools.cache
def load_knowledge() -> KnowledgeBase:
    """The bundled knowledge base, loaded and validated once per process."""
    return load_knowledge_from(DATA_DIR)
