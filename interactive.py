"""``regain ask``: the interactive questionnaire's terminal loop (I/O only).

The engine (:class:`regain.engine.questionnaire.Questionnaire`) decides which
question comes next; this module asks it, parses the answer by question type
and handles the commands available at every prompt:

* ``?`` shows the question's help (``?3`` the self-test of movement 3),
* ``why`` explains which conclusions the answer informs and what it could change,
* ``back`` returns to the previous question so its answer can be changed,
* Enter on an optional question records "unknown" (yes/no questions) or leaves
  it unanswered.

Everything goes through ``click.prompt``/``click.echo``, so the loop works the
same on a terminal, with piped input and under Click's test runner. Ctrl-C or
the end of input saves the answers so far to ``<id>.partial.yaml``, and so does
an unexpected error inside the session (a bug), before it is reported. Every
prompt asks again on any input it cannot use: numbers are ASCII digits only
(``²`` and ``①`` are digits to :meth:`str.isdigit`, not to :func:`int`). The
renderers and the file writer are passed in (the CLI owns them).
"""

from __future__ import annotations

import contextlib
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
from .engine.case import UNKNOWN, CaseError
from .engine.case_reader import RawCase
from .engine.case_validation import FORMAT, FORMATS, format_bound, validate_case
from .engine.display_text import one_line
from .engine.questionnaire import EMERGENCY, URGENT, Questionnaire, provisional_case
from .knowledge import KnowledgeBase
from .knowledge.models import Question

SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$")
PARTIAL_SUFFIX = ".partial.yaml"
#: Key in a partial file: questions asked and deliberately left unanswered.
UNANSWERED_KEY = "x_unanswered"
YES = {"y", "yes", "true", "1"}
NO = {"n", "no", "false", "0"}
DONT_KNOW = {"u", "unknown", "dk", "don't know", "dont know", "not sure"}
NONE_WORDS = {"0", "none", "no", "n"}
EXIT_EOF = 1
EXIT_INTERRUPTED = 130
#: A number as a person types it: ASCII digits, a decimal point or comma, short.
NUMBER = re.compile(r"[+-]?[0-9]{1,9}(?:[.,][0-9]{1,9})?")
WHOLE = re.compile(r"[0-9]{1,6}")


def default_case_id(now: datetime | None = None) -> str:
    return (now or datetime.now()).strftime("case-%Y%m%d-%H%M%S")


def is_safe_id(case_id: str) -> bool:
    """Letters, digits, '-' and '_' only (it becomes a file name)."""
    return SAFE_ID.fullmatch(case_id) is not None


def safe_id(text: str) -> str:
    """``text`` made safe for a file name (never empty)."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-_")[:80]
    return cleaned or default_case_id()


class _Back(Exception):
    """The person typed ``back``."""


class _Skip:
    """A sentinel: the question was left unanswered."""


SKIP = _Skip()


@dataclass
class Writers:
    """What the session does with its results (supplied by the CLI)."""

    summary: Callable[[Assessment, KnowledgeBase], str]
    html: Callable[[Assessment, KnowledgeBase], str]
    write: Callable[[str, str], None]


@dataclass
class Session:
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

    def __post_init__(self) -> None:
        self.questionnaire = Questionnaire(self.kb, self.assessor.engine)

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
            self._stopped(False, why="regain ran into an error")
            raise click.ClickException(
                one_line(
                    f"regain ask stopped on an unexpected error ({type(exc).__name__}: {exc}); your "
                    "answers so far are saved. This is a bug in regain: please report it"
                )
            ) from exc

    def _run(self) -> int:
        _tolerant_stdin()
        click.echo("regain: a few questions about the movement you cannot do fully.")
        click.echo(
            "At any question: '?' for help, 'why' to see why it is asked, "
            "'back' to change the previous answer, Ctrl-C to stop and save."
        )
        forced: str | None = None
        while True:
            step = self.questionnaire.step(self.answers, self.unanswered)
            if forced is not None:
                qid, forced = forced, None
            elif step.done is not None:
                return self._finish(step.done if step.done in (EMERGENCY, URGENT) else None)
            else:
                assert step.next is not None
                qid = step.next
            try:
                value = self.ask(qid)
            except _Back:
                if not self.history:
                    click.echo("  (this is the first question of this session)")
                    forced = qid
                    continue
                forced = self.history.pop()
                self.answers.pop(forced, None)
                self.unanswered.discard(forced)
                continue
            self.history.append(qid)
            self.asked += 1
            if value is SKIP:
                self.unanswered.add(qid)
            else:
                self.answers[qid] = value

    # -- asking ----------------------------------------------------------------------
    def ask(self, qid: str) -> Any:
        """Ask one question until it gets a valid answer; return it (or :data:`SKIP`)."""
        q = self.kb.questions[qid]
        click.echo("")
        click.echo(f"Q{len(self.history) + 1}. {q.text}")
        match q.type:
            case "red_flags":
                return self._ask_red_flags(qid, q)
            case "movements":
                return self._ask_by_area(qid, q, self.kb.movements, "movements")
            case "regions":
                return self._ask_by_area(qid, q, self.kb.regions, "places")
            case "range_map":
                return self._ask_ranges(qid, q)
            case "date":
                return self._ask_date(qid, q)
            case "tri_state":
                return self._ask_tri_state(qid, q)
            case "choice":
                return self._ask_choice(qid, q)
            case _:
                return self._ask_number(qid, q)

    def _read(
        self, qid: str, q: Question, allowed: str, help_extra: Callable[[str], str | None] | None = None
    ) -> str:
        """One line of input; handles ``?``, ``why`` and ``back`` itself."""
        while True:
            try:
                line = click.prompt(f"  [{allowed}]\n", prompt_suffix="> ", default="", show_default=False)
            except UnicodeDecodeError:  # a stream that could not be made tolerant
                click.echo("  That line could not be read as text; please type it again.")
                continue
            text = line.strip()
            word = text.lower()
            if word in ("?", "help"):
                click.echo(_indent(q.help))
                if help_extra is not None:
                    extra = help_extra("")
                    if extra:
                        click.echo(extra)
                continue
            if word.startswith("?") and help_extra is not None:
                extra = help_extra(word[1:].strip())
                click.echo(extra or _indent(q.help))
                continue
            if word == "why":
                click.echo(self.why(qid))
                continue
            if word == "back":
                raise _Back
            return text

    def _invalid(self, text: str, allowed: str) -> None:
        click.echo(f"  '{one_line(_clip(text))}' is not an answer here. Allowed: {allowed}.")

    def _ask_tri_state(self, qid: str, q: Question) -> Any:
        allowed = "y = yes, n = no, u or Enter = don't know; ?, why, back"
        while True:
            word = self._read(qid, q, allowed).lower()
            if word in YES:
                return True
            if word in NO:
                return False
            if word == "" or word in DONT_KNOW:
                return UNKNOWN
            self._invalid(word, "y, n, u (or Enter), ?, why, back")

    def _ask_choice(self, qid: str, q: Question) -> Any:
        for i, opt in enumerate(q.options, 1):
            click.echo(f"  {i}. {opt.label}")
        allowed = f"a number 1-{len(q.options)}, Enter to skip; ?, why, back"
        while True:
            text = self._read(qid, q, allowed)
            if text == "":
                return SKIP
            word = text.lower()
            for i, opt in enumerate(q.options, 1):
                if word in (str(i), opt.value, opt.label.lower()):
                    return opt.value
            self._invalid(text, allowed)

    def _ask_number(self, qid: str, q: Question) -> Any:
        integer = q.type == "integer"
        lo, hi = format_bound(q.min), format_bound(q.max)
        unit = f" {q.unit}" if q.unit else ""
        kind = "a whole number" if integer else "a number"
        allowed = f"{kind} from {lo} to {hi}{unit}, Enter to skip; ?, why, back"
        while True:
            text = self._read(qid, q, allowed)
            if text == "":
                return SKIP
            value = _parse_number(text, integer, q.min, q.max)
            if value is None:
                self._invalid(text, allowed)
                continue
            return value

    def _ask_date(self, qid: str, q: Question) -> Any:
        allowed = "a date such as 2026-11-30, Enter to skip; ?, why, back"
        while True:
            text = self._read(qid, q, allowed)
            if text == "":
                return SKIP
            try:
                return datetime.strptime(text, "%Y-%m-%d").date().isoformat()
            except ValueError:
                self._invalid(text, allowed)

    def _ask_red_flags(self, qid: str, q: Question) -> Any:
        # In the file's order, under the heading of each group (wording.yaml), numbered throughout.
        groups = self.kb.wording.flag_groups
        flags = list(self.kb.red_flags.items())
        current = None
        for i, (_, flag) in enumerate(flags, 1):
            if flag.group != current:
                current = flag.group
                click.echo(f"  {groups.get(current, current)}:")
            click.echo(f"  {i:>2}. {flag.sign}")
        allowed = f"numbers 1-{len(flags)} such as 1,3 or 0 for none; ?, why, back"
        while True:
            text = self._read(qid, q, allowed)
            if text.lower() in NONE_WORDS:
                return []
            picked = _parse_numbers(text, len(flags))
            if not picked:
                self._invalid(text, allowed)
                continue
            return [flags[i - 1][0] for i in picked]

    def _ask_by_area(self, qid: str, q: Question, items: Mapping[str, Any], what: str) -> Any:
        areas = [a for a in self.kb.areas if any(it.area == a for it in items.values())]
        click.echo("  First the body area(s):")
        for i, area in enumerate(areas, 1):
            click.echo(f"  {i}. {self.kb.areas[area]}")
        optional = "" if q.required else ", Enter to skip"
        allowed = f"numbers 1-{len(areas)} such as 1,3{optional}; ?, why, back"
        while True:
            text = self._read(qid, q, allowed)
            if text == "" and not q.required:
                return SKIP
            picked = _parse_numbers(text, len(areas))
            if not picked:
                self._invalid(text, allowed)
                continue
            chosen = [areas[i - 1] for i in sorted(picked)]
            listed = [(iid, it) for area in chosen for iid, it in items.items() if it.area == area]
            result = self._pick_items(qid, q, chosen, listed, what)
            if result is not None:
                return result

    def _pick_items(
        self, qid: str, q: Question, chosen: list[str], listed: list[tuple[str, Any]], what: str
    ) -> Any:
        """The numbered list of one or more areas; ``None`` goes back to the areas."""
        number = 0
        for area in chosen:
            click.echo(f"  {self.kb.areas[area]}:")
            for _iid, it in listed:
                if it.area == area:
                    number += 1
                    click.echo(f"  {number:>3}. {it.name}")
        is_movement = what == "movements"

        def test_help(arg: str) -> str | None:
            if not is_movement:
                return None
            picked = _parse_numbers(arg, len(listed)) if arg else list(range(1, len(listed) + 1))
            if not picked:
                return None
            return "\n".join(
                _indent(f"{i}. {listed[i - 1][1].name}: {listed[i - 1][1].how_to_test}") for i in picked
            )

        optional = "" if q.required else ", Enter for none of these"
        extra = ", ?3 = how to test no. 3" if is_movement else ""
        allowed = (
            f"numbers 1-{len(listed)} such as 1,3{optional}, 'areas' to pick other areas; ?{extra}, why, back"
        )
        while True:
            text = self._read(qid, q, allowed, test_help)
            if text.lower() == "areas":
                return None
            if text == "" and not q.required:
                return SKIP
            picked = _parse_numbers(text, len(listed))
            if not picked:
                self._invalid(text, allowed)
                continue
            return [listed[i - 1][0] for i in picked]

    def _ask_ranges(self, qid: str, q: Question) -> Any:
        movements = [m for m in self.answers.get("restricted_movements", []) if m in self.kb.movements]
        if not movements:
            return SKIP
        click.echo("  One movement at a time; Enter if you have not measured it.")
        lo, hi = format_bound(q.min), format_bound(q.max)
        allowed = f"degrees from {lo} to {hi}, Enter to skip; ?, why, back"
        out: dict[str, float | int] = {}
        for mv in movements:
            movement = self.kb.movements[mv]
            click.echo(f"  {movement.name} (normal: about {movement.normal_range_deg}°)")
            while True:
                text = self._read(qid, q, allowed)
                if text == "":
                    break
                value = _parse_number(text, False, q.min, q.max)
                if value is None:
                    self._invalid(text, allowed)
                    continue
                out[mv] = value
                break
        return out or SKIP

    # -- why -------------------------------------------------------------------------
    def why(self, qid: str) -> str:
        """The ``why`` explanation: MYCIN-style, from the rules that read the question."""
        ex = self.questionnaire.explain(qid, self.answers)
        lines: list[str] = []
        if ex.purpose:
            lines.append(ex.purpose)
        if ex.informs:
            names = ", ".join(self._conclusion_name(c) for c in ex.informs)
            lines.append(f"This answer is evidence about: {names}.")
        inference = self.questionnaire.infer(self.answers)
        shown: set[str] = set()
        for e in ex.effects:
            name = self._conclusion_name(e.conclusion)
            if e.conclusion not in shown:
                w = inference.conclusions[e.conclusion]
                lines.append(f"Now {name} is {w.level} ({w.certainty:.0%}).")
                shown.add(e.conclusion)
            sign = "for" if e.cf >= 0 else "against"
            change = f"would become {e.would_become}" if e.changes else f"would stay {e.level_now}"
            lines.append(
                f'  If the answer shows that "{e.text}", that speaks {sign} {name} ({e.cf:+g}): it {change}.'
            )
        if not lines:
            lines.append("This answer is kept on your plan; it does not change a conclusion.")
        return "\n".join(_indent(line, "  ", "      ") for line in lines)

    def _conclusion_name(self, conclusion: str) -> str:
        causes = self.kb.wording.causes
        if conclusion in causes:
            return causes[conclusion].name.lower()
        return self.kb.other_causes[conclusion].name.lower()

    # -- the end -------------------------------------------------------------------
    def case_data(self, partial: bool) -> dict[str, Any]:
        """The answers as a ``regain-case/2`` mapping, in questionnaire order."""
        data: dict[str, Any] = {"format": FORMAT, "id": self.case_id}
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
            click.echo(f"STOP: {heading}. No more questions.")
        complete = self._complete()
        case = provisional_case(self.answers, self.case_id)
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
        click.echo(f"Your answers: {answers_path}")
        click.echo(f"Your plan:    {self.html_path}")
        if complete and self.partial_path.exists():
            self.partial_path.unlink()
        click.echo(f"({self.asked} question{'s' if self.asked != 1 else ''} asked)")
        return 0

    def _stopped(self, interrupted: bool, why: str = "") -> int:
        """Save the answers so far to the partial file; if even that fails, print them."""
        click.echo("")
        click.echo(f"Stopped: {why}." if why else "Stopped." if interrupted else "End of input.")
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
            click.echo(one_line(f"Could not save your answers ({reason}); here they are, to keep:"), err=True)
            click.echo(text, err=True, nl=False)
            return status
        click.echo(f"Your answers so far are saved in {self.partial_path}")
        click.echo(f"To continue: regain ask --resume {self.partial_path}")
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
def _parse_numbers(text: str, count: int) -> list[int]:
    """``"1,3"`` or ``"1 3"`` -> ``[1, 3]``; an empty list if anything is out of range."""
    parts = [p for p in re.split(r"[,\s;]+", text.strip()) if p]
    out: list[int] = []
    for part in parts:
        if WHOLE.fullmatch(part) is None:  # not isdigit(): '²' and '①' are digits to it
            return []
        n = int(part)
        if not 1 <= n <= count:
            return []
        if n not in out:
            out.append(n)
    return out


def _parse_number(text: str, integer: bool, lo: float | None, hi: float | None) -> int | float | None:
    if NUMBER.fullmatch(text.strip()) is None:  # ASCII digits only, and not too many
        return None
    value = float(text.strip().replace(",", "."))
    if value != value or value in (float("inf"), float("-inf")):
        return None
    if integer:
        if not value.is_integer():
            return None
        value = int(value)
    elif value.is_integer():
        value = int(value)
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        return None
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _clip(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _indent(text: str, first: str = "  ", rest: str = "  ") -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, 78, initial_indent=first, subsequent_indent=rest)) or first
