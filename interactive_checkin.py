"""The prompts of ``regain track checkin``: a check-in asked in the terminal.

The questions and their help come from ``checkin_questions.yaml``; typed answers
are read as ``regain ask`` reads them (:mod:`regain.engine.natural_answers`), so
"none", "about 10", "yesterday" and "nope" mean the same here. What is asked
follows the journal: the sessions and the feel of each step of the current
phase, the ranges the case measured, the tender spots while trigger-point work
is in the plan, and whether a doctor has cleared self-help while it is held.
The result is a raw check-in (the file format), validated by the engine as a
``--file`` check-in is.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import click

from .engine.assessment import Assessment
from .engine.followup_measures import expected_sessions
from .engine.natural_answers import SKIPPED, AnswerReader, NotUnderstood, Understood
from .knowledge import KnowledgeBase
from .knowledge.models import Question
from .prompts import GoBack, _indent
from .reports.progress_view import step_name
from .tracking import Journey, current_assessment

FORMAT = "regain-checkin/1"


@dataclass(frozen=True)
class StepAsked:
    """A step of the current phase as the check-in asks about it."""

    kind: str
    name: str
    asked: int  # sessions the plan asks for since the previous check-in


@dataclass(frozen=True)
class CheckinContext:
    """What the journal says the check-in should ask."""

    since: datetime.date
    today: datetime.date
    steps: tuple[StepAsked, ...]
    measured: dict[str, float]  # movement id -> degrees at the start
    ask_cleared: bool  # the plan is held or stopped for a warning sign


class CheckinPrompts:
    """Asks one check-in, question by question; ``back`` goes to the previous question."""

    def __init__(self, kb: KnowledgeBase, context: CheckinContext) -> None:
        self.kb = kb
        self.context = context
        self.reader = AnswerReader(kb, today=context.today)
        self.since = context.since.isoformat()

    def run(self) -> dict[str, Any]:
        """Ask every question; return the check-in as a file would hold it."""
        questions = self._questions()
        answers: list[Any] = [SKIPPED] * len(questions)
        i = 0
        while i < len(questions):
            key, q = questions[i]
            if not self._applies(key, answers, questions):
                answers[i] = SKIPPED
                i += 1
                continue
            try:
                answers[i] = self._ask(q, answers[i])
                i += 1
            except GoBack:
                i = self._previous(i, answers, questions)
        click.echo("")
        return self._checkin(questions, answers)

    # -- which questions --------------------------------------------------------
    def _questions(self) -> list[tuple[tuple[str, ...], Question]]:
        """(field path, the question with its placeholders filled), in asking order."""
        cq = self.kb.checkin_questions
        out: list[tuple[tuple[str, ...], Question]] = [(("date",), cq["date"])]
        for s in self.context.steps:
            out.append(
                (("sessions", s.kind), _filled(cq["sessions"], step=s.name, since=self.since, asked=s.asked))
            )
        out += [(("pain_at_rest",), cq["pain_at_rest"]), (("pain_on_movement",), cq["pain_on_movement"])]
        for mv, start in self.context.measured.items():
            movement = self.kb.movements[mv]
            q = _filled(
                cq["range_measured"],
                movement=movement.name,
                start=self.reader.amount_text(start, None),
                normal=self.reader.amount_text(movement.normal_range_deg, None),
            )
            out.append((("range_measured", mv), q))
        for s in self.context.steps:
            out.append((("felt", s.kind, "felt"), _filled(cq["felt"], step=s.name, since=self.since)))
            out.append((("felt", s.kind, "raised_next_day"), cq["raised_next_day"]))
        out.append((("tender_spots_reproduce_pain",), cq["tender_spots_reproduce_pain"]))
        out.append((("new_red_flags",), _filled(cq["new_red_flags"], since=self.since)))
        if self.context.ask_cleared:
            out.append((("cleared_by_doctor",), cq["cleared_by_doctor"]))
        out.append((("notes",), cq["notes"]))
        return out

    def _applies(self, key: tuple[str, ...], answers: list[Any], questions: list[Any]) -> bool:
        """The next-day question only follows work that made the pain worse."""
        if key[0] == "felt" and key[2] == "raised_next_day":
            felt_at = [k for k, _ in questions].index(("felt", key[1], "felt"))
            return bool(answers[felt_at] == "worse")
        return True

    def _previous(self, i: int, answers: list[Any], questions: list[Any]) -> int:
        j = i - 1
        while j > 0 and not self._applies(questions[j][0], answers, questions):
            j -= 1
        return max(j, 0)

    # -- one question -------------------------------------------------------------
    def _ask(self, q: Question, keep: Any) -> Any:
        click.echo("")
        click.echo(q.text)
        words = self.kb.answers
        if keep is not SKIPPED:
            shown = self.reader.describe(q, keep)
            click.echo(f"  {words.messages['earlier'].format(value=shown)}")
        if q.type == "choice":
            for n, opt in enumerate(q.options, 1):
                click.echo(f"  {n}. {opt.label}")
        if q.type == "red_flags":
            self._list_red_flags()
        enter = "keep" if keep is not SKIPPED else None if q.required else "skip"
        if q.type == "tri_state" and keep is SKIPPED:
            enter = "unknown"
        if q.type == "red_flags" and keep is SKIPPED:
            enter = None
        allowed = "; ".join([self.reader.accepted(q), *([words.enter[enter]] if enter else []), "?, back"])
        while True:
            line = click.prompt(f"  [{allowed}]\n", prompt_suffix="> ", default="", show_default=False)
            text = line.strip()
            if text.lower() in ("?", "help", "why"):
                click.echo(_indent(q.help))
                continue
            if text.lower() == "back":
                raise GoBack
            if text == "" and keep is not SKIPPED:
                return keep
            reading = self.reader.read_question(q, text)
            if isinstance(reading, NotUnderstood):
                click.echo(f"  {reading.line}")
                continue
            assert isinstance(reading, Understood)
            if reading.value is SKIPPED and q.required:
                click.echo(f"  {self.reader.accepted(q)}")
                continue
            if reading.note:
                click.echo(f"  {reading.note}")
            return reading.value

    def _list_red_flags(self) -> None:
        groups = self.kb.wording.flag_groups
        current = None
        for n, flag in enumerate(self.kb.red_flags.values(), 1):
            if flag.group != current:
                current = flag.group
                click.echo(f"  {groups.get(current, current)}:")
            click.echo(f"  {n:>2}. {flag.sign}")

    # -- the result ---------------------------------------------------------------
    def _checkin(
        self, questions: list[tuple[tuple[str, ...], Question]], answers: list[Any]
    ) -> dict[str, Any]:
        out: dict[str, Any] = {"format": FORMAT}
        flag_ids = list(self.kb.red_flags)
        for (key, _), value in zip(questions, answers, strict=True):
            if value is SKIPPED:
                continue
            if key[0] == "new_red_flags":
                value = [flag_ids[n - 1] for n in value] if value and isinstance(value[0], int) else value
            if key[0] in ("tender_spots_reproduce_pain", "raised_next_day", "cleared_by_doctor"):
                value = "yes" if value is True else "no" if value is False else "unknown"
            if key[0] == "cleared_by_doctor" and value == "unknown":
                continue
            if key[0] == "raised_next_day":
                value = value != "no"  # don't know counts as raised: the safer reading (its help says so)
            target = out
            for part in key[:-1]:
                target = target.setdefault(part, {})
            target[key[-1]] = value
        for kind in out.get("felt", {}):
            out["felt"][kind].setdefault("raised_next_day", False)
        return out


def _filled(q: Question, **values: Any) -> Question:
    """The question with its placeholders filled (checked by ``regain kb check``)."""
    return dataclasses.replace(q, text=q.text.format(**values), help=q.help.format(**values))


def context_for(kb: KnowledgeBase, journey: Journey, today: datetime.date) -> CheckinContext:
    """What to ask at this check-in: the dosed steps of the phase in force, the measured ranges."""
    latest = journey.latest
    plan = {s.kind: s for s in current_assessment(kb, journey).plan}
    days = max((today - journey.last_date).days, 1)
    steps = tuple(
        StepAsked(kind, step_name(kb, kind), round(asked))
        for kind in latest.steps
        if kind in plan and (asked := expected_sessions(plan[kind].dose, days)) > 0
    )
    measured = journey.baseline.case.get("range_measured") or {}
    return CheckinContext(
        since=journey.last_date,
        today=today,
        steps=steps,
        measured={mv: float(v) for mv, v in measured.items() if mv in kb.movements},
        ask_cleared=latest.kind in ("see_doctor", "stop"),
    )


def journal_offer(kb: KnowledgeBase, db: str | None = None) -> Callable[[str, Assessment], None]:
    """What ``regain ask`` calls at its end: offer a journal and start it on "yes"."""

    def offer(case_path: str, assessment: Assessment) -> None:
        from .engine.case_reader import read_one_case
        from .engine.case_validation import validate_case
        from .journal import JournalError, open_store
        from .tracking import NO_JOURNAL, start_journal

        if assessment.triage in NO_JOURNAL:
            return
        q = kb.checkin_questions["start_journal"]
        reader = AnswerReader(kb)
        click.echo("")
        click.echo(q.text)
        while True:
            try:
                line = click.prompt(
                    f"  [{reader.accepted(q)}; Enter = no; ?]\n",
                    prompt_suffix="> ",
                    default="",
                    show_default=False,
                )
            except click.Abort:  # the end of piped input: no journal
                click.echo("")
                return
            if line.strip().lower() in ("?", "help", "why"):
                click.echo(_indent(q.help))
                continue
            reading = reader.read_question(q, line)
            if isinstance(reading, NotUnderstood):
                click.echo(f"  {reading.line}")
                continue
            if reading.value is not True:
                return
            break
        raw = read_one_case(case_path)
        try:
            with open_store(db) as store:
                journal_id, _, _ = start_journal(store, kb, validate_case(raw, kb), datetime.date.today())
                where = store.where
        except JournalError as exc:
            click.echo(f"  No journal started: {exc}")
            return
        click.echo(f"  Journal {journal_id} started ({where}).")
        click.echo(f"  Check in about once a week: regain track checkin {journal_id}")

    return offer
