"""``regain ask``: the interactive questionnaire's terminal loop (I/O only).

The engine (:class:`regain.engine.questionnaire.Questionnaire`) decides which
question comes next; this module runs the session, and :mod:`regain.prompts`
asks each question, parses the answer by question type and handles the
commands available at every prompt:

* ``?`` shows the question's help (``?3`` the self-test of movement 3),
* ``why`` explains which conclusions the answer informs and what it could change,
* ``back`` returns to the previous question and shows its answer: type a new
  one, or press Enter to keep it (each command also in the words of the
  session's language, ``answers.yaml``: ``warum``, ``zurück``),
* Enter on an optional question records "unknown" (yes/no questions) or leaves
  it unanswered.

Answers are read as people type them ("2 years", "about 5", "nope", "none";
:mod:`regain.engine.natural_answers`). Once the questions are done (unless a
warning sign stopped them), an optional last prompt asks the name the plan
shows instead of the case id; the end of input there simply leaves it out.

The session's own lines are marked for gettext (``_()``), so they follow ``--lang``.
Everything goes through ``click.prompt``/``click.echo``, so the loop works the
same on a terminal, with piped input and under Click's test runner. Ctrl-C or
the end of input saves the answers so far to ``<id>.partial.yaml``, and so does
an unexpected error inside the session (a bug), before it is reported. The
renderers and the file writer are passed in (the CLI owns them).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import click
import yaml

from .engine.assess import Assessor
from .engine.assessment import Assessment
from .engine.case import CaseError
from .engine.case_reader import RawCase
from .engine.case_validation import FORMAT, FORMATS, validate_case
from .engine.display_text import one_line
from .engine.natural_answers import AnswerReader
from .engine.questionnaire import EMERGENCY, SETTLED, URGENT, Questionnaire, provisional_case
from .knowledge import KnowledgeBase
from .knowledge.language import ENGLISH
from .knowledge.messages import _
from .prompts import SKIP, GoBack, Prompts

SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$")
PARTIAL_SUFFIX = ".partial.yaml"
#: Key in a partial file: questions asked and deliberately left unanswered.
UNANSWERED_KEY = "x_unanswered"
EXIT_EOF = 1
EXIT_INTERRUPTED = 130
#: A number as a person types it: ASCII digits, a decimal point or comma, short.


def default_case_id(now: datetime | None = None) -> str:
    return (now or datetime.now()).strftime("case-%Y%m%d-%H%M%S")


def is_safe_id(case_id: str) -> bool:
    """Letters, digits, '-' and '_' only (it becomes a file name)."""
    return SAFE_ID.fullmatch(case_id) is not None


def safe_id(text: str) -> str:
    """``text`` made safe for a file name (never empty)."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-_")[:80]
    return cleaned or default_case_id()


@dataclass
class Writers:
    """What the session does with its results (supplied by the CLI)."""

    summary: Callable[[Assessment, KnowledgeBase], str]
    html: Callable[[Assessment, KnowledgeBase], str]
    write: Callable[[str, str], None]
    #: offered at the end of a complete questionnaire: start a journal with the case file
    offer_journal: Callable[[str, Assessment], None] | None = None


@dataclass
class Session(Prompts):
    """One run of the questionnaire: the answers so far and how to ask the rest."""

    kb: KnowledgeBase
    assessor: Assessor
    writers: Writers
    case_id: str
    out_dir: Path
    answers: dict[str, Any] = field(default_factory=dict)
    unanswered: set[str] = field(default_factory=set)
    meta: dict[str, Any] = field(default_factory=dict)  # name, notes, x_* keys to keep
    history: list[str] = field(default_factory=list)
    asked: int = 0
    earlier: dict[str, Any] = field(default_factory=dict)  # answers taken back by `back`
    name_asked: bool = False

    def __post_init__(self) -> None:
        self.questionnaire = Questionnaire(self.kb, self.assessor.engine)
        self.reader = AnswerReader(self.kb)

    # -- paths ---------------------------------------------------------------------
    @property
    def case_path(self) -> Path:
        return self.out_dir / f"{self.case_id}.yaml"

    @property
    def partial_path(self) -> Path:
        return self.out_dir / f"{self.case_id}{PARTIAL_SUFFIX}"

    @property
    def html_path(self) -> Path:
        return self.out_dir / f"{self.case_id}.html"

    # -- the loop ------------------------------------------------------------------
    def run(self) -> int:
        """Ask until the conclusions are settled (or an emergency); return the exit status.

        Whatever stops the session (Ctrl-C, the end of input, or an error in
        regain itself) saves the answers so far first.
        """
        try:
            return self._run()
        except click.Abort as exc:
            interrupted = isinstance(exc.__context__, KeyboardInterrupt)
            return self._stopped(interrupted)
        except KeyboardInterrupt:
            return self._stopped(True)
        except EOFError:
            return self._stopped(False)
        except click.ClickException as exc:  # an output that cannot be written: keep the answers
            self._stopped(False, why=exc.format_message())
            raise
        except Exception as exc:  # a bug in regain: save the answers, then report it
            self._stopped(False, why=_("regain ran into an error"))
            raise click.ClickException(
                one_line(
                    _(
                        "regain ask stopped on an unexpected error ({error}); your answers so far "
                        "are saved. This is a bug in regain: please report it"
                    ).format(error=f"{type(exc).__name__}: {exc}")
                )
            ) from exc

    def _run(self) -> int:
        _tolerant_stdin()
        commands = self.kb.answers.commands
        click.echo(_("regain: a few questions about the movement you cannot do fully."))
        click.echo(
            _(
                "At any question: '{help}' for help, '{why}' to see why it is asked, "
                "'{back}' to change the previous answer, Ctrl-C to stop and save."
            ).format(help=commands.help[0], why=commands.why[0], back=commands.back[0])
        )
        forced: str | None = None
        while True:
            step = self.questionnaire.step(self.answers, self.unanswered)
            if forced is not None:
                qid, forced = forced, None
            elif step.done == SETTLED and not self.name_asked and "name" not in self.meta:
                try:
                    self._ask_name()
                except GoBack:
                    forced = self._back()
                continue
            elif step.done is not None:
                return self._finish(step.done if step.done in (EMERGENCY, URGENT) else None)
            else:
                assert step.next is not None
                qid = step.next
            try:
                value = self.ask(qid)
            except GoBack:
                forced = self._back() or qid
                continue
            self.history.append(qid)
            self.earlier.pop(qid, None)
            self.asked += 1
            if value is SKIP:
                self.unanswered.add(qid)
            else:
                self.answers[qid] = value

    def _back(self) -> str | None:
        """Take back the last answer, to ask its question again (showing it); None if there is none."""
        if not self.history:
            click.echo("  " + _("(this is the first question of this session)"))
            return None
        qid = self.history.pop()
        if qid in self.answers:
            self.earlier[qid] = self.answers.pop(qid)
        else:
            self.earlier.pop(qid, None)
        self.unanswered.discard(qid)
        return qid

    def _ask_name(self) -> None:
        """The optional name for the plan; the end of input here leaves it out, as Enter does."""
        try:
            name = self.ask_name()
        except click.Abort as exc:
            if isinstance(exc.__context__, KeyboardInterrupt):
                raise
            name = None
        except EOFError:
            name = None
        self.name_asked = True
        if name is not None:
            self.meta["name"] = name

    # -- the end -------------------------------------------------------------------
    def case_data(self, partial: bool) -> dict[str, Any]:
        """The answers as a ``regain-case/2`` mapping, in questionnaire order."""
        data: dict[str, Any] = {"format": FORMAT, "id": self.case_id}
        if self.kb.language != ENGLISH:  # the language it was answered in (none: English)
            data["language"] = self.kb.language
        for key in ("name", "notes"):
            if key in self.meta:
                data[key] = self.meta[key]
        for qid in self.kb.questions:
            if qid in self.answers:
                data[qid] = _plain(self.answers[qid])
        for key, value in self.meta.items():
            if key.startswith("x_") and key != UNANSWERED_KEY:
                data[key] = value
        if partial and self.unanswered:
            data[UNANSWERED_KEY] = [q for q in self.kb.questions if q in self.unanswered]
        return data

    def _dump(self, data: Mapping[str, Any]) -> str:
        return yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True)

    def _complete(self) -> bool:
        """Whether the answers make a valid case (all required questions answered)."""
        try:
            validate_case(RawCase(str(self.case_path), self.case_id, self.case_data(False)), self.kb)
        except CaseError:
            return False
        return True

    def _finish(self, stopped_by: str | None) -> int:
        click.echo("")
        if stopped_by is not None:
            heading = self.kb.wording.headlines[stopped_by].heading
            click.echo(_("STOP: {heading}. No more questions.").format(heading=heading))
        complete = self._complete()
        case = dataclasses.replace(
            provisional_case(self.answers, self.case_id),
            name=self.meta.get("name"),
            notes=self.meta.get("notes"),
        )
        if complete:
            case = validate_case(RawCase(str(self.case_path), self.case_id, self.case_data(False)), self.kb)
        assessment = self.assessor.assess(case)
        click.echo(self.writers.summary(assessment, self.kb), nl=False)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        if complete:
            self.writers.write(str(self.case_path), self._dump(self.case_data(False)))
            answers_path = self.case_path
        else:
            self.writers.write(str(self.partial_path), self._dump(self.case_data(True)))
            answers_path = self.partial_path
        self.writers.write(str(self.html_path), self.writers.html(assessment, self.kb))
        click.echo("")
        click.echo(_("Your answers: {path}").format(path=answers_path))
        click.echo(_("Your plan:    {path}").format(path=self.html_path))
        if complete and self.partial_path.exists():
            self.partial_path.unlink()
        asked = _("(1 question asked)") if self.asked == 1 else _("({count} questions asked)")
        click.echo(asked.format(count=self.asked))
        if complete and self.writers.offer_journal is not None:
            self.writers.offer_journal(str(self.case_path), assessment)
        return 0

    def _stopped(self, interrupted: bool, why: str = "") -> int:
        """Save the answers so far to the partial file; if even that fails, print them."""
        click.echo("")
        click.echo(
            _("Stopped: {why}.").format(why=why)
            if why
            else _("Stopped.")
            if interrupted
            else _("End of input.")
        )
        status = EXIT_INTERRUPTED if interrupted else EXIT_EOF
        try:
            text = self._dump(self.case_data(True))
        except Exception:  # answers YAML cannot hold (a bug): JSON is YAML too, and loses nothing
            text = json.dumps(self.case_data(True), default=str, ensure_ascii=False, indent=1) + "\n"
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self.writers.write(str(self.partial_path), text)
        except (OSError, click.ClickException) as exc:
            reason = exc.format_message() if isinstance(exc, click.ClickException) else exc.strerror
            said = _("Could not save your answers ({reason}); here they are, to keep:").format(reason=reason)
            click.echo(one_line(said), err=True)
            click.echo(text, err=True, nl=False)
            return status
        click.echo(_("Your answers so far are saved in {path}").format(path=self.partial_path))
        click.echo(_("To continue: {command}").format(command=f"regain ask --resume {self.partial_path}"))
        return status


def load_answers(path: str, kb: KnowledgeBase) -> tuple[str, dict[str, Any], set[str], dict[str, Any]]:
    """Read a (possibly partial) case file: id, answers, unanswered questions, meta.

    Raises :class:`CaseError` if an answer in it is invalid.
    """
    from .engine.case_reader import read_one_case

    raw = read_one_case(path)
    case = validate_case(raw, kb, partial=True)
    unanswered_raw = case.extras.get(UNANSWERED_KEY, [])
    unanswered = {q for q in unanswered_raw if isinstance(q, str) and q in kb.questions}
    meta: dict[str, Any] = {k: v for k, v in case.extras.items() if k != UNANSWERED_KEY}
    if case.name is not None:
        meta["name"] = case.name
    if case.notes is not None:
        meta["notes"] = case.notes
    case_id = case.id
    if case_id.endswith(".partial"):
        case_id = case_id[: -len(".partial")]
    answers = dict(case.answers)
    if case.format_version < FORMATS[FORMAT]:
        # Screened with an older, shorter checklist: go through today's again.
        answers.pop("red_flags", None)
    return case_id, answers, unanswered, meta


def _tolerant_stdin() -> None:
    """Read standard input so that bytes that are not text become an answer to ask again about.

    A terminal or pipe in a non-UTF-8 encoding would otherwise stop the
    session with a decoding error; with ``surrogateescape`` such a line is
    simply not an answer, shown with the odd bytes escaped.
    """
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError, TypeError):
            reconfigure(errors="surrogateescape")


# -- small parsing helpers -------------------------------------------------------------
def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
