"""What a batch worker does with one work item: read, validate, assess, render, write.

Each worker process holds one :class:`~regain.engine.assess.Assessor` (so
one experta engine) for its whole life, in :data:`_state`: building it costs
far more than a case. :func:`init_worker` builds it; the main process calls
it before any worker starts, so workers forked from it inherit the engine
instead of building their own (under ``spawn`` each worker builds one).

:func:`process` turns a work item into :class:`CaseResult` s. A case's own
problems (unreadable, invalid, or an error inside regain on that case)
become its row and never stop the other cases; only a failing write (a full
disk) is the batch's problem, returned as ``fatal``. Outputs are written to
temporary files here, in parallel; only the main process moves them into
place (:mod:`.run`), so the decision about a file name stays in one place.

Renderers are injected (``format -> (assessment, kb) -> text``) and must be
top-level functions, so they reach ``spawn`` workers by name.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..engine.case import CaseError
from ..engine.case_reader import RawCase, read_case_path
from ..fhir_io.reading import cases_in
from ..knowledge import messages
from .inputs import WorkItem
from .outputs import FORMAT_SUFFIX, safe_stem, write_failure, write_temporary
from .summary import CaseRow

if TYPE_CHECKING:
    from ..engine.assess import Assessor

#: ``(assessment, knowledge base) -> text`` for one output format.
Renderer = Callable[[Any, Any], str]


@dataclass(frozen=True)
class WorkerConfig:
    """What every worker needs to know: the renderers per format, the folder, ``--resume``."""

    renderers: Mapping[str, Renderer]
    out_dir: str
    resume: bool
    #: the language of the knowledge base the plans are written from
    language: str = "en"


@dataclass
class CaseResult:
    """A worker's answer for one case: the row plus its outputs.

    ``outputs`` maps each format to a complete temporary file the worker wrote
    in the output folder; only the main process renames it into place (after
    checking the file name is not taken), so writing runs in parallel while
    the decision stays in one place.
    """

    row: CaseRow
    outputs: dict[str, str] = field(default_factory=dict)
    fatal: str = ""  # the outputs could not be written (a full disk): the batch stops


#: This process's engine and configuration (set by :func:`init_worker`).
_state: dict[str, Any] = {}


def init_worker(config: WorkerConfig) -> None:
    """Build the engine once for this process (kept if this process inherited one).

    The engine and the knowledge base live as long as the process, so
    everything that exists once they are built is moved out of the garbage
    collector's reach (:func:`gc.freeze`): its full collections no longer walk
    it, and in forked workers they no longer write to (and so copy) the memory
    pages shared with the main process.
    """
    if _state.get("language") != config.language:
        from ..engine.assess import Assessor
        from ..knowledge import load_knowledge

        _state["assessor"] = Assessor(load_knowledge(config.language))
        _state["language"] = config.language
        gc.freeze()
    messages.use(config.language)  # the renderings' fixed labels, in this worker's context
    _state["config"] = config


def process(item: WorkItem) -> list[CaseResult]:
    """Read (if a path), validate, assess and render one work item."""
    assessor: Assessor = _state["assessor"]
    config: WorkerConfig = _state["config"]
    if isinstance(item, str):
        try:
            raws: list[RawCase] = list(read_case_path(item))
        except CaseError as exc:
            raws = [RawCase(item, Path(item).stem, exc)]
    else:
        raws = [item]
    return [_process_raw(raw, assessor, config) for raw in _responses_read(raws, assessor)]


def _responses_read(raws: list[RawCase], assessor: Assessor) -> list[RawCase]:
    """Each FHIR QuestionnaireResponse (alone or in a Bundle) as a case; other cases unchanged."""
    out: list[RawCase] = []
    for raw in raws:
        try:
            out.extend(found.raw for found in cases_in(raw, assessor.kb))
        except CaseError as exc:
            out.append(RawCase(raw.source, raw.default_id, exc))
    return out


def _raw_id(raw: RawCase) -> str:
    data = raw.data
    if isinstance(data, dict) and isinstance(data.get("id"), str) and data["id"].strip():
        return str(data["id"]).strip()
    return raw.default_id


def _resumed_row(row: CaseRow, config: WorkerConfig, kb_version: str) -> CaseRow | None:
    """The row of an already complete case, or ``None`` if it must be (re)done."""
    out = Path(config.out_dir)
    paths = {fmt: out / f"{row.stem}{FORMAT_SUFFIX[fmt]}" for fmt in config.renderers}
    if not all(p.is_file() for p in paths.values()):
        return None
    if "html" in paths:
        with paths["html"].open("rb") as fh:
            fh.seek(max(paths["html"].stat().st_size - 64, 0))
            if b"</html>" not in fh.read():
                return None
    if "json" not in paths:
        return None  # nothing to rebuild the row from: assess again (outputs rewritten)
    try:
        data = json.loads(paths["json"].read_text(encoding="utf-8"))
        if data["case_id"] != row.case_id or data["knowledge_version"] != kb_version:
            return None
        first = data["plan"][0] if data["plan"] else {}
        return replace(
            row,
            triage=data["triage"],
            self_help=data["self_help"],
            pain_protective=data["causes"]["pain_protective"]["level"],
            shortening_adhesion=data["causes"]["shortening_adhesion"]["level"],
            first_step=first.get("kind", ""),
            first_step_title=first.get("title", ""),
            resumed=True,
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def _process_raw(raw: RawCase, assessor: Assessor, config: WorkerConfig) -> CaseResult:
    row = CaseRow(source=raw.source, status="invalid", case_id=_raw_id(raw))
    try:
        case = assessor.validate(raw)
    except CaseError as exc:
        row.errors = [str(p) for p in exc.problems]
        return CaseResult(row)
    except Exception as exc:  # a bug must not stop the other cases
        row.status, row.errors = "error", [f"{raw.source}: internal error: {type(exc).__name__}: {exc}"]
        return CaseResult(row)
    row.case_id, row.stem, row.status = case.id, safe_stem(case.id), "ok"
    if config.resume:
        done = _resumed_row(row, config, assessor.kb.version)
        if done is not None:
            return CaseResult(done)
    try:
        a = assessor.assess(case)
        texts = {fmt: render(a, assessor.kb) for fmt, render in config.renderers.items()}
    except Exception as exc:  # a bug must not stop the other cases
        row.status, row.stem = "error", ""
        row.errors = [f"{raw.source}: internal error: {type(exc).__name__}: {exc}"]
        return CaseResult(row)
    try:
        outputs = {
            fmt: write_temporary(Path(config.out_dir), row.stem + FORMAT_SUFFIX[fmt], text)
            for fmt, text in texts.items()
        }
    except OSError as exc:  # not the case's problem: the batch stops
        return CaseResult(row, fatal=write_failure(exc, config.out_dir))
    first = a.plan[0] if a.plan else None
    row.triage = a.triage
    row.self_help = a.self_help
    row.pain_protective = a.causes["pain_protective"].level
    row.shortening_adhesion = a.causes["shortening_adhesion"].level
    row.first_step = first.kind if first else ""
    row.first_step_title = first.title if first else ""
    return CaseResult(row, outputs)


def render_json(assessment: Any, kb: Any) -> str:
    """The JSON renderer (a top-level function, so worker processes can receive it)."""
    from ..engine.assessment import to_json

    return to_json(assessment)
